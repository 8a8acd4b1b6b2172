"""Every write to the chain's records: one function per use case, transactional, with a reason."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from core.history import save_tracked

from .models import (
    Agreement,
    AgreementTarget,
    Component,
    ComponentDependency,
    Party,
    RoleAssignment,
    Service,
    ServiceCalendar,
)


@transaction.atomic
def party_save(*, actor, reason: str, party: Party | None = None, **fields) -> Party:
    """Create a party, or change the given one."""
    party = party or Party()
    for name, value in fields.items():
        setattr(party, name, value)
    save_tracked(party, actor=actor, reason=reason)
    return party


@transaction.atomic
def service_save(*, actor, reason: str, service: Service | None = None, **fields) -> Service:
    """Create a service, or change the given one (its owner among other things)."""
    service = service or Service()
    for name, value in fields.items():
        setattr(service, name, value)
    save_tracked(service, actor=actor, reason=reason)
    return service


@transaction.atomic
def dependency_add(*, actor, reason: str, component: Component, depends_on: Component, description: str = ""):
    """Record that `component` depends on `depends_on`; refused for itself or when it would close a cycle.

    Every component row is locked first (there are dozens), so two additions at once cannot close a cycle
    between them: the second sees the first."""
    list(Component.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    dependency = ComponentDependency(component=component, depends_on=depends_on, description=description)
    save_tracked(dependency, actor=actor, reason=reason)
    return dependency


@transaction.atomic
def component_save(*, actor, reason: str, component: Component | None = None, **fields) -> Component:
    component = component or Component()
    for name, value in fields.items():
        setattr(component, name, value)
    save_tracked(component, actor=actor, reason=reason)
    return component


@transaction.atomic
def calendar_save(*, actor, reason: str, calendar: ServiceCalendar | None = None, **fields) -> ServiceCalendar:
    calendar = calendar or ServiceCalendar()
    for name, value in fields.items():
        setattr(calendar, name, value)
    save_tracked(calendar, actor=actor, reason=reason)
    return calendar


@transaction.atomic
def role_assign(*, actor, reason: str, user, party: Party, role: str, valid_from: date, valid_to: date | None = None):
    assignment = RoleAssignment(user=user, party=party, role=role, valid_from=valid_from, valid_to=valid_to)
    save_tracked(assignment, actor=actor, reason=reason)
    return assignment


@transaction.atomic
def role_end(*, actor, reason: str, assignment: RoleAssignment, valid_to: date) -> RoleAssignment:
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    assignment.valid_to = valid_to
    save_tracked(assignment, actor=actor, reason=reason)
    return assignment


@transaction.atomic
def agreement_save(
    *,
    actor,
    reason: str,
    components: Iterable[Component],
    targets: Iterable[dict] = (),
    agreement: Agreement | None = None,
    **fields,
) -> Agreement:
    """Create or change an agreement with the components it covers and its per-priority targets.

    `targets` are dicts of AgreementTarget fields keyed by priority; a priority left out is kept.
    """
    agreement = agreement or Agreement()
    for name, value in fields.items():
        setattr(agreement, name, value)
    components = list(components)
    agreement.full_clean()
    agreement.validate_coverage(components)
    save_tracked(agreement, actor=actor, reason=reason, validate=False, m2m={"components": components})
    for target_fields in targets:
        target = AgreementTarget.objects.filter(agreement=agreement, priority=target_fields["priority"]).first()
        target = target or AgreementTarget(agreement=agreement)
        for name, value in target_fields.items():
            setattr(target, name, value)
        save_tracked(target, actor=actor, reason=reason)
    return agreement
