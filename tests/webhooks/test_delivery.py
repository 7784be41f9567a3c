"""Emitting an event and delivering it to a real receiver: the signed request, retries with
backoff on 500s and timeouts (every attempt logged), giving up, and what emit costs and when it
sends nothing."""

import hashlib
import hmac
import io
import json
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.tasks import task_backends
from django.utils import timezone

from rantai.webhooks import services
from rantai.webhooks.models import Delivery, Event
from tests.conftest import JAKARTA
from tests.factories import EndpointFactory, FirmFactory, WebhookDeliveryFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 6, 15, 10, 0, tzinfo=JAKARTA)
PAYLOAD = {"calloff": "CO-0042", "part": "Bushing Ø20", "quantity": 120, "due_on": "2026-06-20"}


def verify(header: str, body: bytes, secret: str, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (the guide in docs/decisions.md), written here from the guide, not
    from our code."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return abs(now - timestamp) <= tolerance and hmac.compare_digest(expected, parts["v1"])


@pytest.fixture
def endpoint(receiver):
    return EndpointFactory(url=receiver.url, events=[Event.CALLOFF_ACKNOWLEDGED])


def test_the_receiver_gets_a_signed_json_event_it_can_verify(receiver, endpoint, run_tasks):
    receiver.answer(200)
    with time_machine.travel(T0, tick=False), run_tasks():
        (delivery,) = services.emit(
            organisation=endpoint.organisation, event="calloff.acknowledged", payload=PAYLOAD
        )
    (got,) = receiver.received
    assert got.path == "/hooks/rantai"
    assert json.loads(got.body) == {
        "id": str(delivery.event_id),
        "event": "calloff.acknowledged",
        "created_at": "2026-06-15T03:00:00+00:00",
        "data": PAYLOAD,
    }
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["X-Rantai-Event"] == "calloff.acknowledged"
    assert got.headers["X-Rantai-Delivery"] == str(delivery.event_id)
    signature = got.headers["X-Rantai-Signature"]
    assert signature.startswith(f"t={int(T0.timestamp())},v1=")
    assert verify(signature, got.body, endpoint.secret, now=int(T0.timestamp()))
    assert not verify(signature, got.body, "another-secret", now=int(T0.timestamp()))
    assert not verify(signature, got.body + b" ", endpoint.secret, now=int(T0.timestamp()))
    assert not verify(signature, got.body, endpoint.secret, now=int(T0.timestamp()) + 301)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts_count, delivery.next_attempt_at) == (
        Delivery.Status.SUCCEEDED,
        1,
        None,
    )
    (attempt,) = delivery.attempts.all()
    assert (attempt.status_code, attempt.error, attempt.response_excerpt) == (200, "", "ok")
    assert attempt.started_at == T0


def test_a_500_then_a_timeout_then_200_are_three_logged_attempts_on_the_backoff(
    receiver, endpoint, run_tasks
):
    receiver.answer(500, (200, 1.5), 200)  # the second answer comes after the 0.5 s timeout
    with time_machine.travel(T0, tick=False) as clock:
        with run_tasks():
            (delivery,) = services.emit(
                organisation=endpoint.organisation, event="calloff.acknowledged", payload={}
            )
        delivery.refresh_from_db()
        assert (delivery.status, delivery.next_attempt_at) == ("pending", T0 + timedelta(minutes=1))
        clock.shift(timedelta(seconds=59))
        assert services.send_due() == 0  # not due yet
        clock.shift(timedelta(seconds=1))
        assert services.send_due() == 1  # times out
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == T0 + timedelta(minutes=6)
        clock.move_to(T0 + timedelta(minutes=6))
        assert services.send_due() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts_count, delivery.next_attempt_at) == (
        Delivery.Status.SUCCEEDED,
        3,
        None,
    )
    attempts = list(delivery.attempts.all())
    assert [(a.started_at, a.status_code, a.error) for a in attempts] == [
        (T0, 500, ""),
        (T0 + timedelta(minutes=1), None, "timeout after 0.5 s"),
        (T0 + timedelta(minutes=6), 200, ""),
    ]
    assert attempts[0].response_excerpt == ("boom " * 100)  # the first 500 characters
    assert 500 <= attempts[1].duration_ms < 1500
    assert len(receiver.received) == 3
    assert len({r.headers["X-Rantai-Delivery"] for r in receiver.received}) == 1


def test_it_gives_up_after_the_sixth_failed_attempt(receiver, endpoint, run_tasks):
    receiver.answer(503)
    with time_machine.travel(T0, tick=False) as clock:
        with run_tasks():
            (delivery,) = services.emit(
                organisation=endpoint.organisation, event="calloff.acknowledged", payload={}
            )
        waits = []
        for _ in range(5):
            delivery.refresh_from_db()
            waits.append(delivery.next_attempt_at - timezone.now())
            clock.move_to(delivery.next_attempt_at)
            assert services.send_due() == 1
        delivery.refresh_from_db()
        assert services.send_due(now=T0 + timedelta(days=30)) == 0
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=12),
    ]
    assert (delivery.status, delivery.attempts_count, delivery.next_attempt_at) == (
        Delivery.Status.FAILED,
        6,
        None,
    )
    assert list(delivery.attempts.values_list("status_code", flat=True)) == [503] * 6


