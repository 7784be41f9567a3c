"""The live call-off board through a real server: ``python bench/calloff_board.py``.

Issue 15's targets, with 1,000 suppliers × 50 open call-offs: the supplier's board p95 ≤ 150 ms,
and a new call-off visible on 200 open boards p95 ≤ 2 s. The script

1. generates (once, bulk) 1,000 IKM suppliers, 5 buyers, one agreement in force per supplier,
   50 open call-offs each (Indonesian part names, Rupiah prices, due in the coming weeks), an
   owner per supplier and a buyer per buyer firm; sessions are written directly (SessionStore);
2. starts gunicorn on 127.0.0.1 with production settings (DEBUG off, plain HTTP) and stops it
   at the end;
3. times the board (``/call-offs/``: the whole page, and the piece htmx asks for) as random
   suppliers, one client at a time and 8 at once;
4. opens 200 suppliers' boards (threads) polling as the page does, every ``--intervals``
   seconds, the buyer releases one call-off to each through ``services.release`` in this
   process, and each board records when its poll first shows the new number. Visibility is
   measured from each call-off's own release (releasing 200 takes seconds itself);
   ``--modes full`` polls the whole board, ``token`` the board's change check (the page's way:
   204 while nothing changed, the board as soon as something did).

Every request goes to 127.0.0.1, bounded in count and time. The database is DATABASE_URL,
by default ``var/bench-calloffs.sqlite3``; for PostgreSQL see bench/README.md. The machine's load
average is printed with the figures: the clients and the releases share its cores with gunicorn.
"""

import argparse
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal

from _setup import ROOT, django_setup, percentile

SUPPLIERS = 1000
PER_SUPPLIER = 50
BUYERS = [
    "BENCH PT Sinar Otomotif Indonesia",
    "BENCH PT Mitra Komponen Nusantara",
    "BENCH PT Prima Roda Manufaktur",
    "BENCH PT Jaya Mesin Pertanian",
    "BENCH PT Karya Elektrik Mandiri",
]
PARTS = [
    ("BS", "Bushing baja suspensi"),
    ("PR", "Poros roda belakang"),
    ("FL", "Flens knalpot"),
    ("BR", "Bracket dudukan mesin"),
    ("RG", "Roda gigi transmisi"),
    ("PG", "Pegas kopling"),
    ("BT", "Baut roda M12 x 1,5"),
    ("PP", "Pipa rem baja"),
    ("KL", "Klem selang radiator"),
    ("PK", "Pelat kopling"),
    ("HP", "Housing pompa oli"),
    ("TT", "Tutup tangki bahan bakar"),
    ("DS", "Dudukan spion"),
    ("PS", "Pen stang piston"),
    ("SB", "Sabuk pengaman rangka"),
    ("PB", "Pelat bajak traktor"),
    ("MP", "Mata pisau perontok padi"),
    ("GR", "Gear sprocket rantai"),
]
POINTS = ["Gudang penerimaan, Gerbang 2", "Dock 3, Plant Cikarang", "Gudang komponen, Gate 1"]
NAME_WORDS = ["Sinar", "Jaya", "Makmur", "Logam", "Presisi", "Teknik", "Abadi", "Mandiri"]
PASSWORD = "bench"  # sessions are written directly; nobody signs in with it


