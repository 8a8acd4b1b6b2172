"""Working an incident: triage, routing, taking it in hand, waiting and messages."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import recorded_now, save_tracked
from parties.models import Party

from .. import mail, rules
from ..models import Assignment, HoldPeriod, Incident, IncidentUpdate, SlaClock, Status, priority_for
from ..workflow import INCIDENT_WORKFLOW
from .clock_keeping import contract_of, refresh_summary, retarget, start_clock, stop_clock
from .records import attach, lock, require, save, validate_attachments


@transaction.atomic
def incident_triage(
    *,
    actor,
    incident: Incident,
    impact: str,
    urgency: str,
    priority: str | None = None,
    reason: str = "",
    version: int | None = None,
) -> Incident:
    """Set impact and urgency; the priority follows from them unless overridden with a reason."""
    incident = lock(incident, version)
    require(rules.can_work(actor, incident), _("U kunt dit incident niet beoordelen."))
    if not incident.is_open:
        raise DomainError(_("Een afgesloten incident kan niet opnieuw worden beoordeeld."))
    derived = priority_for(impact, urgency)
    if priority and priority != derived and not reason.strip():
        raise ValidationError({"reason": _("Geef een reden als u de prioriteit afwijkend vaststelt.")})
    old_priority = incident.priority
    incident.impact, incident.urgency, incident.priority = impact, urgency, priority or derived
    now = recorded_now()
    if incident.priority != old_priority:
        for clock in incident.clocks.filter(stopped_at__isnull=True):
            retarget(clock, incident.priority, actor)
    why = reason.strip() or _("Impact en urgentie beoordeeld")
    save(incident, actor, _("Beoordeeld: %(priority)s. %(why)s") % {"priority": incident.priority, "why": why})
    refresh_summary(incident, actor, now, why, retargeted=incident.priority != old_priority)
    return incident


@transaction.atomic
def incident_assign(*, actor, incident: Incident, party: Party, reason: str, version: int | None = None) -> Incident:
    """Route the incident to a party. The chain SLA clock runs on; the new party's own UC clock starts."""
    incident = lock(incident, version)
    require(rules.can_assign(actor, incident, party), _("U kunt dit incident niet aan die partij toewijzen."))
    INCIDENT_WORKFLOW.apply(incident, "assign", actor)
    if party.pk == incident.assigned_party_id:
        raise ValidationError({"party": _("Het incident ligt al bij %(party)s.") % {"party": party}})
    now = recorded_now()
    end_hold(incident, actor, now)
    current = incident.assignments.filter(ended_at__isnull=True).first()
    if current is not None:
        current.ended_at = now
        save_tracked(current, actor=actor, reason=reason)
    for clock in incident.clocks.filter(scope=SlaClock.Scope.UC, stopped_at__isnull=True):
        stop_clock(clock, now, SlaClock.StopReason.TRANSFERRED, actor, reason)
    save_tracked(
        Assignment(incident=incident, party=party, started_at=now, assigned_by=actor, reason=reason),
        actor=actor,
        reason=reason,
    )
    contract = contract_of(party, incident.component, now)
    if contract is not None:
        start_clock(incident, SlaClock.Scope.UC, party, contract, now, actor)
    incident.assigned_party = party
    save(incident, actor, _("Toegewezen aan %(party)s: %(reason)s") % {"party": party, "reason": reason})
    refresh_summary(incident, actor, now, reason)
    step = f"assignment:{incident.assignments.get(ended_at__isnull=True).pk}"
    mail.to_operators("incident_assigned", incident, step + (":reassigned" if current else ""), actor)
    return incident


@transaction.atomic
def incident_acknowledge(*, actor, incident: Incident, version: int | None = None) -> Incident:
    """The assigned party takes the incident in hand: the response targets are met now."""
    incident = lock(incident, version)
    _acknowledge(incident, actor, recorded_now())
    return incident


def _acknowledge(incident: Incident, actor, now: datetime) -> None:
    INCIDENT_WORKFLOW.apply(incident, "acknowledge", actor)
    for clock in incident.clocks.filter(stopped_at__isnull=True, responded_at__isnull=True):
        clock.responded_at = now
        save_tracked(clock, actor=actor, reason=_("Reactie: in behandeling genomen"))
    current = incident.assignments.filter(ended_at__isnull=True, acknowledged_at__isnull=True).first()
    if current is not None:
        current.acknowledged_at = now
        save_tracked(current, actor=actor, reason=_("In behandeling genomen"))
    save(incident, actor, _("In behandeling genomen"))
    refresh_summary(incident, actor, now, _("In behandeling genomen"))


