"""Firm A's owner, on a phone, adds a webhook endpoint from his firm's page; a call-off event is
sent to it, the receiver answers 500, he sees the attempt and replays the event, which arrives."""

import pytest
from playwright.sync_api import expect

from rantai.webhooks import services
from rantai.webhooks.models import Delivery, Endpoint
from tests.webhooks.receiver import running_receiver


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT = 2
    with running_receiver() as state:
        yield state


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_owner_adds_an_endpoint_and_sees_a_delivery_s_attempts_on_a_phone(
    as_user, live_server, world, page, receiver, shot
):
    page.set_viewport_size({"width": 360, "height": 740})
    as_user(world.user("firm_a"))
    page.goto(f"{live_server.url}/firms/{world.firm_a.pk}/")
    page.get_by_test_id("firm-webhooks").click()
    page.get_by_test_id("endpoint-add").click()
    page.fill('input[name="url"]', receiver.url)
    page.locator('input[name="events"][value="calloff.acknowledged"]').check()
    page.locator('input[name="events"][value="calloff.shipped"]').check()
    page.fill('input[name="description"]', "ERP gudang")
    assert fits(page)
    page.get_by_test_id("save").click()

    endpoint = Endpoint.objects.get()
    expect(page.get_by_test_id("endpoint-secret")).to_have_text(endpoint.secret)
    assert endpoint.events == ["calloff.acknowledged", "calloff.shipped"]
    assert fits(page)

    receiver.answer(500, 200)
    (delivery,) = services.emit(
        organisation=world.firm_a,
        event="calloff.acknowledged",
        payload={"calloff": "CO-0042", "quantity": 120},
    )
    page.reload()
    row = page.get_by_test_id(f"delivery-{delivery.pk}")
    expect(row).to_be_visible()
    assert fits(page)
    row.get_by_role("link").click()
    expect(page.get_by_test_id("attempt-1")).to_contain_text("500")
    assert fits(page)
    shot("webhook-delivery-360")

    page.get_by_test_id("replay").click()
    copy = Delivery.objects.get(replay_of=delivery)
    page.wait_for_url(f"{live_server.url}{copy.get_absolute_url()}")
    expect(page.get_by_test_id("attempt-1")).to_contain_text("200")
    assert fits(page)
    assert [r.headers["X-Rantai-Delivery"] for r in receiver.received] == [
        str(delivery.event_id)
    ] * 2
