"""The change sections of "Wat wacht op mij" (core.inbox): for the System Architect, the Product Owner, the
business owner's representative and an operator party. Each reads from the changes the user may see."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inbox import Section, register
from incidents.inbox import is_operator
from parties.access import principal_for
from parties.models import Role

from . import rules, selectors
from .models import (
    APPROVER_ROLES,
    EMERGENCY_APPROVER_ROLES,
    Approval,
    ChangeStatus,
    ChangeType,
    Decision,
)

LIST = "changes:changerequest_list"
ROWS = "changes/inbox/_change_rows.html"
# How long an operator party sees a rejection of one of its changes on its home page.
REJECTED_SHOWN_DAYS = 14
# The changes whose window is still to come and that a collision or freeze period can still affect.
UPCOMING_STATES = (
    ChangeStatus.SUBMITTED,
    ChangeStatus.ASSESSED,
    ChangeStatus.AWAITING_APPROVAL,
    ChangeStatus.APPROVED,
    ChangeStatus.SCHEDULED,
)


def _deciding_in(role: str):
    def holds(principal) -> bool:
        return principal.has_role(role)

    return holds


def _working_in(role: str):
    def holds(principal) -> bool:
        return principal.has_role(role) and not principal.is_read_only

    return holds


def visible_changes(user):
    """The base of the change sections: what the user may see, in order of submission."""
    return selectors.changes_for_list(user).order_by("submitted_at", "pk")


def to_assess(user) -> Q:
    """Normal changes submitted and not yet assessed: the System Architect's risk assessment comes first."""
    return Q(status=ChangeStatus.SUBMITTED, change_type=ChangeType.NORMAL)


def untriaged(user) -> Q:
    """The Product Owner's backlog that nobody has moved on since it was submitted."""
    return Q(status=ChangeStatus.SUBMITTED)


def awaiting_decision_in(role: str):
    """The changes awaiting approval that need `role` (DESIGN §4) and on which nobody has decided in it yet;
    never the user's own change, nor one the user decided on already (changes.rules.decision_roles)."""
    risks = [risk for risk, roles in APPROVER_ROLES.items() if role in roles]

    def where(user) -> Q:
        required = Q(change_type=ChangeType.NORMAL, risk__in=risks)
        if role in EMERGENCY_APPROVER_ROLES:
            required |= Q(change_type=ChangeType.EMERGENCY)
        decided = Approval.objects.filter(Q(role=role) | Q(approver=user), change_id=OuterRef("pk"))
        waiting = required & Q(status=ChangeStatus.AWAITING_APPROVAL) & ~Q(requested_by=user) & ~Q(Exists(decided))
        if role == Role.BUSINESS_OWNER:
            waiting &= rules.owned_changes(principal_for(user).party_ids)
        return waiting

    return where


def in_conflict(user):
    """Changes still to come whose window collides with another change on a shared component or falls in a
    freeze period (changes.selectors.flag_conflicts): worked out in Python, so a query of its own."""
    upcoming = list(
        selectors.changes_for_list(user)
        .filter(status__in=UPCOMING_STATES)
        .with_window()
        .filter(effective_end__gt=timezone.now())
    )
    flagged = [
        change.pk for change in selectors.flag_conflicts(user, upcoming) if change.collisions or change.blackouts
    ]
    return visible_changes(user).filter(pk__in=flagged)


def recently_rejected(user) -> Q:
    """The changes of the user's party rejected in the last REJECTED_SHOWN_DAYS days."""
    since = timezone.now() - timedelta(days=REJECTED_SHOWN_DAYS)
    rejections = Approval.objects.filter(decision=Decision.REJECTED, decided_at__gte=since)
    return Q(
        requesting_party_id__in=principal_for(user).party_ids,
        status=ChangeStatus.REJECTED,
        pk__in=rejections.values("change_id"),
    )


def _with_conflicts(user, changes):
    return selectors.flag_conflicts(user, changes)


def _section(key, title, audience, order, where) -> Section:
    return Section(key, title, audience, ROWS, order, LIST, base=visible_changes, where=where)


SECTIONS = [
    _section("to_assess", _("Wijzigingen om te beoordelen"), _working_in(Role.SYSTEM_ARCHITECT), 30, to_assess),
    _section(
        "architect_approval",
        _("Wachten op uw goedkeuring als systeemarchitect"),
        _working_in(Role.SYSTEM_ARCHITECT),
        31,
        awaiting_decision_in(Role.SYSTEM_ARCHITECT),
    ),
    _section("untriaged", _("Backlog, nog niet opgepakt"), _working_in(Role.PRODUCT_OWNER), 40, untriaged),
    _section(
        "po_approval",
        _("Wachten op uw besluit als Product Owner"),
        _working_in(Role.PRODUCT_OWNER),
        41,
        awaiting_decision_in(Role.PRODUCT_OWNER),
    ),
    Section(
        "conflicts",
        _("Botsingen en bevriezingsperiodes"),
        _working_in(Role.PRODUCT_OWNER),
        ROWS,
        42,
        LIST,
        query=in_conflict,
        decorate=_with_conflicts,
    ),
    # The business owner's representative reads everything and writes nothing, except her approvals.
    _section(
        "owner_approval",
        _("Wijzigingen met hoog risico die op uw goedkeuring wachten"),
        _deciding_in(Role.BUSINESS_OWNER),
        50,
        awaiting_decision_in(Role.BUSINESS_OWNER),
    ),
    _section(
        "rejected", _("Afgewezen wijzigingen van mijn partij (laatste 14 dagen)"), is_operator, 23, recently_rejected
    ),
]


def register_sections() -> None:
    register(*SECTIONS)
