from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirmsConfig(AppConfig):
    name = "rantai.firms"
    verbose_name = _("Firm registry")
