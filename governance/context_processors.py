from governance.access import principal_for


def principal(request):
    """The user's standing in the chain, for navigation (never for access decisions in templates)."""
    return {"principal": principal_for(getattr(request, "user", None))}
