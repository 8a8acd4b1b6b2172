"""The chain's incident list keeps its rows in the shared cache: a row never shows what no longer holds."""

import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from incidents import services
from parties import services as party_services
from parties.models import Party
from tests.timetravel import local

LIST_URL = reverse("incidents:incident_list")


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=True):
        yield


@pytest.fixture
def chain_reader(client, demo_user):
    client.force_login(demo_user("cibg"))
    return client


def row_of(client, incident, **query) -> str:
    page = client.get(LIST_URL, {"scope": "all", **query}).content.decode()
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page, flags=re.S)
    return next(row for row in rows if f">{incident.reference}</a>" in row)


def test_a_row_shows_the_incident_as_it_is_now(chain_reader, demo_user, file_incident, route):
    incident = file_incident(title="Inloggen lukt niet")
    assert '<span class="status status--new">' in row_of(chain_reader, incident)
    assert row_of(chain_reader, incident) == row_of(chain_reader, incident)  # the second one from the cache

    incident = route(incident, "kpn")
    row = row_of(chain_reader, incident)
    assert '<span class="status status--assigned">' in row
    assert f"<td>{incident.assigned_party.name}</td>" in row
    assert '<time datetime="' in row

    services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
    assert '<span class="status status--in_progress">' in row_of(chain_reader, incident)


def test_a_renamed_party_is_named_anew_in_every_row(chain_reader, demo_user, file_incident, route):
    incident = route(file_incident(), "kpn")
    kpn = Party.objects.get(slug="kpn")
    old_name = kpn.name
    assert f"<td>{old_name}</td>" in row_of(chain_reader, incident)

    party_services.party_save(actor=demo_user("beheerder"), reason="Nieuwe naam", party=kpn, name="KPN Hosting")

    row = row_of(chain_reader, incident)
    assert "<td>KPN Hosting</td>" in row
    assert f"<td>{old_name}</td>" not in row


def test_each_reader_gets_the_row_in_their_language(chain_reader, file_incident):
    incident = file_incident()
    dutch = row_of(chain_reader, incident)
    chain_reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = row_of(chain_reader, incident)

    assert ">Nieuw</span>" in dutch
    assert ">New</span>" in english
    assert " mrt 2026 " in dutch
    assert " mar 2026 " in english
    assert ">New</span>" not in dutch
