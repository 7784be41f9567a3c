from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rantai.core"
    verbose_name = _("Core")

    def ready(self):
        # Every app's scopes.py registers its models' scopes (core.access), and its
        # importing.py its importer (core.importing).
        autodiscover_modules("scopes", "importing")
