"""Call-off events reach the parties' systems: the buyer's ERP hears of the acknowledgement
and the proposal, signed, after the transaction; a failing receiver never blocks the action."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rantai.calloffs import services
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
