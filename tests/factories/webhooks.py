"""Webhook endpoints of an organisation, what was sent to them and each attempt."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from rantai.webhooks.models import Attempt, Delivery, Endpoint, Event
from tests.factories.firms import FirmFactory


class EndpointFactory(DjangoModelFactory):
    """An active endpoint told when a call-off is acknowledged or shipped."""

    class Meta:
        model = Endpoint

    class Params:
        inactive = factory.Trait(active=False)

    organisation = factory.SubFactory(FirmFactory)
    url = factory.Sequence(lambda n: f"https://erp{n}.example.com/rantai/hooks")
    events = factory.LazyFunction(lambda: [Event.CALLOFF_ACKNOWLEDGED, Event.CALLOFF_SHIPPED])
    description = "ERP gudang"


class WebhookDeliveryFactory(DjangoModelFactory):
    """A pending delivery of an acknowledged call-off, due now; ``succeeded`` once received."""

    class Meta:
        model = Delivery

    class Params:
        succeeded = factory.Trait(
            status=Delivery.Status.SUCCEEDED, attempts_count=1, next_attempt_at=None
        )

    endpoint = factory.SubFactory(EndpointFactory)
    event = Event.CALLOFF_ACKNOWLEDGED
    payload = factory.LazyFunction(lambda: {"calloff": "CO-0001", "quantity": 120})
    next_attempt_at = factory.LazyFunction(timezone.now)


class WebhookAttemptFactory(DjangoModelFactory):
    """A failed attempt: the receiver answered 500."""

    class Meta:
        model = Attempt

    delivery = factory.SubFactory(WebhookDeliveryFactory)
    started_at = factory.LazyFunction(timezone.now)
    duration_ms = 84
    status_code = 500
    response_excerpt = '{"ok": false}'
