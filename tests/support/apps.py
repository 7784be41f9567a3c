from django.apps import AppConfig


class SupportConfig(AppConfig):
    """Test-only helpers that need to be an installed app (a management command)."""

    name = "tests.support"
    label = "test_support"
