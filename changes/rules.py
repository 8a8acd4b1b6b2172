"""Who may do what to a change (DESIGN §5), decided here and used by services, pages and API.

Pages and the API only *show* what these rules allow; the services enforce them.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from incidents import permissions as incident_permissions
from parties.access import principal_for
from parties.models import PartyKind, Role

from .models import CHANGE_WORKFLOW, ChangeRequest, ChangeStatus

PRODUCT_OWNER_ACTIONS = frozenset({"request_approval", "schedule", "close", "move", "manage_blackouts"})
REQUESTER_OR_PRODUCT_OWNER_ACTIONS = frozenset({"start", "complete", "fail", "roll_back", "review", "cancel"})
# Moves the services make themselves, never offered as a button.
INTERNAL_TRANSITIONS = frozenset({"preapprove"})


def can_request_changes(user) -> bool:
    principal = principal_for(user)
    return principal.is_chain_member and not principal.is_read_only and bool(principal.party_ids)


def is_product_owner(user) -> bool:
    principal = principal_for(user)
    return principal.has_role(Role.PRODUCT_OWNER) and not principal.is_read_only


def is_requester_side(user, change: ChangeRequest) -> bool:
    principal = principal_for(user)
    return not principal.is_read_only and change.requesting_party_id in principal.party_ids


def can(user, action: str, change: ChangeRequest | None = None) -> bool:
    """May `user` perform `action` (a workflow transition or "move"/"manage_blackouts") on `change`?"""
    principal = principal_for(user)
    if action in PRODUCT_OWNER_ACTIONS:
        return is_product_owner(user)
    if action == "submit":
        return change is not None and is_requester_side(user, change)
    if action == "assess":
        return principal.has_role(Role.SYSTEM_ARCHITECT) and not principal.is_read_only
    if action in REQUESTER_OR_PRODUCT_OWNER_ACTIONS:
        return change is not None and (is_product_owner(user) or is_requester_side(user, change))
    if action in {"approve", "reject"}:
        return change is not None and bool(decision_roles(user, change))
    return False


def decision_roles(user, change: ChangeRequest, decided_roles: set[str] | None = None) -> list[str]:
    """The roles in which `user` may still approve or reject this change; empty if none.

    Awaiting approval: the required roles the user holds that nobody has decided in yet. Before
    that (submitted, assessed) the Product Owner may reject at triage. Nobody decides on a change
    they requested, and nobody decides twice.
    """
    principal = principal_for(user)
    if user is None or change.requested_by_id == user.pk:
        return []
    if decided_roles is None:
        decided = list(change.approvals.values_list("role", "approver_id"))
        if any(approver_id == user.pk for _role, approver_id in decided):
            return []
        decided_roles = {role for role, _approver in decided}
    if change.status == ChangeStatus.AWAITING_APPROVAL:
        return [role for role in change.required_roles if principal.has_role(role) and role not in decided_roles]
    if change.status in {ChangeStatus.SUBMITTED, ChangeStatus.ASSESSED} and is_product_owner(user):
        return [Role.PRODUCT_OWNER]
    return []


def require(user, action: str, change: ChangeRequest | None = None) -> None:
    if not can(user, action, change):
        raise PermissionDenied(_("U mag deze actie niet uitvoeren."))


# --- links between changes and incidents ------------------------------------------------------


def _links_anything(principal) -> bool:
    """A chain member who may write: the read-only business owner and viewers never link."""
    return (
        principal.is_chain_member and not principal.is_read_only and bool(principal.party_ids or principal.is_superuser)
    )


def _is_regie(principal) -> bool:
    return principal.is_superuser or PartyKind.REGIE in principal.party_kinds


def can_link(user, change: ChangeRequest, incident) -> bool:
    """May `user` link (or unlink) this change and this incident? Someone who works on at least one
    of them: an operator of the change's requesting party, or whoever may work the incident; the
    regie party always. Whether the user may *see* both is the service's check (querysets)."""
    principal = principal_for(user)
    if not _links_anything(principal):
        return False
    return _is_regie(principal) or is_requester_side(user, change) or incident_permissions.can_work(user, incident)


def can_link_from_change(user, change: ChangeRequest) -> bool:
    """Whether the change page offers the link form: the user may link this change to some incident."""
    principal = principal_for(user)
    if not _links_anything(principal):
        return False
    # Not the requesting party: linking still works for an incident assigned to the user's party.
    return (
        _is_regie(principal)
        or is_requester_side(user, change)
        or bool(principal.roles & incident_permissions.WORKING_ROLES)
    )


def can_link_from_incident(user, incident) -> bool:
    """Whether the incident page offers the link form: the user works the incident, or may link a
    change its own party requested."""
    principal = principal_for(user)
    if not _links_anything(principal):
        return False
    return _is_regie(principal) or incident_permissions.can_work(user, incident) or can_request_changes(user)


def available_actions(user, change: ChangeRequest) -> list:
    """The workflow's allowed moves from the change's state that this user may make."""
    return [
        transition
        for transition in CHANGE_WORKFLOW.allowed(change.status)
        if transition.name not in INTERNAL_TRANSITIONS and can(user, transition.name, change)
    ]
