from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from parties.calendars import (
    BusinessCalendar,
    format_weekly_hours,
    parse_weekly_hours,
)

AMS = ZoneInfo("Europe/Amsterdam")
H = timedelta(hours=1)
M = timedelta(minutes=1)
NL = holidays.country_holidays("NL", years=range(2025, 2032))

OFFICE = BusinessCalendar.office_hours()
ALWAYS = BusinessCalendar.always_open_calendar()
LUNCH = BusinessCalendar(
    "Europe/Amsterdam",
    [[(time(8), time(12)), (time(13), time(17))]] * 5 + [[], []],
    public_holidays="NL",
)
# Office hours on weekdays, open round the clock at the weekend, no holidays.
FULL_WEEKEND = BusinessCalendar(
    "Europe/Amsterdam",
    [[(time(8), time(17))]] * 5 + [[(time(0), time(0))], [(time(0), time(0))]],
)
SEVEN_DAYS = BusinessCalendar("Europe/Amsterdam", [[(time(8), time(17))]] * 7)


def ams(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def utc(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def is_business_day(day):
    return day.weekday() < 5 and day not in NL


def reference_add_office_hours(start, hours):
    """Mon-Fri 08:00-17:00 with NL holidays, by a plain day loop (start on a whole hour)."""
    local = start.astimezone(AMS)
    day, hour, remaining = local.date(), local.hour, hours
    while True:
        if is_business_day(day):
            opens = max(hour, 8)
            available = max(0, 17 - opens)
            if remaining <= available:
                return datetime.combine(day, time(opens + remaining), AMS)
            remaining -= available
        day, hour = day + timedelta(days=1), 0


# --- office hours on ordinary days ---------------------------------------------------


def test_add_within_the_same_day_returns_utc():
    due = OFFICE.add(ams(2026, 3, 3, 9), 2 * H)
    assert due == utc(2026, 3, 3, 10)
    assert due.tzinfo is UTC


def test_duration_used_up_at_closing_returns_the_closing_instant():
    assert OFFICE.add(ams(2026, 3, 3, 9), 8 * H) == utc(2026, 3, 3, 16)
    assert OFFICE.add(ams(2026, 3, 3, 8), 9 * H) == utc(2026, 3, 3, 16)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (ams(2026, 3, 3, 17), H, ams(2026, 3, 4, 9)),  # at closing
        (ams(2026, 3, 3, 20, 30), H, ams(2026, 3, 4, 9)),  # evening
        (ams(2026, 3, 4, 0), M, ams(2026, 3, 4, 8, 1)),  # midnight
        (ams(2026, 3, 4, 6, 30), 30 * M, ams(2026, 3, 4, 8, 30)),  # before opening
        (ams(2026, 3, 7, 10), H, ams(2026, 3, 9, 9)),  # Saturday
        (ams(2026, 3, 8, 23, 59), 9 * H, ams(2026, 3, 9, 17)),  # Sunday
    ],
)
def test_counting_outside_hours_starts_at_next_opening(start, duration, expected):
    assert OFFICE.add(start, duration) == expected


def test_weekend_is_skipped():
    assert OFFICE.add(ams(2026, 3, 6, 16), 2 * H) == utc(2026, 3, 9, 8)
    assert OFFICE.elapsed(ams(2026, 3, 6, 16), ams(2026, 3, 9, 9)) == 2 * H


def test_input_in_other_time_zones_gives_the_same_instant():
    new_york = datetime(2026, 3, 3, 3, tzinfo=ZoneInfo("America/New_York"))  # 09:00 in Amsterdam
    assert OFFICE.add(new_york, 2 * H) == utc(2026, 3, 3, 10)
    assert OFFICE.add(utc(2026, 3, 3, 8), 2 * H) == utc(2026, 3, 3, 10)


