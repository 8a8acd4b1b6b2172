"""Writes of the architect's analysis: one function per use case, transactional, with history (who and why)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from changes.models import ChangeRequest
from core.history import recorded_now, save_tracked
from core.workflow import check_version
from governance.models import ReportAction, ReportFinding, WeeklyReport
from parties.models import Component
from problems import services as problem_services
from problems.models import Problem, ProblemSource

from . import rules
from .workflow import ACTION_WORKFLOW

REFUSAL = _("Alleen de systeemarchitect legt de analyse van een weekrapport vast.")


def _require_architect(actor) -> None:
    if not rules.records_analysis(actor):
        raise PermissionDenied(REFUSAL)


def _check_links(actor, problem: Problem | None, change: ChangeRequest | None) -> None:
    errors = {}
    if problem is not None and not Problem.objects.visible_to(actor).filter(pk=problem.pk).exists():
        errors["problem"] = _("Geen probleem met dit kenmerk.")
    if change is not None and not ChangeRequest.objects.visible_to(actor).filter(pk=change.pk).exists():
        errors["change"] = _("Geen wijziging met dit kenmerk.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def finding_record(
    *, actor, report: WeeklyReport, text: str, problem: Problem | None = None, change: ChangeRequest | None = None
) -> ReportFinding:
    _require_architect(actor)
    if not text.strip():
        raise ValidationError({"text": _("Vul dit veld in.")})
    _check_links(actor, problem, change)
    finding = ReportFinding(
        report=report, text=text.strip(), problem=problem, change=change, recorded_by=actor, recorded_at=recorded_now()
    )
    save_tracked(finding, actor=actor, reason=_("Bevinding bij weekrapport %(week)s") % {"week": report.label})
    return finding


@transaction.atomic
def action_record(
    *,
    actor,
    report: WeeklyReport,
    description: str,
    owner,
    due_date: date,
    problem: Problem | None = None,
    change: ChangeRequest | None = None,
) -> ReportAction:
    _require_architect(actor)
    if not description.strip():
        raise ValidationError({"description": _("Vul dit veld in.")})
    _check_links(actor, problem, change)
    action = ReportAction(
        report=report,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        problem=problem,
        change=change,
        created_by=actor,
        created_at=recorded_now(),
    )
    save_tracked(action, actor=actor, reason=_("Actie uit weekanalyse %(week)s") % {"week": report.label})
    return action


@transaction.atomic
def action_complete(*, actor, action: ReportAction, version: int | None, note: str = "") -> ReportAction:
    action = ReportAction.objects.select_for_update().get(pk=action.pk)
    check_version(action, version)
    move = ACTION_WORKFLOW.apply(action, "complete", actor)
    action.done_by, action.done_at, action.done_note = actor, recorded_now(), note.strip()
    action.version += 1
    reason = f"{move.label}: {note.strip()}" if note.strip() else str(move.label)
    save_tracked(action, actor=actor, reason=reason[:100])
    return action


def problem_from_anomaly(
    *, actor, report: WeeklyReport, anomaly: str, title: str, component: Component, owner
) -> Problem:
    """The weekly report's "create a problem from this anomaly": a problem whose source is the report's week
    (recorded by the System Architect or the Product Owner, as any problem)."""
    return problem_services.problem_create(
        actor=actor,
        title=title,
        component=component,
        owner=owner,
        description=anomaly,
        source=ProblemSource.ANOMALY,
        source_week=report.label,
        reason=_("Uit afwijking in weekrapport %(week)s") % {"week": report.label},
    )