def generate(today, seed: int = 15) -> None:
    """The suppliers, buyers, agreements and open call-offs, in bulk; once per database."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from rantai.accounts.models import Membership, Role, User
    from rantai.calloffs.models import CallOff
    from rantai.calloffs.services import ack_deadline
    from rantai.firms.models import Firm
    from rantai.partnerships.models import Partnership
    from rantai.reference.models import Region

    rng = random.Random(seed)
    villages = list(
        Region.objects.filter(level=4, code__regex=r"^3[1-6]\.").values_list("code", flat=True)
    )
    password = make_password(PASSWORD)  # one hash for everyone: hashing 1,000 takes minutes

    place = Region.fields_of

    with transaction.atomic():
        buyers = Firm.objects.bulk_create(
            Firm(kind=Firm.Kind.LARGE, name=name, nib=f"91{i:011d}", **place(rng.choice(villages)))
            for i, name in enumerate(BUYERS)
        )
        suppliers = Firm.objects.bulk_create(
            (
                Firm(
                    kind=Firm.Kind.IKM,
                    name=f"BENCH {rng.choice(['CV', 'UD', 'PT'])} {rng.choice(NAME_WORDS)} "
                    f"{rng.choice(NAME_WORDS)} {i:04d}",
                    nib=f"92{i:011d}",
                    workforce=rng.randint(5, 200),
                    **place(rng.choice(villages)),
                )
                for i in range(SUPPLIERS)
            ),
            batch_size=1000,
        )
        buyer_users = User.objects.bulk_create(
            User(username=f"bench.buyer{i}", password=password, language="id")
            for i in range(len(buyers))
        )
        supplier_users = User.objects.bulk_create(
            (
                User(username=f"bench.supplier{i:04d}", password=password, language="id")
                for i in range(SUPPLIERS)
            ),
            batch_size=1000,
        )
        Membership.objects.bulk_create(
            [
                Membership(user=u, organisation=f, role=Role.BUYER)
                for u, f in zip(buyer_users, buyers, strict=True)
            ]
            + [
                Membership(user=u, organisation=f, role=Role.OWNER)
                for u, f in zip(supplier_users, suppliers, strict=True)
            ],
            batch_size=1000,
        )
        deals = Partnership.objects.bulk_create(
            (
                Partnership(
                    number=f"PKS/{i:04d}/2026",
                    supplier=supplier,
                    buyer=buyers[i % len(buyers)],
                    kind=Partnership.Kind.TIER2,
                    scope="Komponen bubut dan stamping",
                    starts_on=today - timedelta(days=180),
                    ends_on=today + timedelta(days=730),
                    signed_on=today - timedelta(days=190),
                    status=Partnership.Status.ACTIVE,
                )
                for i, supplier in enumerate(suppliers)
            ),
            batch_size=1000,
        )
        statuses = [CallOff.Status.ACKNOWLEDGED] * 6 + [CallOff.Status.RELEASED] * 3
        statuses.append(CallOff.Status.PROPOSED)
        now = ack_deadline(time_now(), 0)
        for start in range(0, len(deals), 100):
            CallOff.objects.bulk_create(
                (
                    open_call_off(deal, k, buyer_users[i % len(buyers)], today, now, rng, statuses)
                    for i, deal in enumerate(deals[start : start + 100], start)
                    for k in range(PER_SUPPLIER)
                ),
                batch_size=1000,
            )
            print(f"  {(start + 100) * PER_SUPPLIER:>7,} call-offs", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_now():
    from django.utils import timezone

    return timezone.now()


def open_call_off(deal, k, buyer_user, today, now, rng, statuses):
    from rantai.calloffs.models import CallOff

    code, part = rng.choice(PARTS)
    status = rng.choice(statuses)
    quantity = Decimal(rng.choice([50, 100, 200, 250, 500, 1000, 2000]))
    return CallOff(
        partnership=deal,
        number=f"CO-{today:%y%m%d}-{k + 1:03d}",
        part_number=f"{code}-{rng.randint(10, 99)}",
        drawing_revision=rng.choice(["A", "B", "C", ""]),
        description=part,
        quantity=quantity,
        unit_price=Decimal(rng.randint(5, 900) * 500),  # Rp 2.500 – Rp 450.000
        due_on=today + timedelta(days=3 + k),  # after anything the bench releases (tomorrow)
        delivery_point=rng.choice(POINTS),
        status=status,
        ack_due_at=now + timedelta(hours=rng.randint(-6, 30)),
        acknowledged_at=now if status == CallOff.Status.ACKNOWLEDGED else None,
        proposed_quantity=quantity - 10 if status == CallOff.Status.PROPOSED else None,
        proposal_note="Kapasitas mesin bubut penuh" if status == CallOff.Status.PROPOSED else "",
        created_by=buyer_user,
    )


def sessions(usernames) -> dict[str, str]:
    """A signed-in session per user, written directly (no 1,000 sign-ins)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from rantai.accounts.models import User

    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if "ModelBackend" in b)
    keys = {}
    with transaction.atomic():
        for user in User.objects.filter(username__in=usernames):
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = backend
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            keys[user.username] = store.session_key
    return keys


