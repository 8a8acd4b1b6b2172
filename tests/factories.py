"""Factories with explicit values; tests name what matters to them."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

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
