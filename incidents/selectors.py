"""Reads for incident pages and the API, starting from what the user may see."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.history import history_entries
from core.reasons import reason_in_language
from parties.access import principal_for
from parties.models import Agreement, Party, PartyKind

from . import badges, panels, rules
from .clocks import TargetReading, read_clock
from .models import Assignment, HoldPeriod, Incident, IncidentAttachment, IncidentUpdate, SlaClock, Status
from .services.background import auto_close_at
from .workflow import INCIDENT_WORKFLOW


def incidents_for_list(user, *, scope: str = "all"):
    """Visible incidents; scope "mine" = assigned to the user's party, "reported" = filed by it."""
    incidents = Incident.objects.visible_to(user).select_related("component", "assigned_party")
    principal = principal_for(user)
    if scope == "mine":
        incidents = incidents.filter(assigned_party_id__in=principal.party_ids)
    elif scope == "reported":
        incidents = incidents.filter(reporter_party_id__in=principal.party_ids)
    return incidents


def list_scope(user, requested: str | None) -> str:
    """The list's tab asked for, or the user's default: everything visible for the chain, the own reports else."""
    if requested in {"mine", "all", "reported"}:
        return requested
    return "reported" if not rules.sees_internals(user) else "all"


def chain_list_rows(incidents) -> list[dict]:
    """The chain's incident list, a row per incident with its cells' text ready to show: labels, the link (the
    list's URL, resolved once, plus the reference) and the dates in the reader's time zone and language.
    Dicts, not objects: the template reads each cell with one lookup, once per row (docs/performance.md)."""
    list_url = reverse("incidents:incident_list")
    return [
        {
            "url": f"{list_url}{incident.reference}/",
            "reference": incident.reference,
            "title": incident.title,
            "component": incident.component.public_name,
            "priority": incident.priority,
            "is_major": incident.is_major,
            "status": badges.status_badge(incident),
            "party": incident.assigned_party.name if incident.assigned_party else "–",
            "due_at": _shown_at(incident.due_at, "c") if incident.due_at else "",
            "due": _shown_at(incident.due_at, "j b H:i") if incident.due_at else "",
            "breach": badges.breach_badge(incident),
            "reported": _shown_at(incident.reported_at, "j b Y H:i"),
        }
        for incident in incidents
    ]


def _shown_at(moment: datetime, format_string: str) -> str:
    """What the `date` filter shows for the moment: in the current time zone and language."""
    return formats.date_format(timezone.localtime(moment), format_string)


def incident_for_user(user, reference: str) -> Incident:
    """The incident by reference, or Incident.DoesNotExist when the user may not see it."""
    return _visible_incident(user).get(reference=reference)


def incident_for_page(user, reference: str) -> Incident:
    """The incident as its page shows it, with what `page_related` reads beside it."""
    incidents = _visible_incident(user).select_related(*panels.page_relations())
    return incidents.prefetch_related(*page_related(user)).get(reference=reference)


def page_related(user) -> list[Prefetch]:
    """What an incident's page reads beside the incident, one query each for the timeline, the open question,
    the clocks and the history table together: its holds, its attachments and (for the chain) its assignments."""
    related = [
        Prefetch(
            "hold_periods",
            queryset=HoldPeriod.objects.select_related("waiting_for_party", "started_by"),
            to_attr="holds_shown",
        ),
        Prefetch(
            "attachments", queryset=IncidentAttachment.objects.select_related("update"), to_attr="attachments_shown"
        ),
    ]
    if rules.sees_internals(user):
        related.append(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("party", "assigned_by"),
                to_attr="assignments_shown",
            )
        )
    return related


def _visible_incident(user):
    return Incident.objects.visible_to(user).select_related(
        "component", "assigned_party", "reporter_party", "reported_by", "duplicate_of", "known_outage"
    )


def history_records(incident: Incident) -> list:
    """The incident's history rows, oldest first: the page reads them once for the timeline and the history
    table (they are not a relation of the incident, so they cannot be prefetched with it)."""
    return list(incident.history.select_related("history_user").order_by("history_date", "history_id"))


