"""Every write to changes: one function per use case, transactional, with history (who and why).

Each transition locks the change row (`select_for_update`), refuses a stale version, takes the
move through `CHANGE_WORKFLOW.apply` (the state and who may make it, `changes.rules`), then saves
with `save_tracked`. Two people acting at once are serialised by the row lock: the second sees the
first one's result.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import delete_tracked, recorded_now, save_tracked
from core.models import ReferenceSequence
from core.workflow import Transition, check_version
from incidents.models import Incident
from parties.access import principal_for
from parties.catalogue import DependencyGraph
from parties.models import Component, Party, Role

from . import mail, risk, rules
from .models import (
    BACKLOG_STATES,
    Approval,
    BlackoutWindow,
    ChangeIncidentLink,
    ChangeRequest,
    ChangeStatus,
    ChangeType,
    Decision,
    LinkKind,
    PostImplementationReview,
    RiskAssessment,
    StandardChangeTemplate,
)
from .signals import change_reviewed
from .workflow import CHANGE_WORKFLOW

REORDER_REASON = "Herprioritering door Product Owner"
# simple-history keeps a change reason of at most 100 characters; the full reason stays on the link.
HISTORY_REASON_LENGTH = 100
# The moves that need nothing but a reason.
SIMPLE_TRANSITIONS = frozenset({"start", "complete", "fail", "roll_back", "close", "cancel"})


def _locked(change: ChangeRequest, version: int | None) -> ChangeRequest:
    locked = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    check_version(locked, version)
    return locked


def _record(change: ChangeRequest, transition: Transition, *, actor, reason: str, **updates) -> ChangeRequest:
    """Save a change the transition (applied) moved, with one history row; a change entering the
    backlog goes to its bottom, one leaving it loses its rank."""
    for field, value in updates.items():
        setattr(change, field, value)
    if transition.target not in BACKLOG_STATES:
        change.rank = None
    elif change.rank is None:
        change.rank = _next_rank()
    change.version += 1
    label = str(transition.label)
    save_tracked(change, actor=actor, reason=f"{label}: {reason}" if reason else label)
    mail.on_transition(change, transition.name, actor)
    return change


def _lock_backlog() -> list[ChangeRequest]:
    """Lock every backlog row, then read the backlog again in rank order.

    The second read is a new statement, so it also sees rows that entered the backlog while we
    waited for the locks; the order is taken after locking, never from a stale snapshot.
    """
    list(ChangeRequest.objects.backlog().select_for_update().order_by("pk").values_list("pk", flat=True))
    rows = list(ChangeRequest.objects.backlog().select_for_update().order_by("pk"))
    return sorted(rows, key=lambda row: (row.rank is None, row.rank or 0, row.pk))


def _next_rank() -> int:
    _lock_backlog()
    return (ChangeRequest.objects.backlog().aggregate(top=Max("rank"))["top"] or 0) + 1


# --- request -------------------------------------------------------------------------------


@transaction.atomic
def change_create(
    *,
    actor,
    requesting_party: Party,
    components: Iterable[Component],
    submit: bool,
    reason: str = "",
    **fields,
) -> ChangeRequest:
    """Record a request for change as a draft, or submit it at once (`submit=True`).

    A party requests changes only for the components it operates, hosts or monitors (the regie party for
    any); a standard change takes its plans from its template and may only touch the template's components.
    """
    if not rules.can_request_changes(actor) or requesting_party.pk not in principal_for(actor).party_ids:
        raise PermissionDenied(_("U kunt alleen namens uw eigen partij een wijziging aanvragen."))
    components = list(components)
    change = ChangeRequest(requesting_party=requesting_party, requested_by=actor, **fields)
    if change.change_type == ChangeType.STANDARD and change.template_id:
        template = change.template
        change.implementation_plan = change.implementation_plan or template.implementation_plan
        change.rollback_plan = change.rollback_plan or template.rollback_plan
    _validate_request(change, components)
    change.reference = ReferenceSequence.next_reference("CHG", timezone.localtime(recorded_now()).year)
    save_tracked(change, actor=actor, reason=reason or _("Wijziging aangevraagd"), validate=False)
    change.components.set(components)
    if submit:
        change = change_submit(actor=actor, change=change, version=change.version)
    return change


def _validate_request(change: ChangeRequest, components: list[Component]) -> None:
    errors = {}
    try:
        change.full_clean(exclude=["reference"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if not components:
        errors["components"] = [_("Kies minstens één component.")]
    elif outside := rules.components_out_of_reach(change.requesting_party, components):
        errors["components"] = [
            _("%(party)s beheert, host of bewaakt %(components)s niet en kan er daarom geen wijziging voor aanvragen.")
            % {"party": change.requesting_party, "components": ", ".join(str(component) for component in outside)}
        ]
    if "components" not in errors and len(owners := rules.owners_of(components)) > 1:
        errors["components"] = [
            _(
                "Deze componenten horen bij diensten van verschillende eigenaren (%(owners)s): vraag per eigenaar "
                "een eigen wijziging aan, zodat elke eigenaar over zijn eigen dienst beslist."
            )
            % {"owners": ", ".join(sorted(str(owner) for owner in owners))}
        ]
    if change.change_type == ChangeType.STANDARD and change.template_id:
        allowed = set(change.template.components.values_list("pk", flat=True))
        if "components" not in errors and not {component.pk for component in components} <= allowed:
            errors["components"] = [_("Dit sjabloon is alleen goedgekeurd voor zijn eigen componenten.")]
        if not change.template.is_active:
            errors["template"] = [_("Dit sjabloon is niet meer in gebruik.")]
    if change.change_type == ChangeType.NORMAL and not change.test_evidence.strip():
        errors["test_evidence"] = [_("Een normale wijziging vraagt om testbewijs.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def change_submit(*, actor, change: ChangeRequest, version: int | None, reason: str = "") -> ChangeRequest:
    change = _locked(change, version)
    submitted = CHANGE_WORKFLOW.apply(change, "submit", actor)
    _validate_request(change, list(change.components.all()))
    change = _record(change, submitted, actor=actor, reason=reason, submitted_at=recorded_now())
    if CHANGE_WORKFLOW.can(actor, change, "preapprove"):
        change = _record(
            change,
            CHANGE_WORKFLOW.apply(change, "preapprove", actor),
            actor=actor,
            reason=_("standaardwijziging volgens sjabloon “%(template)s”") % {"template": change.template},
            approved_at=recorded_now(),
        )
    return change


# --- assessment and approval -----------------------------------------------------------------


@transaction.atomic
def change_assess(
    *,
    actor,
    change: ChangeRequest,
    version: int | None,
    citizen_impact: str,
    rollback_tested: bool,
    done_before: bool,
    downtime_expected: bool,
    security_sensitive: bool,
    comment: str = "",
) -> ChangeRequest:
    """The System Architect's questionnaire; the answers and the level they yield go on record."""
    change = _locked(change, version)
    assessed = CHANGE_WORKFLOW.apply(change, "assess", actor)
    if change.change_type == ChangeType.STANDARD:
        raise DomainError(_("Een standaardwijziging is vooraf goedgekeurd en wordt niet beoordeeld."))
    answers = {
        "citizen_impact": citizen_impact,
        "component_count": change.components.count(),
        "rollback_tested": rollback_tested,
        "done_before": done_before,
        "downtime_expected": downtime_expected,
        "security_sensitive": security_sensitive,
    }
    points, level = risk.score(**answers)
    assessment = RiskAssessment.objects.filter(change=change).first() or RiskAssessment(change=change)
    for field, value in answers.items():
        setattr(assessment, field, value)
    assessment.score, assessment.risk, assessment.comment = points, level, comment
    assessment.assessed_by, assessment.assessed_at = actor, recorded_now()
    save_tracked(assessment, actor=actor, reason=_("Risicobeoordeling: %(risk)s") % {"risk": level.label})
    return _record(change, assessed, actor=actor, reason=str(level.label), risk=level)


