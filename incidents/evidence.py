"""The breach evidence pack: what two parties need on the table when they discuss a missed target.

One plain dict per breached incident: the timeline, each clock with the agreement version,
targets and calendar it started with, every hold with whom it waited for and its business
duration per clock, the reassignments, and the readings of `incidents.clocks.read_clock` (the
computation the incident page uses). The JSON export is this dict; the printable page renders it.
"""

from datetime import datetime, timedelta

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from parties.models import Agreement, ServiceCalendar

from . import selectors
from .clocks import paused_time, read_clock
from .models import BreachState, Incident, SlaClock, SlaEvent

# Parts of the pack that apps above incidents add (majorincidents: the major incident and its review), so that
# incidents never imports them: name → function (incident, user) → a plain dict, or None when it has nothing.
_sections: dict = {}


def register_section(name: str, section) -> None:
    """Add a part to every evidence pack (call it from the app's AppConfig.ready)."""
    _sections[name] = section


def has_breach(incident: Incident) -> bool:
    """Breached now, or a breach was raised on one of its clocks at some point."""
    return (
        incident.breach_state == BreachState.BREACHED
        or SlaEvent.objects.filter(clock__incident=incident, kind=SlaEvent.Kind.BREACH).exists()
    )


def evidence_pack(incident: Incident, user, now: datetime | None = None) -> dict:
    """The evidence pack of an incident the user may see with its internals (the caller checks that)."""
    now = now or timezone.now()
    prefetch_related_objects([incident], *selectors.page_related(user))  # what the timeline reads
    holds = list(incident.hold_periods.select_related("waiting_for_party", "started_by", "ended_by"))
    clocks = list(
        incident.clocks.select_related("party").prefetch_related("events").order_by("scope", "started_at", "pk")
    )
    versions = Agreement.history.filter(history_id__in=[clock.agreement_history_id for clock in clocks])
    versions = {version.history_id: version for version in versions.select_related("provider", "customer")}
    pack = {
        "incident": {
            "reference": incident.reference,
            "title": incident.title,
            "component": incident.component.name,
            "priority": incident.priority,
            "status": incident.status,
            "status_label": str(incident.get_status_display()),
            "breach_state": incident.breach_state,
            "reporter_party": incident.reporter_party.name,
            "assigned_party": incident.assigned_party.name if incident.assigned_party else None,
            "reported_at": _local(incident.reported_at),
            "resolved_at": _local(incident.resolved_at),
            "closed_at": _local(incident.closed_at),
        },
        "generated_at": _local(now),
        "clocks": [_clock(clock, holds, versions.get(clock.agreement_history_id), now) for clock in clocks],
        "holds": [_hold(hold, clocks, now) for hold in holds],
        "reassignments": [
            {
                "party": assignment.party.name,
                "from": _local(assignment.started_at),
                "to": _local(assignment.ended_at),
                "acknowledged_at": _local(assignment.acknowledged_at),
                "by": _person(assignment.assigned_by),
                "reason": assignment.reason,
            }
            for assignment in incident.assignments.select_related("party", "assigned_by")
        ],
        "timeline": [
            {"at": _local(entry.at), "kind": entry.kind, "who": entry.who, "text": entry.text}
            for entry in selectors.timeline(incident, user)
        ],
    }
    for name, section in _sections.items():
        pack[name] = section(incident, user)
    return pack


def _clock(clock: SlaClock, holds, version, now: datetime) -> dict:
    return {
        "label": _clock_label(clock),
        "scope": clock.scope,
        "scope_label": str(clock.get_scope_display()),
        "party": clock.party.name,
        "agreement_reference": clock.agreement_reference,
        "agreement_version": _agreement_version(version, clock.agreement_history_id),
        "priority": clock.priority,
        "targets": {"response_minutes": clock.response_minutes, "resolution_minutes": clock.resolution_minutes},
        "calendar": _calendar(clock.calendar_snapshot),
        "started_at": _local(clock.started_at),
        "responded_at": _local(clock.responded_at),
        "stopped_at": _local(clock.stopped_at),
        "stop_reason": clock.stop_reason,
        "stop_reason_label": str(clock.get_stop_reason_display()),
        "readings": [
            {
                "target": reading.target,
                "target_minutes": _minutes(reading.target_duration),
                "due": _local(reading.due),
                "elapsed_minutes": _minutes(reading.elapsed),
                "paused_minutes": _minutes(reading.paused),
                "percent": reading.percent,
                "state": reading.state,
                "state_label": str(reading.state_label),
            }
            for reading in read_clock(clock, holds, now)
        ],
        "events": [
            {"kind": event.kind, "target": event.target, "raised_at": _local(event.raised_at)}
            for event in clock.events.all()
        ],
    }


def _agreement_version(version, history_id: int) -> dict:
    """The agreement as it was recorded in the history row the clock started under."""
    if version is None:
        return {"history_id": history_id, "missing": True}
    return {
        "history_id": version.history_id,
        "history_date": _local(version.history_date),
        "change_reason": version.history_change_reason or "",
        "fields": {
            "reference": version.reference,
            "title": version.title,
            "kind": version.kind,
            "provider": version.provider.name,
            "customer": version.customer.name,
            "valid_from": version.valid_from,
            "valid_to": version.valid_to,
            "components": sorted(version.components.values_list("component__name", flat=True)),
        },
    }


def _calendar(snapshot: dict) -> dict:
    calendar = ServiceCalendar(**{field: snapshot[field] for field in ServiceCalendar.SNAPSHOT_FIELDS})
    return {
        "name": snapshot["name"],
        "time_zone": snapshot["time_zone"],
        "always_open": snapshot["always_open"],
        "opening_hours": [{"day": str(day), "hours": str(hours)} for day, hours in calendar.opening_hours_display()],
        "public_holidays": snapshot["public_holidays"],
        "extra_closed_days": list(snapshot["extra_closed_days"] or []),
        "working_day_minutes": ServiceCalendar.working_day_minutes_of(snapshot),
    }


def _hold(hold, clocks: list[SlaClock], now: datetime) -> dict:
    """A hold and the business time it paused each clock (counted up to that clock's end)."""
    return {
        "waiting_for": hold.waiting_for,
        "waiting_for_label": str(hold.waiting_for_party or hold.get_waiting_for_display()),
        "reason": hold.reason,
        "started_at": _local(hold.started_at),
        "ended_at": _local(hold.ended_at),
        "started_by": _person(hold.started_by),
        "ended_by": _person(hold.ended_by) if hold.ended_at else None,
        "paused_per_clock": [
            {
                "clock": _clock_label(clock),
                "minutes": _minutes(paused_time(clock, [hold], clock.stopped_at or now)),
                "working_day_minutes": clock.working_day_minutes,
            }
            for clock in clocks
        ],
    }


def _clock_label(clock: SlaClock) -> str:
    return f"{clock.agreement_reference} ({clock.party.name})"


def _person(user) -> str:
    if user is None:
        return _("systeem")
    return user.get_full_name() or user.username


def _minutes(duration: timedelta) -> float:
    return round(duration.total_seconds() / 60, 2)


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment is not None else None
