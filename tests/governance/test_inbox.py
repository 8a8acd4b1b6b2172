"""The "Wat wacht op mij" home page as a whole: the viewer's sections, the badge in the navigation (cached, fresh after
every write), and a home page whose queries do not grow with the data."""

import pytest
from django.test import Client
from django.urls import reverse

from core.inbox import waiting_total
from core.weeks import Week
from governance.models import WeeklyReport
from governance.reports.services import weekly_report_compute
from incidents import services
from parties.access import principal_for
from parties.models import Party, Role
from tests.factories import ChangeFactory, IncidentFactory, RoleAssignmentFactory

# Sections read a few queries each; a user with the most sections (the Product Owner) stays under this.
HOME_PAGE_LIMIT = 30


def as_user(demo_user, username: str) -> Client:
    client = Client()
    client.force_login(demo_user(username))
    return client


def sections(response) -> dict:
    return {shown.section.key: shown.content for shown in response.context["sections"]}


def test_the_viewer_sees_this_weeks_breaches_the_anomalies_and_the_newest_report(demo_user, at):
    with at(2026, 3, 2, 9, 0):  # Monday
        breached = IncidentFactory(title="Niemand kan inloggen", impact="high", urgency="high", assigned_to="kpn")
    with at(2026, 3, 4, 11, 55):
        IncidentFactory(title="Kleinigheid", impact="low", urgency="low")
    with at(2026, 3, 4, 12, 0):
        services.check_sla_clocks()
        report = weekly_report_compute(week=Week.last_completed())
        anomaly = {"scope": "total", "metric": "opened", "value": 40, "mean": 10.0, "z": 3.2}
        WeeklyReport.objects.filter(pk=report.pk).update(metrics={**report.metrics, "anomalies": [anomaly]})
        response = as_user(demo_user, "vws").get(reverse("home"))

    shown = sections(response)
    assert [incident.reference for incident in shown["week_breaches"].items] == [breached.reference]
    assert shown["anomalies"].count == 1
    assert shown["anomalies"].list_url == f"/reports/weekly/{report.label}/#anomaly-heading"
    assert shown["weekly_report"].items[0].label == report.label == "2026-W09"
    html = response.content.decode()
    assert "3,2× de normale spreiding" in html
    assert "norm gemist: reactie, oplossing" in html  # which targets the breached incident missed
    # The heading links to exactly the breached incidents, on the list that filters them.
    with at(2026, 3, 4, 12, 0):
        listed = as_user(demo_user, "vws").get(shown["week_breaches"].list_url)
    assert [incident.reference for incident in listed.context["page"].object_list] == [breached.reference]
    # Breaches and anomalies wait for the viewer; the report itself is not counted.
    assert response.context["waiting_count"] == 2


def test_a_user_with_several_roles_sees_all_their_sections(demo_user):
    RoleAssignmentFactory(user=demo_user("po"), party=Party.objects.get(slug="cibg"), role=Role.SYSTEM_ARCHITECT)
    response = as_user(demo_user, "po").get(reverse("home"))

    keys = list(sections(response))
    assert {"new", "untriaged", "po_approval", "conflicts", "to_assess", "architect_approval"} <= set(keys)
    assert "Niets dat op u wacht." in response.content.decode()


def test_the_badge_counts_what_waits_and_is_fresh_after_a_write(demo_user, settings):
    settings.INBOX_CACHE_TIMEOUT = 60
    client = as_user(demo_user, "cibg")
    IncidentFactory()

    def badge() -> str:
        html = client.get(reverse("incidents:incident_list")).content.decode()
        start = html.find('id="waiting-count"')
        return html[start : html.index("</span></a>", start)].rsplit(">", 1)[-1] if start >= 0 else "0"

    assert badge() == "1"
    IncidentFactory()
    assert badge() == "2"  # the write replaced the cached badge
    services.incident_assign(
        actor=demo_user("cibg"),
        incident=IncidentFactory(),
        party=demo_user("kpn").role_assignments.get().party,
        reason="Naar KPN",
    )
    assert badge() == "2"


def test_the_badge_is_read_from_the_cache_between_writes(demo_user, settings, django_assert_num_queries):
    settings.INBOX_CACHE_TIMEOUT = 60
    user = demo_user("po")
    IncidentFactory()
    ChangeFactory()
    as_user(demo_user, "po").get(reverse("parties:party_list"))  # counts and stores the badge
    principal = principal_for(user)

    with django_assert_num_queries(0):
        assert waiting_total(user, principal) == 2  # a new incident and an untriaged change


def grow(demo_user, count: int) -> None:
    for number in range(count):
        IncidentFactory(title=f"Nieuw {number}", impact="high", urgency="high")
        IncidentFactory(title=f"Bij KPN {number}", assigned_to="kpn")
        ChangeFactory(title=f"Patch {number}")


@pytest.mark.parametrize("username", ["cibg", "po", "kpn", "ggd", "vws", "architect"])
def test_the_home_page_makes_the_same_few_queries_however_much_waits(
    demo_user, username, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr("core.inbox.SHOWN_PER_SECTION", 2)  # sections that list a part of what waits, quickly
    client = as_user(demo_user, username)
    grow(demo_user, 3)
    client.get(reverse("home"))
    with django_assert_max_num_queries(HOME_PAGE_LIMIT) as few:
        assert client.get(reverse("home")).status_code == 200
        before = len(few)
    grow(demo_user, 3)
    client.get(reverse("home"))
    with django_assert_max_num_queries(before):
        assert client.get(reverse("home")).status_code == 200


def test_the_home_page_speaks_english_through_the_language_switch(demo_user, settings):
    IncidentFactory()
    client = as_user(demo_user, "cibg")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("home")).content.decode()

    assert "Waiting for me" in html
    assert "New incidents, not yet assigned" in html
    assert "Nothing waiting for you." in html
    assert "Niets dat op u wacht" not in html
