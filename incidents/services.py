"""Every write to an incident: one function per use case, transactional, with history and a reason.

Each service locks the incident row (select_for_update) and checks the version the caller saw,
so of two people acting at once one wins and the other gets a conflict; the workflow table in
incidents/workflow.py decides which moves are legal; permissions.py decides who may make them.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import recorded_now, save_tracked
from core.models import ReferenceSequence
from core.workflow import check_version
from notifications import services as outbox
from notifications.models import Notification
from parties.models import Agreement, AgreementKind, Component, Party

from . import clocks, permissions
from .clocks import ClockState, read_clock
from .models import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    Assignment,
    BreachState,
    HoldPeriod,
    Incident,
    IncidentAttachment,
    IncidentUpdate,
    SlaClock,
    SlaEvent,
    Status,
    priority_for,
)
from .workflow import INCIDENT_WORKFLOW

SYSTEM_ACTOR = None  # history rows without a user are the system's (tasks)


# --- filing -------------------------------------------------------------------------------------


@transaction.atomic
def incident_file(
    *,
    actor,
    title: str,
    component: Component,
    impact: str,
    urgency: str,
    description: str = "",
    attachments: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> Incident:
    """A reporter (or anyone in the chain) files an incident; the chain's SLA clock starts."""
    if not permissions.can_file(actor):
        raise PermissionDenied(_("U kunt geen incidenten melden."))
    attachments = list(attachments)
    _validate_attachments(attachments)
    now = now or recorded_now()
    priority = priority_for(impact, urgency)
    reporter_party = permissions.party_of(actor)
    # Everything the incident and its clock are built from is read, computed and validated first: the
    # reference sequence's row and the audit chain, locked from the first write until the commit, are then
    # held for the writes only.
    sla = chain_sla_for(component, now)
    clock = _new_clock(SlaClock.Scope.SLA, sla.provider, sla, priority, now) if sla is not None else None
    clocks = [clock] if clock is not None else []
    incident = Incident(
        title=title,
        description=description,
        component=component,
        reported_by=actor,
        reporter_party=reporter_party,
        reported_at=now,
        impact=impact,
        urgency=urgency,
        priority=priority,
    )
    # A new incident has no holds and only the clock about to start: its due time follows from that clock.
    incident.breach_state, incident.due_at, alarms = _clock_summary(clocks, [], now)
    incident.full_clean(exclude=[*INCIDENT_ROWS, "reference"], validate_unique=False)
    if clock is not None:
        clock.full_clean(exclude=["incident", "party", "agreement"], validate_unique=False)
    incident.reference = ReferenceSequence.next_reference("INC", timezone.localtime(now).year)
    save_tracked(incident, actor=actor, reason=_("Incident gemeld"), validate=False)
    if clock is not None:
        clock.incident = incident
        save_tracked(clock, actor=actor, reason=_clock_started(clock), validate=False)
    for upload in attachments:
        _attach(incident, upload, actor, now)
    for alarmed, target, kind in alarms:
        _raise_event(alarmed, target, kind, now, actor)
    outbox.notify(Notification.Kind.INCIDENT_FILED, incident.pk)
    return incident


def chain_sla_for(component: Component, at: datetime) -> Agreement | None:
    """The SLA to the business owner that covers the component on that day."""
    return (
        Agreement.objects.in_force_on(timezone.localdate(at))
        .filter(kind=AgreementKind.SLA, components=component)
        .select_related("provider")
        .order_by("valid_from")
        .first()
    )


# --- triage and routing -------------------------------------------------------------------------


