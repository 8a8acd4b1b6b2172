"""Business time: opening hours, public holidays and time zones in one place.

Everything that asks "when is this due?" or "how much business time has passed?"
goes through :class:`BusinessCalendar`. Pure Python, no Django.

Daylight saving time. Opening hours are local wall-clock times. Each day's
windows are turned into real instants with ``zoneinfo`` and their lengths are
the differences of those instants. A window that does not contain the
transition (08:00-17:00 on the Sunday the clocks change) therefore keeps its
wall-clock length, 9 hours; a window that does (00:00-24:00 on that Sunday)
is 23 or 25 real hours. Wall-clock times that do not exist (the skipped hour)
or exist twice (the repeated hour) are read with ``fold=0``, i.e. with the UTC
offset in force before the change.

Public holidays come from the ``holidays`` package (its PUBLIC category). For
"NL" it lists New Year's Day, Good Friday, Easter Sunday and Monday, King's Day
(27 April, or Saturday 26 April when the 27th is a Sunday), Ascension Day, Whit
Sunday and Monday, Christmas Day and Boxing Day. It lists Liberation Day
(5 May) only in years divisible by five (2025, 2030, ...), the day off most
collective labour agreements give; this module does not change that.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

# The countries' holiday tables are one package, imported whole the first time any country's holidays are read (a
# tenth of a second). Imported with this module, at start-up, that first read is not a request's or a report's.
import holidays.countries

WeeklyHours = list[list[tuple[time, time]]]

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MIDNIGHT = time(0, 0)
ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(days=7)


def _clock(t: time) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


def _wall_length(opens: time, closes: time) -> timedelta:
    """Wall-clock length of an interval; ``closes == 00:00`` means 24:00."""
    end = timedelta(days=1) if closes == MIDNIGHT else _clock(closes)
    return end - _clock(opens)


def _validated_day(day: int, intervals: Sequence[Sequence[time]]) -> tuple[tuple[time, time], ...]:
    """Sort one day's intervals and check each is non-empty and none overlap."""
    name = DAY_NAMES[day]
    result = sorted((opens, closes) for opens, closes in intervals)
    previous_end = timedelta(0)
    for opens, closes in result:
        if _wall_length(opens, closes) <= timedelta(0):
            raise ValueError(f"{name}: opening time {opens:%H:%M} must be before closing time {closes:%H:%M}.")
        if _clock(opens) < previous_end:
            raise ValueError(f"{name}: opening hours must not overlap.")
        previous_end = _clock(opens) + _wall_length(opens, closes)
    return tuple(result)


def _utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got naive {moment.isoformat()}.")
    return moment.astimezone(UTC)