@transaction.atomic
def change_request_approval(*, actor, change: ChangeRequest, version: int | None, reason: str = "") -> ChangeRequest:
    """Send a change to its approvers: a normal change once assessed, an emergency change at once."""
    change = _locked(change, version)
    assessed = change.status == ChangeStatus.ASSESSED
    sent = CHANGE_WORKFLOW.apply(change, "request_approval", actor)
    if change.change_type == ChangeType.STANDARD:
        raise DomainError(_("Een standaardwijziging is al goedgekeurd door haar sjabloon."))
    if change.change_type == ChangeType.NORMAL and not assessed:
        raise DomainError(_("Een normale wijziging gaat pas ter goedkeuring als het risico is beoordeeld."))
    return _record(change, sent, actor=actor, reason=reason)


@transaction.atomic
def change_decide(
    *, actor, change: ChangeRequest, version: int | None, decision: str, comment: str = "", role: str | None = None
) -> ChangeRequest:
    """Record one approval or rejection. The change is approved once every role its risk
    requires has approved, and rejected by any rejection."""
    change = _locked(change, version)
    CHANGE_WORKFLOW.check(change, "approve" if decision == Decision.APPROVED else "reject", actor)
    roles = rules.decision_roles(actor, change)
    if role is not None and role not in roles:
        raise PermissionDenied(rules.decision_refusal(actor, change))
    if decision == Decision.REJECTED and not comment.strip():
        raise ValidationError({"comment": _("Geef bij een afwijzing een toelichting.")})
    approval = Approval(
        change=change,
        approver=actor,
        role=role or roles[0],
        decision=decision,
        comment=comment,
        decided_at=recorded_now(),
    )
    approved_roles = set(change.approvals.filter(decision=Decision.APPROVED).values_list("role", flat=True))
    if decision == Decision.APPROVED:
        approved_roles.add(approval.role)
    # The move is taken before the decision is saved: once saved, the approver may decide no more.
    if decision == Decision.REJECTED:
        move = CHANGE_WORKFLOW.apply(change, "reject", actor)
    elif set(change.required_roles) <= approved_roles:
        move = CHANGE_WORKFLOW.apply(change, "approve", actor)
    else:
        move = None
    save_tracked(approval, actor=actor, reason=f"{approval.get_decision_display()} ({approval.get_role_display()})")
    if move is not None:
        approved = {"approved_at": recorded_now()} if move.name == "approve" else {}
        return _record(change, move, actor=actor, reason=comment, **approved)
    change.version += 1
    save_tracked(
        change,
        actor=actor,
        reason=_("Goedkeuring door %(role)s; wacht op %(missing)s")
        % {
            "role": approval.get_role_display(),
            "missing": ", ".join(str(Role(role).label) for role in change.required_roles if role not in approved_roles),
        },
    )
    return change


