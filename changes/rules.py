"""Who may do what to a change (DESIGN §5), decided here and used by the workflow's guards, the
services, pages and API. Pages and the API only *show* what these rules allow."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from incidents import rules as incident_rules
from parties.access import principal_for
from parties.models import Component, Party, PartyKind, Role

from .models import APPROVER_ROLES, EMERGENCY_APPROVER_ROLES, ChangeRequest, ChangeStatus, ChangeType


def can_request_changes(user) -> bool:
    principal = principal_for(user)
    return principal.is_chain_member and not principal.is_read_only and bool(principal.party_ids)


# Every role that approves some kind of change (DESIGN §4).
APPROVING_ROLES = frozenset(EMERGENCY_APPROVER_ROLES).union(*APPROVER_ROLES.values())


def approves_changes(user) -> bool:
    """Holds a role that approves changes: such an account must have a second factor (core.second_factor)."""
    principal = principal_for(user)
    return any(principal.has_role(role) for role in APPROVING_ROLES)


def requestable_components(parties: Iterable[Party]) -> QuerySet[Component]:
    """The components these parties may request changes for: those they operate, host or monitor;
    the regie party (CIBG) any. Standard and normal changes alike: a template pre-approves the work,
    not who may ask for it."""
    parties = list(parties)
    if any(party.kind == PartyKind.REGIE for party in parties):
        return Component.objects.all()
    party_ids = [party.pk for party in parties]
    return Component.objects.filter(
        Q(operating_party_id__in=party_ids) | Q(hosting_party_id__in=party_ids) | Q(monitoring_party_id__in=party_ids)
    )


def components_out_of_reach(party: Party, components: Iterable[Component]) -> list[Component]:
    """The components `party` may not request a change for (empty when it may request for all)."""
    components = list(components)
    allowed = set(
        requestable_components([party]).filter(pk__in=[c.pk for c in components]).values_list("pk", flat=True)
    )
    return [component for component in components if component.pk not in allowed]


def owners_of(components: Iterable[Component]) -> set[Party]:
    """The parties that own the services of these components; the business owner (VWS) for a component that
    belongs to no service, as before services were on record."""
    components = list(components)
    owners = set(Party.objects.filter(owned_services__components__in=components).distinct())
    if any(component.service_id is None for component in components):
        owners |= set(Party.objects.filter(kind=PartyKind.BUSINESS_OWNER))
    return owners


def owned_changes(party_ids: Iterable[int]) -> Q:
    """Changes on a component of a service these parties own (or, for a business owner party, on a component in
    no service): the changes whose high-risk approval is theirs."""
    party_ids = list(party_ids)
    through = ChangeRequest.components.through.objects
    owned = Q(component__service__owner_id__in=party_ids)
    if Party.objects.filter(pk__in=party_ids, kind=PartyKind.BUSINESS_OWNER).exists():
        owned |= Q(component__service__isnull=True)
    return Q(pk__in=through.filter(owned).values("changerequest_id"))


def decides_as_owner(user, change: ChangeRequest) -> bool:
    """The business-owner approval of a high-risk change is for the owner of the change's service: VWS for
    CoronaMelder, GGD GHOR Nederland for Oplossing II."""
    party_ids = principal_for(user).party_ids
    return any(owner.pk in party_ids for owner in owners_of(change.components.all()))


def is_product_owner(user) -> bool:
    principal = principal_for(user)
    return principal.has_role(Role.PRODUCT_OWNER) and not principal.is_read_only


def is_requester_side(user, change: ChangeRequest) -> bool:
    principal = principal_for(user)
    return not principal.is_read_only and change.requesting_party_id in principal.party_ids


def is_system_architect(user) -> bool:
    principal = principal_for(user)
    return principal.has_role(Role.SYSTEM_ARCHITECT) and not principal.is_read_only


def is_requester_or_product_owner(user, change: ChangeRequest) -> bool:
    """Start, complete, fail, roll back, review, cancel: the requesting party or the Product Owner."""
    return is_product_owner(user) or is_requester_side(user, change)


def is_standard(user, change: ChangeRequest) -> bool:
    """A standard change is pre-approved by its template when it is submitted, whoever submits it."""
    return change.change_type == ChangeType.STANDARD


def may_decide(user, change: ChangeRequest) -> bool:
    return bool(decision_roles(user, change))


def decision_refusal(user, change: ChangeRequest) -> str:
    if user is not None and change.requested_by_id == user.pk:
        return _("U kunt niet beslissen over een wijziging die u zelf hebt aangevraagd.")
    return _("U hebt geen rol waarin u nog over deze wijziging kunt beslissen.")


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
        roles = [role for role in change.required_roles if principal.has_role(role) and role not in decided_roles]
        if Role.BUSINESS_OWNER in roles and not decides_as_owner(user, change):
            roles.remove(Role.BUSINESS_OWNER)
        return roles
    if change.status in {ChangeStatus.SUBMITTED, ChangeStatus.ASSESSED} and is_product_owner(user):
        return [Role.PRODUCT_OWNER]
    return []


def require(allowed: bool) -> None:
    if not allowed:
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
    return _is_regie(principal) or is_requester_side(user, change) or incident_rules.can_work(user, incident)


def can_link_from_change(user, change: ChangeRequest) -> bool:
    """Whether the change page offers the link form: the user may link this change to some incident."""
    principal = principal_for(user)
    if not _links_anything(principal):
        return False
    # Not the requesting party: linking still works for an incident assigned to the user's party.
    return (
        _is_regie(principal) or is_requester_side(user, change) or bool(principal.roles & incident_rules.WORKING_ROLES)
    )


def can_link_from_incident(user, incident) -> bool:
    """Whether the incident page offers the link form: the user works the incident, or may link a
    change its own party requested."""
    principal = principal_for(user)
    if not _links_anything(principal):
        return False
    return _is_regie(principal) or incident_rules.can_work(user, incident) or can_request_changes(user)
