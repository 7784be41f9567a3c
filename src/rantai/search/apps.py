from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "rantai.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # Each app's search.py registers what it lets people find (rantai.search.registry).
        autodiscover_modules("search")