@transaction.atomic
def incident_triage(
    *,
    actor,
    incident: Incident,
    impact: str,
    urgency: str,
    priority: str | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Incident:
    """Set impact and urgency; the priority follows from them unless overridden with a reason."""
    incident = _lock(incident, expected_version)
    _require(permissions.can_work(actor, incident), _("U kunt dit incident niet beoordelen."))
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
            _retarget(clock, incident.priority, actor)
    why = reason.strip() or _("Impact en urgentie beoordeeld")
    _save(incident, actor, _("Beoordeeld: %(priority)s. %(why)s") % {"priority": incident.priority, "why": why})
    _refresh_summary(incident, actor, now, why)
    return incident


@transaction.atomic
def incident_assign(
    *, actor, incident: Incident, party: Party, reason: str, expected_version: int | None = None
) -> Incident:
    """Route the incident to a party. The chain SLA clock runs on; the new party's own UC clock starts."""
    incident = _lock(incident, expected_version)
    _require(permissions.can_assign(actor, incident, party), _("U kunt dit incident niet aan die partij toewijzen."))
    INCIDENT_WORKFLOW.check(incident.status, "assign")
    if party.pk == incident.assigned_party_id:
        raise ValidationError({"party": _("Het incident ligt al bij %(party)s.") % {"party": party}})
    now = recorded_now()
    _end_hold(incident, actor, now)
    current = incident.assignments.filter(ended_at__isnull=True).first()
    if current is not None:
        current.ended_at = now
        save_tracked(current, actor=actor, reason=reason)
    for clock in incident.clocks.filter(scope=SlaClock.Scope.UC, stopped_at__isnull=True):
        _stop_clock(clock, now, SlaClock.StopReason.TRANSFERRED, actor, reason)
    save_tracked(
        Assignment(incident=incident, party=party, started_at=now, assigned_by=actor, reason=reason),
        actor=actor,
        reason=reason,
    )
    contract = _contract_of(party, incident.component, now)
    if contract is not None:
        _start_clock(incident, SlaClock.Scope.UC, party, contract, now, actor)
    incident.assigned_party = party
    incident.status = Status.ASSIGNED
    _save(incident, actor, _("Toegewezen aan %(party)s: %(reason)s") % {"party": party, "reason": reason})
    _refresh_summary(incident, actor, now, reason)
    return incident


def _contract_of(party: Party, component: Component, at: datetime) -> Agreement | None:
    """The party's own agreement (UC or OLA) for the component, when it is not the chain SLA itself."""
    return (
        Agreement.objects.in_force_on(timezone.localdate(at))
        .filter(provider=party, components=component)
        .exclude(kind=AgreementKind.SLA)
        .order_by("valid_from")
        .first()
    )


# --- working the incident -----------------------------------------------------------------------


@transaction.atomic
def incident_acknowledge(*, actor, incident: Incident, expected_version: int | None = None) -> Incident:
    """The assigned party takes the incident in hand: the response targets are met now."""
    incident = _lock(incident, expected_version)
    _require(permissions.can_work(actor, incident), _("U kunt dit incident niet in behandeling nemen."))
    INCIDENT_WORKFLOW.check(incident.status, "acknowledge")
    _acknowledge(incident, actor, recorded_now())
    return incident


def _acknowledge(incident: Incident, actor, now: datetime) -> None:
    for clock in incident.clocks.filter(stopped_at__isnull=True, responded_at__isnull=True):
        clock.responded_at = now
        save_tracked(clock, actor=actor, reason=_("Reactie: in behandeling genomen"))
    current = incident.assignments.filter(ended_at__isnull=True, acknowledged_at__isnull=True).first()
    if current is not None:
        current.acknowledged_at = now
        save_tracked(current, actor=actor, reason=_("In behandeling genomen"))
    incident.status = Status.IN_PROGRESS
    _save(incident, actor, _("In behandeling genomen"))
    _refresh_summary(incident, actor, now, _("In behandeling genomen"))


@transaction.atomic
def incident_hold(
    *,
    actor,
    incident: Incident,
    waiting_for: str,
    reason: str,
    waiting_for_party: Party | None = None,
    expected_version: int | None = None,
) -> Incident:
    """Wait for the reporter or a named party; the clocks pause until the incident resumes."""
    incident = _lock(incident, expected_version)
    _require(permissions.can_work(actor, incident), _("U kunt dit incident niet in de wacht zetten."))
    INCIDENT_WORKFLOW.check(incident.status, "hold")
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
    incident.status = Status.ON_HOLD
    _save(incident, actor, _("In de wacht: %(reason)s") % {"reason": reason})
    _refresh_summary(incident, actor, now, reason)
    return incident


@transaction.atomic
def incident_resume(*, actor, incident: Incident, reason: str = "", expected_version: int | None = None) -> Incident:
    incident = _lock(incident, expected_version)
    _require(permissions.can_work(actor, incident), _("U kunt dit incident niet hervatten."))
    INCIDENT_WORKFLOW.check(incident.status, "resume")
    _resume(incident, actor, recorded_now(), reason or _("Hervat"))
    return incident


def _resume(incident: Incident, actor, now: datetime, reason: str) -> None:
    _end_hold(incident, actor, now)
    incident.status = Status.IN_PROGRESS
    _save(incident, actor, reason)
    _refresh_summary(incident, actor, now, reason)


def _end_hold(incident: Incident, actor, now: datetime) -> None:
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
    expected_version: int | None = None,
) -> IncidentUpdate:
    """Post a message. The assigned party's first public reply acknowledges the incident;
    the reporter's answer releases a hold that waits for the reporter."""
    incident = _lock(incident, expected_version)
    if not body.strip():
        raise ValidationError({"body": _("Schrijf een bericht.")})
    attachments = list(attachments)
    _validate_attachments(attachments)
    internal = visibility == IncidentUpdate.Visibility.INTERNAL
    allowed = permissions.can_note(actor, incident) if internal else permissions.can_reply(actor, incident)
    _require(allowed, _("U kunt hier geen bericht plaatsen."))
    if incident.status in (Status.CLOSED, Status.CANCELLED):
        raise DomainError(_("Op een gesloten incident kan niet meer worden gereageerd."))
    now = recorded_now()
    update = IncidentUpdate(
        incident=incident,
        author=actor,
        author_party=permissions.party_of(actor, incident),
        visibility=visibility,
        body=body,
        created_at=now,
    )
    save_tracked(update, actor=actor, reason=update.get_visibility_display())
    for upload in attachments:
        _attach(incident, upload, actor, now, update=update)
    if not internal and permissions.can_work(actor, incident) and incident.status == Status.ASSIGNED:
        _acknowledge(incident, actor, now)
    elif not internal and permissions.is_reporter_side(actor, incident) and _waiting_for_reporter(incident):
        _resume(incident, actor, now, _("Melder heeft geantwoord"))
    else:
        _save(incident, actor, update.get_visibility_display())
    return update


