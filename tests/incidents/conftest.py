import pytest

from incidents import services
from parties.models import Component, Party
from tests.factories import IncidentFactory


@pytest.fixture
def component(demo_chain):
    return lambda slug: Component.objects.get(slug=slug)


@pytest.fixture
def party(demo_chain):
    return lambda slug: Party.objects.get(slug=slug)


@pytest.fixture
def file_incident(demo_user, component):
    """`file_incident(by="ggd", component_slug="hsm", ...)`: an incident filed through the service."""

    def file(by="ggd", component_slug="hsm", *, title="Certificaatfout bij inloggen", **fields):
        return IncidentFactory(actor=demo_user(by), title=title, component=component(component_slug), **fields)

    return file


@pytest.fixture
def route(demo_user, party):
    """`route(incident, "kpn")`: the regie party (cibg) assigns the incident to a party."""

    def assign(incident, slug, *, by="cibg", reason=None):
        return services.incident_assign(
            actor=demo_user(by), incident=incident, party=party(slug), reason=reason or f"Naar {slug}"
        )

    return assign
