"""Who may record and close the architect's analysis of a weekly report."""

from parties.access import principal_for
from parties.models import Role


def records_analysis(user) -> bool:
    """The System Architect records findings and actions (and creates problems from anomalies)."""
    principal = principal_for(user)
    return principal.has_role(Role.SYSTEM_ARCHITECT) and not principal.is_read_only


def may_complete(user, action) -> bool:
    """The action's owner marks it done, or the System Architect who keeps the analysis."""
    principal = principal_for(user)
    if principal.is_read_only:
        return False
    return action.owner_id == getattr(user, "pk", None) or records_analysis(user)


# Who can own an action: people who work in the chain.
OWNER_ROLES = (Role.SYSTEM_ARCHITECT, Role.PRODUCT_OWNER, Role.OPERATOR)