def _waiting_for_reporter(incident: Incident) -> bool:
    return (
        incident.status == Status.ON_HOLD
        and incident.hold_periods.filter(ended_at__isnull=True, waiting_for=HoldPeriod.WaitingFor.REPORTER).exists()
    )


@transaction.atomic
def incident_resolve(
    *, actor, incident: Incident, resolution_code: str, resolution: str, expected_version: int | None = None
) -> Incident:
    incident = _lock(incident, expected_version)
    _require(permissions.can_work(actor, incident), _("U kunt dit incident niet oplossen."))
    INCIDENT_WORKFLOW.check(incident.status, "resolve")
    if not resolution.strip():
        raise ValidationError({"resolution": _("Beschrijf de oplossing voor de melder.")})
    now = recorded_now()
    for clock in incident.clocks.filter(stopped_at__isnull=True):
        _stop_clock(clock, now, SlaClock.StopReason.RESOLVED, actor, _("Opgelost"))
    incident.resolution_code = resolution_code
    incident.resolution = resolution
    incident.resolved_at = now
    incident.status = Status.RESOLVED
    _save(incident, actor, _("Opgelost: %(code)s") % {"code": incident.get_resolution_code_display()})
    _refresh_summary(incident, actor, now, _("Opgelost"))
    return incident


@transaction.atomic
def incident_confirm(*, actor, incident: Incident, expected_version: int | None = None) -> Incident:
    """The reporter confirms the resolution; the incident closes."""
    incident = _lock(incident, expected_version)
    _require(permissions.can_confirm(actor, incident), _("Alleen de melder kan de oplossing bevestigen."))
    INCIDENT_WORKFLOW.check(incident.status, "confirm")
    incident.status = Status.CLOSED
    incident.closed_at = recorded_now()
    _save(incident, actor, _("Oplossing bevestigd door de melder"))
    return incident