def test_a_refused_connection_and_a_redirect_are_failures(receiver, run_tasks):
    refused = EndpointFactory(url="http://127.0.0.1:9/nobody-listens")
    with time_machine.travel(T0, tick=False):
        attempt = services.attempt(delivery=WebhookDeliveryFactory(endpoint=refused))
    assert (attempt.status_code, attempt.error) == (None, "connection refused")
    receiver.answer(302)
    moved = EndpointFactory(url=receiver.url)
    delivery = WebhookDeliveryFactory(endpoint=moved)
    attempt = services.attempt(delivery=delivery)
    assert (attempt.status_code, attempt.error) == (302, "")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING  # retried later; the redirect not followed
    assert len(receiver.received) == 1


def test_two_workers_never_attempt_the_same_delivery_twice(receiver, endpoint):
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    stale = Delivery.objects.get(pk=delivery.pk)
    assert services.attempt(delivery=delivery) is not None
    assert services.attempt(delivery=stale) is None
    assert len(receiver.received) == 1


def test_a_worker_enqueues_the_retry_for_when_it_is_due(receiver, endpoint, settings):
    """With a backend that can defer tasks (the database worker; here Django's dummy backend,
    which keeps what it is given), a failed attempt enqueues the next one at its time."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    receiver.answer(500)
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    with time_machine.travel(T0, tick=False):
        delivery.next_attempt_at = T0
        delivery.save()
        services.deliver(delivery_id=delivery.pk)
    (queued,) = task_backends["default"].results
    assert queued.task.name == "deliver"
    assert queued.args == [delivery.pk]
    assert queued.task.run_after == T0 + timedelta(minutes=1)


def test_an_inactive_endpoint_is_sent_nothing(receiver, endpoint):
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    endpoint.active = False
    endpoint.save()
    assert services.send_due() == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts.count()) == (Delivery.Status.FAILED, 0)
    assert receiver.received == []


def test_emit_without_endpoints_costs_one_query(django_assert_num_queries):
    firm = FirmFactory()
    EndpointFactory(events=[Event.CALLOFF_SHIPPED])  # another organisation's
    with django_assert_num_queries(1):
        assert services.emit(organisation=firm, event="calloff.shipped", payload={}) == []


def test_emit_reaches_only_active_endpoints_subscribed_to_the_event(run_tasks, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    firm = FirmFactory()
    shipped = EndpointFactory(
        organisation=firm, url="http://127.0.0.1:9/a", events=["calloff.shipped"]
    )
    EndpointFactory(organisation=firm, events=["calloff.released"])
    EndpointFactory(organisation=firm, events=["calloff.shipped"], inactive=True)
    EndpointFactory(events=["calloff.shipped"])  # another organisation's
    with run_tasks():
        deliveries = services.emit(organisation=firm.pk, event="calloff.shipped", payload={"n": 1})
    assert [d.endpoint for d in deliveries] == [shipped]
    with pytest.raises(ValueError, match=r"calloff\.lost"):
        services.emit(organisation=firm, event="calloff.lost", payload={})


def _emit_then_fail(endpoint):
    with transaction.atomic():
        services.emit(organisation=endpoint.organisation, event="calloff.acknowledged", payload={})
        raise RuntimeError("the call-off could not be saved")


def test_emit_in_a_transaction_that_rolls_back_sends_nothing(
    receiver, endpoint, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="could not be saved"),
    ):
        _emit_then_fail(endpoint)
    assert callbacks == []
    assert receiver.received == []
    assert not Delivery.objects.exists()


def test_a_slow_or_failing_receiver_never_fails_the_emitting_action(receiver, endpoint, run_tasks):
    receiver.answer((500, 1.5))
    with run_tasks():
        (delivery,) = services.emit(
            organisation=endpoint.organisation, event="calloff.acknowledged", payload={}
        )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts_count) == (Delivery.Status.PENDING, 1)
    assert delivery.attempts.get().error == "timeout after 0.5 s"


def test_the_command_sends_what_is_due(receiver, endpoint):
    WebhookDeliveryFactory(endpoint=endpoint)
    WebhookDeliveryFactory(endpoint=endpoint, next_attempt_at=timezone.now() + timedelta(hours=1))
    out = io.StringIO()
    call_command("send_due_webhooks", stdout=out)
    assert out.getvalue() == "1 webhook delivery attempt(s).\n"
    assert len(receiver.received) == 1
