"""Wall-clock instants in the service's time zone, and moving the clock there in tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


def travel(*args):
    """`with travel(2026, 3, 6, 10, 0): ...` — the clock stands still at that Amsterdam time."""
    return time_machine.travel(local(*args), tick=False)
