from django import template

from core.durations import as_minutes, format_duration
from core.reasons import reason_in_language

register = template.Library()


@register.filter
def duration(value, working_day_minutes=None) -> str:
    """A duration (timedelta or minutes) in words: `{{ clock_elapsed|duration:clock.working_day_minutes }}`
    for business time, `{{ mean_minutes|duration }}` for wall-clock time (see core.durations)."""
    return format_duration(value, working_day_minutes)


@register.filter
def hours_duration(value, working_day_minutes=None) -> str:
    """`duration` for a figure counted in hours (a lead time of 26.5 hours reads "1 d 2 u 30 min")."""
    minutes = as_minutes(value)
    return format_duration(None if minutes is None else minutes * 60, working_day_minutes)


@register.filter
def business_hours(value) -> str:
    """`duration` in hours and minutes only ("37 u 30 min"), for business time of several calendars at once
    (a median over agreements), where no single working day applies."""
    return format_duration(value, count_days=False)


@register.filter
def history_reason(reason) -> str:
    """A stored history reason in the reader's language when it is a known one (see core.reasons)."""
    return reason_in_language(reason)
