"""Mail about changes to the people a change waits on (the architect and the approvers) and to its
requester when it is decided or planned, through the outbox (notifications/). Only to those who see it."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.kinds import MailKind
from notifications.services import notify_users
from parties.access import principal_for
from parties.models import Role, RoleAssignment

from . import rules
from .models import ChangeRequest, ChangeStatus, ChangeType
from .rules import approves_changes, can_request_changes

KINDS = {
    "change_to_assess": _("Wijziging te beoordelen"),
    "change_awaiting_decision": _("Wijziging wacht op uw besluit"),
    "change_approved": _("Uw wijziging is goedgekeurd"),
    "change_rejected": _("Uw wijziging is afgewezen"),
    "change_scheduled": _("Uw wijziging is ingepland"),
}


def _compose(notification) -> dict | None:
    change = ChangeRequest.objects.visible_to(notification.recipient).filter(pk=notification.object_id).first()
    if change is None:
        return None
    return {"change": change, "reference": change.reference, "title": change.title, "url": _path(change)}


def _path(change: ChangeRequest) -> str:
    return reverse("changes:changerequest_detail", args=[change.pk])


def _assesses(user) -> bool:
    principal = principal_for(user)
    return principal.has_role(Role.SYSTEM_ARCHITECT) or principal.has_role(Role.PRODUCT_OWNER)


# Who each kind can reach: assessors, approvers, or whoever may request a change.
CONCERNS = {
    "change_to_assess": _assesses,
    "change_awaiting_decision": approves_changes,
    "change_approved": can_request_changes,
    "change_rejected": can_request_changes,
    "change_scheduled": can_request_changes,
}


def register_kinds() -> None:
    for code, label in KINDS.items():
        kinds.register(MailKind(code, label, f"changes/mail/{code}.txt", _compose, concerns=CONCERNS[code]))


def _holders(roles) -> list:
    users = RoleAssignment.objects.active_on(timezone.localdate()).filter(role__in=roles).values("user_id")
    return list(get_user_model().objects.filter(pk__in=users))


def _owe(kind: str, change: ChangeRequest, event: str, users, actor) -> None:
    recipients = [
        user
        for user in users
        if (actor is None or user.pk != actor.pk)
        and ChangeRequest.objects.visible_to(user).filter(pk=change.pk).exists()
    ]
    notify_users(kind, change.pk, event, recipients)


def on_transition(change: ChangeRequest, move: str, actor) -> None:
    """Called by the services after each move of a change (changes.services._record)."""
    step = f"{move}:{change.version}"
    if move == "submit" and change.status == ChangeStatus.SUBMITTED and change.change_type != ChangeType.STANDARD:
        _owe("change_to_assess", change, step, _holders([Role.SYSTEM_ARCHITECT, Role.PRODUCT_OWNER]), actor)
    elif move == "request_approval":
        approvers = [
            user
            for user in _holders(change.required_roles)
            if user.pk != change.requested_by_id and rules.may_decide(user, change)
        ]
        _owe("change_awaiting_decision", change, step, approvers, actor)
    elif move in ("approve", "reject", "schedule"):
        kind = {"approve": "change_approved", "reject": "change_rejected", "schedule": "change_scheduled"}[move]
        _owe(kind, change, step, [change.requested_by], actor)
