"""Who reaches an organisation's webhooks, per persona, on the pages and the API: the members who
manage firm A's members (its owner) and administrators; nobody else, officers included. A refused
write leaves the database as it was."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rantai.webhooks.models import Delivery, Endpoint
from tests.conftest import PERSONAS
from tests.factories import EndpointFactory, WebhookAttemptFactory, WebhookDeliveryFactory
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db

MANAGERS = {"firm_a", "admin"}
NEW = {"url": "https://erp.example.com/new", "events": ["calloff.shipped"], "description": "x"}


@pytest.fixture
def hooks(world):
    mine = EndpointFactory(organisation=world.firm_a, url="https://a.example.com/hooks")
    theirs = EndpointFactory(organisation=world.firm_b, url="https://b.example.com/hooks")
    delivery = WebhookDeliveryFactory(endpoint=mine)
    WebhookAttemptFactory(delivery=delivery)
    WebhookAttemptFactory(delivery=WebhookDeliveryFactory(endpoint=theirs))
    return mine, theirs, delivery


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response):
    return sorted(row["id"] for row in response.json()["results"])


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_lists_only_the_webhooks_one_manages(world, hooks, persona):
    mine, theirs, delivery = hooks
    client = api(world.user(persona))
    endpoints = client.get("/api/v1/webhooks/endpoints/")
    deliveries = client.get("/api/v1/webhooks/deliveries/")
    if persona == "anonymous":
        assert (endpoints.status_code, deliveries.status_code) == (401, 401)
        return
    wanted = {
        "firm_a": [mine.pk],
        "firm_b": [theirs.pk],
        "admin": sorted([mine.pk, theirs.pk]),
    }.get(persona, [])
    assert ids(endpoints) == wanted
    assert ids(deliveries) == sorted(
        Delivery.objects.filter(endpoint_id__in=wanted).values_list("pk", flat=True)
    )
    detail = client.get(f"/api/v1/webhooks/deliveries/{delivery.pk}/")
    assert detail.status_code == (200 if persona in MANAGERS else 404)
    if detail.status_code == 200:
        (attempt,) = detail.json()["attempts"]
        assert (attempt["status_code"], attempt["duration_ms"]) == (500, 84)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_managers_write_an_organisation_s_webhooks_through_the_api(world, hooks, persona):
    mine, _theirs, delivery = hooks
    client = api(world.user(persona))
    expected = {"anonymous": 401}.get(persona, 201 if persona in MANAGERS else 403)
    before = fingerprint()
    created = client.post(
        "/api/v1/webhooks/endpoints/", {**NEW, "organisation": world.firm_a.pk}, format="json"
    )
    assert created.status_code == expected
    if expected != 201:
        assert fingerprint() == before
        refused = {"anonymous": 401}.get(persona, 404)
        for method, url, body in [
            ("patch", f"/api/v1/webhooks/endpoints/{mine.pk}/", {"active": False}),
            ("delete", f"/api/v1/webhooks/endpoints/{mine.pk}/", None),
            ("post", f"/api/v1/webhooks/endpoints/{mine.pk}/rotate-secret/", None),
            ("post", f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/", None),
        ]:
            assert getattr(client, method)(url, body, format="json").status_code == refused, url
        assert fingerprint() == before
        return
    assert created.json()["secret"] == Endpoint.objects.get(pk=created.json()["id"]).secret
    old = mine.secret
    assert (
        client.patch(
            f"/api/v1/webhooks/endpoints/{mine.pk}/", {"active": False}, format="json"
        ).json()["active"]
        is False
    )
    rotated = client.post(f"/api/v1/webhooks/endpoints/{mine.pk}/rotate-secret/")
    assert rotated.status_code == 200 and rotated.json()["secret"] not in {old, ""}
    moved = client.patch(
        f"/api/v1/webhooks/endpoints/{mine.pk}/",
        {"organisation": world.firm_b.pk},
        format="json",
    )
    assert moved.status_code == 400
    assert Endpoint.objects.get(pk=mine.pk).organisation == world.firm_a


def test_a_manager_cannot_add_an_endpoint_to_another_organisation(world):
    before = fingerprint()
    answer = api(world.user("firm_a")).post(
        "/api/v1/webhooks/endpoints/", {**NEW, "organisation": world.firm_b.pk}, format="json"
    )
    assert answer.status_code == 403
    assert fingerprint() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pages_answer_managers_only_and_refusals_write_nothing(world, hooks, persona, login):
    mine, _theirs, delivery = hooks
    client = login(world.user(persona))
    allowed = persona in MANAGERS
    pages = [
        (reverse("webhooks:endpoints", args=[world.firm_a.pk]), 403),
        (reverse("webhooks:endpoint", args=[mine.pk]), 404),
        (reverse("webhooks:endpoint-edit", args=[mine.pk]), 404),
        (reverse("webhooks:delivery", args=[delivery.pk]), 404),
    ]
    for url, refused in pages:
        status = client.get(url).status_code
        assert status == (200 if allowed else 302 if persona == "anonymous" else refused), url
    firm_page = client.get(reverse("firms:detail", args=[world.firm_a.pk]))
    assert (b'data-testid="firm-webhooks"' in firm_page.content) == allowed
    if allowed:
        return
    before = fingerprint()
    for url, refused in [
        (reverse("webhooks:endpoint-create", args=[world.firm_a.pk]), 403),
        (reverse("webhooks:endpoint-edit", args=[mine.pk]), 404),
        (reverse("webhooks:endpoint-rotate", args=[mine.pk]), 404),
        (reverse("webhooks:endpoint-delete", args=[mine.pk]), 404),
        (reverse("webhooks:delivery-replay", args=[delivery.pk]), 404),
    ]:
        status = client.post(url, {**NEW, "active": "on"}).status_code
        assert status == (302 if persona == "anonymous" else refused), url
    assert fingerprint() == before


def test_the_api_refuses_a_private_address_and_unknown_events(world, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    client = api(world.user("firm_a"))
    before = fingerprint()
    for body, field in [
        ({**NEW, "url": "https://10.0.0.8/hooks"}, "url"),
        ({**NEW, "events": ["calloff.lost"]}, "events"),
        ({**NEW, "events": ["calloff.shipped", "calloff.shipped"]}, "events"),
        ({**NEW, "events": []}, "events"),
    ]:
        answer = client.post(
            "/api/v1/webhooks/endpoints/", {**body, "organisation": world.firm_a.pk}, format="json"
        )
        assert (answer.status_code, list(answer.json())) == (400, [field]), body
    assert fingerprint() == before