@transaction.atomic
def incident_hold(
    *,
    actor,
    incident: Incident,
    waiting_for: str,
    reason: str,
    waiting_for_party: Party | None = None,
    version: int | None = None,
) -> Incident:
    """Wait for the reporter or a named party; the clocks pause until the incident resumes."""
    incident = lock(incident, version)
    INCIDENT_WORKFLOW.apply(incident, "hold", actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Zeg waarop het incident wacht.")})
    if waiting_for not in (HoldPeriod.WaitingFor.REPORTER, HoldPeriod.WaitingFor.PARTY):
        raise ValidationError({"waiting_for": _("Wacht op de melder of op een partij.")})
    if waiting_for == HoldPeriod.WaitingFor.PARTY and waiting_for_party is None:
        raise ValidationError({"waiting_for_party": _("Kies de partij waarop wordt gewacht.")})
    if waiting_for == HoldPeriod.WaitingFor.REPORTER:
        waiting_for_party = None
    now = recorded_now()
    hold = HoldPeriod(
        incident=incident,
        waiting_for=waiting_for,
        waiting_for_party=waiting_for_party,
        reason=reason,
        started_at=now,
        started_by=actor,
    )
    save_tracked(hold, actor=actor, reason=reason)
    save(incident, actor, _("In de wacht: %(reason)s") % {"reason": reason})
    refresh_summary(incident, actor, now, reason)
    if waiting_for == HoldPeriod.WaitingFor.REPORTER:
        mail.to_reporter("incident_question", incident, f"hold:{hold.pk}", actor)
    return incident


@transaction.atomic
def incident_resume(*, actor, incident: Incident, reason: str = "", version: int | None = None) -> Incident:
    incident = lock(incident, version)
    _resume(incident, "resume", actor, recorded_now(), reason or _("Hervat"))
    return incident


def _resume(incident: Incident, transition: str, actor, now: datetime, reason: str) -> None:
    INCIDENT_WORKFLOW.apply(incident, transition, actor)
    end_hold(incident, actor, now)
    save(incident, actor, reason)
    refresh_summary(incident, actor, now, reason)


def end_hold(incident: Incident, actor, now: datetime) -> None:
    hold = incident.hold_periods.filter(ended_at__isnull=True).first()
    if hold is not None:
        hold.ended_at = now
        hold.ended_by = actor
        save_tracked(hold, actor=actor, reason=_("Wachten beëindigd"))


@transaction.atomic
def incident_reply(
    *,
    actor,
    incident: Incident,
    body: str,
    visibility: str = IncidentUpdate.Visibility.PUBLIC,
    attachments: Iterable[UploadedFile] = (),
    version: int | None = None,
) -> IncidentUpdate:
    """Post a message. The assigned party's first public reply acknowledges the incident;
    the reporter's answer releases a hold that waits for the reporter."""
    incident = lock(incident, version)
    if not body.strip():
        raise ValidationError({"body": _("Schrijf een bericht.")})
    attachments = list(attachments)
    validate_attachments(attachments)
    internal = visibility == IncidentUpdate.Visibility.INTERNAL
    allowed = rules.can_note(actor, incident) if internal else rules.can_reply(actor, incident)
    require(allowed, _("U kunt hier geen bericht plaatsen."))
    if incident.status in (Status.CLOSED, Status.CANCELLED):
        raise DomainError(_("Op een gesloten incident kan niet meer worden gereageerd."))
    now = recorded_now()
    update = IncidentUpdate(
        incident=incident,
        author=actor,
        author_party_id=rules.party_id_of(actor, incident),
        visibility=visibility,
        body=body,
        created_at=now,
    )
    save_tracked(update, actor=actor, reason=update.get_visibility_display())
    for upload in attachments:
        attach(incident, upload, actor, now, update=update)
    if not internal and incident.status == Status.ASSIGNED and INCIDENT_WORKFLOW.can(actor, incident, "acknowledge"):
        _acknowledge(incident, actor, now)
    elif not internal and INCIDENT_WORKFLOW.can(actor, incident, "answer"):
        _resume(incident, "answer", actor, now, _("Melder heeft geantwoord"))
    else:
        save(incident, actor, update.get_visibility_display())
    if not internal:
        step = f"update:{update.pk}"
        if rules.is_reporter_side(actor, incident):
            mail.to_operators("incident_answered", incident, step, actor)
        else:
            mail.to_reporter("incident_reply", incident, step, actor)
    return update
