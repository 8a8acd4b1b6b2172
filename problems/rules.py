"""Who may do what to a problem and a recurrence proposal; the workflows' guards, services, pages and API use these."""

from django.utils.translation import gettext as _

from changes.models import ChangeRequest, ChangeStatus, PostImplementationReview
from parties.access import principal_for
from parties.models import Role


def manages_problems(user) -> bool:
    """The System Architect and the Product Owner (CIBG) record, analyse and steer problems."""
    principal = principal_for(user)
    if principal.is_read_only:
        return False
    return principal.is_superuser or bool(principal.roles & {Role.SYSTEM_ARCHITECT, Role.PRODUCT_OWNER})


def is_system_architect(user) -> bool:
    principal = principal_for(user)
    return principal.has_role(Role.SYSTEM_ARCHITECT) and not principal.is_read_only


def works_on(user, problem) -> bool:
    """Record the analysis, link incidents and the solving change: a problem manager or the problem's owner."""
    return manages_problems(user) or (user is not None and problem.owner_id == user.pk)


def manages(user, problem) -> bool:
    return manages_problems(user)


def decides_proposals(user, proposal=None) -> bool:
    """Recurrence proposals are shown to the System Architect, who accepts or dismisses them."""
    return is_system_architect(user)


def change_succeeded(change: ChangeRequest | None) -> bool:
    """The change was implemented successfully and has had its post-implementation review."""
    if change is None or change.status not in {ChangeStatus.REVIEWED, ChangeStatus.CLOSED}:
        return False
    reviewed = PostImplementationReview.objects.filter(change=change).exists()
    return reviewed and not change.history.filter(status=ChangeStatus.FAILED).exists()


def solved(user, problem) -> bool:
    return change_succeeded(problem.change)


def not_solved_refusal(user, problem) -> str:
    return _("Een probleem sluit pas als de oplossende wijziging als geslaagd is geëvalueerd.")