def test_week_ending_exactly_at_closing_and_skipped_weeks():
    # Monday 2 March 2026 starts an ordinary week: 45 business hours.
    assert OFFICE.add(ams(2026, 3, 2, 8), 45 * H) == ams(2026, 3, 6, 17)
    assert OFFICE.add(ams(2026, 3, 1, 12), 90 * H) == ams(2026, 3, 13, 17)
    assert OFFICE.add(ams(2026, 3, 1, 12), 90 * H + M) == ams(2026, 3, 16, 8, 1)
    assert OFFICE.elapsed(ams(2026, 3, 1, 12), ams(2026, 3, 13, 17)) == 90 * H
    assert OFFICE.elapsed(ams(2026, 3, 1, 12), ams(2026, 3, 16, 8, 1)) == 90 * H + M


# --- public holidays and extra closed days -------------------------------------------


def test_kings_day_2026_monday_is_closed():
    assert date(2026, 4, 27) in NL
    assert OFFICE.add(ams(2026, 4, 24, 16), 2 * H) == utc(2026, 4, 28, 7)
    assert OFFICE.elapsed(ams(2026, 4, 27), ams(2026, 4, 28)) == timedelta(0)


def test_kings_day_2025_moves_to_saturday_26_april():
    assert date(2025, 4, 26) in NL
    assert date(2025, 4, 27) not in NL
    monday_to_saturday = [[(time(8), time(17))]] * 6 + [[]]
    with_holidays = BusinessCalendar("Europe/Amsterdam", monday_to_saturday, "NL")
    without = BusinessCalendar("Europe/Amsterdam", monday_to_saturday, None)
    assert with_holidays.add(ams(2025, 4, 25, 16), 2 * H) == ams(2025, 4, 28, 9)
    assert without.add(ams(2025, 4, 25, 16), 2 * H) == ams(2025, 4, 26, 9)


@pytest.mark.parametrize(
    ("holiday", "next_opening"),
    [
        (date(2026, 4, 6), ams(2026, 4, 7, 8)),  # Easter Monday
        (date(2026, 5, 14), ams(2026, 5, 15, 8)),  # Ascension Day
        (date(2026, 5, 25), ams(2026, 5, 26, 8)),  # Whit Monday
        (date(2025, 12, 25), ams(2025, 12, 29, 8)),  # Christmas Day (Thursday)
        (date(2025, 12, 26), ams(2025, 12, 29, 8)),  # Boxing Day (Friday)
        (date(2026, 12, 25), ams(2026, 12, 28, 8)),  # Christmas Day (Friday)
    ],
)
def test_dutch_public_holidays_are_closed(holiday, next_opening):
    assert holiday in NL
    start = datetime.combine(holiday, time(10), AMS)
    assert OFFICE.add(start, H) == next_opening + H
    assert OFFICE.elapsed(start - 2 * H, next_opening) == timedelta(0)


def test_package_behaviour_for_liberation_day_and_good_friday():
    # The package lists Liberation Day only every fifth year, and Good Friday always.
    assert date(2025, 5, 5) in NL
    assert date(2030, 5, 5) in NL
    assert date(2026, 5, 5) not in NL
    assert date(2026, 4, 3) in NL
    assert OFFICE.add(ams(2025, 5, 5, 8), H) == ams(2025, 5, 6, 9)
    assert OFFICE.add(ams(2026, 5, 5, 8), H) == ams(2026, 5, 5, 9)


def test_extra_closed_days():
    cal = BusinessCalendar.office_hours(extra_closed_days=frozenset({date(2026, 12, 24)}))
    # 24 Dec extra closed, 25 Christmas, 26 Boxing Day and weekend.
    assert cal.add(ams(2026, 12, 23, 16), 2 * H) == ams(2026, 12, 28, 9)
    assert OFFICE.add(ams(2026, 12, 23, 16), 2 * H) == ams(2026, 12, 24, 9)


