"""What an SLA clock takes from its agreement when it starts, and the chain SLA's terms kept in Django's cache.

A clock starts under the agreement's version, its target for the incident's priority and its calendar as they
were recorded at the start (DESIGN §3). Filing reads them for the chain SLA of the component: four queries that
give the same answer, filing after filing, until an agreement, a target or a calendar is written. With a shared
cache (`SLA_TERMS_CACHE_TIMEOUT` > 0, on when CACHE_URL is set) the terms are kept per component, priority and
day under a generation that every write to an agreement (its components included), a target or a calendar
replaces (core/generations.py). Terms read as of a moment serve only clocks that start at or after it: one that
starts earlier (the filing that found nothing kept, a record of the past being loaded) reads its own. Never with
the per-process cache: another worker would keep terms an edit has replaced.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.generations import Generation
from parties.models import Agreement, AgreementKind, AgreementTarget, Component, ServiceCalendar

from .clocks import calendar_as_of, target_as_of
from .models import SlaClock

_chain_terms = Generation("incidents:sla-terms", enabled=lambda: bool(settings.SLA_TERMS_CACHE_TIMEOUT))
_NOT_CACHED = object()


@dataclass(frozen=True)
class ClockTerms:
    """The agreement's version, target and calendar a clock under it takes at its start."""

    party_id: int
    agreement_id: int
    agreement_reference: str
    agreement_history_id: int | None
    response_minutes: int
    resolution_minutes: int
    calendar_snapshot: dict

    def clock(self, scope: str, priority: str, at: datetime) -> SlaClock:
        """A clock under these terms (not yet saved, without its incident)."""
        return SlaClock(scope=scope, priority=priority, started_at=at, **asdict(self))


def chain_sla_for(component: Component, at: datetime) -> Agreement | None:
    """The SLA to the business owner that covers the component on that day."""
    return (
        Agreement.objects.in_force_on(timezone.localdate(at))
        .filter(kind=AgreementKind.SLA, components=component)
        .order_by("valid_from")
        .first()
    )


def terms_as_of(party_id: int, agreement: Agreement, priority: str, at: datetime) -> ClockTerms | None:
    """The terms of a clock for the party under the agreement, as recorded at `at`; None when the agreement has
    no target for the priority."""
    target = target_as_of(agreement, priority, at)
    if target is None:
        return None
    versions = agreement.history.values_list("history_id", flat=True)
    version = versions.filter(history_date__lte=at).order_by("-history_date").first()
    return ClockTerms(
        party_id=party_id,
        agreement_id=agreement.pk,
        agreement_reference=agreement.reference,
        agreement_history_id=version or versions.order_by("history_date").first(),
        response_minutes=target.response_minutes,
        resolution_minutes=target.resolution_minutes,
        calendar_snapshot=calendar_as_of(target.calendar_id or agreement.calendar_id, at),
    )


def chain_sla_terms(component: Component, priority: str, at: datetime) -> ClockTerms | None:
    """The terms of the chain SLA clock for an incident of the component and priority starting at `at`; None
    when no SLA covers the component that day, or it has no target for the priority."""
    timeout = settings.SLA_TERMS_CACHE_TIMEOUT
    if not timeout:
        return _chain_terms_as_of(component, priority, at)
    # The generation is read before the database: a record written before is in the read below, and one written
    # after replaces the generation, so what is stored under it is never read again.
    generation = _chain_terms.current()
    read_at, terms = cache.get(_key(generation, component, priority, at), (None, _NOT_CACHED))
    if terms is not _NOT_CACHED and read_at <= at:
        return terms
    # Read as of now, so that every clock starting from now on can take them; one that starts before (the filing
    # that found nothing kept, say) reads its own.
    read_at = timezone.now()
    terms = _chain_terms_as_of(component, priority, read_at)
    cache.set(_key(generation, component, priority, read_at), (read_at, terms), timeout=timeout)
    return terms if read_at <= at else _chain_terms_as_of(component, priority, at)


def _key(generation: str, component: Component, priority: str, at: datetime) -> str:
    # v1: the shape of ClockTerms, whose pickles a deploy that changes it must not read
    return f"incidents:sla-terms:v1:{generation}:{component.pk}:{priority}:{timezone.localdate(at)}"


def _chain_terms_as_of(component: Component, priority: str, at: datetime) -> ClockTerms | None:
    sla = chain_sla_for(component, at)
    return terms_as_of(sla.provider_id, sla, priority, at) if sla is not None else None


def forget_on_write() -> None:
    """Any write to what the terms are read from makes the kept terms stale (called from IncidentsConfig.ready)."""
    _chain_terms.replace_on_write(Agreement, AgreementTarget, ServiceCalendar)
