import pytest

from incidents import services
from parties.models import Component, Party
from tests.factories import IncidentFactory


@pytest.fixture
def file_incident(demo_user):
    def file(by="ggd", *, title="Certificaatfout bij inloggen", **fields):
        component = Component.objects.get(slug="hsm")
        return IncidentFactory(actor=demo_user(by), title=title, component=component, **fields)

    return file


@pytest.fixture
def route(demo_user):
    def assign(incident, slug, *, by="cibg"):
        party = Party.objects.get(slug=slug)
        return services.incident_assign(actor=demo_user(by), incident=incident, party=party, reason=f"Naar {slug}")

    return assign


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    """`with mails() as sent:` — run the block, its on-commit deliveries, and give the mails sent in it."""
    from contextlib import contextmanager

    @contextmanager
    def capture():
        before = len(mailoutbox)
        sent = []
        with django_capture_on_commit_callbacks(execute=True):
            yield sent
        sent.extend(mailoutbox[before:])

    return capture
