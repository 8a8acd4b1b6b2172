"""Every clock event and weekly figure of the demo equals an independent recomputation from the raw rows."""

import io

import pytest
from django.core.management import call_command

from governance.reports.weeks import Week
from tests.governance.recompute import differences
from tests.timetravel import local

LOADED = local(2026, 3, 4, 9, 0)


@pytest.mark.long_running
def test_the_demo_events_and_weekly_figures_equal_their_recomputation(db, at):
    with at(2026, 3, 4, 9, 0):
        call_command("seed_demo", force=True, stdout=io.StringIO())
        weeks = Week.of(LOADED).back(14)
        assert differences(weeks, LOADED) == []
