"""The open problems per component as the incident page shows them (incidents.panels), read from the cache.

The incident page is held to a fixed query budget (tests/governance/test_page_queries.py), so the known errors of a
component are kept in the cache under a generation that every save or delete of a problem or a problem–incident
link replaces, at once and again on commit (as core.inbox does for the badge): with a shared cache (CACHE_URL) the
panel is never stale; with the per-process cache another worker may show it at most KNOWN_ERRORS_CACHE_TIMEOUT
seconds late.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "problems:known-errors:generation"
FIELDS = ("pk", "reference", "title", "status", "root_cause", "workaround")


def _timeout() -> int:
    return getattr(settings, "KNOWN_ERRORS_CACHE_TIMEOUT", 60)


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


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
    return cache.get_or_set(f"problems:known-errors:{_generation()}:{component_id}", read, timeout=_timeout())


def forget_known_errors(sender=None, **kwargs) -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None))


def forget_on_write(*models) -> None:
    for model in models:
        label = model._meta.label_lower
        post_save.connect(forget_known_errors, sender=model, dispatch_uid=f"known-errors-{label}-save")
        post_delete.connect(forget_known_errors, sender=model, dispatch_uid=f"known-errors-{label}-delete")
