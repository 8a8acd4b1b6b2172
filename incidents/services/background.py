"""The incident work that runs without a user: closing quiet resolutions and watching the clocks."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from core.history import recorded_now

from ..models import Incident, SlaClock, SlaEvent, Status
from ..workflow import INCIDENT_WORKFLOW
from .clock_keeping import refresh_summary
from .records import SYSTEM_ACTOR, save

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
            INCIDENT_WORKFLOW.apply(incident, "auto_close", SYSTEM_ACTOR)
            incident.closed_at = now
            save(incident, SYSTEM_ACTOR, _("Automatisch gesloten: 5 werkdagen geen reactie op de oplossing"))
            closed.append(incident.reference)
    return closed


def _quiet_for_business_days(incident: Incident, now: datetime) -> bool:
    return now >= auto_close_at(incident)


def auto_close_at(incident: Incident, sla: SlaClock | None = None) -> datetime:
    """When a resolved incident closes by itself if nobody reacts: five business days after its resolution in
    the office calendar of the chain SLA (calendar days when there is none). A caller that has read the
    incident's SLA clock (with its agreement's calendar) passes it."""
    if sla is None:
        sla = incident.clocks.filter(scope=SlaClock.Scope.SLA).select_related("agreement__calendar").first()
    if sla is None:
        return incident.resolved_at + timedelta(days=AUTO_CLOSE_BUSINESS_DAYS)
    calendar = sla.agreement.calendar.engine
    return calendar.add(incident.resolved_at, AUTO_CLOSE_BUSINESS_DAYS * _business_day(calendar))


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
            events = refresh_summary(incident, SYSTEM_ACTOR, now, _("Normbewaking"))
            raised.extend(events)
    return raised
