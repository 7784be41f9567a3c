"""The webhook pages as firm A's owner (in English): adding an endpoint with its events, editing
and deactivating it, rotating its secret, deleting it, and a delivery with its attempts and the
Replay button."""

import re

import pytest
from django.urls import reverse

from rantai.webhooks.models import Delivery, Endpoint
from tests.factories import EndpointFactory, WebhookAttemptFactory, WebhookDeliveryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world, login):
    user = world.user("firm_a")
    user.language = "en"
    user.save(update_fields=["language"])
    return login(user)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_owner_adds_an_endpoint_with_its_events_and_sees_its_secret(world, owner):
    url = reverse("webhooks:endpoint-create", args=[world.firm_a.pk])
    form = text(owner.get(url))
    assert 'value="calloff.acknowledged"' in form and 'value="calloff.received"' in form
    answer = owner.post(
        url,
        {
            "url": "https://erp.example.com/rantai",
            "events": ["calloff.acknowledged", "calloff.shipped"],
            "description": "<script>alert(1)</script>",
            "active": "on",
        },
    )
    endpoint = Endpoint.objects.get()
    assert answer.status_code == 302 and answer.url == endpoint.get_absolute_url()
    assert (endpoint.organisation, endpoint.created_by) == (world.firm_a, world.user("firm_a"))
    assert endpoint.events == ["calloff.acknowledged", "calloff.shipped"]
    page = text(owner.get(answer.url))
    assert f'data-testid="endpoint-secret">{endpoint.secret}</code>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "call-off acknowledged" in page and "call-off shipped" in page
    listing = text(owner.get(reverse("webhooks:endpoints", args=[world.firm_a.pk])))
    assert "https://erp.example.com/rantai" in listing


def test_a_private_address_is_refused_on_the_form_and_nothing_is_saved(world, owner, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    answer = owner.post(
        reverse("webhooks:endpoint-create", args=[world.firm_a.pk]),
        {"url": "https://192.168.1.10/hooks", "events": ["calloff.shipped"], "active": "on"},
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors == {
        "url": [
            "This address is private, loopback or link-local: a webhook must reach a server on "
            "the internet."
        ]
    }
    assert not Endpoint.objects.exists()


def test_the_owner_deactivates_rotates_and_deletes(world, owner):
    endpoint = EndpointFactory(organisation=world.firm_a, events=["calloff.shipped"])
    WebhookAttemptFactory(delivery=WebhookDeliveryFactory(endpoint=endpoint))
    edit = reverse("webhooks:endpoint-edit", args=[endpoint.pk])
    form = owner.get(edit).context["form"]
    data = {**form.initial, "events": ["calloff.shipped", "calloff.cancelled"]}
    data.pop("active")
    data["record_version"] = form["record_version"].value()
    assert owner.post(edit, data).status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.events) == (False, ["calloff.shipped", "calloff.cancelled"])
    assert "inactive" in text(owner.get(endpoint.get_absolute_url()))

    old = endpoint.secret
    assert owner.post(reverse("webhooks:endpoint-rotate", args=[endpoint.pk])).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret != old

    delete = reverse("webhooks:endpoint-delete", args=[endpoint.pk])
    assert "Delete endpoint" in text(owner.get(delete))
    answer = owner.post(delete)
    assert answer.url == reverse("webhooks:endpoints", args=[world.firm_a.pk])
    assert (Endpoint.objects.count(), Delivery.objects.count()) == (0, 0)


def test_a_delivery_shows_each_attempt_and_can_be_replayed(world, owner):
    endpoint = EndpointFactory(organisation=world.firm_a)
    delivery = WebhookDeliveryFactory(endpoint=endpoint, status="failed", next_attempt_at=None)
    WebhookAttemptFactory(delivery=delivery, status_code=500, duration_ms=84)
    WebhookAttemptFactory(
        delivery=delivery, status_code=None, duration_ms=5003, error="timeout after 5 s"
    )
    endpoint_page = text(owner.get(endpoint.get_absolute_url()))
    assert f'data-testid="delivery-{delivery.pk}"' in endpoint_page
    assert "failed (gave up)" in endpoint_page
    page = text(owner.get(delivery.get_absolute_url()))
    assert re.search(r'data-testid="attempt-1">.*?>500</span>.*?84 ms', page)
    assert re.search(r'data-testid="attempt-2">.*?timeout after 5 s.*?5003 ms', page)
    assert "&quot;calloff&quot;: &quot;CO-0001&quot;" in page  # the payload, as text
    answer = owner.post(reverse("webhooks:delivery-replay", args=[delivery.pk]))
    copy = Delivery.objects.exclude(pk=delivery.pk).get()
    assert answer.url == copy.get_absolute_url()
    assert (copy.replay_of, copy.event_id) == (delivery, delivery.event_id)


def test_the_firm_page_links_the_owner_to_its_webhooks(world, owner):
    page = text(owner.get(reverse("firms:detail", args=[world.firm_a.pk])))
    assert f'href="/webhooks/organisations/{world.firm_a.pk}/" data-testid="firm-webhooks"' in page
