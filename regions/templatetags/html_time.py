"""Dates and times in the form HTML's ``<time datetime="…">`` takes."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value) -> str:
    """``{{ moment|html_datetime }}``: a date and time in local time to the second, "2026-03-01T14:05:09+01:00" (the
    HTML standard allows at most three digits of fractions, Django's ``|date:"c"`` writes six); a date as
    "2026-03-01"; anything else as an empty string."""
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
