from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "rantai.insights"
    label = "insights"
    verbose_name = _("Program insights")

    def ready(self):
        from rantai.insights import signals  # noqa: F401, PLC0415 (Django's way: on ready)