@dataclass
class ClockRow:
    clock: SlaClock
    response: TargetReading
    resolution: TargetReading


def attachments(incident: Incident, user) -> list[IncidentAttachment]:
    """The attachments the user may open: all for the chain, none of internal notes for the reporter's side."""
    internals = rules.sees_internals(user)
    return [attachment for attachment in incident.attachments_shown if internals or attachment.is_public]


def history(incident: Incident, limit: int = 50, *, records: list | None = None) -> list[dict]:
    """The incident's history table (of an incident from incident_for_page), from the rows the timeline reads
    too, naming parties and components from the objects the page already holds."""
    if records is None:
        records = history_records(incident)
    return history_entries(
        incident,
        limit,
        records=list(reversed(records)),
        known=(
            incident.component,
            incident.assigned_party,
            incident.reporter_party,
            incident.reported_by,
            incident.duplicate_of,
            incident.known_outage,
            *(assignment.party for assignment in incident.assignments_shown),
        ),
    )


def chain_parties(incident: Incident, at: datetime) -> list[Party]:
    """The parties an incident can be routed to or wait for: the active parties of the chain, each knowing
    whether it has a contract of its own for the incident's component (`has_contract`): assigning the incident
    to one without starts no party clock."""
    # The chain SLA's provider (the regie party) counts as covered: its clock is the chain's SLA clock.
    contracts = Agreement.objects.in_force_on(timezone.localdate(at)).filter(
        components=incident.component, provider=OuterRef("pk")
    )
    parties = Party.objects.filter(is_active=True).exclude(kind=PartyKind.USER_ORGANISATION)
    return list(parties.annotate(has_contract=Exists(contracts)))


def uncontracted_holder(incident: Incident, clocks: list) -> bool:
    """Whether the open incident lies with a party none of whose clocks runs: it has no contract for the
    component (or no target for the priority), so only the chain's SLA clock measures it."""
    if not incident.is_open or incident.assigned_party_id is None:
        return False
    return not any(row.clock.party_id == incident.assigned_party_id and row.clock.stopped_at is None for row in clocks)


def clock_rows(incident: Incident, now: datetime | None = None) -> list[ClockRow]:
    now = now or timezone.now()
    holds = incident.holds_shown
    return [
        ClockRow(clock, *read_clock(clock, holds, now))
        for clock in incident.clocks.select_related("party").order_by("scope", "started_at")
    ]


@dataclass
class TimelineEntry:
    at: datetime
    kind: str  # "update", "internal", "status", "assignment", "hold"
    who: str
    text: str
    attachments: tuple = ()


