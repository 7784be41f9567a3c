"""The header's search at scale: ``python bench/search.py [--firms 100000] [--runs 30]``.

Generates the firms first if the database holds fewer (bench/generate.py: each with a line of
description and a contact person). Each case is a search typed in the header: the results page
(five hits of each kind) and the box's suggestions (three of each, as htmx asks while one types),
through Django's test client in this process, as a national officer and as an IKM owner (whose
searches pass the same permission scopes as his pages). 5 warm-up runs, then ``--runs``; prints
p50/p95 in milliseconds and the hits shown. Target: p95 ≤ 100 ms at 100,000 firms.
Set DATABASE_URL to measure PostgreSQL (see bench/README.md).
"""

import argparse
import statistics
import time

from _setup import django_setup, percentile

CASES = [
    ("a word of a name", "presisi"),
    ("two words of a name", "logam presisi"),
    ("a misspelt name word", "sejahtra"),
    ("a NIB", "8000000012345"),
    ("a KBLI code", "25920"),
    ("words of a description", "bubut poros"),
    ("a position", "manajer keuangan"),
    ("nothing matches", "zzqx"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    vendor = django_setup()

    from django.test import Client
    from generate import generate

    from rantai.accounts.models import User
    from rantai.firms.models import Firm

    generate(args.firms)
    total = Firm.objects.count()
    print(f"\nRantai search on {vendor} with {total:,} firms; {args.runs} runs per case\n")
    print(f"{'case':<26}{'as':<9}{'page p50':>9}{'p95':>7}{'box p50':>9}{'p95':>7}{'hits':>6}")
    for username in ("bench.officer", "bench.owner"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for label, text in CASES:
            figures = []
            for params, headers in (
                ({"q": text}, {}),
                ({"q": text, "suggest": "1"}, {"HX-Request": "true"}),
            ):
                timings = []
                for i in range(5 + args.runs):
                    start = time.perf_counter()
                    response = client.get("/search/", params, headers=headers)
                    elapsed = (time.perf_counter() - start) * 1000
                    assert response.status_code == 200, (text, response.status_code)
                    if i >= 5:
                        timings.append(elapsed)
                figures += [statistics.median(timings), percentile(timings, 95)]
                if not headers:
                    hits = response.content.decode().count('data-testid="search-hit"')
            print(
                f"{label:<26}{username[6:]:<9}{figures[0]:>9.1f}{figures[1]:>7.1f}"
                f"{figures[2]:>9.1f}{figures[3]:>7.1f}{hits:>6}"
            )


if __name__ == "__main__":
    main()
