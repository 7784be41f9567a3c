"""Endpoints: the addresses refused (plain http, private, loopback and link-local ones, unless
development allows them), the secret and its rotation, and replaying a delivery."""

import pytest
from django.core.exceptions import ValidationError

from rantai.webhooks import sending, services
from rantai.webhooks.models import Delivery, Endpoint
from tests.factories import EndpointFactory, FirmFactory, UserFactory, WebhookDeliveryFactory

pytestmark = pytest.mark.django_db

PRIVATE = [
    "https://127.0.0.1/hooks",
    "https://10.1.2.3/hooks",
    "https://192.168.1.20:8443/hooks",
    "https://172.16.0.9/hooks",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/hooks",
    "https://[::1]/hooks",
    "https://[fe80::1]/hooks",
    "https://[::ffff:127.0.0.1]/hooks",
    "https://0.0.0.0/hooks",
    "https://localhost/hooks",
    "https://erp.localhost/hooks",
    "https://erp.internal/hooks",
]


def refusal(url: str) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        services.create_endpoint(
            organisation=FirmFactory(), url=url, events=["calloff.shipped"], user=None
        )
    return refused.value.message_dict["url"]


@pytest.mark.parametrize("url", PRIVATE)
def test_a_private_loopback_or_link_local_address_is_refused(url, english, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    assert refusal(url) == [
        "This address is private, loopback or link-local: a webhook must reach a server on the "
        "internet."
    ]
    assert not Endpoint.objects.exists()


def test_plain_http_and_credentials_are_refused(english, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    assert refusal("http://erp.example.com/hooks") == [
        "A webhook address must start with https://."
    ]
    assert refusal("ftp://erp.example.com/hooks") == ["A webhook address must start with https://."]
    assert refusal("https://user:pw@erp.example.com/hooks") == [
        "Put no user name or password in the address; check the signature instead."
    ]


def test_development_allows_local_receivers(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    endpoint = services.create_endpoint(
        organisation=FirmFactory(),
        url="http://127.0.0.1:8001/hooks",
        events=["calloff.shipped"],
        user=None,
    )
    assert endpoint.url == "http://127.0.0.1:8001/hooks"


def test_a_public_https_address_is_kept_with_a_new_secret_and_events_are_checked(english):
    user = UserFactory()
    endpoint = services.create_endpoint(
        organisation=FirmFactory(),
        url="https://erp.example.com/hooks",
        events=["calloff.shipped", "calloff.received"],
        user=user,
        description="Gudang",
    )
    assert len(endpoint.secret) == 64 and int(endpoint.secret, 16) >= 0
    assert (endpoint.created_by, endpoint.active) == (user, True)
    for events, message in [
        ([], "Choose at least one event."),
        (["calloff.lost"], "Choose events from the list, each once."),
        (["calloff.shipped", "calloff.shipped"], "Choose events from the list, each once."),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.update_endpoint(endpoint=endpoint, changes={"events": events})
        assert refused.value.message_dict == {"events": [message]}
    endpoint.refresh_from_db()
    assert endpoint.events == ["calloff.shipped", "calloff.received"]


def test_a_name_that_resolves_to_a_private_address_is_refused_when_sending(settings, receiver):
    """Saved while development allowed it (or a public name that now points inside): the
    address is checked again, after resolving it, before every attempt."""
    endpoint = EndpointFactory(url=receiver.url)
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    assert sending.refusal("http://localhost:9/x").startswith(
        "refused: localhost resolves to a non-public address"
    )
    attempt = services.attempt(delivery=WebhookDeliveryFactory(endpoint=endpoint))
    assert (attempt.status_code, attempt.error) == (
        None,
        "refused: 127.0.0.1 resolves to a non-public address (127.0.0.1)",
    )
    assert receiver.received == []


def test_rotating_the_secret_replaces_it_and_keeps_it_out_of_the_history():
    endpoint = EndpointFactory()
    old = endpoint.secret
    services.rotate_secret(endpoint=endpoint)
    endpoint.refresh_from_db()
    assert endpoint.secret != old and len(endpoint.secret) == 64
    assert not hasattr(endpoint.history.first(), "secret")
    assert endpoint.history.count() == 2


def test_a_replay_is_a_new_delivery_of_the_same_event(receiver, run_tasks):
    endpoint = EndpointFactory(url=receiver.url)
    original = WebhookDeliveryFactory(endpoint=endpoint, status="failed", next_attempt_at=None)
    user = UserFactory()
    receiver.answer(200)
    with run_tasks():
        copy = services.replay(delivery=original, user=user)
    copy.refresh_from_db()
    assert (copy.event_id, copy.payload, copy.replay_of, copy.replayed_by) == (
        original.event_id,
        original.payload,
        original,
        user,
    )
    assert (copy.status, copy.attempts_count) == (Delivery.Status.SUCCEEDED, 1)
    (got,) = receiver.received
    assert got.headers["X-Rantai-Delivery"] == str(original.event_id)
    again = services.replay(delivery=copy, user=user)
    assert again.replay_of == original  # a replay of a replay points at the original
    original.refresh_from_db()
    assert original.status == Delivery.Status.FAILED  # the original's log stays as it was


def test_an_inactive_endpoint_is_not_replayed(english):
    delivery = WebhookDeliveryFactory(endpoint=EndpointFactory(inactive=True))
    with pytest.raises(ValidationError) as refused:
        services.replay(delivery=delivery, user=None)
    assert refused.value.messages == ["This endpoint is inactive: activate it before replaying."]
    assert Delivery.objects.count() == 1