def change_approve(*, actor, change, version, comment: str = "", role: str | None = None) -> ChangeRequest:
    return change_decide(
        actor=actor, change=change, version=version, decision=Decision.APPROVED, comment=comment, role=role
    )


def change_reject(*, actor, change, version, comment: str, role: str | None = None) -> ChangeRequest:
    return change_decide(
        actor=actor, change=change, version=version, decision=Decision.REJECTED, comment=comment, role=role
    )


# --- backlog ranking ---------------------------------------------------------------------------


@transaction.atomic
def backlog_move(
    *,
    actor,
    change: ChangeRequest,
    position: int | None = None,
    offset: int | None = None,
    reason: str = REORDER_REASON,
) -> list[ChangeRequest]:
    """Move a backlog change to `position` (1 = top), or `offset` places down (negative: up), and
    renumber the backlog densely 1..n.

    All backlog rows are locked first, so two Product Owners reordering at once are applied one
    after the other, each against the order the other left; only rows whose rank changes get a
    history row. Returns the new order.
    """
    rules.require(rules.is_product_owner(actor))
    rows = _lock_backlog()
    moving = next((row for row in rows if row.pk == change.pk), None)
    if moving is None:
        raise DomainError(_("Deze wijziging staat niet (meer) in de backlog."))
    index = rows.index(moving) + offset if offset is not None else (position or 1) - 1
    rows.remove(moving)
    rows.insert(max(0, min(index, len(rows))), moving)
    for rank, row in enumerate(rows, start=1):
        if row.rank != rank:
            row.rank = rank
            save_tracked(row, actor=actor, reason=reason, validate=False)
    return rows