@transaction.atomic
def incident_reopen(*, actor, incident: Incident, reason: str, expected_version: int | None = None) -> Incident:
    """The reporter says it is not solved. The clocks that stopped at resolution run on; the time
    between resolution and reopening counts as waiting for the reporter."""
    incident = _lock(incident, expected_version)
    _require(permissions.can_confirm(actor, incident), _("Alleen de melder kan het incident heropenen."))
    INCIDENT_WORKFLOW.check(incident.status, "reopen")
    if not reason.strip():
        raise ValidationError({"reason": _("Zeg waarom het probleem niet is opgelost.")})
    now = recorded_now()
    save_tracked(
        HoldPeriod(
            incident=incident,
            waiting_for=HoldPeriod.WaitingFor.CONFIRMATION,
            reason=_("Opgelost; wachtte op bevestiging van de melder"),
            started_at=incident.resolved_at,
            ended_at=now,
            started_by=actor,
            ended_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    for clock in incident.clocks.filter(stop_reason=SlaClock.StopReason.RESOLVED, stopped_at=incident.resolved_at):
        clock.stopped_at = None
        clock.stop_reason = ""
        save_tracked(clock, actor=actor, reason=_("Heropend: klok loopt verder"))
    incident.status = Status.REOPENED
    incident.reopen_count += 1
    incident.resolved_at = None
    _save(incident, actor, _("Heropend: %(reason)s") % {"reason": reason})
    _refresh_summary(incident, actor, now, reason)
    return incident


@transaction.atomic
def incident_cancel_duplicate(
    *, actor, incident: Incident, duplicate_of: Incident, reason: str = "", expected_version: int | None = None
) -> Incident:
    incident = _lock(incident, expected_version)
    _require(permissions.can_work(actor, incident), _("U kunt dit incident niet laten vervallen."))
    INCIDENT_WORKFLOW.check(incident.status, "cancel")
    if duplicate_of.pk == incident.pk:
        raise ValidationError({"duplicate_of": _("Een incident kan geen dubbel van zichzelf zijn.")})
    now = recorded_now()
    _end_hold(incident, actor, now)
    for clock in incident.clocks.filter(stopped_at__isnull=True):
        _stop_clock(clock, now, SlaClock.StopReason.CANCELLED, actor, _("Vervallen als dubbel"))
    incident.duplicate_of = duplicate_of
    incident.status = Status.CANCELLED
    incident.closed_at = now
    why = reason or _("Dubbel van %(reference)s") % {"reference": duplicate_of.reference}
    _save(incident, actor, why)
    _refresh_summary(incident, actor, now, why)
    return incident


# --- background work ----------------------------------------------------------------------------


AUTO_CLOSE_BUSINESS_DAYS = 5


def auto_close_resolved(*, now: datetime | None = None) -> list[str]:
    """Close incidents resolved more than 5 business days ago and not reopened. Returns references."""
    now = now or recorded_now()
    closed = []
    candidates = Incident.objects.filter(status=Status.RESOLVED, resolved_at__isnull=False).values_list("pk", flat=True)
    for pk in candidates:
        with transaction.atomic():
            incident = Incident.objects.select_for_update(of=("self",)).select_related("component").get(pk=pk)
            if incident.status != Status.RESOLVED or not _quiet_for_business_days(incident, now):
                continue
            INCIDENT_WORKFLOW.check(incident.status, "auto_close")
            incident.status = Status.CLOSED
            incident.closed_at = now
            _save(incident, SYSTEM_ACTOR, _("Automatisch gesloten: 5 werkdagen geen reactie op de oplossing"))
            closed.append(incident.reference)
    return closed


def _quiet_for_business_days(incident: Incident, now: datetime) -> bool:
    """Five business days in the office calendar of the chain SLA (calendar days when there is none)."""
    sla = incident.clocks.filter(scope=SlaClock.Scope.SLA).select_related("agreement__calendar").first()
    if sla is None:
        return now - incident.resolved_at >= timedelta(days=AUTO_CLOSE_BUSINESS_DAYS)
    calendar = sla.agreement.calendar.engine
    return calendar.elapsed(incident.resolved_at, now) >= AUTO_CLOSE_BUSINESS_DAYS * _business_day(calendar)


def _business_day(calendar) -> timedelta:
    """The average length of an open day of the calendar (24 hours when always open)."""
    if calendar.always_open:
        return timedelta(hours=24)
    day = date(2000, 1, 3)  # any date: only wall-clock lengths matter here
    open_days = [
        sum(
            (
                datetime.combine(day + timedelta(days=1) if closes == time(0) else day, closes)
                - datetime.combine(day, opens)
                for opens, closes in intervals
            ),
            timedelta(0),
        )
        for intervals in calendar.weekly_hours
        if intervals
    ]
    return sum(open_days, timedelta(0)) / len(open_days)


def check_sla_clocks(*, now: datetime | None = None) -> list[SlaEvent]:
    """Raise the 75% warnings and 100% breaches that are due, once each. Returns the new events."""
    now = now or recorded_now()
    raised = []
    incident_ids = SlaClock.objects.filter(stopped_at__isnull=True).values_list("incident_id", flat=True).distinct()
    for incident_id in incident_ids:
        with transaction.atomic():
            incident = Incident.objects.select_for_update().get(pk=incident_id)
            events = _refresh_summary(incident, SYSTEM_ACTOR, now, _("Normbewaking"))
            raised.extend(events)
    return raised


# --- internals ----------------------------------------------------------------------------------


def _lock(incident: Incident, expected_version: int | None) -> Incident:
    # of=("self",): lock the incident row only; PostgreSQL refuses FOR UPDATE on the nullable side
    # of the outer join to assigned_party.
    locked = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("component", "assigned_party")
        .get(pk=incident.pk)
    )
    check_version(locked, expected_version)
    return locked


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _save(incident: Incident, actor, reason: str) -> None:
    incident.version += 1
    _save_validated(incident, actor, reason)


# The incident's related rows are model instances read from the database (the locked incident's own, the
# actor, choices a form validated) and its reference comes from its sequence and never changes.
INCIDENT_ROWS = ["component", "reported_by", "reporter_party", "assigned_party", "duplicate_of"]


def _save_validated(incident: Incident, actor, reason: str) -> None:
    """Save with its history row, validating its own fields without a query per related row."""
    incident.full_clean(exclude=INCIDENT_ROWS, validate_unique=False)
    save_tracked(incident, actor=actor, reason=reason, validate=False)


def _start_clock(incident: Incident, scope: str, party: Party, agreement: Agreement, at: datetime, actor) -> None:
    clock = _new_clock(scope, party, agreement, incident.priority, at)
    if clock is not None:
        clock.incident = incident
        save_tracked(clock, actor=actor, reason=_clock_started(clock))


def _new_clock(scope: str, party: Party, agreement: Agreement, priority: str, at: datetime) -> SlaClock | None:
    """A clock (not yet saved, without its incident) under the agreement's version, targets and calendar in
    force at `at`; None when the agreement has no target for the priority."""
    target = clocks.target_as_of(agreement, priority, at)
    if target is None:
        return None
    versions = agreement.history.values_list("history_id", flat=True)
    version = versions.filter(history_date__lte=at).order_by("-history_date").first()
    version = version or versions.order_by("history_date").first()
    return SlaClock(
        scope=scope,
        party=party,
        agreement=agreement,
        agreement_reference=agreement.reference,
        agreement_history_id=version,
        priority=priority,
        response_minutes=target.response_minutes,
        resolution_minutes=target.resolution_minutes,
        calendar_snapshot=clocks.calendar_as_of(target.calendar_id or agreement.calendar_id, at),
        started_at=at,
    )


def _clock_started(clock: SlaClock) -> str:
    return _("Klok gestart volgens %(reference)s") % {"reference": clock.agreement_reference}


def _retarget(clock: SlaClock, priority: str, actor) -> None:
    """A new priority takes its targets from the agreement version the clock started under."""
    target = clocks.target_as_of(clock.agreement, priority, clock.started_at)
    if target is None:
        return
    clock.priority = priority
    clock.response_minutes = target.response_minutes
    clock.resolution_minutes = target.resolution_minutes
    clock.calendar_snapshot = clocks.calendar_as_of(target.calendar_id or clock.agreement.calendar_id, clock.started_at)
    save_tracked(clock, actor=actor, reason=_("Prioriteit gewijzigd naar %(priority)s") % {"priority": priority})


def _stop_clock(clock: SlaClock, at: datetime, why: str, actor, reason: str) -> None:
    clock.stopped_at = at
    clock.stop_reason = why
    save_tracked(clock, actor=actor, reason=reason)


def _refresh_summary(
    incident: Incident,
    actor,
    now: datetime,
    reason: str,
    *,
    holds: list | None = None,
    clocks: list | None = None,
) -> list[SlaEvent]:
    """Raise due warning/breach events and keep the incident's due time and breach state current. A caller
    that holds the incident's holds and clocks already (filing) passes them."""
    holds = list(incident.hold_periods.all()) if holds is None else holds
    clocks = incident.clocks.select_related("party") if clocks is None else clocks
    worst, due_at, alarms = _clock_summary(clocks, holds, now)
    raised = []
    for clock, target, kind in alarms:
        raised += _raise_event(clock, target, kind, now, actor)
    if (incident.breach_state, incident.due_at) != (worst, due_at):
        incident.breach_state, incident.due_at = worst, due_at
        _save_validated(incident, actor, reason)
    return raised


def _clock_summary(clocks, holds: list, now: datetime) -> tuple[str, datetime | None, list[tuple]]:
    """The incident's breach state and due time read from its clocks, and the (clock, target, kind) of every
    warning or breach the clocks have reached."""
    worst, due_at, alarms = BreachState.OK, None, []
    for clock in clocks:
        for reading in read_clock(clock, holds, now):
            if reading.state in (ClockState.WARNING, ClockState.BREACHED):
                alarms.append((clock, reading.target, SlaEvent.Kind.WARNING))
            if reading.state == ClockState.BREACHED:
                alarms.append((clock, reading.target, SlaEvent.Kind.BREACH))
                worst = BreachState.BREACHED
            elif reading.state == ClockState.WARNING and clock.stopped_at is None and worst == BreachState.OK:
                worst = BreachState.WARNING
            if clock.scope == SlaClock.Scope.SLA and reading.target == SlaEvent.Target.RESOLUTION:
                due_at = reading.due if clock.stopped_at is None else None
    return worst, due_at, alarms


def _raise_event(clock: SlaClock, target: str, kind: str, now: datetime, actor) -> list[SlaEvent]:
    if clock.events.filter(target=target, kind=kind).exists():
        return []
    event = SlaEvent(clock=clock, target=target, kind=kind, raised_at=now)
    save_tracked(event, actor=actor, reason=f"{event.get_kind_display()} {event.get_target_display()}")
    outbox.notify(Notification.Kind.SLA_EVENT, event.pk)
    return [event]


def _validate_attachments(attachments: list[UploadedFile]) -> None:
    for upload in attachments:
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in ATTACHMENT_EXTENSIONS:
            raise ValidationError(
                {
                    "attachments": _("%(name)s: alleen %(types)s zijn toegestaan.")
                    % {"name": upload.name, "types": ", ".join(ATTACHMENT_EXTENSIONS)}
                }
            )
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                {
                    "attachments": _("%(name)s is groter dan %(limit)d MB.")
                    % {"name": upload.name, "limit": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
                }
            )


def _attach(incident: Incident, upload: UploadedFile, actor, now: datetime, update=None) -> None:
    attachment = IncidentAttachment(
        incident=incident,
        update=update,
        file=upload,
        original_name=upload.name[:200],
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        size=upload.size,
        uploaded_by=actor,
        uploaded_at=now,
    )
    save_tracked(attachment, actor=actor, reason=_("Bijlage toegevoegd"))
