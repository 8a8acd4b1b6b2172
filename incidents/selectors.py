"""Reads for incident pages and the API, starting from what the user may see."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import principal_for

from . import permissions
from .clocks import TargetReading, read_clock
from .models import HoldPeriod, Incident, IncidentUpdate, SlaClock
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


def incident_for_user(user, reference: str) -> Incident:
    """The incident by reference, or Incident.DoesNotExist when the user may not see it."""
    return (
        Incident.objects.visible_to(user)
        .select_related("component", "assigned_party", "reporter_party", "reported_by", "duplicate_of")
        .get(reference=reference)
    )


@dataclass
class ClockRow:
    clock: SlaClock
    response: TargetReading
    resolution: TargetReading


def _holds(incident: Incident) -> list[HoldPeriod]:
    """The incident's hold periods (in time order, with whom they waited for and who started them),
    read once per incident object for the timeline, the open question and the clocks of one page."""
    cached = getattr(incident, "_page_holds", None)
    if cached is None:
        cached = list(incident.hold_periods.select_related("waiting_for_party", "started_by"))
        incident._page_holds = cached
    return cached


def clock_rows(incident: Incident, now: datetime | None = None) -> list[ClockRow]:
    now = now or timezone.now()
    holds = _holds(incident)
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


def timeline(incident: Incident, user) -> list[TimelineEntry]:
    """Messages, status changes, assignments and holds in time order. The reporter's side sees
    public replies and status changes only, and never who in the chain did what."""
    internals = permissions.sees_internals(user)
    chain_label = _("Servicedesk")
    entries = []
    updates = IncidentUpdate.objects.visible_to(user).filter(incident=incident).select_related("author", "author_party")
    updates = updates.prefetch_related("attachments")
    for update in updates:
        from_chain = update.author_party_id != incident.reporter_party_id
        who = _person(update.author) if internals or not from_chain else chain_label
        kind = "internal" if update.visibility == IncidentUpdate.Visibility.INTERNAL else "update"
        entries.append(TimelineEntry(update.created_at, kind, who, update.body, tuple(update.attachments.all())))

    explained_at = set()
    if internals:
        for assignment in incident.assignments.select_related("party", "assigned_by"):
            text = _("Toegewezen aan %(party)s") % {"party": assignment.party}
            if assignment.reason:
                text += f": {assignment.reason}"
            entries.append(TimelineEntry(assignment.started_at, "assignment", _person(assignment.assigned_by), text))
        for hold in _holds(incident):
            waiting = hold.waiting_for_party or hold.get_waiting_for_display()
            text = _("Wacht op %(whom)s: %(reason)s") % {"whom": waiting, "reason": hold.reason}
            if hold.ended_at:
                text += " " + _("(tot %(end)s)") % {"end": timezone.localtime(hold.ended_at).strftime("%d-%m-%Y %H:%M")}
            entries.append(TimelineEntry(hold.started_at, "hold", _person(hold.started_by), text))
        explained_at = {entry.at for entry in entries if entry.kind in ("assignment", "hold")}
    else:
        for hold in (hold for hold in _holds(incident) if hold.waiting_for == HoldPeriod.WaitingFor.REPORTER):
            text = _("Vraag aan u: %(question)s") % {"question": hold.reason}
            entries.append(TimelineEntry(hold.started_at, "hold", chain_label, text))

    previous_status = None
    for record in incident.history.select_related("history_user").order_by("history_date", "history_id"):
        if record.status != previous_status:
            label = INCIDENT_WORKFLOW.state_labels.get(record.status, record.status)
            who = _person(record.history_user) if internals else ""
            text = _("Status: %(status)s") % {"status": label}
            if internals and record.history_change_reason and record.history_date not in explained_at:
                text += f" — {record.history_change_reason}"
            entries.append(TimelineEntry(record.history_date, "status", who, text))
            previous_status = record.status
    order = {"status": 0, "assignment": 1, "hold": 2, "update": 3, "internal": 3}
    return sorted(entries, key=lambda entry: (entry.at, order[entry.kind]))


def open_question(incident: Incident) -> HoldPeriod | None:
    """The hold that waits for the reporter, if any: its reason is the question to answer."""
    return next(
        (
            hold
            for hold in _holds(incident)
            if hold.ended_at is None and hold.waiting_for == HoldPeriod.WaitingFor.REPORTER
        ),
        None,
    )


def _person(user) -> str:
    if user is None:
        return _("systeem")
    return user.get_full_name() or user.username


def allowed_actions(user, incident: Incident) -> set[str]:
    """The moves this user may make now: the workflow table and the permission rules together."""
    if principal_for(user).is_read_only:
        return set()
    moves = {transition.name for transition in INCIDENT_WORKFLOW.allowed(incident.status)} - {"auto_close"}
    allowed = set()
    if permissions.can_work(user, incident):
        allowed |= moves & {"assign", "acknowledge", "hold", "resume", "resolve", "cancel"}
        if incident.is_open:
            allowed.add("triage")
    elif moves & {"assign"} and incident.assigned_party_id in principal_for(user).party_ids:
        allowed.add("assign")
    if permissions.can_confirm(user, incident):
        allowed |= moves & {"confirm", "reopen"}
    if incident.status not in ("closed", "cancelled"):
        if permissions.can_reply(user, incident):
            allowed.add("reply")
        if permissions.can_note(user, incident):
            allowed.add("note")
    return allowed
