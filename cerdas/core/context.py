from django.conf import settings
from django.http import HttpRequest


def city(request: HttpRequest) -> dict:
    return {
        "CITY_NAME": settings.CERDAS_CITY_NAME,
        "MAP_TILE_URL": settings.CERDAS_MAP_TILE_URL,
        "MAP_ATTRIBUTION": settings.CERDAS_MAP_ATTRIBUTION,
    }
