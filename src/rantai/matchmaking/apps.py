from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "rantai.matchmaking"
    verbose_name = _("Business matching (temu bisnis)")
