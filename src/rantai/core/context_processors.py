from django.conf import settings

from rantai.accounts.actors import actor_for


def navigation(request):
    """What the base template needs on every page."""
    user = getattr(request, "user", None)
    return {
        "LANGUAGES": settings.LANGUAGES,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "nav_is_officer": actor_for(user).is_officer if user is not None else False,
    }
