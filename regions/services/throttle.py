"""Limits per hour on things that send e-mail, kept in the database so every web worker counts the same."""

import datetime

from django.db import transaction
from django.utils import timezone

from regions.models import ThrottleEvent


@transaction.atomic
def throttle_take(key: str, *, limit: int, window: datetime.timedelta) -> bool:
    """Count one use under ``key`` and return True, or return False (and count nothing) when ``limit`` uses
    were already counted within ``window``."""
    since = timezone.now() - window
    ThrottleEvent.objects.filter(key=key, at__lt=since).delete()
    if ThrottleEvent.objects.filter(key=key).count() >= limit:
        return False
    ThrottleEvent.objects.create(key=key)
    return True
