"""The breach evidence pack of a hand-built incident (DESIGN §4 "Incident SLA").

P2 on the HSM (office hours Mon–Fri 08:00–17:00, Europe/Amsterdam), March 2026:

- Mon 2 Mar 09:00 the GGD files it: the chain SLA (SLA-VWS-CIBG, P2: 60 / 960 min) starts.
- Mon 09:30 CIBG assigns it to JustID: UC-CIBG-JUSTID (P2: 45 / 720 min) starts.
- Mon 09:50 JustID takes it in hand: SLA response 50 min, JustID response 20 min, both met.
- Mon 11:00–14:00 on hold, waiting for KPN: 180 business minutes.
- Tue 3 Mar 09:00 CIBG reassigns it to KPN: JustID's clock stops, UC-CIBG-KPN (P2: 45 / 720) starts.
- Tue 09:30 KPN takes it in hand (response 30 min).
- Wed 4 Mar 12:00 KPN resolves it.

SLA resolution: Mon 8 h + Tue 9 h + Wed 4 h = 1260 min, minus 180 on hold = 1080 > 960: breached;
due = 09:00 Mon + (960 + 180) min = Wed 10:00. JustID: Mon 09:30–17:00 (450) + Tue 08:00–09:00 (60)
= 510 − 180 = 330 of 720, stopped; due Mon 09:30 + 900 min = Tue 15:30. KPN: Tue 09:00–17:00 (480)
+ Wed 08:00–12:00 (240) = 720 of 720: met exactly; due Wed 12:00; the hold was before its start.
"""

import json

import pytest
from django.urls import reverse

from incidents import services
from incidents.models import BreachState
from parties import services as party_services
from parties.models import Agreement, Component, Party
from tests.timetravel import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def breached(demo_user, at):
    with at(2026, 3, 2, 9, 0):
        incident = services.incident_file(
            actor=demo_user("ggd"),
            title="Certificaatfout bij inloggen GGD-portaal",
            component=Component.objects.get(slug="hsm"),
            impact="high",
            urgency="medium",
        )
    with at(2026, 3, 2, 9, 30):
        services.incident_assign(
            actor=demo_user("cibg"),
            incident=incident,
            party=Party.objects.get(slug="justid"),
            reason="HSM ligt bij JustID",
        )
    with at(2026, 3, 2, 9, 50):
        services.incident_acknowledge(actor=demo_user("justid"), incident=incident)
    with at(2026, 3, 2, 11, 0):
        services.incident_hold(
            actor=demo_user("justid"),
            incident=incident,
            waiting_for="party",
            waiting_for_party=Party.objects.get(slug="kpn"),
            reason="Wacht op logbestanden van de HSM-hosting",
        )
    with at(2026, 3, 2, 14, 0):
        services.incident_resume(actor=demo_user("justid"), incident=incident, reason="Logbestanden ontvangen")
    with at(2026, 3, 3, 8, 30):
        # An edit after the clocks started: the pack must show the version the clocks used.
        sla = Agreement.objects.get(reference="SLA-VWS-CIBG")
        party_services.agreement_save(
            actor=demo_user("beheerder"),
            reason="Titel aangepast",
            agreement=sla,
            components=list(sla.components.all()),
            title="Dienstverlening CoronaMelder (herzien)",
        )
    with at(2026, 3, 3, 9, 0):
        services.incident_assign(
            actor=demo_user("cibg"),
            incident=incident,
            party=Party.objects.get(slug="kpn"),
            reason="Oorzaak ligt in de hosting",
        )
    with at(2026, 3, 3, 9, 30):
        services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
    with at(2026, 3, 4, 12, 0):
        services.incident_resolve(
            actor=demo_user("kpn"), incident=incident, resolution_code="fixed", resolution="HSM-sessie hersteld"
        )
    incident.refresh_from_db()
    assert incident.breach_state == BreachState.BREACHED
    return incident


