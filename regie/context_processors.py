from governance.audit.access import can_view_audit
from parties.access import principal_for


def principal(request):
    """The user's standing in the chain, for navigation (never for access decisions in templates); whether
    the navigation offers the audit page is the audit page's own rule."""
    user = getattr(request, "user", None)
    return {"principal": principal_for(user), "can_view_audit": can_view_audit(user)}
