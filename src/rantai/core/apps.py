from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rantai.core"
    verbose_name = _("Core")

    def ready(self):
        # Every app's scopes.py registers its models' scopes (core.access), its importing.py
        # its importer (core.importing), its workspace.py its home sections (core.workspace).
        autodiscover_modules("scopes", "importing", "workspace")
