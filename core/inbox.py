"""The "Wat wacht op mij" home page: every user's sections, each registered by the app that owns its records
(incidents/inbox.py, changes/inbox.py, governance/inbox.py), so core knows no domain app.

A section says for whom it is (a test on the user's `Principal`), and either which records wait (a condition on
a queryset starting from what the user may see) or, for what is not a list of records, how to read it (`read`).
A record section's heading links to the list page filtered with `?waiting=<key>`, which shows exactly the
records counted (the list's FilterSet asks `waiting_records`).

The navigation badge adds up the counts of a user's sections. It is kept in the cache per user for
INBOX_CACHE_TIMEOUT seconds, stamped with a generation that every write to a record a section reads
replaces (`forget_on_write`), so a badge is never read stale from the cache after a write.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.urls import reverse

from core.generations import Generation

# How many records a section lists on the home page; its heading links to all of them.
SHOWN_PER_SECTION = 10


@dataclass
class SectionContent:
    """What a section shows now: its items (at most SHOWN_PER_SECTION), how many wait, and where to see them."""

    items: list
    count: int | None
    list_url: str | None


@dataclass(frozen=True)
class Section:
    """One section of the home page. Its records are `base(user).filter(where(user))` (sections that share a
    `base` are counted together in one query), or `query(user)` when a condition cannot say which they are;
    `read` is for a section that is not a list of records."""

    key: str
    title: str
    audience: Callable  # Principal -> bool
    template: str  # renders `items`
    order: int
    list_url_name: str | None = None  # the list page that filters `?waiting=<key>`
    base: Callable | None = None  # user -> QuerySet the user may see
    where: Callable | None = None  # user -> Q
    query: Callable | None = None  # user -> QuerySet of exactly the waiting records
    read: Callable | None = None  # user -> SectionContent
    decorate: Callable | None = None  # (user, items) -> items, to add what the items show beside the record
    highlight: bool = False
    counted: bool = True  # adds to the badge

    def records(self, user) -> QuerySet | None:
        if self.where is not None:
            return self.base(user).filter(self.where(user))
        return self.query(user) if self.query is not None else None

    def list_url(self) -> str | None:
        if self.list_url_name is None:
            return None
        return f"{reverse(self.list_url_name)}?waiting={self.key}"


def counts(user, sections: list[Section]) -> dict[str, int | None]:
    """How many records wait in each section: one query for all sections on the same base, one for each other."""
    found, shared = {}, defaultdict(list)
    for section in sections:
        if section.where is not None:
            shared[section.base].append(section)
        elif section.query is not None:
            found[section.key] = section.query(user).count()
        else:
            found[section.key] = section.read(user).count
    for base, group in shared.items():
        counted = (
            base(user)
            .order_by()
            .aggregate(**{f"waiting_{section.key}": Count("pk", filter=section.where(user)) for section in group})
        )
        found.update({section.key: counted[f"waiting_{section.key}"] for section in group})
    return found


def contents(user, sections: list[Section]) -> list[SectionContent]:
    """What each section shows: the counts, and the first SHOWN_PER_SECTION records of each section that has any."""
    counted = counts(user, [section for section in sections if section.read is None])
    shown = []
    for section in sections:
        if section.read is not None:
            shown.append(section.read(user))
            continue
        items = list(section.records(user)[:SHOWN_PER_SECTION]) if counted[section.key] else []
        if items and section.decorate is not None:
            items = section.decorate(user, items)
        shown.append(SectionContent(items, counted[section.key], section.list_url()))
    return shown


_sections: dict[str, Section] = {}


def register(*sections: Section) -> None:
    """Add sections to the home page (call it from the app's AppConfig.ready)."""
    for section in sections:
        _sections[section.key] = section


def sections_for(principal) -> list[Section]:
    """The user's sections in page order: a user with several roles gets all of theirs."""
    return sorted(
        (section for section in _sections.values() if section.audience(principal)),
        key=lambda section: (section.order, section.key),
    )


def waiting_choices(list_url_name: str) -> list[tuple[str, str]]:
    """The `?waiting=` values a list page knows: the keys of the record sections that link to it."""
    return [
        (section.key, section.title)
        for section in sorted(_sections.values(), key=lambda section: (section.order, section.key))
        if section.list_url_name == list_url_name
    ]


def waiting_records(key: str, user, principal) -> QuerySet | None:
    """The records of section `key` for this user: none when the section is not one of theirs (a reporter may not
    learn which incidents are at warning by asking for the dispatcher's section); None for an unknown key."""
    section = _sections.get(key)
    records = section.records(user) if section is not None else None
    if records is None or section.audience(principal):
        return records
    return records.none()


def section_title(filters) -> str | None:
    """The title of the section a list page is filtered to: `filters` are its valid filter values (or None)."""
    section = _sections.get((filters or {}).get("waiting") or "")
    return section.title if section is not None else None


# --- the badge ---------------------------------------------------------------------------------------------

_badges = Generation("inbox", enabled=lambda: bool(getattr(settings, "INBOX_CACHE_TIMEOUT", 0)))


def badge_generation() -> str | None:
    """The generation the badges are stamped with now (None while they are not cached). Read it before counting:
    a write that commits after this read replaces it, so what is stored under it can never outlive that write."""
    return _badges.current() if _badges.enabled() else None


def _total_key(user) -> str:
    return f"inbox:total:{user.pk}"


def remember_total(user, generation: str | None, total: int) -> None:
    """Store a total just counted (the home page counts it anyway) for the pages that follow."""
    if generation is not None:
        cache.set(_total_key(user), (generation, total), timeout=settings.INBOX_CACHE_TIMEOUT)


def waiting_total(user, principal) -> int:
    """The badge: how many records wait for the user, over all their counted sections."""
    generation = badge_generation()
    if generation is not None:
        entry = cache.get(_total_key(user))
        if entry is not None and entry[0] == generation:
            return entry[1]
    counted = [section for section in sections_for(principal) if section.counted]
    total = sum(count or 0 for count in counts(user, counted).values())
    remember_total(user, generation, total)
    return total


def forget_waiting() -> None:
    """Every cached badge is stale from now on (core.generations)."""
    _badges.replace()


def forget_on_write(*models) -> None:
    """Any save or delete of these models makes the badges stale (call it from the app's AppConfig.ready)."""
    _badges.replace_on_write(*models)
