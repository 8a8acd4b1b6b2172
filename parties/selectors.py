"""Reads for the chain's pages and API, always starting from what the user may see."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import history_entries
from parties.access import principal_for

from .models import Agreement, AgreementTarget, Component, Party, Role, RoleAssignment


def end_of_day(day: date) -> datetime:
    """The last instant of a local calendar day: "as of 3 March" means at the end of that day."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min)) - timedelta(microseconds=1)


@dataclass
class MatrixRow:
    component: Component
    operating_party: Party | None
    hosting_party: Party | None
    monitoring_party: Party | None
    agreements: list[Agreement]


def _parties_by_id(as_of: date | None) -> dict[int, Party]:
    parties = Party.history.as_of(end_of_day(as_of)) if as_of else Party.objects.all()
    return {party.pk: party for party in parties}


def responsibility_matrix(user, as_of: date | None = None) -> list[MatrixRow]:
    """Per component: who operated, hosted and monitored it, and which agreements covered it.

    With `as_of`, the components and parties are read from their history at the end of that day;
    agreements are those whose validity window includes that day.
    """
    if not principal_for(user).is_chain_member:
        return []
    day = as_of or timezone.localdate()
    components = (Component.history.as_of(end_of_day(as_of)) if as_of else Component.objects).filter(is_active=True)
    parties = _parties_by_id(as_of)
    agreements = (
        Agreement.objects.visible_to(user)
        .in_force_on(day)
        .prefetch_related("components")
        .select_related("provider", "customer")
    )
    agreements_by_component: dict[int, list[Agreement]] = {}
    for agreement in agreements:
        for component in agreement.components.all():
            agreements_by_component.setdefault(component.pk, []).append(agreement)
    return [
        MatrixRow(
            component=component,
            operating_party=parties.get(component.operating_party_id),
            hosting_party=parties.get(component.hosting_party_id),
            monitoring_party=parties.get(component.monitoring_party_id),
            agreements=agreements_by_component.get(component.pk, []),
        )
        for component in sorted(components, key=lambda component: component.name.casefold())
    ]


def role_holders(user, as_of: date | None = None) -> list[dict]:
    """Per visible party, the people holding each role on the day (default today)."""
    day = as_of or timezone.localdate()
    if as_of:
        visible_party_ids = set(RoleAssignment.objects.visible_to(user).values_list("party_id", flat=True).distinct())
        assignments = RoleAssignment.history.as_of(end_of_day(as_of)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day, party_id__in=visible_party_ids
        )
    else:
        assignments = RoleAssignment.objects.visible_to(user).active_on(day)
    assignments = list(assignments.select_related("user", "party"))
    if as_of:
        # Rows rebuilt from history lose what select_related fetched: load their people in one query.
        people = get_user_model().objects.in_bulk({assignment.user_id for assignment in assignments})
        for assignment in assignments:
            assignment.user = people[assignment.user_id]
    parties = _parties_by_id(as_of)
    table: dict[int, dict] = {}
    for assignment in assignments:
        row = table.setdefault(
            assignment.party_id,
            {"party": parties.get(assignment.party_id), "roles": {role: [] for role in Role.values}},
        )
        row["roles"][assignment.role].append(assignment.user)
    for row in table.values():
        row["roles"] = [(Role(role).label, people) for role, people in row["roles"].items()]
    return sorted(table.values(), key=lambda row: row["party"].name if row["party"] else "")


def party_chain(user) -> list[tuple[Party, int]]:
    """Visible parties in chain order: each party followed by its subcontractors, with their depth."""
    parties = list(Party.objects.visible_to(user).select_related("parent").order_by("name"))
    children: dict[int | None, list[Party]] = {}
    visible_ids = {party.pk for party in parties}
    for party in parties:
        parent = party.parent_id if party.parent_id in visible_ids else None
        children.setdefault(parent, []).append(party)
    ordered: list[tuple[Party, int]] = []

    def walk(parent_id, depth):
        for party in children.get(parent_id, []):
            ordered.append((party, depth))
            walk(party.pk, depth + 1)

    walk(None, 0)
    return ordered


def agreements_for_list(user):
    return (
        Agreement.objects.visible_to(user)
        .select_related("provider", "customer", "calendar", "underpins")
        .prefetch_related("components")
    )


def agreement_detail_queryset(user):
    return agreements_for_list(user).prefetch_related(
        Prefetch("targets", queryset=AgreementTarget.objects.select_related("calendar")),
        "underpinned_by",
    )


def party_as_of(party: Party, as_of: date | None) -> Party | None:
    """The party as recorded at the end of `as_of` (None if it did not exist then)."""
    if as_of is None:
        return party
    try:
        return party.history.as_of(end_of_day(as_of))
    except Party.DoesNotExist:
        return None


def target_history(agreement: Agreement) -> list[dict]:
    """History of the agreement's targets, newest first: how the promised times changed."""
    records = AgreementTarget.history.filter(agreement_id=agreement.pk).select_related("history_user")
    return list(records.order_by("-history_date")[:50])


def history_for(user, instance) -> list[dict]:
    """The record's history as `user` may read it. The reporter's side never learns who in the chain made a
    change (DESIGN §5): a row by anyone outside the reporter's own parties is signed "de keten"."""
    entries = history_entries(instance)
    principal = principal_for(user)
    if principal.is_chain_member:
        return entries
    own_people = set(RoleAssignment.objects.filter(party_id__in=principal.party_ids).values_list("user_id", flat=True))
    for entry in entries:
        if entry["record"].history_user_id not in own_people:
            entry["who"] = _("de keten")
    return entries
