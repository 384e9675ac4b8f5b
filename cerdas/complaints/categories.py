"""Active categories by code, for the filing APIs: read on every report, changed a few
times a year.

Every process re-reads them at most once a minute, and at once in the process that saved
a change (the admin's). Each comes with its deadline policy, its default agency and its
extra questions, so filing a report reads none of them again.
"""

import time as _time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Category, CategoryAttribute, DeadlinePolicy

_TTL_SECONDS = 60
_cache: dict[str, tuple[float, dict[str, Category]]] = {}


def active_category(code: str) -> Category | None:
    """The active category with this code, or None. Treat it as read-only: it is shared
    by the requests of this process."""
    hit = _cache.get("active")
    if hit is None or _time.monotonic() - hit[0] >= _TTL_SECONDS:
        categories = (
            Category.objects.filter(is_active=True)
            .select_related("policy", "default_agency")
            .prefetch_related("attributes")
        )
        hit = (_time.monotonic(), {c.code: c for c in categories})
        _cache["active"] = hit
    return hit[1].get(code)


@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=CategoryAttribute)
@receiver([post_save, post_delete], sender=DeadlinePolicy)
def _forget_categories(**kwargs) -> None:
    _cache.clear()