# ---- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int, threads: int, asgi: bool):
    """gunicorn as the Procfile runs it: uvicorn workers on ``rantai.asgi`` (the pages in a
    pool of ``threads`` per worker, the event streams as coroutines), or, for comparison, the
    WSGI application in sync or threaded workers."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn"]
    if asgi:
        command += ["rantai.asgi", "--worker-class", "uvicorn_worker.UvicornWorker"]
    else:
        command += ["rantai.wsgi", "--threads", str(threads)]
    command += [
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--backlog",
        "2048",
        "--graceful-timeout",
        "2",
        "--log-level",
        "warning",
    ]
    print("server:", " ".join(command[2:]), f"(WEB_THREADS={threads})" * asgi, flush=True)
    env = {**os.environ, "WEB_THREADS": str(threads)}
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _, _ = get(port, "/accounts/login/", None)
            if status == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer in 60 s")


def get(port, path, session, htmx=False):
    """(status, body, seconds) of one GET, on a new connection (gunicorn's sync workers close
    every connection)."""
    from django.conf import settings

    headers = {"Host": "127.0.0.1"}
    if session:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}"
    if htmx:
        headers["HX-Request"] = "true"
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status, body, time.perf_counter() - start


def server_cpu(server) -> float:
    """CPU seconds the gunicorn master and its workers have used so far (Linux /proc)."""
    pids = [server.pid]
    try:
        with open(f"/proc/{server.pid}/task/{server.pid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        return float("nan")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def stats(seconds) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{percentile(ms, 50):>8.1f}{percentile(ms, 95):>8.1f}{max(ms):>8.1f}"
        if ms
        else f"{'-':>8}{'-':>8}{'-':>8}"
    )


# ---- 3. latency -------------------------------------------------------------------------------


def latency(server, port, requests, clients: int, htmx: bool):
    """``requests``: [(path, session key)], sent by ``clients`` at once. A board must show a
    page of rows; a change check must answer 204 (nothing changed)."""
    todo = list(requests)
    timings, sizes, lock = [], [], threading.Lock()

    def client():
        while True:
            with lock:
                if not todo:
                    return
                path, key = todo.pop()
            status, body, seconds = get(port, path, key, htmx)
            if "since=" in path:
                assert status == 204, status
            else:
                assert status == 200, status
                assert body.count(b'data-testid="call-off-') >= 25, "fewer rows than a page"
            with lock:
                timings.append(seconds)
                sizes.append(len(body))

    began, cpu = time.perf_counter(), server_cpu(server)
    pool = [threading.Thread(target=client) for _ in range(clients)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    rate = len(requests) / (time.perf_counter() - began)
    cpu_ms = (server_cpu(server) - cpu) * 1000 / len(requests)
    return timings, rate, sum(sizes) / len(sizes), cpu_ms


# ---- 4. visibility ----------------------------------------------------------------------------

POLL = re.compile(rb'id="board" hx-get="([^"]+)"')


def events(port, session, stop, on_event) -> None:
    """Read the board's event stream (``/call-offs/events/``) until ``stop``; call ``on_event``
    for each "changed". The connection is raw: the stream is chunked and never ends."""
    from django.conf import settings

    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.sendall(
        b"GET /call-offs/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        + f"Cookie: {settings.SESSION_COOKIE_NAME}={session}\r\n\r\n".encode()
    )
    sock.settimeout(0.5)
    pending = b""
    try:
        while not stop.is_set():
            try:
                data = sock.recv(65536)
            except TimeoutError:
                continue
            if not data:
                return
            pending += data
            while (at := pending.find(b"event: changed")) >= 0:
                pending = pending[at + 14 :]
                on_event()
            pending = pending[-16:]
    finally:
        sock.close()


def visibility(server, port, boards, interval: float, mode: str, run: str, today):
    """``boards``: [(supplier username, session key, partnership)]. Returns the seconds from
    each release to its board's first poll showing it, the polls' latencies while the releases
    were being seen, their rate, and the bytes they carried."""
    from django.contrib.auth import get_user_model

    from rantai.calloffs import services

    stop = threading.Event()
    released: dict[int, float] = {}
    seen: dict[int, float] = {}
    polls: list[tuple[float, float, int, int]] = []  # (ended at, seconds, status, bytes)
    lock = threading.Lock()
    numbers = [f"LIVE-{run}-{i:03d}" for i in range(len(boards))]
    ready, go, begin = [], threading.Event(), []

    def check(i, key, path, number):
        """One request as the board sends it; the path the board asks with next."""
        status, body, seconds = get(port, path, key, htmx=True)
        ended = time.perf_counter()
        with lock:
            polls.append((ended, seconds, status, len(body)))
        if status == 200 and mode != "full":
            path = POLL.search(body).group(1).decode().replace("&amp;", "&")
        if i not in seen and number in body:
            with lock:
                seen[i] = ended
        return path

    def pushed(i, key):
        """The page's way with push: look again when the stream says so."""
        _, body, _ = get(port, "/call-offs/", key)
        path = [POLL.search(body).group(1).decode().replace("&amp;", "&")]
        number, wake = numbers[i].encode(), threading.Event()
        threading.Thread(target=events, args=(port, key, stop, wake.set), daemon=True).start()
        with lock:
            ready.append(i)
        while not stop.is_set():
            if wake.wait(0.5):
                wake.clear()
                path[0] = check(i, key, path[0], number)

    def board(i, key):
        if mode == "push":
            return pushed(i, key)
        rng = random.Random(i)
        path = "/call-offs/"
        if mode == "token":  # the page as first drawn carries the token to poll with
            _, body, _ = get(port, path, key)
            path = POLL.search(body).group(1).decode().replace("&amp;", "&")
        with lock:
            ready.append(i)
        go.wait()
        tick = begin[0] + rng.random() * interval
        number = numbers[i].encode()
        while not stop.is_set():
            wait = tick - time.perf_counter()
            if wait > 0 and stop.wait(wait):
                return
            path = check(i, key, path, number)
            tick += interval
            while tick < time.perf_counter():  # htmx does not stack the polls of one element
                tick += interval

    threads = [
        threading.Thread(target=board, args=(i, key), daemon=True)
        for i, (_, key, _) in enumerate(boards)
    ]
    for t in threads:
        t.start()
    while len(ready) < len(boards):  # every board open (its first page drawn)
        time.sleep(0.1)
    begin.append(time.perf_counter())
    go.set()
    time.sleep(max(5.0, 2 * interval))  # the boards settle into their rhythm
    buyers = {u.pk: u for u in get_user_model().objects.filter(username__startswith="bench.buyer")}
    first, cpu, own = time.perf_counter(), server_cpu(server), time.process_time()
    for i, (_, _, deal) in enumerate(boards):
        services.release(
            partnership=deal,
            user=buyers[deal.buyer_user_id],
            number=numbers[i],
            part_number="BS-12",
            drawing_revision="C",
            description="Bushing baja suspensi (rilis baru)",
            quantity=Decimal("500"),
            unit="pcs",
            unit_price=Decimal("4500"),
            due_on=today + timedelta(days=1),
            delivery_point="Gudang penerimaan, Gerbang 2",
            zone="firm",
            ack_hours=4,
        )
        released[i] = time.perf_counter()
    last = time.perf_counter()
    deadline = last + interval + 60
    while len(seen) < len(boards) and time.perf_counter() < deadline:
        time.sleep(0.2)
    stop.set()
    cpu, own = server_cpu(server) - cpu, time.process_time() - own
    wall = time.perf_counter() - first
    for t in threads:
        t.join(timeout=70)
    window = [p for p in polls if first <= p[0] <= time.perf_counter()]
    span = max(p[0] for p in window) - first if window else 1
    delays = [seen[i] - released[i] for i in seen]
    return {
        "delays": delays,
        "missed": len(boards) - len(seen),
        "releasing": last - first,
        "poll_seconds": [p[1] for p in window],
        "rate": len(window) / span,
        "changed": sum(1 for p in window if p[2] == 200),
        "unchanged": sum(1 for p in window if p[2] == 204),
        "errors": sum(1 for p in window if p[2] not in (200, 204)),
        "bytes": sum(p[3] for p in window) / max(1, len(window)),
        "load": load(),
        "cpu": cpu / wall,  # cores the server kept busy from the first release to the last seen
        "own": own / wall,  # cores this process (the 200 boards' clients and the releases) used
    }


