from django.utils.functional import SimpleLazyObject

from core.inbox import waiting_total
from governance.audit.access import can_view_audit
from parties.access import principal_for


def principal(request):
    """The user's standing in the chain, for navigation (never for access decisions in templates); whether
    the navigation offers the audit page is the audit page's own rule; the badge of "Wat wacht op mij"
    (read from the cache, counted only when a page shows it)."""
    user = getattr(request, "user", None)
    standing = principal_for(user)
    return {
        "principal": standing,
        "can_view_audit": can_view_audit(user),
        "waiting_count": SimpleLazyObject(lambda: _waiting_count(request, user, standing)),
    }


def _waiting_count(request, user, standing) -> int:
    known = getattr(request, "waiting_total", None)
    if known is not None:
        return known
    if not standing.is_authenticated:
        return 0
    return waiting_total(user, standing)