def test_no_public_holidays():
    cal = BusinessCalendar.office_hours(public_holidays=None)
    assert cal.add(ams(2026, 4, 24, 16), 2 * H) == ams(2026, 4, 27, 9)


# --- daylight saving time ----------------------------------------------------------


def test_office_hours_across_spring_forward():
    assert ams(2026, 3, 27, 16) == utc(2026, 3, 27, 15)  # +01:00
    assert OFFICE.add(ams(2026, 3, 27, 16), 2 * H) == utc(2026, 3, 30, 7)  # 09:00 at +02:00
    assert OFFICE.elapsed(ams(2026, 3, 30), ams(2026, 3, 31)) == 9 * H
    assert OFFICE.add(ams(2026, 3, 30, 8), 9 * H) == utc(2026, 3, 30, 15)
    assert OFFICE.elapsed(ams(2026, 3, 27, 8), ams(2026, 3, 30, 17)) == 18 * H


def test_office_hours_across_fall_back():
    assert OFFICE.add(ams(2026, 10, 23, 16), 2 * H) == utc(2026, 10, 26, 8)  # 09:00 at +01:00
    assert OFFICE.elapsed(ams(2026, 10, 26), ams(2026, 10, 27)) == 9 * H
    assert OFFICE.add(ams(2026, 10, 26, 8), 9 * H) == utc(2026, 10, 26, 16)


def test_office_hours_on_the_day_of_the_change_last_nine_hours():
    assert SEVEN_DAYS.elapsed(ams(2026, 3, 29), ams(2026, 3, 30)) == 9 * H
    assert SEVEN_DAYS.add(ams(2026, 3, 29, 8), 9 * H) == utc(2026, 3, 29, 15)
    assert SEVEN_DAYS.elapsed(ams(2026, 10, 25), ams(2026, 10, 26)) == 9 * H
    assert SEVEN_DAYS.add(ams(2026, 10, 25, 8), 9 * H) == utc(2026, 10, 25, 16)


def test_always_open_counts_real_time_across_dst():
    due = ALWAYS.add(ams(2026, 3, 29, 0), 4 * H)
    assert due == utc(2026, 3, 29, 3)
    assert due.astimezone(AMS).hour == 5  # five wall-clock hours later
    assert ALWAYS.add(utc(2026, 3, 29, 0), 4 * H) == utc(2026, 3, 29, 4)
    assert ALWAYS.elapsed(ams(2026, 3, 29), ams(2026, 3, 29, 12)) == 11 * H
    assert ALWAYS.elapsed(ams(2026, 10, 25), ams(2026, 10, 25, 12)) == 13 * H


def test_always_open_week_in_minutes_and_holidays_ignored():
    start = ams(2026, 3, 25, 12)
    due = ALWAYS.add(start, timedelta(minutes=7 * 24 * 60))
    assert due == utc(2026, 4, 1, 11)
    assert due.astimezone(AMS).hour == 13
    assert ALWAYS.elapsed(start, due) == timedelta(days=7)
    assert ALWAYS.add(ams(2026, 12, 25, 10), 3 * H) == ams(2026, 12, 25, 13)
    assert ALWAYS.elapsed(ams(2026, 1, 1), ams(2027, 1, 1)) == timedelta(days=365)
    assert ALWAYS.add(ams(2026, 3, 7, 10), timedelta(0)).tzinfo is UTC


# --- other shapes of opening hours ------------------------------------------------


def test_lunch_break():
    assert LUNCH.add(ams(2026, 3, 3, 11), 2 * H) == ams(2026, 3, 3, 14)
    assert LUNCH.add(ams(2026, 3, 3, 11), H) == ams(2026, 3, 3, 12)
    assert LUNCH.add(ams(2026, 3, 3, 12, 30), 30 * M) == ams(2026, 3, 3, 13, 30)
    assert LUNCH.add(ams(2026, 3, 6, 16), 2 * H) == ams(2026, 3, 9, 9)
    assert LUNCH.elapsed(ams(2026, 3, 3), ams(2026, 3, 4)) == 8 * H
    assert LUNCH.elapsed(ams(2026, 3, 3, 11, 30), ams(2026, 3, 3, 13, 30)) == H


