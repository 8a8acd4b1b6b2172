"""Every clock event and weekly figure of the demo equals an independent recomputation from the raw rows."""

import pytest

from governance.reports.weeks import Week
from tests.conftest import DEMO_LOADED
from tests.governance.recompute import differences


@pytest.mark.long_running
def test_the_demo_events_and_weekly_figures_equal_their_recomputation(demo_snapshot, db, at):
    demo_snapshot.restore()
    with at(2026, 3, 4, 9, 0):
        weeks = Week.of(DEMO_LOADED).back(14)
        assert differences(weeks, DEMO_LOADED) == []
