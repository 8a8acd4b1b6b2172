"""Ending an incident: resolving it, the reporter's confirmation or reopening, and cancelling a duplicate."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import recorded_now, save_tracked

from .. import mail, rules
from ..models import HoldPeriod, Incident, SlaClock
from ..workflow import INCIDENT_WORKFLOW
from .clock_keeping import refresh_summary, stop_clock
from .outages import resolve_linked_reports
from .records import lock, save
from .work import end_hold


@transaction.atomic
def incident_resolve(
    *, actor, incident: Incident, resolution_code: str, resolution: str, version: int | None = None
) -> Incident:
    incident = lock(incident, version)
    INCIDENT_WORKFLOW.apply(incident, "resolve", actor)
    if not resolution.strip():
        raise ValidationError({"resolution": _("Beschrijf de oplossing voor de melder.")})
    now = recorded_now()
    for clock in incident.clocks.filter(stopped_at__isnull=True):
        stop_clock(clock, now, SlaClock.StopReason.RESOLVED, actor, _("Opgelost"))
    incident.resolution_code = resolution_code
    incident.resolution = resolution
    incident.resolved_at = now
    save(incident, actor, _("Opgelost: %(code)s") % {"code": incident.get_resolution_code_display()})
    refresh_summary(incident, actor, now, _("Opgelost"))
    mail.to_reporter("incident_resolved", incident, f"resolved:{now.isoformat()}", actor)
    resolve_linked_reports(incident, actor, now)
    return incident


@transaction.atomic
def incident_confirm(*, actor, incident: Incident, version: int | None = None) -> Incident:
    """The reporter confirms the resolution; the incident closes."""
    incident = lock(incident, version)
    INCIDENT_WORKFLOW.apply(incident, "confirm", actor)
    incident.closed_at = recorded_now()
    save(incident, actor, _("Oplossing bevestigd door de melder"))
    mail.to_reporter("incident_closed", incident, "closed", actor)
    return incident


@transaction.atomic
def incident_reopen(*, actor, incident: Incident, reason: str, version: int | None = None) -> Incident:
    """The reporter says it is not solved. The clocks that stopped at resolution run on; the time
    between resolution and reopening counts as waiting for the reporter. A report that followed a known
    outage is taken off it: the outage was solved, her problem was not."""
    incident = lock(incident, version)
    INCIDENT_WORKFLOW.apply(incident, "reopen", actor)
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
    incident.reopen_count += 1
    incident.resolved_at = None
    why = _("Heropend: %(reason)s") % {"reason": reason}
    if incident.known_outage_id is not None:
        why = _("Heropend en losgekoppeld van de bekende storing %(reference)s: %(reason)s") % {
            "reference": incident.known_outage.reference,
            "reason": reason,
        }
        incident.known_outage = None
    save(incident, actor, why)
    refresh_summary(incident, actor, now, reason)
    step = f"reopened:{incident.reopen_count}"
    mail.to_operators("incident_reopened", incident, step, actor)
    if not rules.is_reporter_side(actor, incident):
        mail.to_reporter("incident_reopened_for_reporter", incident, step, actor)
    return incident


@transaction.atomic
def incident_cancel_duplicate(
    *, actor, incident: Incident, duplicate_of: Incident, reason: str = "", version: int | None = None
) -> Incident:
    incident = lock(incident, version)
    INCIDENT_WORKFLOW.apply(incident, "cancel", actor)
    if duplicate_of.pk == incident.pk:
        raise ValidationError({"duplicate_of": _("Een incident kan geen dubbel van zichzelf zijn.")})
    now = recorded_now()
    end_hold(incident, actor, now)
    for clock in incident.clocks.filter(stopped_at__isnull=True):
        stop_clock(clock, now, SlaClock.StopReason.CANCELLED, actor, _("Vervallen als dubbel"))
    incident.duplicate_of = duplicate_of
    incident.closed_at = now
    why = reason or _("Dubbel van %(reference)s") % {"reference": duplicate_of.reference}
    save(incident, actor, why)
    refresh_summary(incident, actor, now, why)
    return incident
