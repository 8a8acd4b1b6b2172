"""The open problems per component as the incident page shows them (incidents.panels), read from the cache.

The incident page is held to a fixed query budget (tests/governance/test_page_queries.py), so the known errors of a
component are kept in the cache under a generation that every save or delete of a problem or a problem–incident
link replaces, at once and again on commit (as core.inbox does for the badge): with a shared cache (CACHE_URL) the
panel is never stale; with the per-process cache another worker may show it at most KNOWN_ERRORS_CACHE_TIMEOUT
seconds late.
"""

from django.conf import settings
from django.core.cache import cache

from core.generations import Generation

_known_errors = Generation("problems:known-errors")
FIELDS = ("pk", "reference", "title", "status", "root_cause", "workaround")


def _timeout() -> int:
    return getattr(settings, "KNOWN_ERRORS_CACHE_TIMEOUT", 60)


def open_problems_on(component_id: int) -> list[dict]:
    """The open problems on a component, oldest first, each with the ids of the incidents linked to it; not
    restricted (the caller decides whether the user may see the component's problems)."""
    from .models import Problem

    def read() -> list[dict]:
        problems = list(
            Problem.objects.open()
            .filter(component_id=component_id)
            .order_by("created_at", "pk")
            .prefetch_related("links")
        )
        return [
            {
                **{field: getattr(problem, field) for field in FIELDS},
                "status_label": str(problem.get_status_display()),
                "url": problem.get_absolute_url(),
                "incident_ids": [link.incident_id for link in problem.links.all()],
            }
            for problem in problems
        ]

    if not _timeout():
        return read()
    return cache.get_or_set(f"problems:known-errors:{_known_errors.current()}:{component_id}", read, timeout=_timeout())


def forget_on_write(*models) -> None:
    _known_errors.replace_on_write(*models)
