from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the server: the job scheduler, the health check and the request log."""

    name = "rantai.ops"
    verbose_name = _("Operations")
