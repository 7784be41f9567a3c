"""The HTML weight of every list page: ``python bench/page_weight.py``.

Builds the demo (``load_demo``) in a throw-away database — a fresh SQLite file
``var/page_weight.sqlite3``, or with ``--postgres postgres://user@host:5432`` a database
``rantai_bench_pages`` dropped and created on that server — then GETs every list page through
Django's test client, signed in as the administrator and as the national officer, and prints each
page's HTML in KB (1 KB = 1,000 bytes, uncompressed, as the browser parses it) and whether it is
within the budget of 150 KB. A page a user may not open shows its status (403) instead; a page
whose URL does not exist (yet) is listed as skipped.
"""

import argparse
import io
import logging
import os
import time

from _setup import ROOT, django_setup, postgres_database

BUDGET_KB = 150
SQLITE = ROOT / "var" / "page_weight.sqlite3"
USERS = ("admin", "petugas.ikma")


def pages():
    """(label, URL name, the URL's arguments from the demo's records, query)."""
    from django.db.models import Count

    from rantai.estates.models import Estate
    from rantai.firms.models import Firm
    from rantai.matchmaking.models import Event
    from rantai.partnerships.models import Partnership

    def most(queryset, related: str):
        """The record with the most ``related`` rows: its page is the longest."""
        busiest = queryset.annotate(n=Count(related)).order_by("-n", "pk")
        return lambda: [busiest.values_list("pk", flat=True)[0]]

    busiest_event = most(Event.objects.all(), "registrations")
    estate = most(Estate.objects.all(), "units__leases")
    members = most(Firm.objects.alive(), "memberships")
    none = list
    return [
        ("firms", "firms:list", none, {}),
        ("firms, by regency", "firms:list", none, {"province": "33", "regency": "33.28"}),
        ("partnerships", "partnerships:list", none, {}),
        ("partnerships, by region", "partnerships:list", none, {"region": "33.28"}),
        ("supply network", "partnerships:network", none, {}),
        ("orders", "partnerships:orders", most(Partnership.objects.all(), "orders"), {}),
        ("estates", "estates:list", none, {}),
        ("leases", "estates:leases", estate, {}),
        ("waiting list", "estates:waiting", estate, {}),
        ("assets", "estates:assets", estate, {}),
        ("bookings", "estates:bookings", estate, {}),
        ("members", "members", members, {}),
        ("insights: dashboard", "insights:dashboard", none, {}),
        ("insights: registered firms", "insights:step-firms", lambda: ["registered"], {}),
        ("insights: firms that met buyers", "insights:step-firms", lambda: ["met"], {}),
        ("5R programs", "five_r:program-list", none, {}),
        ("5R audits", "five_r:audit-list", none, {}),
        ("5R actions", "five_r:action-list", none, {}),
        ("5R checklists", "five_r:template-list", none, {}),
        ("temu bisnis events", "matchmaking:event-list", none, {}),
        ("temu bisnis registrations", "matchmaking:registrations", busiest_event, {}),
        ("temu bisnis needs", "matchmaking:need-list", busiest_event, {}),
        ("temu bisnis participants", "matchmaking:participants", busiest_event, {}),
        ("temu bisnis requests", "matchmaking:requests", busiest_event, {}),
    ]


def build(args) -> None:
    began = time.perf_counter()

    def load(url=None):
        from django.core.management import call_command

        call_command("load_demo", "--quiet-logins", verbosity=0, stdout=io.StringIO())

    if args.postgres:
        postgres_database(args.postgres, "rantai_bench_pages", reuse=False, load=load)
    else:
        SQLITE.parent.mkdir(exist_ok=True)
        SQLITE.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
        django_setup()
        load()
    from django.db import connection

    print(f"demo built on {connection.vendor} in {time.perf_counter() - began:.0f} s\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a PostgreSQL server's URL, without a database name")
    build(parser.parse_args())

    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from rantai.accounts.models import User

    logging.getLogger("django.request").setLevel(logging.ERROR)  # a refusal is a figure here

    clients = {}
    for username in USERS:
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    print(f"{'page':<34}" + "".join(f"{u + ' KB':>17}" for u in USERS) + f"   ≤ {BUDGET_KB} KB")
    over = 0
    for label, name, arguments, query in pages():
        try:
            url = reverse(name, args=arguments())
        except (NoReverseMatch, IndexError):
            print(f"{label:<34}{'skipped: no such page (yet)':>34}")
            continue
        sizes = []
        for username in USERS:
            response = clients[username].get(url, query)
            ok = response.status_code == 200
            sizes.append(len(response.content) / 1000 if ok else f"{response.status_code}")
        within = max(s for s in sizes if isinstance(s, float)) <= BUDGET_KB
        over += not within
        weights = "".join(
            f"{size:>17.1f}" if isinstance(size, float) else f"{size:>17}" for size in sizes
        )
        print(f"{label:<34}{weights}   {'yes' if within else 'NO'}")
    print(f"\n{over} page(s) over {BUDGET_KB} KB")


if __name__ == "__main__":
    main()