class BusinessCalendar:
    """Opening hours in a time zone, minus public holidays and extra closed days.

    ``add`` and ``elapsed`` walk day by day over each day's open intervals and
    skip whole weeks arithmetically when a week has no closed day and no UTC
    offset change, so a year of business time costs at most a couple of hundred steps.
    """

    def __init__(
        self,
        time_zone: str,
        weekly_hours: Sequence[Sequence[Sequence[time]]] | None = None,
        public_holidays: str | None = None,
        extra_closed_days: frozenset[date] = frozenset(),
        always_open: bool = False,
    ) -> None:
        try:
            self._zone = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"Unknown time zone {time_zone!r}.") from error
        if weekly_hours is None:
            weekly_hours = [[] for _ in DAY_NAMES]
        if len(weekly_hours) != 7:
            raise ValueError(f"weekly_hours needs 7 entries (Monday to Sunday), got {len(weekly_hours)}.")
        self._hours = tuple(_validated_day(day, intervals) for day, intervals in enumerate(weekly_hours))
        self._week_length = sum(
            (_wall_length(opens, closes) for day in self._hours for opens, closes in day), timedelta(0)
        )
        if not always_open and not self._week_length:
            raise ValueError("A calendar needs opening hours on at least one day (or always_open=True for 24x7).")
        if public_holidays is not None:
            try:
                holidays.country_holidays(public_holidays)
            except NotImplementedError as error:
                raise ValueError(f"Unknown public holiday country {public_holidays!r}.") from error
        self.time_zone = time_zone
        self.public_holidays = public_holidays
        self.extra_closed_days = frozenset(extra_closed_days)
        self.always_open = always_open
        self._closed_by_year: dict[int, frozenset[date]] = {}
        self._intervals_by_day: dict[date, tuple[tuple[datetime, datetime], ...]] = {}

    @property
    def weekly_hours(self) -> WeeklyHours:
        return [list(day) for day in self._hours]

    @classmethod
    def always_open_calendar(cls, time_zone: str = "Europe/Amsterdam") -> "BusinessCalendar":
        """A 24x7 calendar: business time is real elapsed time."""
        return cls(time_zone, always_open=True)

    @classmethod
    def office_hours(
        cls,
        time_zone: str = "Europe/Amsterdam",
        opens: time = time(8, 0),
        closes: time = time(17, 0),
        public_holidays: str | None = "NL",
        extra_closed_days: frozenset[date] = frozenset(),
    ) -> "BusinessCalendar":
        """Monday to Friday from ``opens`` to ``closes``."""
        weekdays = [[(opens, closes)] for _ in range(5)]
        return cls(time_zone, [*weekdays, [], []], public_holidays, extra_closed_days)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant (UTC) at which ``duration`` of business time has passed since ``start``.

        A zero duration returns ``start`` itself, even outside opening hours.
        """
        cursor = _utc(start, "start")
        if duration < timedelta(0):
            raise ValueError(f"duration must not be negative, got {duration}.")
        if self.always_open or not duration:
            return cursor + duration
        remaining = duration
        day = self._local_date(cursor)
        while True:
            # Strictly more than a week left: a duration ending exactly on the
            # week's last closing must return that closing, found by the walk.
            if remaining > self._week_length and self._skippable_week(day, cursor):
                remaining -= self._week_length
                day += ONE_WEEK
                continue
            for opens, closes in self._intervals(day):
                opens = max(opens, cursor)
                if closes <= opens:
                    continue
                if remaining <= closes - opens:
                    return opens + remaining
                remaining -= closes - opens
                cursor = closes
            day += ONE_DAY

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Business time between ``start`` and ``end``; zero when ``end <= start``."""
        cursor, end = _utc(start, "start"), _utc(end, "end")
        if end <= cursor:
            return timedelta(0)
        if self.always_open:
            return end - cursor
        total = timedelta(0)
        day, last_day = self._local_date(cursor), self._local_date(end)
        while day <= last_day:
            if day + ONE_WEEK <= last_day and self._skippable_week(day, cursor):
                total += self._week_length
                day += ONE_WEEK
                continue
            for opens, closes in self._intervals(day):
                opens, closes = max(opens, cursor), min(closes, end)
                if closes > opens:
                    total += closes - opens
                    cursor = closes
            day += ONE_DAY
        return total

    def _is_closed(self, day: date) -> bool:
        """Whether ``day`` is a public holiday or an extra closed day (cached per year)."""
        closed = self._closed_by_year.get(day.year)
        if closed is None:
            closed = frozenset(d for d in self.extra_closed_days if d.year == day.year)
            if self.public_holidays:
                closed |= frozenset(holidays.country_holidays(self.public_holidays, years=day.year))
            self._closed_by_year[day.year] = closed
        return day in closed

    def _local_date(self, moment: datetime) -> date:
        return moment.astimezone(self._zone).date()

    def _instant(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self._zone).astimezone(UTC)

    def open_intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The local day's open intervals as UTC instants (empty on a closed day): what ``add`` and
        ``elapsed`` sum. Always open calendars have none; their business time is real time."""
        return () if self.always_open else self._intervals(day)

    def _intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The day's open intervals as UTC instants; empty on a closed day (cached per day: an engine serves
        every clock that started with its calendar, and a report reads thousands of them)."""
        intervals = self._intervals_by_day.get(day)
        if intervals is None:
            intervals = (
                ()
                if self._is_closed(day)
                else tuple(
                    (self._instant(day, opens), self._instant(day + ONE_DAY if closes == MIDNIGHT else day, closes))
                    for opens, closes in self._hours[day.weekday()]
                )
            )
            self._intervals_by_day[day] = intervals
        return intervals

    def _skippable_week(self, day: date, cursor: datetime) -> bool:
        """Whether the week starting at ``day`` can be counted as one nominal week.

        True when ``day`` is a Monday not yet entered, no day of the week is closed
        and the UTC offset is the same at both ends (no DST change inside; no zone
        changes its offset twice within a week).
        """
        if day.weekday() != 0 or self._instant(day, MIDNIGHT) < cursor:
            return False
        if any(self._is_closed(day + timedelta(days=n)) for n in range(7)):
            return False
        monday, next_monday = datetime.combine(day, MIDNIGHT), datetime.combine(day + ONE_WEEK, MIDNIGHT)
        return self._zone.utcoffset(monday) == self._zone.utcoffset(next_monday)

    def __repr__(self) -> str:
        kind = "24x7" if self.always_open else f"{self._week_length} a week"
        return f"<BusinessCalendar {self.time_zone} {kind} holidays={self.public_holidays}>"


