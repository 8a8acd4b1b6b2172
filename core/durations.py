"""Durations in words people read: "45 min", "3 u 20 min", "2 werkdagen 3 u", "1 d 4 u".

Business time (SLA targets, what a clock has used, time on hold) is counted in working days of the
agreement's calendar: pass that calendar's working day (`working_day_minutes`, e.g. 540 for 08:00–17:00).
Wall-clock time (mean time to acknowledge or resolve, lead times) and the business time of an
always-open calendar pass None and are counted in days of 24 hours.
"""

from datetime import timedelta

from django.utils.translation import gettext, ngettext

MINUTES_PER_DAY = 24 * 60


def as_minutes(value: timedelta | float | int | None) -> float | None:
    """Minutes from a timedelta or a number of minutes (None stays None)."""
    if isinstance(value, timedelta):
        return value.total_seconds() / 60
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def format_duration(
    value: timedelta | float | int | None, working_day_minutes: int | None = None, *, count_days: bool = True
) -> str:
    """A duration (timedelta or minutes) in days, hours and minutes, rounded to the whole minute.

    With `working_day_minutes` the days are working days of that length ("2 werkdagen 3 u"); without,
    days of 24 hours ("1 d 4 u"). Every unit that is not zero is shown, so two durations never read alike
    when they differ by a minute. Nothing known reads "–"; a negative duration gets a minus sign.
    `count_days=False` counts in hours only, for business time summed over calendars of different days.
    """
    minutes = as_minutes(value)
    if minutes is None:
        return "–"
    total = round(minutes)
    if total < 0:
        return "−" + format_duration(-total, working_day_minutes, count_days=count_days)
    if total == 0:
        return gettext("0 min")
    day_length = working_day_minutes if working_day_minutes and working_day_minutes > 0 else MINUTES_PER_DAY
    days, rest = divmod(total, day_length) if count_days else (0, total)
    hours, rest = divmod(rest, 60)
    parts = []
    if days and working_day_minutes:
        parts.append(ngettext("%(count)d werkdag", "%(count)d werkdagen", days) % {"count": days})
    elif days:
        parts.append(gettext("%(count)d d") % {"count": days})
    if hours:
        parts.append(gettext("%(count)d u") % {"count": hours})
    if rest:
        parts.append(gettext("%(count)d min") % {"count": rest})
    return " ".join(parts)
