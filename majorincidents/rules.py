"""Who may do what with a major incident, read by the workflow's guards, the services, pages and API alike.

Declaring, standing down and closing: the regie party's (CIBG) operators and the Product Owner. The
coordinator, a CIBG person named at the declaration, also posts updates, links reports and files the review.
"""

from django.utils import timezone

from parties.access import principal_for
from parties.models import PartyKind, Role, RoleAssignment

DECLARING_ROLES = {Role.OPERATOR, Role.PRODUCT_OWNER}


def can_declare(user) -> bool:
    principal = principal_for(user)
    if principal.is_superuser:
        return True
    return (
        PartyKind.REGIE in principal.party_kinds
        and not principal.is_read_only
        and bool(principal.roles & DECLARING_ROLES)
    )


def is_coordinator(user, major) -> bool:
    return user is not None and user.is_authenticated and major.coordinator_id == user.pk


def can_coordinate(user, major) -> bool:
    """Post updates, link reports, file the review: the coordinator and whoever may declare."""
    return is_coordinator(user, major) or can_declare(user)


def can_stand_down(user, major) -> bool:
    return can_declare(user)


def can_file_review(user, major) -> bool:
    return can_coordinate(user, major) and not has_review(major)


def has_review(major) -> bool:
    from .models import MajorIncidentReview

    return MajorIncidentReview.objects.filter(major_id=major.pk).exists()


def can_complete_action(user, action) -> bool:
    """An action of the review is marked done by its owner or by whoever coordinates the major incident."""
    return not action.is_done and (action.owner_id == user.pk or can_coordinate(user, action.review.major))


def coordinator_candidates():
    """Who may coordinate: the active people of the regie party (CIBG) on their role assignments of today."""
    people = RoleAssignment.objects.active_on(timezone.localdate()).filter(party__kind=PartyKind.REGIE)
    return people.people().order_by("first_name", "last_name", "username")


def review_owner_candidates():
    """Who may own a review action: the active people of every party in the chain (not the reporter's side)."""
    people = RoleAssignment.objects.active_on(timezone.localdate()).exclude(party__kind=PartyKind.USER_ORGANISATION)
    return people.people().order_by("first_name", "last_name", "username")