def clean_up_live() -> None:
    """The call-offs (and their orders) an earlier run released."""
    from rantai.calloffs.models import CallOff
    from rantai.partnerships.models import Order, OrderLine

    lines = list(CallOff.objects.filter(number__startswith="LIVE-").values_list("line", flat=True))
    CallOff.objects.filter(number__startswith="LIVE-").delete()
    OrderLine.objects.filter(pk__in=lines).delete()
    Order.objects.filter(number__startswith="LIVE-").delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300, help="requests per latency case")
    parser.add_argument("--boards", type=int, default=200)
    parser.add_argument("--intervals", default="10,5,2", help="poll intervals to measure (s)")
    parser.add_argument(
        "--modes",
        default="push,token",
        help="push: server-sent events, then the change check (the page's way); token: poll the"
        " change check every interval; full: poll the whole board",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--threads", type=int, default=None, help="per worker (default 2; 1 with --wsgi)"
    )
    parser.add_argument("--wsgi", action="store_true", help="rantai.wsgi in gunicorn's own workers")
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()

    # Production settings over plain HTTP, for this process and the server it starts.
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-calloffs.sqlite3'}")
    os.environ.update(
        DEBUG="false",
        HTTPS="false",
        SECRET_KEY="bench-calloffs-not-a-secret-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        COLLECTED_STATIC="false",  # the board's own time; static files are not requested
        RANTAI_DATA_DIR=str(ROOT / "var" / "bench-calloffs"),
        TASKS_BACKEND="database",  # the worker's jobs queue up, as in production
        EMAIL_BACKEND="console",
        LOG_LEVEL="WARNING",
    )
    vendor = django_setup()

    from django.conf import settings
    from django.utils import timezone

    from rantai.accounts.models import Membership, User
    from rantai.calloffs.models import CallOff
    from rantai.calloffs.views import board_token
    from rantai.partnerships.models import Partnership

    today = timezone.localdate()
    if not Partnership.objects.filter(number__startswith="PKS/").exists():
        began = time.perf_counter()
        generate(today)
        print(f"generated in {time.perf_counter() - began:.1f} s")
    clean_up_live()
    open_count = CallOff.objects.open().count()
    suppliers = list(
        Partnership.objects.filter(number__startswith="PKS/")
        .select_related("supplier")
        .order_by("pk")
    )
    keys = sessions([f"bench.supplier{i:04d}" for i in range(len(suppliers))])
    ordered = [keys[f"bench.supplier{i:04d}"] for i in range(len(suppliers))]
    buyer_user = dict(
        Membership.objects.filter(user__username__startswith="bench.buyer").values_list(
            "organisation_id", "user_id"
        )
    )
    for deal in suppliers:
        deal.buyer_user_id = buyer_user[deal.buyer_id]

    print(
        f"\nRantai call-off board on {vendor}: {len(suppliers):,} suppliers, "
        f"{open_count:,} open call-offs; {os.cpu_count()} cores; gunicorn "
        f"{'sync/threaded' if args.wsgi else 'uvicorn'} workers {args.workers} × threads "
        f"{args.threads}; DEBUG={settings.DEBUG}"
    )
    if args.threads is None:
        args.threads = 1 if args.wsgi else 2
    server, port = start_server(args.workers, args.threads, asgi=not args.wsgi)
    try:
        for _ in range(20):  # warm every worker
            get(port, "/call-offs/", random.choice(ordered))
        if not args.skip_latency:
            rng = random.Random(3)
            users = [rng.randrange(len(suppliers)) for _ in range(args.runs)]
            owners = {u.username: u for u in User.objects.filter(username__startswith="bench.s")}
            board = [("/call-offs/", ordered[i]) for i in users]
            check = [
                (f"/call-offs/?since={board_token(owners[f'bench.supplier{i:04d}'])}", ordered[i])
                for i in users
            ]
            print(
                f"\n{'request, clients':<38}{'p50 ms':>8}{'p95':>8}{'max':>8}{'req/s':>8}"
                f"{'KB':>7}{'CPU ms':>8}"
            )
            for clients in (1, 8):
                for label, requests, htmx in (
                    ("whole page", board, False),
                    ("board piece (htmx)", board, True),
                    ("change check, nothing new (htmx)", check, True),
                ):
                    timings, rate, size, cpu = latency(server, port, requests, clients, htmx)
                    label = f"{label}, {clients}"
                    print(f"{label:<38}{stats(timings)}{rate:>8.1f}{size / 1024:>7.1f}{cpu:>8.1f}")
            print(load())
        if not args.boards:
            return
        rng = random.Random(200)
        chosen = rng.sample(range(len(suppliers)), args.boards)
        boards = [(f"bench.supplier{i:04d}", ordered[i], suppliers[i]) for i in chosen]
        print(
            f"\n{args.boards} open boards; the buyer releases one call-off to each "
            "(services.release, one after the other)"
        )
        print(
            f"{'mode':<7}{'every':>6}{'vis p50 s':>10}{'p95':>7}{'max':>7}{'missed':>7}"
            f"{'release s':>10}{'polls/s':>8}{'poll p50 ms':>12}{'p95':>8}{'max':>8}"
            f"{'200':>6}{'204':>6}{'err':>5}{'B/poll':>8}{'server':>7}{'bench':>6}  load"
        )
        for mode in args.modes.split(","):
            intervals = [0.0] if mode == "push" else [float(x) for x in args.intervals.split(",")]
            for interval in intervals:
                run = f"{mode[0]}{int(interval * 10)}-{int(time.time()) % 100000}"
                r = visibility(server, port, boards, interval, mode, run, today)
                d = r["delays"]
                vis = (
                    f"{percentile(d, 50):>10.2f}{percentile(d, 95):>7.2f}{max(d):>7.2f}"
                    if d
                    else f"{'-':>10}{'-':>7}{'-':>7}"
                )
                print(
                    f"{mode:<7}{interval:>6g}{vis}{r['missed']:>7}{r['releasing']:>10.1f}"
                    f"{r['rate']:>8.1f}{stats(r['poll_seconds'])[:8]:>12}"
                    f"{stats(r['poll_seconds'])[8:]}{r['changed']:>6}{r['unchanged']:>6}"
                    f"{r['errors']:>5}{r['bytes']:>8.0f}{r['cpu']:>7.2f}{r['own']:>6.2f}"
                    f"  {r['load'][13:]}",
                    flush=True,
                )
                clean_up_live()
    finally:
        server.terminate()
        server.wait(timeout=30)
        print("server stopped;", load())


if __name__ == "__main__":
    main()