def test_intervals_are_sorted():
    reversed_lunch = [[(time(13), time(17)), (time(8), time(12))]] * 5 + [[], []]
    cal = BusinessCalendar("Europe/Amsterdam", reversed_lunch, "NL")
    assert cal.weekly_hours == LUNCH.weekly_hours
    assert cal.add(ams(2026, 3, 3, 11), 2 * H) == ams(2026, 3, 3, 14)


def test_days_open_round_the_clock():
    assert FULL_WEEKEND.add(ams(2026, 3, 6, 16), 2 * H) == ams(2026, 3, 7, 1)
    assert FULL_WEEKEND.add(ams(2026, 3, 7, 23), 2 * H) == ams(2026, 3, 8, 1)
    assert FULL_WEEKEND.elapsed(ams(2026, 3, 7), ams(2026, 3, 9)) == 48 * H


def test_round_the_clock_days_are_23_or_25_real_hours_on_dst_days():
    assert FULL_WEEKEND.elapsed(ams(2026, 3, 28), ams(2026, 3, 30)) == 47 * H
    assert FULL_WEEKEND.elapsed(ams(2026, 10, 24), ams(2026, 10, 26)) == 49 * H
    assert FULL_WEEKEND.add(ams(2026, 3, 28), 47 * H) == utc(2026, 3, 29, 22)  # Sunday 24:00
    assert FULL_WEEKEND.add(ams(2026, 3, 28), 47 * H + M) == ams(2026, 3, 30, 8, 1)
    sundays = BusinessCalendar("Europe/Amsterdam", [[]] * 6 + [[(time(0), time(0))]])
    assert sundays.add(ams(2026, 3, 29), 23 * H) == ams(2026, 3, 30)
    assert sundays.add(ams(2026, 3, 29), 23 * H + M) == ams(2026, 4, 5, 0, 1)
    assert sundays.add(ams(2026, 10, 25), 25 * H) == utc(2026, 10, 25, 23)


def test_weeks_with_a_dst_change_are_not_skipped_as_nominal_weeks():
    # Nominal week 93 h; the week of 29 March 2026 has 92 h.
    assert FULL_WEEKEND.add(ams(2026, 3, 16), 279 * H) == ams(2026, 4, 6, 9)
    assert FULL_WEEKEND.elapsed(ams(2026, 3, 16), ams(2026, 4, 6, 9)) == 279 * H


# --- long durations -----------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        ams(2026, 1, 5, 8),
        ams(2026, 3, 25, 14),
        ams(2026, 10, 24, 11),
        ams(2026, 12, 23, 10),
        ams(2025, 4, 25, 16),
    ],
)
@pytest.mark.parametrize("hours", [52 * 45, 52 * 45 + 1, 52 * 45 + 5, 2 * 52 * 45 + 3])
def test_many_weeks_match_a_day_by_day_reference(start, hours):
    expected = reference_add_office_hours(start, hours)
    assert OFFICE.add(start, hours * H) == expected
    assert OFFICE.elapsed(start, expected) == hours * H


def test_elapsed_over_a_year_counts_business_days():
    days = sum(is_business_day(date(2026, 1, 1) + timedelta(days=n)) for n in range(365))
    # 261 weekdays minus New Year, Good Friday, Easter Monday, King's Day, Ascension, Whit Monday, Christmas.
    assert days == 261 - 7
    assert OFFICE.elapsed(ams(2026, 1, 1), ams(2027, 1, 1)) == days * 9 * H


def test_ten_years_round_trip():
    start = ams(2026, 2, 11, 10, 17)
    duration = 10 * 52 * 45 * H + 7 * M
    assert OFFICE.elapsed(start, OFFICE.add(start, duration)) == duration


