"""Fixtures of the webhook tests: a real local receiver, and English messages."""

import pytest
from django.utils import translation

from tests.webhooks.receiver import running_receiver


@pytest.fixture
def receiver(settings):
    """A local receiver; development settings allow it (plain http on 127.0.0.1), and it has
    half a second to answer."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT = 0.5
    with running_receiver() as state:
        yield state


@pytest.fixture
def english():
    with translation.override("en"):
        yield
