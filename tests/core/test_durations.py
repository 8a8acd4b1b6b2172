"""Durations read as hours and working days (business time) or days of 24 hours (clock time), in the reader's
language."""

from datetime import time, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from core.durations import format_duration
from parties.calendars import working_day_minutes

NINE_HOUR_DAY = 9 * 60


@pytest.mark.parametrize(
    ("minutes", "dutch", "english"),
    [
        (0, "0 min", "0 min"),
        (59, "59 min", "59 min"),
        (60, "1 u", "1 h"),
        (200, "3 u 20 min", "3 h 20 min"),
        (NINE_HOUR_DAY, "1 werkdag", "1 working day"),
        (NINE_HOUR_DAY - 1, "8 u 59 min", "8 h 59 min"),
        (2 * NINE_HOUR_DAY + 180, "2 werkdagen 3 u", "2 working days 3 h"),
        (3371.7, "6 werkdagen 2 u 12 min", "6 working days 2 h 12 min"),
        (-45, "−45 min", "−45 min"),
        (None, "–", "–"),
    ],
)
def test_business_time_counts_working_days_of_the_calendar(minutes, dutch, english):
    with translation.override("nl"):
        assert format_duration(minutes, NINE_HOUR_DAY) == dutch
    with translation.override("en"):
        assert format_duration(minutes, NINE_HOUR_DAY) == english


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (timedelta(hours=24), "1 d", "1 d"),
        (timedelta(hours=28), "1 d 4 u", "1 d 4 h"),
        (timedelta(minutes=2700), "1 d 21 u", "1 d 21 h"),
        (timedelta(hours=23, minutes=59), "23 u 59 min", "23 h 59 min"),
        (timedelta(seconds=29), "0 min", "0 min"),
    ],
)
def test_clock_time_counts_days_of_24_hours(value, dutch, english):
    with translation.override("nl"):
        assert format_duration(value) == dutch
    with translation.override("en"):
        assert format_duration(value) == english


def test_business_time_of_several_calendars_counts_hours_only():
    assert format_duration(2250, NINE_HOUR_DAY, count_days=False) == "37 u 30 min"


def test_the_template_filters_read_minutes_hours_and_nonsense():
    template = Template(
        "{% load regie %}{{ minutes|duration:day }}|{{ minutes|duration }}|{{ lead|hours_duration }}|"
        "{{ minutes|business_hours }}|{{ nonsense|duration }}"
    )
    context = Context({"minutes": 600, "day": NINE_HOUR_DAY, "lead": 26.5, "nonsense": "abc"})
    with translation.override("nl"):
        assert template.render(context) == "1 werkdag 1 u|10 u|1 d 2 u 30 min|10 u|–"


def test_a_working_day_is_the_usual_open_day_of_the_week():
    office = [[(time(8), time(17))]] * 5 + [[], []]
    assert working_day_minutes(office) == NINE_HOUR_DAY
    with_short_saturday = [*office[:5], [(time(9), time(13))], []]
    assert working_day_minutes(with_short_saturday) == NINE_HOUR_DAY
    split_days = [[(time(8), time(12)), (time(13), time(17))]] * 5 + [[], []]
    assert working_day_minutes(split_days) == 8 * 60
    assert working_day_minutes([[] for _day in range(7)]) is None
