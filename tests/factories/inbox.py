"""Notifications as ``core.mail.notify`` leaves them in a user's inbox."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from rantai.inbox.models import Notification
from tests.factories.accounts import UserFactory


class NotificationFactory(DjangoModelFactory):
    """An unread lease reminder; ``read`` once its user has opened it."""

    class Meta:
        model = Notification

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))

    recipient = factory.SubFactory(UserFactory)
    kind = Notification.Kind.LEASE_ENDING
    subject = factory.Sequence(lambda n: f"Sewa unit C-{n} berakhir")
    body = "Sewa berakhir dalam 60 hari."
    url = "/kawasan/"
