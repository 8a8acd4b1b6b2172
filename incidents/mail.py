"""Mail to the people an incident waits on, through the outbox (notifications/): one row per recipient
and step, sent after commit, in the recipient's language. The reporter's mail names no party, person or
clock; nobody is mailed about an incident they may not see (Incident.objects.visible_to)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.kinds import MailKind
from notifications.services import notify_users
from parties.access import principal_for
from parties.models import Priority, Role, RoleAssignment

from .models import Incident

REPORTER_KINDS = {
    "incident_question": (_("Vraag aan de melder"), True),
    "incident_question_reminder": (_("Herinnering: vraag aan de melder"), True),
    "incident_reply": (_("Antwoord op uw melding"), False),
    "incident_resolved": (_("Uw melding is opgelost: bevestig"), False),
    "incident_closed": (_("Uw melding is gesloten"), False),
    "incident_reopened_for_reporter": (_("Uw melding is heropend"), False),
}
OPERATOR_KINDS = {
    "incident_assigned": (_("Incident toegewezen aan uw partij"), False),
    "incident_reopened": (_("Incident heropend"), False),
    "incident_answered": (_("Melder heeft geantwoord"), False),
    "incident_assignment_reminder": (_("Herinnering: toegewezen incident niet in behandeling"), False),
}


def _compose(notification) -> dict | None:
    incident = (
        Incident.objects.visible_to(notification.recipient)
        .select_related("component")
        .filter(pk=notification.object_id)
        .first()
    )
    if incident is None:
        return None
    context = {
        "incident": incident,
        "reference": incident.reference,
        "title": incident.title,
        "url": reverse("incidents:incident_detail", args=[incident.reference]),
        "reassigned": notification.event.endswith(":reassigned"),
    }
    if notification.kind == "incident_resolved":
        from .services.background import auto_close_at

        context["closes_on"] = formats.date_format(auto_close_at(incident), "DATE_FORMAT")
    return context


def _reports_incidents(user) -> bool:
    return principal_for(user).has_role(Role.REPORTER) or Incident.objects.filter(reported_by=user).exists()


def _operates(user) -> bool:
    return principal_for(user).has_role(Role.OPERATOR)


def register_kinds() -> None:
    for kinds_of_role, concerns in ((REPORTER_KINDS, _reports_incidents), (OPERATOR_KINDS, _operates)):
        for code, (label, mandatory) in kinds_of_role.items():
            template = f"incidents/mail/{code}.txt"
            kinds.register(MailKind(code, label, template, _compose, mandatory=mandatory, concerns=concerns))


def operators_of(party_id) -> list:
    if party_id is None:
        return []
    users = RoleAssignment.objects.active_on(timezone.localdate()).filter(party_id=party_id, role=Role.OPERATOR)
    return list(get_user_model().objects.filter(pk__in=users.values("user_id")))


def _owe(kind: str, incident: Incident, event: str, users, actor) -> None:
    """Owe the mail to those who see the incident, never to whoever took the step."""
    recipients = [
        user
        for user in users
        if user is not None
        and (actor is None or user.pk != actor.pk)
        and Incident.objects.visible_to(user).filter(pk=incident.pk).exists()
    ]
    notify_users(kind, incident.pk, event, recipients, mandatory=incident.priority == Priority.P1)


def to_reporter(kind: str, incident: Incident, event: str, actor) -> None:
    _owe(kind, incident, event, [incident.reported_by], actor)


def to_operators(kind: str, incident: Incident, event: str, actor) -> None:
    _owe(kind, incident, event, operators_of(incident.assigned_party_id), actor)
