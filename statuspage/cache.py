"""The status overview kept in Django's cache, so the public page and its feed do not query on every visit.

Why a generation key and a timeout, both: the overview is stored under a generation that every write to a
record it reads from (an incident, a change, its assessment, a component, a major incident or its update)
replaces, as the inbox badge does (core/inbox.py); with a shared cache (CACHE_URL) the page is never stale after
such a write. But the page also changes with nothing written: a maintenance window starts or ends, a day cell moves
into the history. So an overview also expires after STATUS_PAGE_CACHE_TIMEOUT seconds (60 by default), which bounds
that lag and, on the per-process cache without CACHE_URL, another worker's lag after a write. The cached overview
holds no translated text, so one copy serves Dutch and English alike.
"""

from django.conf import settings
from django.core.cache import cache

from core.generations import Generation

from .selectors import StatusOverview, status_overview

_overview = Generation("statuspage")


def cached_status_overview() -> StatusOverview:
    """The overview as of at most STATUS_PAGE_CACHE_TIMEOUT seconds ago, and never from before the last write
    to a record it reads (0 seconds: worked out on every request)."""
    timeout = settings.STATUS_PAGE_CACHE_TIMEOUT
    if not timeout:
        return status_overview()
    return cache.get_or_set(f"statuspage:overview:{_overview.current()}", status_overview, timeout=timeout)


def forget_on_write(*models) -> None:
    """Any save or delete of these models, or change of their many-to-many relations, makes the overview stale
    (called from the AppConfig.ready of this app, which knows every model the overview reads)."""
    _overview.replace_on_write(*models)