# --- scheduling and blackout windows -------------------------------------------------------------


def blackouts_blocking(change: ChangeRequest, start: datetime, end: datetime):
    """The freeze periods this change may not be scheduled in: all overlapping ones, none for emergencies."""
    if change.change_type == ChangeType.EMERGENCY:
        return BlackoutWindow.objects.none()
    return BlackoutWindow.objects.overlapping(start, end)


def collisions(change: ChangeRequest, start: datetime | None = None, end: datetime | None = None):
    """Other live changes whose window overlaps this one's on a shared component, or on a component that
    depends on one of this change's or that one of them depends on (flagged, not refused)."""
    from .models import COLLIDING_STATES

    start, end = start or change.window_start, end or change.window_end
    related = DependencyGraph().related_to(change.components.values_list("pk", flat=True))
    return (
        ChangeRequest.objects.filter(status__in=COLLIDING_STATES, components__in=related)
        .exclude(pk=change.pk)
        .in_window(start, end)
        .distinct()
    )


@transaction.atomic
def change_schedule(
    *,
    actor,
    change: ChangeRequest,
    version: int | None,
    planned_start: datetime | None = None,
    planned_end: datetime | None = None,
    reason: str = "",
) -> ChangeRequest:
    """Plan an approved change (default: its proposed window). A freeze period refuses normal and
    standard changes; collisions are allowed but stay flagged."""
    change = _locked(change, version)
    scheduled = CHANGE_WORKFLOW.apply(change, "schedule", actor)
    start, end = planned_start or change.proposed_start, planned_end or change.proposed_end
    if end <= start:
        raise ValidationError({"planned_end": _("Het einde moet na het begin liggen.")})
    blocking = blackouts_blocking(change, start, end).first()
    if blocking is not None:
        raise ValidationError(
            {
                "planned_start": _(
                    "Dit venster valt in de bevriezingsperiode “%(title)s” (%(start)s – %(end)s); "
                    "alleen spoedwijzigingen mogen daarin."
                )
                % {
                    "title": blocking.title,
                    "start": timezone.localtime(blocking.starts_at).strftime("%d-%m-%Y %H:%M"),
                    "end": timezone.localtime(blocking.ends_at).strftime("%d-%m-%Y %H:%M"),
                }
            }
        )
    return _record(change, scheduled, actor=actor, reason=reason, planned_start=start, planned_end=end)


def standard_changes_schedule(*, actor, changes: Iterable[ChangeRequest]) -> tuple[list, list]:
    """Bulk action on the board: schedule approved standard changes in their proposed window.

    Each change is scheduled in its own transaction; returns (scheduled, [(change, message)]).
    """
    scheduled, refused = [], []
    for change in changes:
        try:
            if change.change_type != ChangeType.STANDARD:
                raise DomainError(_("Alleen standaardwijzigingen kunnen in bulk worden ingepland."))
            scheduled.append(change_schedule(actor=actor, change=change, version=None, reason=_("bulkactie")))
        except ValidationError as error:
            refused.append((change, " ".join(error.messages)))
        except (DomainError, PermissionDenied) as error:
            refused.append((change, str(getattr(error, "message", error))))
    return scheduled, refused


@transaction.atomic
def blackout_save(*, actor, reason: str, window: BlackoutWindow | None = None, **fields) -> BlackoutWindow:
    rules.require(rules.is_product_owner(actor))
    window = window or BlackoutWindow()
    for name, value in fields.items():
        setattr(window, name, value)
    save_tracked(window, actor=actor, reason=reason)
    return window


@transaction.atomic
def blackout_delete(*, actor, reason: str, window: BlackoutWindow) -> None:
    rules.require(rules.is_product_owner(actor))
    delete_tracked(window, actor=actor, reason=reason)


# --- implementation, review, closing ---------------------------------------------------------------


