"""Mail about incidents, through the outbox (notifications/): each message is written with the change
that causes it and sent once. This module composes the messages; notifications.services sends them."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import save_tracked
from notifications.models import Notification
from notifications.services import Message, deliver_for
from parties.models import PartyKind, Role, RoleAssignment

from .models import Incident, SlaEvent


def _emails(assignments) -> list[str]:
    users = assignments.people().exclude(email="")
    return sorted(users.values_list("email", flat=True))


def _product_owners() -> Q:
    return Q(party__kind=PartyKind.REGIE, role=Role.PRODUCT_OWNER)


def recipients_for(event: SlaEvent) -> list[str]:
    """Operators of the party whose clock it is, and of the party now holding the incident, plus
    the regie party's Product Owner(s)."""
    incident = event.clock.incident
    parties = {event.clock.party_id, incident.assigned_party_id} - {None}
    assignments = RoleAssignment.objects.active_on(timezone.localdate()).filter(
        Q(party_id__in=parties, role=Role.OPERATOR) | _product_owners()
    )
    return _emails(assignments)


def incident_filed_message(incident_id: int) -> Message | None:
    """A new incident waits for triage: tell the regie party's Product Owner(s)."""
    incident = Incident.objects.select_related("component", "reporter_party").filter(pk=incident_id).first()
    if incident is None:
        return None
    subject = _("[%(reference)s] Nieuw incident wacht op beoordeling: %(title)s") % {
        "reference": incident.reference,
        "title": incident.title,
    }
    body = _(
        "Incident %(reference)s (%(priority)s, %(component)s): %(title)s\n\n"
        "Gemeld door %(party)s op %(when)s. Het wacht op beoordeling en toewijzing."
    ) % {
        "reference": incident.reference,
        "priority": incident.priority,
        "component": incident.component,
        "title": incident.title,
        "party": incident.reporter_party or "-",
        "when": timezone.localtime(incident.reported_at).strftime("%d-%m-%Y %H:%M"),
    }
    recipients = _emails(RoleAssignment.objects.active_on(timezone.localdate()).filter(_product_owners()))
    return Message(subject, body, recipients)


def sla_event_message(event_id: int) -> Message | None:
    """The warning or breach, to the assigned party's operators and the Product Owner. Locks the event
    and records the sending on it ("Melding verstuurd")."""
    event = (
        SlaEvent.objects.select_for_update(of=("self",))
        .select_related("clock__incident__component", "clock__party")
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.notified_at is not None:
        return None
    clock, incident = event.clock, event.clock.incident
    subject = _("[%(reference)s] %(kind)s %(target)s-norm %(agreement)s (%(party)s)") % {
        "reference": incident.reference,
        "kind": event.get_kind_display(),
        "target": event.get_target_display(),
        "agreement": clock.agreement_reference,
        "party": clock.party,
    }
    body = _(
        "Incident %(reference)s (%(priority)s, %(component)s): %(title)s\n\n"
        "De %(target)s-norm van %(agreement)s voor %(party)s heeft de %(kind)s bereikt."
    ) % {
        "reference": incident.reference,
        "priority": incident.priority,
        "component": incident.component,
        "title": incident.title,
        "target": event.get_target_display(),
        "agreement": clock.agreement_reference,
        "party": clock.party,
        "kind": event.get_kind_display(),
    }

    def sent() -> None:
        event.notified_at = timezone.now()
        save_tracked(event, actor=None, reason=_("Melding verstuurd"))

    return Message(subject, body, recipients_for(event), on_sent=sent)


def send_incident_filed(incident_id: int) -> bool:
    return deliver_for(Notification.Kind.INCIDENT_FILED, incident_id)


def send_sla_event(event_id: int) -> bool:
    return deliver_for(Notification.Kind.SLA_EVENT, event_id)
