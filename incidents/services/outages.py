"""One known outage, many reports: linking a report to the incident that stands for the outage, taking it off
again, and resolving every linked report with the outage.

While a report is linked its own clocks stand still (a hold waiting for "the known outage"): the outage is
measured, not each report, so a linked report never breaches on its own. Its time before the link and after
it is taken off (or reopened) counts as usual.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import recorded_now, save_tracked

from .. import mail, outages, rules
from ..models import OPEN_STATUSES, HoldPeriod, Incident, SlaClock, Status
from ..workflow import INCIDENT_WORKFLOW
from .clock_keeping import refresh_summary, stop_clock
from .records import lock, require, save


def check_linkable(incident: Incident, outage: Incident) -> None:
    """Refuse a link that would not mean one outage with its reports."""
    if outage.pk == incident.pk:
        raise ValidationError({"outage": _("Een melding kan niet aan zichzelf gekoppeld worden.")})
    if outage.known_outage_id is not None:
        raise ValidationError({"outage": _("%(reference)s volgt zelf een storing.") % {"reference": outage.reference}})
    if not outage.is_open:
        raise ValidationError({"outage": _("%(reference)s is niet meer open.") % {"reference": outage.reference}})
    if incident.known_outage_id is not None:
        raise ValidationError(
            {"outage": _("%(reference)s volgt al een bekende storing.") % {"reference": incident.reference}}
        )
    if incident.linked_reports.exists() or outages.is_open_outage(incident.pk):
        raise ValidationError(
            {"outage": _("%(reference)s is zelf een bekende storing.") % {"reference": incident.reference}}
        )
    if not incident.is_open:
        raise ValidationError({"outage": _("Alleen een open melding kan een storing volgen.")})
    if incident.status == Status.ON_HOLD:
        raise ValidationError({"outage": _("De melding wacht op antwoord: hervat haar eerst.")})


def start_following(incident: Incident, outage: Incident, actor, now: datetime, reason: str) -> None:
    """Link the (locked) report to the outage and stop its clocks: they stand still while it follows."""
    check_linkable(incident, outage)
    save_tracked(
        HoldPeriod(
            incident=incident,
            waiting_for=HoldPeriod.WaitingFor.KNOWN_OUTAGE,
            reason=_("Volgt de bekende storing %(reference)s") % {"reference": outage.reference},
            started_at=now,
            started_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    incident.known_outage = outage
    save(incident, actor, reason)
    refresh_summary(incident, actor, now, reason)


def stop_following(incident: Incident, actor, now: datetime, reason: str) -> None:
    """Take the (locked) report off its outage; its clocks run on from now."""
    hold = incident.hold_periods.filter(ended_at__isnull=True, waiting_for=HoldPeriod.WaitingFor.KNOWN_OUTAGE).first()
    if hold is not None:
        hold.ended_at, hold.ended_by = now, actor
        save_tracked(hold, actor=actor, reason=reason)
    incident.known_outage = None
    save(incident, actor, reason)
    refresh_summary(incident, actor, now, reason)


@transaction.atomic
def incident_link_outage(
    *, actor, incident: Incident, outage: Incident, reason: str, version: int | None = None
) -> Incident:
    """Triage: this report is about a known outage (the regie party decides, with a reason)."""
    incident = lock(incident, version)
    require(rules.can_link_outage(actor, incident), _("U mag geen meldingen aan een storing koppelen."))
    if not reason.strip():
        raise ValidationError({"reason": _("Zeg waarom deze melding bij de storing hoort.")})
    outage = Incident.objects.select_for_update(of=("self",)).get(pk=outage.pk)
    start_following(incident, outage, actor, recorded_now(), reason)
    return incident


@transaction.atomic
def incident_detach_outage(*, actor, incident: Incident, reason: str, version: int | None = None) -> Incident:
    """Triage: this report turns out to be about something else; its clocks run on."""
    incident = lock(incident, version)
    require(rules.can_link_outage(actor, incident), _("U mag geen meldingen van een storing loskoppelen."))
    if incident.known_outage_id is None:
        raise ValidationError({"reason": _("Deze melding volgt geen bekende storing.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Zeg waarom de melding losgekoppeld wordt.")})
    stop_following(incident, actor, recorded_now(), reason)
    return incident


def resolve_linked_reports(outage: Incident, actor, now: datetime) -> list[Incident]:
    """Resolve every open report that follows the (just resolved) outage, with its resolution; each reporter is
    mailed as for any resolution and confirms or reopens her own report."""
    resolved = []
    children = Incident.objects.select_for_update(of=("self",)).filter(known_outage=outage, status__in=OPEN_STATUSES)
    for child in children.order_by("pk"):
        INCIDENT_WORKFLOW.apply(child, "resolve_with_outage", actor)
        for hold in child.hold_periods.filter(ended_at__isnull=True):
            hold.ended_at, hold.ended_by = now, actor
            save_tracked(hold, actor=actor, reason=_("Opgelost met de bekende storing"))
        for clock in child.clocks.filter(stopped_at__isnull=True):
            stop_clock(clock, now, SlaClock.StopReason.RESOLVED, actor, _("Opgelost met de bekende storing"))
        child.resolution_code, child.resolution, child.resolved_at = outage.resolution_code, outage.resolution, now
        why = _("Opgelost met de bekende storing %(reference)s") % {"reference": outage.reference}
        save(child, actor, why)
        refresh_summary(child, actor, now, why)
        mail.to_reporter("incident_resolved", child, f"resolved:{now.isoformat()}", actor)
        resolved.append(child)
    return resolved
