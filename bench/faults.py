"""PostgreSQL restarted under load: ``python bench/faults.py [--clients N] [--before S]``.

Issue 18: "the app serves again within 5 s, no committed write is lost, no 500 after recovery".
The same scenario as tests/core/test_faults.py (tests/support/faults.py): a throw-away cluster
from the machine's PostgreSQL binaries (/usr/lib/postgresql/<v>/bin), Rantai migrated into it and
served by the Procfile's gunicorn command with production settings and persistent connections;
client threads create firms and read the firm list through the API; the cluster restarts
(``pg_ctl restart -m fast``) after ``--before`` seconds, and the clients go on for ``--after``
seconds once it accepts connections. Prints the recovery time, the requests that failed while
the database was away, any error after, and the acknowledged writes found in the database.
Migrating the throw-away database takes most of the run (about a minute).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.faults import restart_under_load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--before", type=float, default=3.0)
    parser.add_argument("--after", type=float, default=6.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rantai-faults-") as workdir:
        figures = restart_under_load(
            Path(workdir), clients=args.clients, before=args.before, after=args.after
        )
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    print(f"PostgreSQL restarted under load: {figures}")


if __name__ == "__main__":
    main()
