from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """Business time as hours and minutes ("36 u 05 min"): days mean little when a day is 9 hours."""
    if value is None:
        return "–"
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return _("%(hours)d u %(minutes)02d min") % {"hours": hours, "minutes": minutes}


@register.filter
def minutes_as_duration(value: float | None) -> str:
    """Stored minutes (a report's figures) as hours and minutes, like `duration`."""
    return duration(None if value is None else timedelta(minutes=value))
