"""Who may read the audit trail: administrators and the business owner (VWS). Everyone else gets 404."""

from parties.access import principal_for
from parties.models import PartyKind, Role


def can_view_audit(user) -> bool:
    """Superusers, holders of the administrator role, and members of the business owner party."""
    principal = principal_for(user)
    if not principal.is_authenticated:
        return False
    return (
        principal.is_superuser
        or principal.has_role(Role.ADMINISTRATOR)
        or PartyKind.BUSINESS_OWNER in principal.party_kinds
    )
