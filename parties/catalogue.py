"""The service catalogue: services, their components and what depends on what.

A dependency "A depends on B" means a disruption of B reaches A. What a disruption of (or a change on) a
component reaches is therefore everything that depends on it, directly or through others: its dependents.
The dependency graph is small (dozens of components), so it is read in one query and walked in Python.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from .models import Component, ComponentDependency, Service


class DependencyGraph:
    """Every dependency, read in one query, walked either way."""

    def __init__(self):
        self.dependents: dict[int, set[int]] = {}
        self.dependencies: dict[int, set[int]] = {}
        for component_id, depends_on_id in ComponentDependency.objects.values_list("component_id", "depends_on_id"):
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


def dependent_ids(component_ids: Iterable[int]) -> set[int]:
    return DependencyGraph().dependents_of(component_ids)


@dataclass
class Impact:
    """What a disruption of a component reaches: the components depending on it and the services affected."""

    dependents: list[Component] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)


def impact_of(user, component: Component) -> Impact:
    """The dependents of `component` and the services of it and its dependents, as far as `user` sees them."""
    reached = dependent_ids([component.pk])
    dependents = list(
        Component.objects.visible_to(user).filter(pk__in=reached).select_related("service").order_by("name")
    )
    service_ids = {c.service_id for c in dependents} | {component.service_id}
    services = list(Service.objects.visible_to(user).filter(pk__in=service_ids).select_related("owner"))
    return Impact(dependents=dependents, services=services)


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
