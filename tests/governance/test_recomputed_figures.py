"""Every clock event and weekly figure of the demo equals an independent recomputation from the raw rows."""

import pytest
import time_machine

from core.weeks import Week
from tests.governance.recompute import differences
from tests.snapshot import DEMO_LOADED


@pytest.mark.long_running
def test_the_demo_events_and_weekly_figures_equal_their_recomputation(demo_snapshot, db):
    demo_snapshot.restore()
    with time_machine.travel(DEMO_LOADED, tick=False):
        weeks = Week.of(DEMO_LOADED).back(14)
        assert differences(weeks, DEMO_LOADED) == []
