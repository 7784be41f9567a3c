from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallOffsConfig(AppConfig):
    name = "rantai.calloffs"
    label = "calloffs"
    verbose_name = _("Call-offs")
