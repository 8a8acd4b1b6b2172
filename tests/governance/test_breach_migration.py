"""Migration 0010 moves each stored week's attributed breaches out of its figures into rows of their own, and back."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("governance", "0009_live_figures")]
AFTER = [("governance", "0010_weekly_breaches")]


def breach(incident: str, *legs: tuple[str, float]) -> dict:
    return {
        "incident": incident,
        "component": "Backend",
        "legs": [{"party": party, "minutes": share, "share_percent": share} for party, share in legs],
        "waited_on": [],
    }


def migrate(targets=None):
    """To `targets`, or back to the latest migrations of every app."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_stored_weeks_breaches_move_into_rows_and_back():
    apps = migrate(BEFORE)
    attribution = [
        breach("INC-2026-000001", ("KPN", 60.0), ("CIBG (triage)", 40.0)),
        breach("INC-2026-000002", ("DICTU", 90.0), ("KPN", 10.0)),
        breach("INC-2026-000003"),
    ]
    apps.get_model("governance", "WeeklyReport").objects.create(
        week_start=date(2026, 3, 2),
        iso_year=2026,
        iso_week=10,
        computed_at=timezone.now(),
        metrics={"summary": "Week 2026-W10", "attribution": attribution},
    )

    apps = migrate(AFTER)
    report = apps.get_model("governance", "WeeklyReport").objects.get()
    breaches = apps.get_model("governance", "WeeklyBreach").objects.filter(report=report).order_by("position")
    holders = apps.get_model("governance", "WeeklyBreachHolder").objects.order_by("breach__position", "party")
    assert "attribution" not in report.metrics
    assert report.metrics["worst_breach"] == {
        "incident": "INC-2026-000002",
        "party": "DICTU",
        "minutes": 90.0,
        "share_percent": 90.0,
    }
    assert list(breaches.values_list("attribution", flat=True)) == attribution
    assert list(holders.values_list("breach__position", "party")) == [
        (0, "CIBG (triage)"),
        (0, "KPN"),
        (1, "DICTU"),
        (1, "KPN"),
    ]

    apps = migrate(BEFORE)
    assert apps.get_model("governance", "WeeklyReport").objects.get().metrics == {
        "summary": "Week 2026-W10",
        "attribution": attribution,
    }
    migrate()
