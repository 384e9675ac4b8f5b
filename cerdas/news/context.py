from django.http import HttpRequest

from .banners import active_banners


def emergency_banners(request: HttpRequest) -> dict:
    return {"EMERGENCY_BANNERS": active_banners}
