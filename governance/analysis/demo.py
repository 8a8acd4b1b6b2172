"""The architect's analysis of the newest demo weekly report, for `seed_demo`: a finding about the demo problem
and an open action for KPN's operator. Loads nothing when the report has findings already."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import ReportFinding, WeeklyReport
from problems.models import Problem

from . import services


def load_demo_analysis() -> int:
    report = WeeklyReport.objects.order_by("-week_start").first()
    if report is None or ReportFinding.objects.exists():
        return 0
    users = {user.username: user for user in get_user_model().objects.filter(username__in=["architect", "kpn"])}
    problem = Problem.objects.order_by("created_at").first()
    services.finding_record(
        actor=users["architect"],
        report=report,
        text="Meldingen over hetzelfde onderdeel keren terug; als probleem vastgelegd met een omzeiling.",
        problem=problem,
    )
    services.action_record(
        actor=users["architect"],
        report=report,
        description="Bewaking op de configuratie van alle knooppunten inrichten.",
        owner=users["kpn"],
        due_date=timezone.localdate() + timedelta(days=14),
        problem=problem,
    )
    return 2
