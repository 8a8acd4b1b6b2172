from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from parties.models import Component

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


@pytest.fixture
def at():
    """Move the clock: `with at(2026, 3, 6, 10, 0): ...` (Europe/Amsterdam wall-clock time)."""

    def travel(*args):
        return time_machine.travel(local(*args), tick=False)

    return travel


@pytest.fixture
def component(demo_chain):
    return lambda slug: Component.objects.get(slug=slug)
