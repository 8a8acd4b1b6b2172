"""Business time at load speed: the open intervals of a calendar, read once from the calendar engine.

`BusinessTime` answers `add` and `elapsed` as `parties.calendars.BusinessCalendar` does, over POSIX
seconds: the engine's open intervals of every day (`open_intervals`) are laid end to end in a table
with the business time before each, so an answer is two binary searches instead of a walk over the
days. The intervals are the engine's own, so the answers are the engine's (tests/bench compare them).
"""

from bisect import bisect_left, bisect_right
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from parties.calendars import BusinessCalendar

DAYS_PER_EXTENSION = 64


class BusinessTime:
    """One calendar's business time from `first` on (POSIX seconds, whole seconds in, whole seconds out)."""

    def __init__(self, engine: BusinessCalendar, first: int):
        self.engine = engine
        self.always_open = engine.always_open
        self.zone = ZoneInfo(engine.time_zone)
        self.opens: list[int] = []
        self.closes: list[int] = []
        self.before: list[int] = []  # business seconds before interval i
        self.through: list[int] = []  # business seconds up to the end of interval i
        self.next_day = datetime.fromtimestamp(first, self.zone).date() - timedelta(days=1)
        self.covered = self._midnight()  # every interval that opens before this instant is in the table

    def _midnight(self) -> int:
        return int(datetime.combine(self.next_day, time(0), tzinfo=self.zone).timestamp())

    def _extend(self) -> None:
        for _day in range(DAYS_PER_EXTENSION):
            for opens, closes in self.engine.open_intervals(self.next_day):
                start, end = int(opens.timestamp()), int(closes.timestamp())
                total = self.through[-1] if self.through else 0
                self.opens.append(start)
                self.closes.append(end)
                self.before.append(total)
                self.through.append(total + end - start)
            self.next_day += timedelta(days=1)
        self.covered = self._midnight()

    def _total(self, moment: int) -> int:
        """Business seconds from the table's start to `moment`."""
        while moment >= self.covered:
            self._extend()
        index = bisect_right(self.opens, moment) - 1
        if index < 0:
            return 0
        return self.before[index] + min(moment, self.closes[index]) - self.opens[index]

    def elapsed(self, start: int, end: int) -> int:
        """Business seconds between `start` and `end`; zero when `end <= start`."""
        if end <= start:
            return 0
        if self.always_open:
            return end - start
        return self._total(end) - self._total(start)

    def add(self, start: int, seconds: int) -> int:
        """The earliest instant at which `seconds` of business time have passed since `start`."""
        if self.always_open or not seconds:
            return start + seconds
        wanted = self._total(start) + seconds
        while not self.through or self.through[-1] < wanted:
            self._extend()
        index = bisect_left(self.through, wanted)
        return self.opens[index] + wanted - self.before[index]

    def average_open_day(self) -> int:
        """The average length in seconds of a day the calendar opens (a day when always open)."""
        if self.always_open:
            return 86400
        monday = datetime(2000, 1, 3).date()  # any week: only the wall-clock lengths count
        lengths = [
            sum(
                (
                    datetime.combine(monday + timedelta(days=1) if closes == time(0) else monday, closes)
                    - datetime.combine(monday, opens)
                ).total_seconds()
                for opens, closes in day
            )
            for day in self.engine.weekly_hours
            if day
        ]
        return int(sum(lengths) / len(lengths))
