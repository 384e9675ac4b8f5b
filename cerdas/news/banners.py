"""The emergency banners that are on now, for every public page and the wall.

Every page asks, so each process keeps the banners that have not expired for a minute
(as the working-day calendar does) and picks the ones on at the moment of the request:
a banner goes exactly at its expiry, and a new one shows in the saving process at once
and in the others within CACHE_SECONDS. The wall, where a warning must show at once,
reads the table on every poll (one small query).
"""

import time as _time
from datetime import datetime

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import EmergencyBanner

CACHE_SECONDS = 60
_cache: dict[str, tuple[float, list[EmergencyBanner]]] = {}


def _not_expired() -> list[EmergencyBanner]:
    hit = _cache.get("banners")
    if hit and _time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    rows = list(EmergencyBanner.objects.filter(expires_at__gt=timezone.now()).order_by("starts_at"))
    _cache["banners"] = (_time.monotonic(), rows)
    return rows


def active_banners(now: datetime | None = None) -> list[EmergencyBanner]:
    now = now or timezone.now()
    return [b for b in _not_expired() if b.starts_at <= now < b.expires_at]


def banners_data(now: datetime | None = None) -> list[dict]:
    """The wall's `banners` key: text, level and expiry in the city's zone."""
    now = now or timezone.now()
    return [
        {
            "text": b.text,
            "level": b.level,
            "level_label": str(b.get_level_display()),
            "link": b.link,
            "expires_at": timezone.localtime(b.expires_at, settings.CERDAS_TIME_ZONE).isoformat(),
        }
        for b in EmergencyBanner.objects.active(now).order_by("starts_at", "id")
    ]


def forget() -> None:
    _cache.clear()


@receiver([post_save, post_delete], sender=EmergencyBanner)
def _forget_banners(**kwargs) -> None:
    forget()
