"""``read_replica_walk``: what people read from a primary and its streaming replica.

tests/core/test_read_replica.py runs it in a process of its own, with ``DATABASE_URL`` on a
throw-away primary and ``DATABASE_REPLICA_URL`` on its hot standby, so that settings.py installs
the real router and middleware. It makes the schema, stops the standby's replay, writes on the
primary, and prints as JSON what each request then saw; the test asserts on that.

The schema comes from the models, as ``pytest --no-migrations`` makes it: the migrations take
90 s and more on a busy CI core, and this walk needs the tables, not the reference data they
load.
"""

import json
import time
from datetime import timedelta

import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import setup_test_environment
from django.urls import reverse
from rest_framework.authtoken.models import Token

from rantai.accounts.models import User
from rantai.core.replica import PIN_COOKIE, ReplicaReadsMiddleware
from rantai.inbox.models import Notification
from tests.conftest import pinned_now
from tests.factories import NotificationFactory, UserFactory

EARLY = "Laporan siap"  # on both databases
LATE = "Ditulis saat replika menunggu"  # on the primary only: the replica's replay is paused


class Command(BaseCommand):
    help = "Walk through reads on a primary and its paused replica; print what was seen as JSON."

    def handle(self, **options):
        setup_test_environment()
        self.make_schema()
        with time_machine.travel(pinned_now(), tick=True) as clock:
            seen = self.walk(clock)
        self.stdout.write(json.dumps(seen))

    def make_schema(self):
        unmigrated = {config.label: None for config in apps.get_app_configs()}
        with override_settings(MIGRATION_MODULES=unmigrated):
            call_command("migrate", run_syncdb=True, verbosity=0)

    def walk(self, clock) -> dict:
        sari, budi = UserFactory(username="sari"), UserFactory(username="budi")
        token = Token.objects.create(user=sari)
        for user in (sari, budi):
            NotificationFactory(recipient=user, subject=EARLY)
        wait_for_replay()
        pause_replay()
        for user in (sari, budi):
            NotificationFactory(recipient=user, subject=LATE)

        browser = Client()
        browser.force_login(sari)
        api = Client(headers={"Authorization": f"Token {token.key}"})  # keeps no cookies
        other = Client()
        other.force_login(budi)
        seen = {}

        page = browser.get(reverse("inbox:list"))
        seen["page before writing"] = [page.status_code, EARLY in page.text, LATE in page.text]
        seen["page before writing pins"] = PIN_COOKIE in page.cookies
        seen["api before writing"] = inbox(browser)

        wrote = browser.post(reverse("inbox:read-all"))
        seen["write"] = [wrote.status_code, wrote.cookies[PIN_COOKIE]["max-age"]]
        seen["browser after writing"] = inbox(browser)
        seen["token after writing"] = inbox(api)
        seen["someone else meanwhile"] = inbox(other)

        clock.shift(timedelta(seconds=settings.REPLICA_PIN_SECONDS + 1))
        seen["browser after the pin"] = inbox(browser)
        seen["token after the pin"] = inbox(api)

        seen["inside one read-only request"] = one_request(budi)
        seen["primary afterwards"] = sorted(
            Notification.objects.filter(recipient=budi).values_list("subject", flat=True)
        )

        resume_replay()
        wait_for_replay()
        seen["browser once the replica caught up"] = inbox(browser)
        return seen


def inbox(client) -> list:
    """The API's list of one's notifications: status, then (subject, read) newest first."""
    response = client.get(reverse("notification-list"))
    rows = response.json()["results"] if response.status_code == 200 else []
    return [response.status_code, *([row["subject"], row["is_read"]] for row in rows)]


def one_request(user) -> dict:
    """Reads and writes inside one GET request, through the real middleware and router."""
    found = {}

    def view(request):
        notifications = Notification.objects.filter(recipient=user)
        found["read"] = late_on(notifications)
        with transaction.atomic():
            found["read in a transaction"] = late_on(notifications)
        found["read after the transaction"] = late_on(notifications)
        notification = notifications.get(subject=EARLY)
        recipient = notification.recipient
        found["read from"] = [notification._state.db, recipient._state.db]
        notification.subject = "Diubah"
        notification.save(update_fields=["subject"])
        recipient.first_name = "Budi"
        recipient.save(update_fields=["first_name"])
        found["saved to"] = [notification._state.db, recipient._state.db]
        found["read after writing"] = late_on(notifications)
        with transaction.atomic():
            found["locked"] = late_on(notifications.select_for_update())
        return HttpResponse()

    request = RequestFactory().get(reverse("inbox:list"))
    request.user = user
    response = ReplicaReadsMiddleware(view)(request)
    found["pins"] = PIN_COOKIE in response.cookies
    found["first name on the primary"] = User.objects.get(pk=user.pk).first_name
    return found


def late_on(queryset) -> str:
    """Which database answered: only the primary has the notification written after the pause."""
    return "primary" if queryset.filter(subject=LATE).exists() else "replica"


def pause_replay() -> None:
    with connections["replica"].cursor() as replica:
        replica.execute("SELECT pg_wal_replay_pause()")
    wait_on_replica("SELECT pg_get_wal_replay_pause_state() = 'paused'")


def resume_replay() -> None:
    with connections["replica"].cursor() as replica:
        replica.execute("SELECT pg_wal_replay_resume()")


def wait_for_replay() -> None:
    """Until the replica has replayed all the primary has written so far."""
    with connections["default"].cursor() as primary:
        primary.execute("SELECT pg_current_wal_lsn()")
        (written,) = primary.fetchone()
    wait_on_replica("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])


def wait_on_replica(sql: str, params=()) -> None:
    with connections["replica"].cursor() as replica:
        for _ in range(600):
            replica.execute(sql, params)
            if replica.fetchone()[0]:
                return
            time.sleep(0.05)
    raise TimeoutError(f"the replica did not answer true in 30 s: {sql}")
