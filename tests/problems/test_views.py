"""Problem pages, the known-error panel on the incident page, and the proposals page, as users see them."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from problems import services
from problems.models import ProblemStatus, ProposalStatus
from tests.factories import IncidentFactory

from .helpers import recurring_incidents, scheduled_change, user

pytestmark = pytest.mark.usefixtures("demo_chain")
WEEK = date(2026, 3, 2)


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


@pytest.fixture
def proposal(at):
    recurring_incidents(at, WEEK)
    with at(2026, 3, 9, 6, 30):
        return services.recurrences_propose()[0]


@pytest.fixture
def known_error(proposal):
    architect = user("architect")
    problem = services.proposal_accept(actor=architect, proposal=proposal, version=proposal.version).problem
    return services.problem_record_analysis(
        actor=architect,
        problem=problem,
        version=problem.version,
        root_cause="Tussencertificaat ontbreekt",
        workaround="Herlaad de certificaatketen op de loadbalancer",
    )


def test_the_architect_accepts_a_proposal_on_its_page(proposal):
    architect = client_for("architect")
    page = architect.get(reverse("problems:proposal_detail", args=[proposal.pk]))
    assert "Aannemen als probleem" in page.content.decode()

    response = architect.post(
        reverse("problems:proposal_action", args=[proposal.pk, "accept"]),
        {"version": proposal.version, "title": "Certificaatfouten bij inloggen", "reason": "Patroon"},
    )

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert response.headers["Location"] == proposal.problem.get_absolute_url()
    assert proposal.problem.title == "Certificaatfouten bij inloggen"


def test_the_product_owner_may_not_decide_a_proposal(proposal):
    page = client_for("po").get(reverse("problems:proposal_detail", args=[proposal.pk]))
    assert "Aannemen als probleem" not in page.content.decode()
    response = client_for("po").post(
        reverse("problems:proposal_action", args=[proposal.pk, "dismiss"]),
        {"version": proposal.version, "reason": "Geen patroon"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_a_new_incident_on_the_component_shows_the_known_error_when_triaged(known_error):
    incident = IncidentFactory(title="Weer een certificaatfout", component=known_error.component)
    url = reverse("incidents:incident_detail", kwargs={"reference": incident.reference})

    html = client_for("cibg").get(url).content.decode()

    assert known_error.reference in html
    assert "Herlaad de certificaatketen op de loadbalancer" in html
    assert f"Koppelen aan {known_error.reference}" not in html  # operators see it; problem managers link
    linked = client_for("po").post(
        reverse("problems:problem_link_incident", args=[known_error.pk]),
        {"incident": incident.reference, "reason": "Zelfde fout"},
    )
    assert linked.status_code == 302
    assert known_error.links.filter(incident=incident).exists()
    # The reporter's side never sees problems.
    assert known_error.reference not in client_for("ggd").get(url).content.decode()


def test_an_incident_on_another_component_shows_no_known_error(known_error):
    incident = IncidentFactory(title="Weer een certificaatfout")  # on the HSM
    html = client_for("cibg").get(reverse("incidents:incident_detail", args=[incident.reference])).content.decode()
    assert known_error.reference not in html
    assert "Geen open problemen op dit onderdeel." in html


def test_linking_an_unknown_change_is_refused_with_a_message(known_error):
    response = client_for("architect").post(
        reverse("problems:problem_action", args=[known_error.pk, "link_change"]),
        {"version": known_error.version, "change": "CHG-1999-000001"},
    )
    assert response.status_code == 200
    assert "Geen wijziging met dit kenmerk." in response.content.decode()
    known_error.refresh_from_db()
    assert known_error.status == ProblemStatus.KNOWN_ERROR


def test_the_problem_page_links_the_change_and_shows_the_history(known_error):
    change = scheduled_change()
    architect = client_for("architect")
    architect.post(
        reverse("problems:problem_action", args=[known_error.pk, "link_change"]),
        {"version": known_error.version, "change": change.reference.lower(), "reason": "Plaatst het certificaat"},
    )
    html = architect.get(known_error.get_absolute_url()).content.decode()
    assert "Wacht op wijziging" in html
    assert change.reference in html
    assert "Oorzaak en omzeiling vastleggen" in html  # the history names the move


def test_who_sees_a_problem(known_error):
    url = known_error.get_absolute_url()
    assert client_for("kpn").get(url).status_code == 200  # KPN runs the infrastructure
    assert client_for("dictu").get(url).status_code == 404
    assert client_for("vws").get(url).status_code == 200
    assert client_for("ggd").get(url).status_code == 404


def test_the_architects_inbox_lists_open_proposals_and_his_problems(proposal):
    response = client_for("architect").get(reverse("home"))
    shown = {item.section.key: item.content for item in response.context["sections"]}
    assert [item.pk for item in shown["problem_proposals"].items] == [proposal.pk]
    services.proposal_accept(actor=user("architect"), proposal=proposal, version=proposal.version)
    response = client_for("architect").get(reverse("home"))
    shown = {item.section.key: item.content for item in response.context["sections"]}
    assert shown["problem_proposals"].count == 0
    assert shown["my_problems"].count == 1
