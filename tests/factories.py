"""Factories with explicit values; tests name what matters to them.

Parties, components, agreements and people are rows and are written as such. Incidents and changes
are not: their references, SLA clocks, history rows and audit seals come from the services, so
IncidentFactory and ChangeFactory call those (as the portal does) with defaults that fit the demo
chain (tests/conftest.py `demo_chain`): the GGD reports on the HSM component, KPN requests a change
to the backend infrastructure. Pass `actor` and `component(s)` to use them on another chain.
"""

from datetime import UTC, date, datetime, timedelta

import factory
from django.contrib.auth import get_user_model

from changes import services as change_services
from changes.models import ChangeRequest, ChangeType, CitizenImpact
from incidents import services as incident_services
from incidents.models import Incident
from parties.models import (
    Agreement,
    AgreementKind,
    AgreementTarget,
    Component,
    Party,
    PartyKind,
    Priority,
    Role,
    RoleAssignment,
    ServiceCalendar,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.django.Password("secret-password")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Partij {n}")
    slug = factory.Sequence(lambda n: f"partij-{n}")
    kind = PartyKind.OPERATOR


class ServiceCalendarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCalendar

    name = factory.Sequence(lambda n: f"Kalender {n}")
    time_zone = "Europe/Amsterdam"
    weekly_hours = [[["08:00", "17:00"]]] * 5 + [[], []]
    public_holidays = "NL"


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    name = factory.Sequence(lambda n: f"Component {n}")
    slug = factory.Sequence(lambda n: f"component-{n}")
    public_name = factory.LazyAttribute(lambda component: component.name)
    operating_party = factory.SubFactory(PartyFactory)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    party = factory.SubFactory(PartyFactory)
    role = Role.OPERATOR
    valid_from = date(2020, 1, 1)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"UC-{n}")
    title = "Onderliggend contract"
    kind = AgreementKind.UC
    provider = factory.SubFactory(PartyFactory)
    customer = factory.SubFactory(PartyFactory, kind=PartyKind.REGIE)
    calendar = factory.SubFactory(ServiceCalendarFactory)
    valid_from = date(2024, 1, 1)

    @factory.post_generation
    def components(self, create, extracted, **kwargs):
        if create and extracted:
            self.components.set(extracted)


class AgreementTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementTarget

    agreement = factory.SubFactory(AgreementFactory)
    priority = Priority.P2
    response_minutes = 60
    resolution_minutes = 480


def _user(user_or_username):
    if isinstance(user_or_username, str):
        return get_user_model().objects.get(username=user_or_username)
    return user_or_username


def _party_of(user) -> Party:
    return user.role_assignments.order_by("pk").first().party


class IncidentFactory(factory.Factory):
    """An incident filed through the service by `actor` (a user or a username). `assigned_to=<party slug
    or Party>` routes it (by the regie operator `cibg`, or `routed_by`); `acknowledged=True` then has the
    party's operator take it on (`acknowledged_by`, default: the demo user named after the party's slug)."""

    class Meta:
        model = Incident

    actor = factory.LazyFunction(lambda: _user("ggd"))
    title = factory.Sequence(lambda n: f"Certificaatfout bij inloggen {n}")
    component = factory.LazyFunction(lambda: Component.objects.get(slug="hsm"))
    impact = "medium"
    urgency = "medium"
    description = ""
    assigned_to = None
    routed_by = "cibg"
    acknowledged = False
    acknowledged_by = None

    @classmethod
    def _create(
        cls, model_class, *, actor, assigned_to, routed_by, acknowledged, acknowledged_by, **fields
    ) -> Incident:
        incident = incident_services.incident_file(actor=_user(actor), **fields)
        if assigned_to is not None:
            party = assigned_to if isinstance(assigned_to, Party) else Party.objects.get(slug=assigned_to)
            incident = incident_services.incident_assign(
                actor=_user(routed_by), incident=incident, party=party, reason=f"Naar {party.slug}"
            )
            if acknowledged:
                operator = _user(acknowledged_by or party.slug)
                incident = incident_services.incident_acknowledge(actor=operator, incident=incident)
        return incident


WINDOW_START = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)


class ChangeFactory(factory.Factory):
    """A normal change requested through the service by `actor` for its own party, submitted unless
    `submit=False`; the window is `proposed_start` plus `hours` (or `proposed_end`)."""

    class Meta:
        model = ChangeRequest

    actor = factory.LazyFunction(lambda: _user("kpn"))
    requesting_party = factory.LazyAttribute(lambda change: _party_of(change.actor))
    components = factory.LazyFunction(lambda: [Component.objects.get(slug="infrastructuur")])
    submit = True
    change_type = ChangeType.NORMAL
    title = "Patch van de servers"
    motivation = "Beveiligingsupdate"
    implementation_plan = "Rolling update per node"
    rollback_plan = "Vorige image terugzetten"
    test_evidence = "Getest op acceptatie"
    proposed_start = WINDOW_START
    hours = 2
    proposed_end = factory.LazyAttribute(lambda change: change.proposed_start + timedelta(hours=change.hours))

    @classmethod
    def _create(cls, model_class, *, hours, **fields) -> ChangeRequest:
        return change_services.change_create(**fields)


# The architect's assessment answers that give each risk level (DESIGN §4).
ANSWERS = {
    "low": {
        "citizen_impact": CitizenImpact.NONE,
        "rollback_tested": True,
        "done_before": True,
        "downtime_expected": False,
        "security_sensitive": False,
    },
    "medium": {
        "citizen_impact": CitizenImpact.LIMITED,
        "rollback_tested": True,
        "done_before": False,
        "downtime_expected": False,
        "security_sensitive": False,
    },
    "high": {
        "citizen_impact": CitizenImpact.MAJOR,
        "rollback_tested": False,
        "done_before": True,
        "downtime_expected": True,
        "security_sensitive": False,
    },
}


def sent_for_approval(change: ChangeRequest, level: str = "low") -> ChangeRequest:
    """Assessed by the System Architect at `level` risk and sent to the approvers by the Product Owner."""
    change = change_services.change_assess(
        actor=_user("architect"), change=change, version=change.version, **ANSWERS[level]
    )
    return change_services.change_request_approval(actor=_user("po"), change=change, version=change.version)


# The demo users who approve for each role (governance/management/commands/seed_demo.py).
DEMO_APPROVERS = {Role.PRODUCT_OWNER: "po", Role.SYSTEM_ARCHITECT: "architect", Role.BUSINESS_OWNER: "opdrachtgever"}


def scheduled(change: ChangeRequest, level: str = "low") -> ChangeRequest:
    """Sent for approval at `level` risk, approved by every role it needs, and planned in its proposed window."""
    change = sent_for_approval(change, level)
    for role in change.required_roles:
        change = change_services.change_approve(
            actor=_user(DEMO_APPROVERS[role]), change=change, version=change.version
        )
    return change_services.change_schedule(actor=_user("po"), change=change, version=change.version)
