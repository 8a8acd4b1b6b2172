"""Mail about major incidents through the outbox (notifications/), in each recipient's language.

The declaration goes to the coordinator, the business owner's people and the chain's operators who see the
incident; when the next update falls due, the coordinator is reminded once per due time. An update goes to each
audience it is addressed to: the chain (operators, VWS) reads its internal and public text on the major incident's
page; a reporter reads only the public text, about her own report, and never a party, person or clock. Nobody is
mailed about what they may not see, nor about their own step.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident
from notifications import kinds
from notifications.kinds import MailKind
from notifications.services import notify_users
from parties.access import principal_for
from parties.models import PartyKind, Priority, Role, RoleAssignment

from .models import Audience, MajorIncident, MajorIncidentUpdate

CHAIN_PARTY_KINDS_EXCLUDED = (PartyKind.USER_ORGANISATION, PartyKind.BUSINESS_OWNER)


def business_owner_people() -> list:
    today = timezone.localdate()
    return list(RoleAssignment.objects.active_on(today).filter(party__kind=PartyKind.BUSINESS_OWNER).people())


def chain_operators(major: MajorIncident) -> list:
    today = timezone.localdate()
    operators = RoleAssignment.objects.active_on(today).filter(role=Role.OPERATOR)
    operators = operators.exclude(party__kind__in=CHAIN_PARTY_KINDS_EXCLUDED)
    return [user for user in operators.people() if MajorIncident.objects.visible_to(user).filter(pk=major.pk).exists()]


def reporters(major: MajorIncident) -> list:
    """Whoever filed the major incident's incident or one of the reports that follow it."""
    incidents = Incident.objects.filter(pk=major.incident_id) | Incident.objects.filter(known_outage=major.incident_id)
    return list(get_user_model().objects.filter(pk__in=incidents.values("reported_by_id"), is_active=True))


def _owe(kind: str, object_id: int, event: str, users, actor, major: MajorIncident) -> None:
    recipients = [user for user in users if actor is None or user.pk != actor.pk]
    notify_users(kind, object_id, event, recipients, mandatory=major.incident.priority == Priority.P1)


def declared(major: MajorIncident, actor) -> None:
    users = [major.coordinator, *business_owner_people(), *chain_operators(major)]
    _owe("major_declared", major.pk, "declared", users, actor, major)


def update_due(major: MajorIncident) -> None:
    """Remind the coordinator that the next update is due: once per due time, so once per missed update."""
    _owe("major_update_due", major.pk, f"due:{major.next_update_due_at.isoformat()}", [major.coordinator], None, major)


def update_posted(update: MajorIncidentUpdate, actor) -> None:
    major = update.major
    chain = []
    if update.reaches(Audience.BUSINESS_OWNER):
        chain += business_owner_people()
    if update.reaches(Audience.OPERATORS):
        chain += chain_operators(major)
    _owe("major_update", update.pk, f"update:{update.pk}", chain, actor, major)
    if update.reaches(Audience.REPORTERS) and update.public_text:
        _owe("major_update_public", update.pk, f"update:{update.pk}", reporters(major), actor, major)


# --- composing ----------------------------------------------------------------------------------------------


def _compose_declared(notification) -> dict | None:
    major = MajorIncident.objects.visible_to(notification.recipient).filter(pk=notification.object_id).first()
    if major is None:
        return None
    return {
        "reference": major.incident.reference,
        "title": major.public_title,
        "coordinator": major.coordinator.get_full_name() or major.coordinator.username,
        "url": reverse("majorincidents:major_detail", args=[major.pk]),
    }


def _may_coordinate(user) -> bool:
    """Coordinators are people of the regie party (CIBG): only they are offered the reminder in their settings."""
    return PartyKind.REGIE in principal_for(user).party_kinds


def _compose_update_due(notification) -> dict | None:
    """Nothing once the update was given (or the major incident stood down) before the mail went out."""
    major = MajorIncident.objects.visible_to(notification.recipient).filter(pk=notification.object_id).first()
    if major is None or not major.is_active or major.next_update_due_at is None:
        return None
    if major.next_update_due_at > timezone.now():
        return None
    return {
        "reference": major.incident.reference,
        "title": major.public_title,
        "due_at": timezone.localtime(major.next_update_due_at),
        "url": reverse("majorincidents:major_detail", args=[major.pk]),
    }


def _compose_update(notification) -> dict | None:
    visible = MajorIncident.objects.visible_to(notification.recipient)
    update = MajorIncidentUpdate.objects.filter(pk=notification.object_id, major__in=visible).first()
    if update is None:
        return None
    return {
        "reference": update.major.incident.reference,
        "title": update.major.public_title,
        "public_text": update.public_text,
        "internal_text": update.internal_text,
        "url": reverse("majorincidents:major_detail", args=[update.major_id]),
    }


def _compose_public_update(notification) -> dict | None:
    """The reporter's mail: the public text, about her own report (one she still sees), nothing else."""
    update = MajorIncidentUpdate.objects.filter(pk=notification.object_id).select_related("major").first()
    if update is None or not update.public_text or not update.reaches(Audience.REPORTERS):
        return None
    major_incident_id = update.major.incident_id
    own = (
        (
            Incident.objects.visible_to(notification.recipient)
            .filter(reported_by=notification.recipient)
            .filter(pk=major_incident_id)
            | Incident.objects.visible_to(notification.recipient).filter(
                reported_by=notification.recipient, known_outage_id=major_incident_id
            )
        )
        .order_by("reported_at")
        .first()
    )
    if own is None:
        return None
    return {
        "reference": own.reference,
        "title": own.title,
        "public_text": update.public_text,
        "url": reverse("incidents:incident_detail", args=[own.reference]),
    }


def register_kinds() -> None:
    kinds.register(
        MailKind(
            "major_declared",
            _("Grote verstoring uitgeroepen"),
            "majorincidents/mail/major_declared.txt",
            _compose_declared,
        )
    )
    kinds.register(
        MailKind(
            "major_update_due",
            _("Update van grote verstoring nodig"),
            "majorincidents/mail/major_update_due.txt",
            _compose_update_due,
            concerns=_may_coordinate,
        )
    )
    kinds.register(
        MailKind(
            "major_update",
            _("Update over een grote verstoring"),
            "majorincidents/mail/major_update.txt",
            _compose_update,
        )
    )
    kinds.register(
        MailKind(
            "major_update_public",
            _("Bericht over de storing waar uw melding bij hoort"),
            "majorincidents/mail/major_update_public.txt",
            _compose_public_update,
        )
    )
