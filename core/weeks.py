"""ISO weeks in the service's time zone: Monday 00:00 to Monday 00:00, Europe/Amsterdam.

A week that contains a DST change is 167 or 169 real hours long; its bounds are still midnights.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import DateField
from django.db.models.functions import TruncWeek
from django.utils import timezone


@dataclass(frozen=True)
class Week:
    monday: date

    @classmethod
    def of(cls, moment: datetime | date) -> "Week":
        day = timezone.localdate(moment, ZoneInfo(settings.TIME_ZONE)) if isinstance(moment, datetime) else moment
        return cls(day - timedelta(days=day.weekday()))

    @classmethod
    def from_label(cls, label: str) -> "Week":
        """'2026-W47' → that week; ValueError on anything else."""
        try:
            year, week = label.upper().split("-W")
            return cls(date.fromisocalendar(int(year), int(week), 1))
        except (ValueError, TypeError) as error:
            raise ValueError(f"Not an ISO week: {label!r} (expected e.g. 2026-W47)") from error

    @classmethod
    def last_completed(cls, now: datetime | None = None) -> "Week":
        return cls.of(now or timezone.now()).previous

    @cached_property
    def start(self) -> datetime:
        return datetime.combine(self.monday, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @cached_property
    def end(self) -> datetime:
        return datetime.combine(self.monday + timedelta(days=7), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def previous(self) -> "Week":
        return Week(self.monday - timedelta(days=7))

    @property
    def next(self) -> "Week":
        return Week(self.monday + timedelta(days=7))

    @property
    def iso(self) -> tuple[int, int]:
        year, week, _day = self.monday.isocalendar()
        return year, week

    @property
    def label(self) -> str:
        year, week = self.iso
        return f"{year}-W{week:02d}"

    def back(self, weeks: int) -> list["Week"]:
        """This week and the `weeks - 1` before it, oldest first."""
        return [Week(self.monday - timedelta(days=7 * offset)) for offset in reversed(range(weeks))]


def span(weeks: list[Week]) -> tuple[datetime, datetime]:
    """[start of the first, end of the last) of consecutive weeks."""
    return weeks[0].start, weeks[-1].end


class WeekIndex:
    """Which of some consecutive weeks an instant falls in, in Python or grouped in SQL."""

    def __init__(self, weeks: list[Week]):
        self.weeks = weeks
        self.starts = [week.start for week in weeks]
        self.end = weeks[-1].end
        self.by_monday = {week.monday: week for week in weeks}

    def get(self, instant: datetime | date | None) -> Week | None:
        """The week of an instant, or of a Monday (as `truncated` reads it)."""
        if instant is None:
            return None
        if not isinstance(instant, datetime):
            return self.by_monday.get(instant)
        if instant >= self.end:
            return None
        position = bisect_right(self.starts, instant) - 1
        return self.weeks[position] if position >= 0 else None

    def since(self, instant: datetime) -> list[Week]:
        """The weeks from the one an instant falls in to the last (all of them for an instant before the first)."""
        return self.weeks[max(bisect_right(self.starts, instant) - 1, 0) :]

    def of(self, instant: datetime | date) -> Week:
        week = self.get(instant)
        if week is None:
            raise KeyError(instant)
        return week

    @staticmethod
    def truncated(field: str) -> TruncWeek:
        """The Monday (in the service's time zone) starting the week of a date-time field, as a date: a date-time
        would be made aware again in Python, row by row."""
        return TruncWeek(field, tzinfo=ZoneInfo(settings.TIME_ZONE), output_field=DateField())
