from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiveRConfig(AppConfig):
    name = "rantai.five_r"
    label = "five_r"
    verbose_name = _("5R mentoring")

    def ready(self):
        from rantai.five_r import signals  # noqa: F401, PLC0415 (Django's way: on ready)
