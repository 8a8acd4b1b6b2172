"""Mail about incidents. Each message is sent once: the event row records when it went out."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.history import save_tracked
from parties.models import PartyKind, Role, RoleAssignment

from .models import SlaEvent


def recipients_for(event: SlaEvent) -> list[str]:
    """Operators of the party whose clock it is, and of the party now holding the incident, plus
    the regie party's Product Owner(s)."""
    incident = event.clock.incident
    today = timezone.localdate()
    parties = {event.clock.party_id, incident.assigned_party_id} - {None}
    assignments = RoleAssignment.objects.active_on(today).filter(
        Q(party_id__in=parties, role=Role.OPERATOR) | Q(party__kind=PartyKind.REGIE, role=Role.PRODUCT_OWNER)
    )
    users = get_user_model().objects.filter(pk__in=assignments.values("user_id"), is_active=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def send_sla_event(event_id: int) -> bool:
    with transaction.atomic():
        event = (
            SlaEvent.objects.select_for_update(of=("self",))
            .select_related("clock__incident__component", "clock__party")
            .filter(pk=event_id)
            .first()
        )
        if event is None or event.notified_at is not None:
            return False
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
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients_for(event))
        event.notified_at = timezone.now()
        save_tracked(event, actor=None, reason=_("Melding verstuurd"))
    return True
