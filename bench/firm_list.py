"""Firm list page and API latency at scale: ``python bench/firm_list.py [--firms 100000]``.

Generates the firms first if the database holds fewer. Requests go through Django's test client
in this process (no network), signed in as a national officer and as an IKM owner; each case
runs 5 times to warm up and then ``--runs`` times. Prints p50/p95 in milliseconds.
Set DATABASE_URL to measure PostgreSQL (see bench/README.md).
"""

import argparse
import re
import statistics
import time

from _setup import django_setup, percentile

CASES = [
    ("page: first page", "/firms/"),
    ("page: regency filter", "/firms/?province=33&regency=33.28"),
    ("page: search by name", "/firms/?q=presisi"),
    ("page: by process", "/firms/?process=machining"),
    ("page: sort by workforce", "/firms/?sort=-workforce"),
    ("page: deep page", "/firms/?page=2000"),
    ("api: first page", "/api/v1/firms/"),
    ("api: regency filter", "/api/v1/firms/?province=33&regency=33.28"),
    ("api: search by name", "/api/v1/firms/?q=presisi"),
    ("api: certified ISO 9001", "/api/v1/firms/?certification=iso9001"),
]


def _page_count(response) -> int:
    found = re.search(r'data-testid="result-count">([\d.,]+)', response.content.decode())
    return int(re.sub(r"[.,]", "", found.group(1)))


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
    print(f"\nRantai firm list on {vendor} with {total:,} firms; {args.runs} runs per case\n")
    print(f"{'case':<28}{'as':<10}{'p50 ms':>9}{'p95 ms':>9}{'rows':>9}")
    for username in ("bench.officer", "bench.owner"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for label, url in CASES:
            timings = []
            for i in range(5 + args.runs):
                start = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, (url, response.status_code)
                if i >= 5:
                    timings.append(elapsed)
            api = url.startswith("/api/")
            rows = response.json()["count"] if api else _page_count(response)
            print(
                f"{label:<28}{username[6:]:<10}{statistics.median(timings):>9.1f}"
                f"{percentile(timings, 95):>9.1f}{rows:>9,}"
            )


if __name__ == "__main__":
    main()
