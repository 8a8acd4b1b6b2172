"""Every write to problems and recurrence proposals: one function per use case, transactional, with history
(who and why). Moves go through PROBLEM_WORKFLOW / PROPOSAL_WORKFLOW; the row is locked and a stale version
refused, as in changes.services."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from changes.models import ChangeRequest
from core.history import recorded_now, save_tracked
from core.models import ReferenceSequence
from core.workflow import check_version
from incidents.models import Incident
from parties.models import Component

from . import recurrence, rules
from .models import (
    Problem,
    ProblemIncidentLink,
    ProblemSource,
    ProblemStatus,
    ProposalKind,
    RecurrenceProposal,
)
from .workflow import PROBLEM_WORKFLOW, PROPOSAL_WORKFLOW

# simple-history keeps a change reason of at most 100 characters; the full text stays on the record.
HISTORY_REASON_LENGTH = 100


def _reason(label: str, text: str = "") -> str:
    reason = f"{label}: {text}" if text else label
    return reason if len(reason) <= HISTORY_REASON_LENGTH else reason[: HISTORY_REASON_LENGTH - 1] + "…"


def _required(**texts) -> None:
    missing = {name: _("Vul dit veld in.") for name, text in texts.items() if not (text or "").strip()}
    if missing:
        raise ValidationError(missing)


def _locked(problem: Problem, version: int | None) -> Problem:
    locked = Problem.objects.select_for_update().get(pk=problem.pk)
    check_version(locked, version)
    return locked


def _save(problem: Problem, *, actor, reason: str) -> Problem:
    problem.version += 1
    save_tracked(problem, actor=actor, reason=reason)
    return problem


# --- recording ---------------------------------------------------------------------------------------------


@transaction.atomic
def problem_create(
    *,
    actor,
    title: str,
    component: Component,
    owner,
    description: str = "",
    source: str = ProblemSource.INCIDENTS,
    source_week: str = "",
    incidents=(),
    reason: str = "",
) -> Problem:
    """Record a problem (from incidents, a proposal or a weekly report's anomaly) and link its incidents."""
    if not rules.manages_problems(actor):
        raise PermissionDenied(_("Alleen de systeemarchitect en de Product Owner leggen problemen vast."))
    _required(title=title)
    problem = Problem(
        title=title.strip(),
        description=description,
        component=component,
        owner=owner,
        source=source,
        source_week=source_week,
        created_by=actor,
        created_at=recorded_now(),
    )
    problem.reference = ReferenceSequence.next_reference("PRB", timezone.localtime(recorded_now()).year)
    save_tracked(problem, actor=actor, reason=_reason(str(_("Probleem vastgelegd")), reason))
    for incident in incidents:
        _link(problem, incident, actor=actor, reason=reason or str(_("Bij het vastleggen gekoppeld")))
    return problem


def _link(problem: Problem, incident: Incident, *, actor, reason: str) -> ProblemIncidentLink:
    link = ProblemIncidentLink(
        problem=problem, incident=incident, reason=reason, created_by=actor, created_at=recorded_now()
    )
    save_tracked(link, actor=actor, reason=_reason(str(_("Incident gekoppeld")), reason))
    return link


@transaction.atomic
def problem_link_incident(*, actor, problem: Problem, incident: Incident, reason: str) -> ProblemIncidentLink:
    """Link an incident the actor may see to an open problem."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if not rules.works_on(actor, problem) or not Incident.objects.visible_to(actor).filter(pk=incident.pk).exists():
        raise PermissionDenied(_("U mag dit incident niet aan dit probleem koppelen."))
    if not problem.is_open:
        raise ValidationError(_("Aan een gesloten of ingetrokken probleem worden geen incidenten meer gekoppeld."))
    _required(reason=reason)
    if problem.links.filter(incident=incident).exists():
        raise ValidationError(
            _("%(incident)s is al gekoppeld aan %(problem)s.")
            % {"incident": incident.reference, "problem": problem.reference}
        )
    return _link(problem, incident, actor=actor, reason=reason.strip())


# --- analysis, solution, closing -----------------------------------------------------------------------------


@transaction.atomic
def problem_record_analysis(
    *, actor, problem: Problem, version: int | None, root_cause: str, workaround: str
) -> Problem:
    """The root cause and the workaround: from now on the problem is a known error, shown when a new incident
    on its component is triaged."""
    problem = _locked(problem, version)
    move = PROBLEM_WORKFLOW.apply(problem, "record_analysis", actor)
    _required(root_cause=root_cause, workaround=workaround)
    problem.root_cause, problem.workaround = root_cause.strip(), workaround.strip()
    problem.known_error_at = problem.known_error_at or recorded_now()
    return _save(problem, actor=actor, reason=str(move.label))


@transaction.atomic
def problem_link_change(
    *, actor, problem: Problem, version: int | None, change: ChangeRequest, reason: str = ""
) -> Problem:
    """Name the change that solves the problem; the problem closes when that change is reviewed as successful."""
    problem = _locked(problem, version)
    move = PROBLEM_WORKFLOW.apply(problem, "link_change", actor)
    if not ChangeRequest.objects.visible_to(actor).filter(pk=change.pk).exists():
        raise ValidationError({"change": _("Geen wijziging met dit kenmerk.")})
    problem.change = change
    _save(problem, actor=actor, reason=_reason(f"{move.label} {change.reference}", reason))
    if rules.change_succeeded(change):
        _close(problem, actor=actor)
    return problem


def _close(problem: Problem, *, actor) -> Problem:
    move = PROBLEM_WORKFLOW.apply(problem, "close", actor)
    problem.closed_at = recorded_now()
    return _save(
        problem,
        actor=actor,
        reason=_reason(
            str(move.label), _("%(change)s geëvalueerd als geslaagd") % {"change": problem.change.reference}
        ),
    )


def close_problems_solved_by(sender, *, change: ChangeRequest, actor, successful: bool, **kwargs) -> None:
    """Listens to changes.signals.change_reviewed (in the review's transaction): a successful review closes
    every problem waiting on this change, in the reviewer's name."""
    if not successful:
        return
    waiting = Problem.objects.select_for_update().filter(change=change, status=ProblemStatus.AWAITING_CHANGE)
    for problem in waiting:
        _close(problem, actor=actor)


@transaction.atomic
def problem_withdraw(*, actor, problem: Problem, version: int | None, reason: str) -> Problem:
    problem = _locked(problem, version)
    move = PROBLEM_WORKFLOW.apply(problem, "withdraw", actor)
    _required(reason=reason)
    return _save(problem, actor=actor, reason=_reason(str(move.label), reason.strip()))


# --- recurrence proposals ------------------------------------------------------------------------------------


def last_completed_week(now: datetime | None = None) -> datetime:
    """Monday 00:00 (Europe/Amsterdam) of the week that ended most recently."""
    today = timezone.localtime(now or timezone.now()).date()
    this_monday = today - timedelta(days=today.weekday())
    return datetime.combine(this_monday - timedelta(weeks=1), time.min, tzinfo=timezone.get_current_timezone())


def week_label(week_start: datetime) -> str:
    year, week, _day = week_start.isocalendar()
    return f"{year}-W{week:02d}"


@transaction.atomic
def recurrences_propose(*, now: datetime | None = None) -> list[RecurrenceProposal]:
    """The weekly check (problems.recurrence): propose a problem per component where incidents recur, for the
    week that ended last. Running it twice for a week adds nothing; a component with an open proposal of the
    same kind is left alone until the architect has decided on it."""
    week_start = last_completed_week(now)
    pending = set(RecurrenceProposal.objects.filter(status="open").values_list("component_id", "kind"))
    similar = _propose_similar_titles(week_start, pending)
    proposed = {incident.pk for proposal in similar for incident in proposal.incidents.all()}
    above = _propose_above_baseline(week_start, pending, proposed)
    return similar + above


def _propose_similar_titles(week_start: datetime, pending: set) -> list[RecurrenceProposal]:
    week_end = week_start + timedelta(weeks=1)
    recent = (
        Incident.objects.filter(reported_at__gte=week_end - timedelta(days=recurrence.LOOKBACK_DAYS))
        .filter(reported_at__lt=week_end, problem_links__isnull=True, duplicate_of__isnull=True)
        .select_related("component")
        .order_by("reported_at")[: recurrence.MAX_INCIDENTS]
    )
    by_component = defaultdict(list)
    for incident in recent:
        by_component[incident.component].append(incident)
    proposals = []
    for component, incidents in sorted(by_component.items(), key=lambda item: item[0].name):
        clusters = recurrence.similar_title_clusters(incidents)
        if not clusters or (component.pk, ProposalKind.SIMILAR_TITLES) in pending:
            continue
        cluster = clusters[0]
        explanation = _(
            "%(count)s incidenten op %(component)s in %(days)s dagen met gelijksoortige titels (gedeelde woorden: "
            "%(words)s; overlap ≥ %(percent)s%%)."
        ) % {
            "count": len(cluster.incidents),
            "component": component.name,
            "days": recurrence.LOOKBACK_DAYS,
            "words": ", ".join(cluster.common_words) or "–",
            "percent": int(recurrence.SIMILARITY * 100),
        }
        title = cluster.incidents[0].title
        proposals.append(
            _propose(component, ProposalKind.SIMILAR_TITLES, week_start, title, explanation, cluster.incidents)
        )
    return [proposal for proposal in proposals if proposal is not None]


def _propose_above_baseline(week_start: datetime, pending: set, proposed: set[int]) -> list[RecurrenceProposal]:
    """Components whose incidents in the week exceed their baseline; not when every one of those incidents is in
    a similar-titles proposal of this run already."""
    week_end = week_start + timedelta(weeks=1)
    reported = defaultdict(list)
    for component_id, reported_at in Incident.objects.filter(
        reported_at__gte=week_start - timedelta(weeks=recurrence.BASELINE_WEEKS),
        reported_at__lt=week_end,
        duplicate_of__isnull=True,
    ).values_list("component_id", "reported_at"):
        reported[component_id].append(reported_at)
    proposals = []
    for component in Component.objects.filter(pk__in=list(reported)).order_by("name"):
        found = recurrence.above_baseline(recurrence.weekly_counts(reported[component.pk], week_start))
        if found is None or (component.pk, ProposalKind.ABOVE_BASELINE) in pending:
            continue
        in_week = list(
            Incident.objects.filter(
                component=component, reported_at__gte=week_start, reported_at__lt=week_end, duplicate_of__isnull=True
            )
        )
        if {incident.pk for incident in in_week} <= proposed:
            continue
        explanation = _(
            "%(count)s incidenten op %(component)s in week %(week)s, tegen gemiddeld %(mean)s in de weken ervoor "
            "(%(z)s× de normale spreiding)."
        ) % {
            "count": len(in_week),
            "component": component.name,
            "week": week_label(week_start),
            "mean": round(found.mean, 1),
            "z": round(found.z, 1),
        }
        title = _("Meer incidenten dan gewoonlijk op %(component)s") % {"component": component.name}
        proposals.append(_propose(component, ProposalKind.ABOVE_BASELINE, week_start, title, explanation, in_week))
    return [proposal for proposal in proposals if proposal is not None]


def _propose(component, kind, week_start, title, explanation, incidents) -> RecurrenceProposal | None:
    label = week_label(week_start)
    if RecurrenceProposal.objects.filter(component=component, kind=kind, week=label).exists():
        return None
    proposal = RecurrenceProposal(
        component=component,
        kind=kind,
        week=label,
        title=title[:200],
        explanation=explanation,
        proposed_at=recorded_now(),
    )
    try:
        with transaction.atomic():
            save_tracked(
                proposal,
                actor=None,
                reason=str(_("Wekelijkse controle op terugkerende incidenten")),
                m2m={"incidents": incidents},
            )
    except IntegrityError:  # the same week's check running at once elsewhere
        return None
    return proposal


def _decide(proposal: RecurrenceProposal, name: str, version: int | None, actor, reason: str):
    proposal = RecurrenceProposal.objects.select_for_update().get(pk=proposal.pk)
    check_version(proposal, version)
    move = PROPOSAL_WORKFLOW.apply(proposal, name, actor)
    proposal.decided_by, proposal.decided_at, proposal.decision_reason = actor, recorded_now(), reason.strip()
    proposal.version += 1
    return proposal, move


@transaction.atomic
def proposal_accept(
    *, actor, proposal: RecurrenceProposal, version: int | None, title: str = "", owner=None, reason: str = ""
) -> RecurrenceProposal:
    """Accept: a problem is recorded on the proposal's component with its incidents, owned by `owner` (default:
    the architect), and the decision stays on the proposal."""
    proposal, move = _decide(proposal, "accept", version, actor, reason)
    problem = problem_create(
        actor=actor,
        title=title.strip() or proposal.title,
        component=proposal.component,
        owner=owner or actor,
        description=proposal.explanation,
        source=ProblemSource.RECURRENCE,
        source_week=proposal.week,
        incidents=[incident for incident in proposal.incidents.all() if not incident.problem_links.exists()],
        reason=str(_("Voorstel %(week)s aangenomen") % {"week": proposal.week}),
    )
    proposal.problem = problem
    save_tracked(proposal, actor=actor, reason=_reason(str(move.label), reason.strip()))
    return proposal


@transaction.atomic
def proposal_dismiss(*, actor, proposal: RecurrenceProposal, version: int | None, reason: str) -> RecurrenceProposal:
    _required(reason=reason)
    proposal, move = _decide(proposal, "dismiss", version, actor, reason)
    save_tracked(proposal, actor=actor, reason=_reason(str(move.label), reason.strip()))
    return proposal
