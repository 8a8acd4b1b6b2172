"""The weekly recurrence check as Celery runs it: a beat entry on Monday after the weekly report, and a thin task."""

from datetime import date

import pytest
from django.conf import settings

from problems.models import RecurrenceProposal
from problems.tasks import propose_recurring_problems
from regie.celery import app

from .helpers import recurring_incidents


def test_the_beat_schedule_runs_the_check_on_monday_after_the_weekly_report():
    app.loader.import_default_modules()
    entries = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    check, report = (
        entries["problems.tasks.propose_recurring_problems"],
        entries["governance.tasks.compute_weekly_report"],
    )

    assert "problems.tasks.propose_recurring_problems" in app.tasks
    assert check.day_of_week == report.day_of_week == {1}
    assert (min(check.hour), min(check.minute)) > (min(report.hour), min(report.minute))


@pytest.mark.usefixtures("demo_chain")
def test_the_task_proposes_once_per_week(at):
    recurring_incidents(at, date(2026, 3, 2))
    with at(2026, 3, 9, 6, 30):
        assert propose_recurring_problems.delay().get() == 1
        assert propose_recurring_problems.delay().get() == 0
    assert RecurrenceProposal.objects.get().week == "2026-W10"
