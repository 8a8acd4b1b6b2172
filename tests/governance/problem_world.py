"""The problem-management records of the permission matrix's world (test_permission_matrix): a problem on the
infrastructure (KPN's part of the chain) from the matrix's incident, an open recurrence proposal, and an action
from the architect's analysis of the week's report owned by KPN's operator."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from core.history import save_tracked
from governance.analysis import services as analysis_services
from governance.models import ReportAction, WeeklyReport
from problems import services as problem_services
from problems.models import Problem, ProposalKind, RecurrenceProposal


@dataclass
class ProblemWorld:
    problem: Problem
    proposal: RecurrenceProposal
    action: ReportAction


ANOMALY = {"scope": "total", "metric": "opened", "value": 40, "mean": 10.0, "z": 3.2}


def build_problem_world(users: dict, incident, report) -> ProblemWorld:
    # An anomaly in the week's report, to make a problem from (the report is derived data: no history).
    WeeklyReport.objects.filter(pk=report.pk).update(metrics={**report.metrics, "anomalies": [ANOMALY]})
    report.refresh_from_db()
    problem = problem_services.problem_create(
        actor=users["architect"],
        title="Servers vallen weg",
        component=incident.component,
        owner=users["architect"],
        incidents=[incident],
    )
    proposal = RecurrenceProposal(
        component=incident.component,
        kind=ProposalKind.SIMILAR_TITLES,
        week=report.label,
        title="Servers onbereikbaar",
        explanation="Drie gelijksoortige incidenten",
        proposed_at=timezone.now(),
    )
    save_tracked(proposal, actor=None, reason="Wekelijkse controle", m2m={"incidents": [incident]})
    action = analysis_services.action_record(
        actor=users["architect"],
        report=report,
        description="Monitoring van de servers nalopen",
        owner=users["kpn"],
        due_date=timezone.localdate() + timedelta(days=7),
    )
    return ProblemWorld(problem=problem, proposal=proposal, action=action)
