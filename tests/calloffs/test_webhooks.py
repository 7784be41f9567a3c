"""Call-off events reach the parties' systems: the buyer's ERP hears of the acknowledgement
and the proposal, signed, after the transaction; a failing receiver never blocks the action."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from rantai.calloffs import services, shipping
from rantai.calloffs.models import CallOff
from rantai.webhooks.models import Delivery, Event
from tests.calloffs.conftest import release
from tests.factories.webhooks import EndpointFactory
from tests.webhooks.receiver import running_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT = 0.5
    with running_receiver() as state:
        yield state


def test_the_buyers_erp_hears_of_the_acknowledgement_and_the_proposal(
    world, supply, erp, run_tasks
):
    EndpointFactory(
        organisation=supply.deal.buyer,
        url=erp.url,
        events=[Event.CALLOFF_ACKNOWLEDGED, Event.CALLOFF_CHANGE_PROPOSED],
    )
    with run_tasks():
        first = release(supply)  # released: not subscribed
        services.acknowledge(call_off=first, user=world.user("firm_a"))
    with run_tasks():
        second = release(supply)
        services.propose(call_off=second, user=world.user("firm_a"), quantity=450, note="Bahan")

    sent = [(r.headers["X-Rantai-Event"], json.loads(r.body)["data"]) for r in erp.received]
    assert [(event, data["number"], data["status"]) for event, data in sent] == [
        ("calloff.acknowledged", "CO-260615-001", "acknowledged"),
        ("calloff.change_proposed", "CO-260615-002", "proposed"),
    ]
    assert sent[1][1]["proposed_quantity"] == "450"
    assert all("X-Rantai-Signature" in r.headers for r in erp.received)


def test_a_receiver_that_fails_does_not_stop_the_supplier(world, supply, erp, run_tasks):
    erp.answer(500)
    EndpointFactory(organisation=supply.deal.supplier, url=erp.url)
    call_off = release(supply)
    with run_tasks():
        services.acknowledge(call_off=call_off, user=world.user("firm_a"))
    call_off.refresh_from_db()
    assert call_off.status == CallOff.Status.ACKNOWLEDGED
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts_count == 1
    assert delivery.next_attempt_at is not None


def test_nothing_is_sent_when_the_action_is_refused(world, supply, erp, run_tasks):
    EndpointFactory(organisation=supply.deal.buyer, url=erp.url)
    call_off = release(supply)
    services.acknowledge(call_off=call_off, user=world.user("firm_a"))
    with (
        translation.override("en"),
        run_tasks(),
        pytest.raises(ValidationError, match="cannot be done now"),
    ):
        services.acknowledge(call_off=call_off, user=world.user("firm_a"))
    assert Delivery.objects.count() == 1  # the first acknowledgement only


def test_the_buyers_erp_hears_of_the_shipment_and_the_receipt(world, supply, erp, run_tasks):
    EndpointFactory(
        organisation=supply.deal.buyer,
        url=erp.url,
        events=[Event.CALLOFF_SHIPPED, Event.CALLOFF_RECEIVED],
    )
    call_off = release(supply)
    services.acknowledge(call_off=call_off, user=world.user("firm_a"))
    today = timezone.localdate()
    with run_tasks():
        notice = shipping.ship(
            partnership=supply.deal,
            user=world.user("firm_a"),
            number="SJ-0615-01",
            shipped_on=today,
            lines=[{"call_off": call_off, "lot": "L-15", "quantity": Decimal("300")}],
        )
    with run_tasks():
        shipping.receive(
            notice=notice,
            user=supply.buyer_user,
            received_on=today,
            lines=[
                {
                    "line": notice.lines.get(),
                    "received": Decimal("300"),
                    "rejected": Decimal("4"),
                    "reject_reason": "Diameter di luar toleransi",
                }
            ],
        )
    sent = [(r.headers["X-Rantai-Event"], json.loads(r.body)["data"]) for r in erp.received]
    assert [event for event, _data in sent] == ["calloff.shipped", "calloff.received"]
    shipped, received = sent[0][1], sent[1][1]
    assert (shipped["number"], shipped["lines"][0]["quantity"]) == ("SJ-0615-01", "300.00")
    assert received["lines"][0]["rejected"] == "4.00"
    assert received["lines"][0]["call_off_number"] == "CO-260615-001"