def timeline(incident: Incident, user, *, records: list | None = None) -> list[TimelineEntry]:
    """Messages, status changes, assignments and holds in time order, of an incident from incident_for_page
    (`records`: its history rows, when the page has them already). The reporter's side sees public replies
    and status changes only, and never who in the chain did what."""
    if records is None:
        records = history_records(incident)
    internals = rules.sees_internals(user)
    chain_label = _("Servicedesk")
    entries = []
    updates = IncidentUpdate.objects.visible_to(user).filter(incident=incident).select_related("author", "author_party")
    by_update: dict[int, list] = {}
    for attachment in incident.attachments_shown:
        if attachment.update_id is not None:
            by_update.setdefault(attachment.update_id, []).append(attachment)
    for update in updates:
        from_chain = update.author_party_id != incident.reporter_party_id
        who = _person(update.author) if internals or not from_chain else chain_label
        kind = "internal" if update.visibility == IncidentUpdate.Visibility.INTERNAL else "update"
        entries.append(TimelineEntry(update.created_at, kind, who, update.body, tuple(by_update.get(update.pk, ()))))

    explained_at = set()
    if internals:
        for assignment in incident.assignments_shown:
            text = _("Toegewezen aan %(party)s") % {"party": assignment.party}
            if assignment.reason:
                text += f": {assignment.reason}"
            entries.append(TimelineEntry(assignment.started_at, "assignment", _person(assignment.assigned_by), text))
        for hold in incident.holds_shown:
            waiting = hold.waiting_for_party or hold.get_waiting_for_display()
            text = _("Wacht op %(whom)s: %(reason)s") % {"whom": waiting, "reason": hold.reason}
            if hold.ended_at:
                text += " " + _("(tot %(end)s)") % {"end": timezone.localtime(hold.ended_at).strftime("%d-%m-%Y %H:%M")}
            entries.append(TimelineEntry(hold.started_at, "hold", _person(hold.started_by), text))
        explained_at = {entry.at for entry in entries if entry.kind in ("assignment", "hold")}
    else:
        for hold in (hold for hold in incident.holds_shown if hold.waiting_for == HoldPeriod.WaitingFor.REPORTER):
            text = _("Vraag aan u: %(question)s") % {"question": hold.reason}
            entries.append(TimelineEntry(hold.started_at, "hold", chain_label, text))

    previous_status = None
    for record in records:
        if record.status != previous_status:
            label = INCIDENT_WORKFLOW.state_labels.get(record.status, record.status)
            who = _person(record.history_user) if internals else ""
            text = _("Status: %(status)s") % {"status": label}
            if internals and record.history_change_reason and record.history_date not in explained_at:
                text += f" — {reason_in_language(record.history_change_reason)}"
            entries.append(TimelineEntry(record.history_date, "status", who, text))
            previous_status = record.status
    order = {"status": 0, "assignment": 1, "hold": 2, "update": 3, "internal": 3}
    return sorted(entries, key=lambda entry: (entry.at, order[entry.kind]))


def open_question(incident: Incident) -> HoldPeriod | None:
    """The hold that waits for the reporter, if any: its reason is the question to answer."""
    return next(
        (
            hold
            for hold in incident.holds_shown
            if hold.ended_at is None and hold.waiting_for == HoldPeriod.WaitingFor.REPORTER
        ),
        None,
    )


def _person(user) -> str:
    if user is None:
        return _("systeem")
    return user.get_full_name() or user.username


def component_disruptions(start: datetime, end: datetime, priorities) -> list[dict]:
    """For the public status page: which component was disrupted when, at the given priorities, in [start, end).

    An incident counts from its filing until it was resolved (or closed); a reopened one from its filing again,
    as its resolution is undone. Duplicates (cancelled) never count. Only the component, the priority and the
    period leave this function: no title, reference, person or party, so nothing internal can reach the public."""
    ended_at = Coalesce("resolved_at", "closed_at")
    return list(
        Incident.objects.exclude(status=Status.CANCELLED)
        .filter(priority__in=list(priorities), reported_at__lt=end)
        .annotate(started_at=F("reported_at"), ended_at=ended_at)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .order_by("reported_at", "pk")
        .values("component_id", "priority", "started_at", "ended_at")
    )


@dataclass
class ReporterOutlook:
    """What the reporter's side reads about when its incident will be done: a day, never a clock or a norm."""

    expected_by: date | None = None  # open, worked on, and the day the resolution target falls on is still ahead
    closes_at: datetime | None = None  # resolved: when it closes by itself unless she reacts


def reporter_outlook(incident: Incident, now: datetime | None = None) -> ReporterOutlook:
    """The day the chain SLA's resolution target falls on, while that day has not passed (a day gone by would
    tell her the norm was missed; she then reads that we work on it); for a resolution, the day it closes."""
    if incident.status == Status.RESOLVED and incident.resolved_at:
        return ReporterOutlook(closes_at=auto_close_at(incident))
    if incident.is_open and incident.status != Status.ON_HOLD and incident.due_at:
        day = timezone.localdate(incident.due_at)
        if day >= timezone.localdate(now or timezone.now()):
            return ReporterOutlook(expected_by=day)
    return ReporterOutlook()
