"""Filing an incident: the reporter's report and the chain's SLA clock."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import recorded_now, save_tracked
from core.models import ReferenceSequence
from notifications import services as outbox
from notifications.models import Notification
from parties.models import Component

from .. import outages, rules
from ..clock_terms import chain_sla_terms
from ..models import Incident, SlaClock, priority_for
from .clock_keeping import clock_started, clock_summary, raise_events
from .outages import start_following
from .records import INCIDENT_ROWS, attach, validate_attachments


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
    known_outage: Incident | None = None,
) -> Incident:
    """A reporter (or anyone in the chain) files an incident; the chain's SLA clock starts. With `known_outage`
    (an open known outage of the same component, incidents.outages) the report follows it from the start."""
    if not rules.can_file(actor):
        raise PermissionDenied(_("U kunt geen incidenten melden."))
    attachments = list(attachments)
    validate_attachments(attachments)
    now = now or recorded_now()
    if known_outage is not None and not outages.is_open_outage(known_outage.pk, component.pk):
        raise ValidationError({"known_outage": _("Die storing is niet (meer) bekend voor dit onderdeel.")})
    priority = priority_for(impact, urgency)
    reporter_party_id = rules.party_id_of(actor)
    # Everything the incident and its clock are built from is read, computed and validated first: the
    # reference sequence's row and the audit chain, locked from the first write until the commit, are then
    # held for the writes only.
    terms = chain_sla_terms(component, priority, now)
    clock = terms.clock(SlaClock.Scope.SLA, priority, now) if terms is not None else None
    clocks = [clock] if clock is not None else []
    incident = Incident(
        title=title,
        description=description,
        component=component,
        reported_by=actor,
        reporter_party_id=reporter_party_id,
        reported_at=now,
        impact=impact,
        urgency=urgency,
        priority=priority,
    )
    # A new incident has no holds and only the clock about to start: its due time follows from that clock.
    incident.breach_state, incident.due_at, alarms = clock_summary(clocks, [], now)
    incident.full_clean(exclude=[*INCIDENT_ROWS, "reference"], validate_unique=False)
    if clock is not None:
        clock.full_clean(exclude=["incident", "party", "agreement"], validate_unique=False)
    incident.reference = ReferenceSequence.next_reference("INC", timezone.localtime(now).year)
    save_tracked(incident, actor=actor, reason=_("Incident gemeld"), validate=False)
    if clock is not None:
        clock.incident = incident
        save_tracked(clock, actor=actor, reason=clock_started(clock), validate=False)
    for upload in attachments:
        attach(incident, upload, actor, now)
    raise_events(alarms, actor)
    outbox.notify(Notification.Kind.INCIDENT_FILED, incident.pk)
    if known_outage is not None:
        outage = Incident.objects.select_for_update(of=("self",)).get(pk=known_outage.pk)
        start_following(incident, outage, actor, now, _("De melder sloot aan bij een bekende storing"))
    return incident