# --- consistency of add and elapsed --------------------------------------------------

DURATIONS = [
    timedelta(0),
    timedelta(microseconds=1),
    M,
    59 * M,
    H,
    8 * H + 59 * M,
    9 * H,
    9 * H + M,
    27 * H,
    40 * H,
    45 * H,
    45 * H + 7 * M,
    100 * H,
]
OFFSETS = [timedelta(0), M, 97 * M, 5 * H, timedelta(days=1), timedelta(days=3, minutes=7)]


@pytest.mark.parametrize(
    ("cal", "first"),
    [
        (OFFICE, ams(2026, 4, 20)),  # includes King's Day
        (OFFICE, ams(2026, 3, 23)),  # includes spring forward
        (LUNCH, ams(2026, 5, 11)),  # includes Ascension Day
        (FULL_WEEKEND, ams(2026, 10, 19)),  # includes fall back
        (SEVEN_DAYS, ams(2026, 3, 23)),
        (ALWAYS, ams(2026, 3, 23)),
    ],
)
def test_add_and_elapsed_round_trip(cal, first):
    for step in range(0, 14 * 24 * 60, 97):
        start = first.astimezone(UTC) + timedelta(minutes=step)  # UTC: real minutes, real differences
        previous = None
        for duration in DURATIONS:
            due = cal.add(start, duration)
            assert cal.elapsed(start, due) == duration
            assert due >= start
            assert previous is None or due >= previous
            previous = due
        for offset in OFFSETS:
            end = start + offset
            spent = cal.elapsed(start, end)
            assert spent <= end - start
            assert cal.add(start, spent) <= end


def test_office_due_dates_fall_inside_opening_hours():
    first = ams(2026, 4, 20).astimezone(UTC)
    for step in range(0, 14 * 24 * 60, 97):
        for duration in DURATIONS[1:]:
            due = OFFICE.add(first + timedelta(minutes=step), duration).astimezone(AMS)
            assert is_business_day(due.date())
            assert time(8) < due.time() <= time(17)


# --- edge cases and validation ------------------------------------------------------


def test_zero_duration_returns_start_even_outside_hours():
    due = OFFICE.add(ams(2026, 3, 7, 10), timedelta(0))
    assert due == utc(2026, 3, 7, 9)
    assert due.tzinfo is UTC


def test_elapsed_is_zero_when_end_is_not_after_start():
    assert OFFICE.elapsed(ams(2026, 3, 3, 10), ams(2026, 3, 3, 10)) == timedelta(0)
    assert OFFICE.elapsed(ams(2026, 3, 3, 12), ams(2026, 3, 3, 10)) == timedelta(0)


@pytest.mark.parametrize("cal", [OFFICE, ALWAYS])
def test_naive_datetimes_are_rejected(cal):
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.add(datetime(2026, 3, 3, 9), H)
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.elapsed(datetime(2026, 3, 3, 9), ams(2026, 3, 3, 10))
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.elapsed(ams(2026, 3, 3, 9), datetime(2026, 3, 3, 10))


@pytest.mark.parametrize("cal", [OFFICE, ALWAYS])
def test_negative_duration_is_rejected(cal):
    with pytest.raises(ValueError, match="negative"):
        cal.add(ams(2026, 3, 3, 9), -timedelta(microseconds=1))


def test_a_calendar_needs_opening_hours():
    with pytest.raises(ValueError, match="A calendar needs opening hours"):
        BusinessCalendar("Europe/Amsterdam", [[]] * 7, "NL")
    with pytest.raises(ValueError, match="A calendar needs opening hours"):
        BusinessCalendar("Europe/Amsterdam")
    assert BusinessCalendar("Europe/Amsterdam", [[]] * 7, always_open=True).always_open


