"""A small chain for change tests, built from factories with explicit values.

CIBG (regie) ← KPN and DICTU (operators); a website party outside CIBG's chain; VWS (business
owner) and a GGD (user organisation). One person per role that matters to changes.
"""

from dataclasses import dataclass

import pytest
from django.db import connection

from changes import services
from parties.models import Component, Party, PartyKind, Role
from tests.factories import (
    ANSWERS,
    WINDOW_START,
    ChangeFactory,
    ComponentFactory,
    PartyFactory,
    RoleAssignmentFactory,
    UserFactory,
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (row locks, concurrent connections)"))


@dataclass
class Chain:
    cibg: Party
    kpn: Party
    dictu: Party
    website_party: Party
    vws: Party
    ggd_party: Party
    infrastructure: Component
    app: Component
    website: Component
    users: dict

    def __getattr__(self, name):
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
def chain(db):
    cibg = PartyFactory(name="CIBG", slug="cibg", kind=PartyKind.REGIE)
    kpn = PartyFactory(name="KPN", slug="kpn", parent=cibg)
    dictu = PartyFactory(name="DICTU", slug="dictu", parent=cibg)
    website_party = PartyFactory(name="Websitepartij", slug="websitepartij")
    vws = PartyFactory(name="VWS", slug="vws", kind=PartyKind.BUSINESS_OWNER)
    ggd_party = PartyFactory(name="GGD GHOR", slug="ggd-ghor", kind=PartyKind.USER_ORGANISATION)
    people = {
        "po": (cibg, Role.PRODUCT_OWNER),
        "architect": (cibg, Role.SYSTEM_ARCHITECT),
        "cibg_operator": (cibg, Role.OPERATOR),
        "kpn_operator": (kpn, Role.OPERATOR),
        "dictu_operator": (dictu, Role.OPERATOR),
        "website_operator": (website_party, Role.OPERATOR),
        "opdrachtgever": (vws, Role.BUSINESS_OWNER),
        "viewer": (vws, Role.VIEWER),
        "ggd": (ggd_party, Role.REPORTER),
    }
    users = {}
    for username, (party, role) in people.items():
        users[username] = UserFactory(username=username, first_name=username.title(), last_name="Test")
        RoleAssignmentFactory(user=users[username], party=party, role=role)
    return Chain(
        cibg=cibg,
        kpn=kpn,
        dictu=dictu,
        website_party=website_party,
        vws=vws,
        ggd_party=ggd_party,
        infrastructure=ComponentFactory(
            name="Infrastructuur", slug="infra", public_name="Servers", operating_party=kpn, hosting_party=kpn
        ),
        app=ComponentFactory(name="iOS-app", slug="ios-app", public_name="App op iPhone", operating_party=dictu),
        website=ComponentFactory(name="Website", slug="website", public_name="Website", operating_party=website_party),
        users=users,
    )


@pytest.fixture
def make_change(chain):
    """`make_change(requester, components, ...)`: a change submitted through the service (ChangeFactory)."""

    def make(requester=None, components=None, *, start=WINDOW_START, **fields):
        return ChangeFactory(
            actor=requester or chain.kpn_operator,
            components=components or [chain.infrastructure],
            proposed_start=start,
            **fields,
        )

    return make


@pytest.fixture
def to_approval(chain):
    """`to_approval(change, "medium")`: assessed by the architect and sent to the approvers."""

    def move(change, level="low"):
        change = services.change_assess(actor=chain.architect, change=change, version=change.version, **ANSWERS[level])
        assert change.risk == level
        return services.change_request_approval(actor=chain.po, change=change, version=change.version)

    return move


@pytest.fixture
def standard_template(chain):
    return services.template_save(
        actor=chain.po,
        reason="Vooraf goedgekeurd door de CAB",
        title="Certificaat vernieuwen",
        description="Jaarlijkse vernieuwing",
        implementation_plan="Nieuw certificaat plaatsen",
        rollback_plan="Oud certificaat terugzetten",
        components=[chain.infrastructure],
    )
