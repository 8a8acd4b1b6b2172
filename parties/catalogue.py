"""The service catalogue: services, their components and what depends on what.

A dependency "A depends on B" means a disruption of B reaches A. What a disruption of (or a change on) a
component reaches is therefore everything that depends on it, directly or through others: its dependents.
The catalogue is small (dozens of components), so it is read whole, kept in the cache and walked in Python.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Prefetch

from .access import principal_for
from .models import Component, ComponentDependency, Service

CACHE_KEY = "catalogue:snapshot"


@dataclass(frozen=True)
class Entry:
    """A component or service as the pages name it: enough to link it, read from the cached snapshot."""

    pk: int
    slug: str
    name: str
    service_id: int | None = None  # components
    owner: str = ""  # services: the owner party's name


@dataclass
class Snapshot:
    components: dict[int, Entry]
    services: dict[int, Entry]
    pairs: list[tuple[int, int]]  # (component, depends on)


def snapshot() -> Snapshot:
    """Every service, component and dependency in three small queries, kept in the cache: pages that show
    what a disruption reaches (incident, change, triage board) then read no database for it. Every save or
    delete of a service, component, dependency or party drops it (parties.signals), at once and again on
    commit; with per-process memory another worker may read it stale for at most CATALOGUE_CACHE_TIMEOUT
    seconds (default 300)."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    found = Snapshot(
        components={
            pk: Entry(pk, slug, name, service_id)
            for pk, slug, name, service_id in Component.objects.order_by().values_list("pk", "slug", "name", "service")
        },
        services={
            pk: Entry(pk, slug, name, owner=owner)
            for pk, slug, name, owner in Service.objects.order_by().values_list("pk", "slug", "name", "owner__name")
        },
        pairs=list(ComponentDependency.objects.order_by().values_list("component_id", "depends_on_id")),
    )
    cache.set(CACHE_KEY, found, timeout=settings.CATALOGUE_CACHE_TIMEOUT)
    return found


def forget_snapshot() -> None:
    cache.delete(CACHE_KEY)


class DependencyGraph:
    """Every dependency, walked either way."""

    def __init__(self, pairs: Iterable[tuple[int, int]] | None = None):
        self.dependents: dict[int, set[int]] = {}
        self.dependencies: dict[int, set[int]] = {}
        for component_id, depends_on_id in snapshot().pairs if pairs is None else pairs:
            self.dependents.setdefault(depends_on_id, set()).add(component_id)
            self.dependencies.setdefault(component_id, set()).add(depends_on_id)

    @staticmethod
    def _walk(index: dict[int, set[int]], start: set[int]) -> set[int]:
        found: set[int] = set()
        todo = list(start)
        while todo:
            for other in index.get(todo.pop(), ()):
                if other not in found:
                    found.add(other)
                    todo.append(other)
        return found - start

    def dependents_of(self, component_ids: Iterable[int]) -> set[int]:
        """What depends on any of these, directly or indirectly (these themselves left out)."""
        return self._walk(self.dependents, set(component_ids))

    def related_to(self, component_ids: Iterable[int]) -> set[int]:
        """These components, what depends on them and what they depend on (directly or indirectly): work on
        any of these meets work on one of them."""
        start = set(component_ids)
        return start | self._walk(self.dependents, start) | self._walk(self.dependencies, start)


@dataclass
class Impact:
    """What a disruption of a component reaches: the components depending on it and the services affected."""

    dependents: list[Entry] = field(default_factory=list)
    services: list[Entry] = field(default_factory=list)


def impact_of(user, component: Component) -> Impact:
    """The dependents of `component` (directly or indirectly) and the services of it and its dependents, as
    far as `user` sees them; read from the snapshot, so without a query when it is cached."""
    catalogue = snapshot()
    dependents = component_entries(user, DependencyGraph(catalogue.pairs).dependents_of([component.pk]))
    service_ids = {entry.service_id for entry in dependents} | {component.service_id}
    services = sorted(
        (catalogue.services[pk] for pk in service_ids if pk in catalogue.services and _sees_service(user, pk)),
        key=lambda entry: entry.name,
    )
    return Impact(dependents=dependents, services=services)


def _sees_service(user, service_id: int | None) -> bool:
    """As Component/Service `visible_to`: the chain sees all, a service owner its own services' components."""
    principal = principal_for(user)
    return principal.is_chain_member or service_id in principal.owned_service_ids


def service_entries(user) -> list[Entry]:
    """The services the user sees, by name, from the snapshot (a service owner: its own)."""
    services = snapshot().services.values()
    return sorted((entry for entry in services if _sees_service(user, entry.pk)), key=lambda entry: entry.name)


def component_entries(user, component_ids: Iterable[int]) -> list[Entry]:
    """These components as the user may see them, by name, from the snapshot."""
    components = snapshot().components
    found = [components[pk] for pk in component_ids if pk in components]
    return sorted((entry for entry in found if _sees_service(user, entry.service_id)), key=lambda entry: entry.name)


def services_for_list(user):
    return (
        Service.objects.visible_to(user)
        .select_related("owner")
        .annotate(component_count=Count("components"))
        .order_by("name")
    )


def service_components(user, service: Service) -> list[Component]:
    """The service's components, each with what it depends on and what depends on it (visible to the user)."""
    visible = Component.objects.visible_to(user)
    edges = ComponentDependency.objects.select_related("component__service", "depends_on__service")
    return list(
        visible.filter(service=service)
        .select_related("operating_party")
        .prefetch_related(
            Prefetch("dependencies", queryset=edges.filter(depends_on__in=visible), to_attr="needs"),
            Prefetch("dependents", queryset=edges.filter(component__in=visible), to_attr="needed_by"),
        )
        .order_by("name")
    )


def component_dependencies(user, component: Component) -> tuple[list, list]:
    """(what `component` depends on, what depends on it), directly, each as a dependency record."""
    visible = Component.objects.visible_to(user)
    edges = ComponentDependency.objects.select_related("component__service", "depends_on__service")
    needs = list(edges.filter(component=component, depends_on__in=visible).order_by("depends_on__name"))
    needed_by = list(edges.filter(depends_on=component, component__in=visible).order_by("component__name"))
    return needs, needed_by