@pytest.mark.parametrize(
    ("weekly_hours", "message"),
    [
        ([[(time(8), time(17))]] * 6, "7 entries"),
        ([[(time(17), time(8))]] + [[]] * 6, "Monday: opening time 17:00 must be before"),
        ([[], [(time(9), time(9))]] + [[]] * 5, "Tuesday"),
        ([[]] * 2 + [[(time(8), time(12)), (time(11), time(17))]] + [[]] * 4, "Wednesday.*overlap"),
    ],
)
def test_constructor_validates_weekly_hours(weekly_hours, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar("Europe/Amsterdam", weekly_hours)


def test_touching_intervals_and_closing_at_midnight_are_allowed():
    hours = [[(time(8), time(12)), (time(12), time(0))]] + [[]] * 6
    cal = BusinessCalendar("Europe/Amsterdam", hours)
    assert cal.elapsed(ams(2026, 3, 2), ams(2026, 3, 3)) == 16 * H


def test_unknown_time_zone_and_country_are_rejected():
    with pytest.raises(ValueError, match="time zone"):
        BusinessCalendar.office_hours(time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="time zone"):
        BusinessCalendar.always_open_calendar("")
    with pytest.raises(ValueError, match="country"):
        BusinessCalendar.office_hours(public_holidays="XX")


def test_office_hours_factory():
    cal = BusinessCalendar.office_hours("Europe/London", time(9), time(18), None)
    assert cal.weekly_hours == [[(time(9), time(18))]] * 5 + [[], []]
    assert cal.add(datetime(2026, 7, 1, 17, tzinfo=ZoneInfo("Europe/London")), 2 * H) == utc(2026, 7, 2, 9)


# --- JSON helpers -----------------------------------------------------------------

JSON_HOURS = [[["08:00", "12:00"], ["13:00", "17:00"]]] * 5 + [[["00:00", "24:00"]], []]


def test_parse_weekly_hours():
    parsed = parse_weekly_hours(JSON_HOURS)
    assert parsed[0] == [(time(8), time(12)), (time(13), time(17))]
    assert parsed[5] == [(time(0), time(0))]
    assert parsed[6] == []
    cal = BusinessCalendar("Europe/Amsterdam", parsed, "NL")
    assert cal.add(ams(2026, 3, 6, 16), 2 * H) == ams(2026, 3, 7, 1)


def test_format_is_the_inverse_of_parse():
    assert format_weekly_hours(parse_weekly_hours(JSON_HOURS)) == JSON_HOURS
    assert format_weekly_hours(OFFICE.weekly_hours) == [[["08:00", "17:00"]]] * 5 + [[], []]
    assert parse_weekly_hours(format_weekly_hours(FULL_WEEKEND.weekly_hours)) == FULL_WEEKEND.weekly_hours


def _week_with(day, intervals):
    week = [[] for _ in range(7)]
    week[day] = intervals
    return week


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([[]] * 6, "7 entries"),
        ("08:00-17:00", "7 entries"),
        (_week_with(0, [["08:00"]]), "Monday: expected an \\[opens, closes\\] pair"),
        (_week_with(1, [["08:00", "25:00"]]), "Tuesday: '25:00' is not a valid time"),
        (_week_with(2, [["24:00", "24:00"]]), "Wednesday"),
        (_week_with(3, [["17:00", "08:00"]]), "Thursday: opening time 17:00 must be before"),
        (_week_with(4, [["08:00", "12:00"], ["11:00", "17:00"]]), "Friday: opening hours must not overlap"),
        (_week_with(5, [["8:00", "17:00"]]), "Saturday: expected a time as 'HH:MM'"),
        (_week_with(6, "08:00-17:00"), "Sunday: expected a list"),
        (_week_with(0, [["08:00", 1700]]), "Monday"),
        (_week_with(0, [["ab:cd", "17:00"]]), "Monday"),
    ],
)
def test_parse_rejects_bad_input_naming_the_day(data, message):
    with pytest.raises(ValueError, match=message):
        parse_weekly_hours(data)
