"""Outgoing webhooks: the operations of the pages and the API (endpoints: create, change, rotate
the secret, delete; replaying a delivery) and of the rest of Rantai (``emit``), plus one attempt
to deliver and the sweep that sends whatever is due.

Delivering never happens inside the user's request: ``emit`` writes the deliveries and, once the
transaction commits, enqueues ``tasks.deliver`` for each. A failed attempt schedules the next
one after ``BACKOFF``; after ``MAX_ATTEMPTS`` the delivery has failed. ``send_due`` (the
``send_due_webhooks`` command, run every minute) attempts every delivery whose time has come: it
is how retries happen where the task backend cannot defer a task, and the safety net when a
worker lost one.
"""

import json
import logging
import uuid
from datetime import UTC, datetime, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.webhooks import sending, signing
from rantai.webhooks.models import Attempt, Delivery, Endpoint, Event, new_secret

logger = logging.getLogger(__name__)

# Wait after the 1st, 2nd … failed attempt; the 6th failure is the last.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# While one worker attempts a delivery, nobody else does until this has passed.
CLAIM = timedelta(minutes=10)
ENDPOINT_FIELDS = ("url", "events", "description", "active")


# Endpoints ----------------------------------------------------------------------------------


@transaction.atomic
def create_endpoint(*, organisation, url, events, user, description="", active=True) -> Endpoint:
    endpoint = Endpoint(
        organisation=organisation,
        url=url,
        events=list(events),
        description=description,
        active=active,
        created_by=user,
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def update_endpoint(*, endpoint: Endpoint, changes: dict) -> Endpoint:
    """Write only the fields in ``changes`` (``ENDPOINT_FIELDS``)."""
    unknown = set(changes) - set(ENDPOINT_FIELDS)
    if unknown:
        raise ValueError(f"not endpoint fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(endpoint, name, list(value) if name == "events" else value)
    endpoint.full_clean()
    endpoint.save(update_fields=[*changes, "updated_at"])
    return endpoint


@transaction.atomic
def rotate_secret(*, endpoint: Endpoint) -> Endpoint:
    """A new secret; the old one signs nothing from now on."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint


@transaction.atomic
def delete_endpoint(*, endpoint: Endpoint) -> None:
    """The endpoint goes with its deliveries and their attempts."""
    endpoint.delete()


# Emitting -----------------------------------------------------------------------------------


def emit(*, organisation, event: str, payload: dict) -> list[Delivery]:
    """Tell ``organisation``'s systems that ``event`` happened: one delivery per active endpoint
    subscribed to it, sent after the current transaction commits (nothing is sent if it rolls
    back). One query when the organisation has no endpoint. ``payload`` must be JSON (dates and
    decimals are written as text)."""
    event = Event(event)
    organisation_id = getattr(organisation, "pk", organisation)
    endpoints = [
        e
        for e in Endpoint.objects.filter(organisation_id=organisation_id, active=True).only(
            "pk", "events"
        )
        if event in e.events
    ]
    if not endpoints:
        return []
    now, event_id = timezone.now(), uuid.uuid4()
    with transaction.atomic():
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                endpoint=endpoint,
                event=event,
                payload=payload,
                event_id=event_id,
                created_at=now,
                next_attempt_at=now,
            )
            for endpoint in endpoints
        )
        for delivery in deliveries:
            transaction.on_commit(partial(enqueue, delivery.pk), robust=True)
    return deliveries


def enqueue(delivery_id: int, run_after: datetime | None = None) -> None:
    """Have a worker attempt the delivery (at ``run_after``). A backend that cannot defer tasks
    (the immediate one, in tests) leaves a later attempt to ``send_due``."""
    from rantai.webhooks.tasks import deliver  # noqa: PLC0415 (tasks use this module)

    task = deliver
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


@transaction.atomic
def replay(*, delivery: Delivery, user) -> Delivery:
    """Send a delivery's event again, as a new delivery with its own attempts. It keeps the
    event's id: a receiver that processed the event already can tell and skip it."""
    endpoint = delivery.endpoint
    if not endpoint.active:
        raise ValidationError(_("This endpoint is inactive: activate it before replaying."))
    now = timezone.now()
    copy = Delivery.objects.create(
        endpoint=endpoint,
        event=delivery.event,
        payload=delivery.payload,
        event_id=delivery.event_id,
        created_at=now,
        next_attempt_at=now,
        replay_of=delivery.replay_of or delivery,
        replayed_by=user,
    )
    transaction.on_commit(partial(enqueue, copy.pk), robust=True)
    return copy


# Delivering ---------------------------------------------------------------------------------


def body_of(delivery: Delivery) -> bytes:
    original = delivery.replay_of or delivery
    document = {
        "id": str(delivery.event_id),
        "event": delivery.event,
        "created_at": original.created_at.astimezone(UTC).isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(
        document, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()


def headers_of(delivery: Delivery, body: bytes, now: datetime) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Rantai-Webhooks/1",
        "X-Rantai-Event": delivery.event,
        "X-Rantai-Delivery": str(delivery.event_id),
        "X-Rantai-Signature": signing.header(delivery.endpoint.secret, int(now.timestamp()), body),
    }


def attempt(*, delivery: Delivery, now: datetime | None = None) -> Attempt | None:
    """Attempt ``delivery`` once, now, and record the attempt and the next one (or the outcome).
    None when there was nothing to attempt: the delivery is settled, another worker is at it, or
    its endpoint was deactivated (then it has failed, unattempted). The POST runs outside any
    transaction, so a slow receiver holds no lock."""
    now = now or timezone.now()
    pending = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.PENDING, attempts_count=delivery.attempts_count
    )
    endpoint = Endpoint.objects.filter(pk=delivery.endpoint_id, active=True).first()
    if endpoint is None:
        pending.update(status=Delivery.Status.FAILED, next_attempt_at=None)
        return None
    # Claim it: of two workers that read the same count, one moves it on; the other finds none.
    if not pending.update(attempts_count=F("attempts_count") + 1, next_attempt_at=now + CLAIM):
        return None
    delivery.refresh_from_db()
    delivery.endpoint = endpoint  # its address and secret as they are now
    body = body_of(delivery)
    outcome = sending.post(delivery.endpoint.url, body, headers_of(delivery, body, now))
    with transaction.atomic():
        made = Attempt.objects.create(
            delivery=delivery,
            started_at=now,
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            error=outcome.error,
            response_excerpt=outcome.excerpt,
        )
        if outcome.succeeded:
            delivery.status, delivery.next_attempt_at = Delivery.Status.SUCCEEDED, None
        elif delivery.attempts_count >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        else:
            delivery.next_attempt_at = now + BACKOFF[delivery.attempts_count - 1]
        delivery.save(update_fields=["status", "next_attempt_at"])
    return made


def deliver(*, delivery_id: int) -> None:
    """What a worker does for ``tasks.deliver``: attempt the delivery if it is due, then enqueue
    the retry."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    now = timezone.now()
    if (
        delivery is None
        or delivery.status != Delivery.Status.PENDING
        or delivery.next_attempt_at is None
        or delivery.next_attempt_at > now
    ):
        return
    _attempt_and_reschedule(delivery, now)


def _attempt_and_reschedule(delivery: Delivery, now: datetime) -> None:
    if attempt(delivery=delivery, now=now) and delivery.status == Delivery.Status.PENDING:
        enqueue(delivery.pk, run_after=delivery.next_attempt_at)


def send_due(*, now: datetime | None = None) -> int:
    """Attempt every pending delivery whose next attempt is due; the number attempted."""
    now = now or timezone.now()
    due = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .select_related("endpoint")
        .order_by("next_attempt_at", "pk")
    )
    count = 0
    for delivery in due.iterator(chunk_size=100):
        try:
            if attempt(delivery=delivery, now=now):
                count += 1
        except Exception:  # one broken delivery must not stop the others
            logger.exception("webhook delivery %s", delivery.pk)
    return count