def _parse_clock(text: object, day: str, closing: bool) -> time:
    if closing and text == "24:00":
        return MIDNIGHT
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":" or not (text[:2] + text[3:]).isdigit():
        raise ValueError(f"{day}: expected a time as 'HH:MM', got {text!r}.")
    try:
        return time(int(text[:2]), int(text[3:]))
    except ValueError as error:
        raise ValueError(f"{day}: {text!r} is not a valid time.") from error


def parse_weekly_hours(data: list[list[list[str]]]) -> WeeklyHours:
    """Read weekly hours from JSON: 7 lists (Monday first) of ``["HH:MM", "HH:MM"]`` pairs.

    ``"24:00"`` is allowed as a closing time and means end of day.
    """
    if not isinstance(data, list) or len(data) != 7:
        raise ValueError("Weekly hours need 7 entries, Monday to Sunday.")
    result: WeeklyHours = []
    for index, (name, intervals) in enumerate(zip(DAY_NAMES, data, strict=True)):
        if not isinstance(intervals, list):
            raise ValueError(f"{name}: expected a list of [opens, closes] pairs, got {intervals!r}.")
        day = []
        for pair in intervals:
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise ValueError(f"{name}: expected an [opens, closes] pair, got {pair!r}.")
            day.append((_parse_clock(pair[0], name, closing=False), _parse_clock(pair[1], name, closing=True)))
        result.append(list(_validated_day(index, day)))
    return result


def format_weekly_hours(weekly_hours: Sequence[Sequence[Sequence[time]]]) -> list[list[list[str]]]:
    """The inverse of :func:`parse_weekly_hours`."""
    return [
        [[f"{opens:%H:%M}", "24:00" if closes == MIDNIGHT else f"{closes:%H:%M}"] for opens, closes in day]
        for day in weekly_hours
    ]


def working_day_minutes(weekly_hours: Sequence[Sequence[Sequence[time]]]) -> int | None:
    """The length in minutes of the calendar's usual open day: the most common length among its open
    days (the longer on a tie), so Monday to Friday 08:00–17:00 gives 540 whatever Saturday does.
    None when no day is open (an always-open calendar counts days of 24 hours)."""
    lengths = [
        int(sum((_wall_length(opens, closes) for opens, closes in day), timedelta(0)).total_seconds() // 60)
        for day in weekly_hours
        if day
    ]
    if not lengths:
        return None
    return max(set(lengths), key=lambda length: (lengths.count(length), length))