def evidence_url(incident, **query):
    url = reverse("incidents:incident_evidence", kwargs={"reference": incident.reference})
    return url + ("?format=json" if query.get("json") else "")


def download(client, incident) -> dict:
    response = client.get(evidence_url(incident, json=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="bewijsdossier-{incident.reference}.json"'
    return json.loads(response.content)


def iso(*args) -> str:
    return local(*args).isoformat()


def test_the_pack_holds_every_clock_with_its_version_calendar_and_readings(client, demo_user, breached):
    client.force_login(demo_user("cibg"))
    pack = download(client, breached)

    assert pack["incident"]["reference"] == breached.reference
    assert pack["incident"]["priority"] == "P2"
    assert pack["incident"]["breach_state"] == "breached"
    clocks = {clock["label"]: clock for clock in pack["clocks"]}
    assert list(clocks) == [
        "SLA-VWS-CIBG (CIBG)",
        "UC-CIBG-JUSTID (JustID)",
        "UC-CIBG-KPN (KPN)",
    ]
    sla = clocks["SLA-VWS-CIBG (CIBG)"]
    assert sla["targets"] == {"response_minutes": 60, "resolution_minutes": 960}
    version = sla["agreement_version"]
    assert version["history_date"] == iso(2020, 10, 1, 9, 0)
    assert version["fields"]["title"] == "Dienstverlening CoronaMelder"
    assert (version["fields"]["provider"], version["fields"]["customer"]) == ("CIBG", "Ministerie van VWS")
    assert "HSM-implementatie en certificaten" in version["fields"]["components"]
    assert sla["calendar"]["name"] == "Kantooruren NL"
    assert sla["calendar"]["time_zone"] == "Europe/Amsterdam"
    assert sla["calendar"]["always_open"] is False
    assert sla["calendar"]["public_holidays"] == "NL"
    assert sla["calendar"]["opening_hours"][0] == {"day": "maandag", "hours": "08:00–17:00"}
    assert sla["calendar"]["opening_hours"][6] == {"day": "zondag", "hours": "gesloten"}

    def reading(clock, target):
        (row,) = [row for row in clock["readings"] if row["target"] == target]
        fields = ("target_minutes", "due", "elapsed_minutes", "paused_minutes", "percent", "state")
        return tuple(row[field] for field in fields)

    assert reading(sla, "response") == (60, iso(2026, 3, 2, 10, 0), 50, 0, 83, "met")
    assert reading(sla, "resolution") == (960, iso(2026, 3, 4, 10, 0), 1080, 180, 112, "breached")
    justid = clocks["UC-CIBG-JUSTID (JustID)"]
    assert justid["stop_reason"] == "transferred"
    assert justid["stopped_at"] == iso(2026, 3, 3, 9, 0)
    assert reading(justid, "response") == (45, iso(2026, 3, 2, 10, 15), 20, 0, 44, "met")
    assert reading(justid, "resolution") == (720, iso(2026, 3, 3, 15, 30), 330, 180, 45, "stopped")
    kpn = clocks["UC-CIBG-KPN (KPN)"]
    assert reading(kpn, "response") == (45, iso(2026, 3, 3, 9, 45), 30, 0, 66, "met")
    assert reading(kpn, "resolution") == (720, iso(2026, 3, 4, 12, 0), 720, 0, 100, "met")
    # Each threshold dated when it was crossed (holds excluded), though recorded only at the resolution.
    assert [(event["kind"], event["target"], event["raised_at"]) for event in sla["events"]] == [
        ("warning", "response", iso(2026, 3, 2, 9, 45)),  # met at 50 of 60 minutes
        ("warning", "resolution", iso(2026, 3, 3, 15, 0)),
        ("breach", "resolution", iso(2026, 3, 4, 10, 0)),
    ]
    assert justid["events"] == []
    assert [(event["kind"], event["target"], event["raised_at"]) for event in kpn["events"]] == [
        ("warning", "resolution", iso(2026, 3, 4, 9, 0)),  # met at 720 of 720 minutes
    ]


def test_the_pack_lists_the_hold_per_clock_and_the_reassignments(client, demo_user, breached):
    client.force_login(demo_user("po"))
    pack = download(client, breached)

    (hold,) = pack["holds"]
    assert (hold["waiting_for"], hold["waiting_for_label"]) == ("party", "KPN")
    assert hold["reason"] == "Wacht op logbestanden van de HSM-hosting"
    assert (hold["started_at"], hold["ended_at"]) == (iso(2026, 3, 2, 11, 0), iso(2026, 3, 2, 14, 0))
    assert hold["paused_per_clock"] == [
        {"clock": "SLA-VWS-CIBG (CIBG)", "minutes": 180, "working_day_minutes": 540},
        {"clock": "UC-CIBG-JUSTID (JustID)", "minutes": 180, "working_day_minutes": 540},
        {"clock": "UC-CIBG-KPN (KPN)", "minutes": 0, "working_day_minutes": 540},
    ]
    assert [(row["party"], row["from"], row["to"], row["by"], row["reason"]) for row in pack["reassignments"]] == [
        ("JustID", iso(2026, 3, 2, 9, 30), iso(2026, 3, 3, 9, 0), "Chantal Bakker", "HSM ligt bij JustID"),
        ("KPN", iso(2026, 3, 3, 9, 0), None, "Chantal Bakker", "Oorzaak ligt in de hosting"),
    ]
    kinds = [(entry["kind"], entry["at"]) for entry in pack["timeline"]]
    assert ("assignment", iso(2026, 3, 3, 9, 0)) in kinds
    assert ("hold", iso(2026, 3, 2, 11, 0)) in kinds
    assert kinds == sorted(kinds, key=lambda kind_at: kind_at[1])


def test_the_printable_page_renders_the_same_numbers(client, demo_user, breached):
    client.force_login(demo_user("cibg"))
    page = client.get(evidence_url(breached)).content.decode()
    assert "css/print.css" in page
    assert "Dienstverlening CoronaMelder" in page
    assert "(herzien)" not in page
    for fragment in (
        "<td>2 werkdagen</td>",  # SLA resolution elapsed: 1080 business minutes of 9-hour days
        "<td>5 u 30 min</td>",  # JustID resolution elapsed: 330 business minutes
        "4 maart 2026 10:00",  # SLA resolution due
        "3 maart 2026 15:30",  # JustID resolution due
        "UC-CIBG-JUSTID (JustID): 3 u",
        "Wacht op logbestanden van de HSM-hosting",
        "Oorzaak ligt in de hosting",
    ):
        assert fragment in page


def test_the_incident_page_links_the_pack_for_the_chain_only(client, demo_user, breached):
    detail = reverse("incidents:incident_detail", kwargs={"reference": breached.reference})
    client.force_login(demo_user("kpn"))
    assert evidence_url(breached) in client.get(detail).content.decode()
    client.force_login(demo_user("ggd"))
    assert evidence_url(breached) not in client.get(detail).content.decode()


@pytest.mark.parametrize("username", ["ggd", "dictu"])
def test_the_reporter_and_an_operator_outside_the_chain_get_404(client, demo_user, breached, username):
    client.force_login(demo_user(username))
    assert client.get(evidence_url(breached)).status_code == 404
    assert client.get(evidence_url(breached, json=True)).status_code == 404


def test_an_incident_without_a_breach_has_no_pack(client, demo_user, at):
    with at(2026, 3, 2, 9, 0):
        incident = services.incident_file(
            actor=demo_user("ggd"),
            title="Traag portaal",
            component=Component.objects.get(slug="ggd-portaal"),
            impact="low",
            urgency="low",
        )
    client.force_login(demo_user("cibg"))
    assert client.get(evidence_url(incident)).status_code == 404
