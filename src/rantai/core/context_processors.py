from django.conf import settings


def navigation(request):
    """What the base template needs on every page."""
    return {
        "LANGUAGES": settings.LANGUAGES,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