@transaction.atomic
def change_transition(*, actor, change: ChangeRequest, name: str, version: int | None, reason: str = ""):
    """The moves that need nothing but a reason: start, complete, fail, roll back, close, cancel."""
    if name not in SIMPLE_TRANSITIONS:
        raise DomainError()
    change = _locked(change, version)
    review_required = change.review_required
    move = CHANGE_WORKFLOW.apply(change, name, actor)
    updates = {}
    if name == "start":
        updates["actual_start"] = recorded_now()
    elif name in {"complete", "fail"}:
        updates["actual_end"] = recorded_now()
    elif name == "close" and review_required and not hasattr(change, "review"):
        raise DomainError(_("Een spoedwijziging of mislukte wijziging wordt pas gesloten na een evaluatie."))
    elif name == "cancel" and not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor het annuleren.")})
    return _record(change, move, actor=actor, reason=reason, **updates)


@transaction.atomic
def change_review(
    *, actor, change: ChangeRequest, version: int | None, what_happened: str, follow_up: str = ""
) -> ChangeRequest:
    """The post-implementation review: what happened and what follows from it."""
    change = _locked(change, version)
    successful = change.status == ChangeStatus.COMPLETED
    reviewed = CHANGE_WORKFLOW.apply(change, "review", actor)
    review = PostImplementationReview(
        change=change,
        reviewed_by=actor,
        what_happened=what_happened,
        follow_up=follow_up,
        reviewed_at=recorded_now(),
    )
    save_tracked(review, actor=actor, reason=_("Evaluatie na uitvoering"))
    change = _record(change, reviewed, actor=actor, reason="")
    change_reviewed.send(sender=ChangeRequest, change=change, actor=actor, successful=successful)
    return change


@transaction.atomic
def template_save(*, actor, reason: str, components, template: StandardChangeTemplate | None = None, **fields):
    template = template or StandardChangeTemplate()
    for name, value in fields.items():
        setattr(template, name, value)
    save_tracked(template, actor=actor, reason=reason)
    template.components.set(components)
    return template


# --- links between changes and incidents -------------------------------------------------------


def _history_reason(label: str, reason: str) -> str:
    text = f"{label}: {reason}" if reason else label
    return text if len(text) <= HISTORY_REASON_LENGTH else text[: HISTORY_REASON_LENGTH - 1] + "…"


def _require_link_rights(actor, change: ChangeRequest, incident: Incident) -> None:
    """Both records visible to the actor (querysets, DESIGN §5) and the actor works on one of them."""
    visible = (
        ChangeRequest.objects.visible_to(actor).filter(pk=change.pk).exists()
        and Incident.objects.visible_to(actor).filter(pk=incident.pk).exists()
    )
    if not visible or not rules.can_link(actor, change, incident):
        raise PermissionDenied(_("U mag deze wijziging en dit incident niet aan elkaar koppelen."))


@transaction.atomic
def change_incident_link(
    *, actor, change: ChangeRequest, incident: Incident, kind: str, reason: str
) -> ChangeIncidentLink:
    """Record that the change fixes the incident, or that the incident was caused by the change.

    The change row is locked first, so two people adding the same link at once are serialised and
    the second is told it exists rather than hitting the database constraint.
    """
    _require_link_rights(actor, change, incident)
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Kies een soort koppeling.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een toelichting bij de koppeling.")})
    ChangeRequest.objects.select_for_update().filter(pk=change.pk).first()
    if ChangeIncidentLink.objects.filter(change=change, incident=incident, kind=kind).exists():
        raise ValidationError(
            _("%(change)s en %(incident)s zijn al zo gekoppeld (“%(kind)s”).")
            % {"change": change.reference, "incident": incident.reference, "kind": LinkKind(kind).label}
        )
    link = ChangeIncidentLink(
        change=change,
        incident=incident,
        kind=kind,
        reason=reason.strip(),
        created_by=actor,
        created_at=recorded_now(),
    )
    save_tracked(link, actor=actor, reason=_history_reason(str(_("Koppeling vastgelegd")), link.reason))
    return link


@transaction.atomic
def change_incident_unlink(*, actor, link: ChangeIncidentLink, reason: str = "") -> None:
    """Remove a link; the history keeps who removed it and why."""
    _require_link_rights(actor, link.change, link.incident)
    delete_tracked(link, actor=actor, reason=_history_reason(str(_("Koppeling verwijderd")), reason.strip()))
