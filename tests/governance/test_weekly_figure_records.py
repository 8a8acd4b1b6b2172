"""The incident figures of a stored week link to the incidents they counted, as those stood at the week's end: a
later reopening, re-resolution or change of priority does not change the list, whose length is the stored
figure. Readers see only the rows of their own report, and of those only the incidents they may see."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.weeks import Week
from governance.models import WeeklyReport
from governance.reports.metrics import counted_incident_ids
from governance.reports.services import weekly_report_compute
from incidents import services
from incidents.models import Incident
from parties.models import Component, Party

WEEK = Week.from_label("2026-W13")  # Monday 23 March to Monday 30 March 2026
RECORDS = f"/reports/weekly/{WEEK.label}/incidents/"


def _filed(demo_user, title: str, component="hsm", party="kpn"):
    incident = services.incident_file(
        actor=demo_user("ggd"),
        title=title,
        component=Component.objects.get(slug=component),
        impact="low",
        urgency="low",
    )
    if party is None:
        return incident
    services.incident_assign(
        actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug=party), reason="Doorgezet"
    )
    return services.incident_acknowledge(actor=demo_user(party), incident=incident)


def _resolve(demo_user, incident, party="kpn"):
    return services.incident_resolve(
        actor=demo_user(party), incident=incident, resolution_code="fixed", resolution="Ok"
    )


@pytest.fixture
def rewritten_week(demo_user, at):
    """Week 13 counted, then rewritten by later history: one incident resolved in it is reopened in week 15, one
    open at its end gets priority P1 in week 15, one open at its end (filed the week before) is resolved in week
    14; one resolved the week before counts in none of its figures; one on DICTU's iOS app and one of
    another service stay open."""
    with at(2026, 3, 16, 10, 0):
        before = _filed(demo_user, "Vorige week opgelost")
        older = _filed(demo_user, "Vorige week gemeld")
    with at(2026, 3, 17, 10, 0):
        _resolve(demo_user, before)
    with at(2026, 3, 23, 10, 0):
        reopened = _filed(demo_user, "Later heropend")
        raised = _filed(demo_user, "Later P1")
        app = _filed(demo_user, "App", component="ios-app", party=None)
        other_service = _filed(demo_user, "Oplossing II", component="o2-applicatie", party=None)
    with at(2026, 3, 24, 15, 0):
        _resolve(demo_user, reopened)
    with at(2026, 3, 30, 6, 0):
        weekly_report_compute(week=WEEK)
    with at(2026, 4, 1, 10, 0):
        _resolve(demo_user, older)
    with at(2026, 4, 7, 10, 0):
        services.incident_reopen(actor=demo_user("ggd"), incident=reopened, reason="Werkt nog steeds niet")
        services.incident_triage(actor=demo_user("kpn"), incident=raised, impact="high", urgency="high")
    raised.refresh_from_db()
    assert raised.priority == "P1"
    return {
        "priority": Incident.objects.get(pk=older.pk).priority,
        "reopened": reopened.reference,
        "raised": raised.reference,
        "older": older.reference,
        "app": app.reference,
        "other_service": other_service.reference,
    }


def _listed(client, url: str) -> set[str]:
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    table = response.content.decode().split('id="incident-table"')[1]
    return set(re.findall(r"INC-\d{4}-\d{6}", table))


def _recomputed(figure: str, group=None, key=None) -> set[str]:
    ids = counted_incident_ids(WEEK, figure, group, key)
    return set(Incident.objects.filter(pk__in=ids).values_list("reference", flat=True))


def _stored(figure: str, row=("total",)) -> int:
    figures = WeeklyReport.objects.get(week_start=WEEK.monday).metrics["incidents"]
    for key in row:
        figures = figures[key]
    return figures[figure]


def test_the_weekly_figures_list_the_incidents_as_they_stood_at_the_weeks_end(client, demo_user, rewritten_week, at):
    client.force_login(demo_user("vws"))
    with at(2026, 4, 8, 9, 0):
        page = client.get(f"/reports/weekly/{WEEK.label}/").content.decode()
        p4 = rewritten_week["priority"]
        expected = {
            ("opened", None): {rewritten_week[name] for name in ("reopened", "raised", "app", "other_service")},
            ("resolved", None): {rewritten_week["reopened"]},
            ("mean_time_to_resolve", None): {rewritten_week["reopened"]},
            ("backlog", None): {rewritten_week[name] for name in ("raised", "older", "app", "other_service")},
            ("backlog", p4): {rewritten_week[name] for name in ("raised", "older", "app", "other_service")},
            ("resolved", p4): {rewritten_week["reopened"]},
        }
        for (figure, priority), references in expected.items():
            url = f"{RECORDS}?figure={figure}" + (f"&amp;priority={priority}" if priority else "")
            assert url in page
            listed = _listed(client, url)
            assert listed == references
            assert listed == _recomputed(figure, "priority" if priority else None, priority)
            if figure != "mean_time_to_resolve":
                row = ("by_priority", priority) if priority else ("total",)
                assert len(listed) == _stored(figure, row)
        # The incident raised to P1 later was not in the P1 backlog at the week's end.
        assert f"{RECORDS}?figure=backlog&amp;priority=P1" not in page
        assert _recomputed("backlog", "priority", "P1") == set()


def test_the_dashboards_trend_bars_list_the_incidents_each_week_counted(client, demo_user, rewritten_week, at):
    client.force_login(demo_user("vws"))
    with at(2026, 4, 8, 9, 0):
        page = client.get("/dashboard/").content.decode()
        bars = dict(re.findall(r'<a href="([^"]+)" class="bar-link" aria-label="([^"]+)"', page))
        resolved = next(url for url, label in bars.items() if label == f"{WEEK.label}, opgelost: 1")
        assert _listed(client, resolved) == {rewritten_week["reopened"]}


def test_an_operator_reaches_only_the_rows_of_her_own_report(client, demo_user, rewritten_week, at):
    client.force_login(demo_user("dictu"))
    with at(2026, 4, 8, 9, 0):
        assert _listed(client, f"{RECORDS}?figure=backlog&component=ios-app") == {rewritten_week["app"]}
        for query in (
            "figure=backlog",
            f"figure=backlog&priority={rewritten_week['priority']}",
            "figure=backlog&component=hsm",
        ):
            response = client.get(f"{RECORDS}?{query}")
            assert response.status_code == 404
            assert rewritten_week["raised"] not in response.content.decode()
    client.force_login(demo_user("ggd"))
    assert client.get(f"{RECORDS}?figure=opened").status_code == 404


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 400, "Onbekend cijfer"),
        ("figure=nonsense", 400, "Onbekend cijfer"),
        ("figure=backlog&priority=P4&component=hsm", 400, "Kies één rij"),
        ("figure=backlog&priority=P9", 404, "Pagina niet gevonden"),
        ("figure=backlog&component=nope", 404, "Pagina niet gevonden"),
        ("figure=backlog&service=nope", 404, "Pagina niet gevonden"),
    ],
)
def test_a_query_the_page_cannot_answer_says_why(client, demo_user, rewritten_week, query, status, message):
    client.force_login(demo_user("vws"))
    response = client.get(f"{RECORDS}?{query}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_an_unknown_or_uncomputed_week_is_404(client, demo_user, rewritten_week):
    client.force_login(demo_user("vws"))
    assert client.get("/reports/weekly/2026-W99/incidents/?figure=opened").status_code == 404
    assert client.get("/reports/weekly/2026-W20/incidents/?figure=opened").status_code == 404
    assert client.get(f"{RECORDS}?figure=opened&page=abc").status_code == 200


def test_the_page_reads_as_many_queries_whatever_the_number_of_incidents(client, demo_user, rewritten_week, at):
    client.force_login(demo_user("vws"))
    url = f"{RECORDS}?figure=backlog"
    with at(2026, 4, 8, 9, 0):
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert len(_listed(client, url)) == 4
    with at(2026, 3, 25, 10, 0):
        for number in range(4):
            _filed(demo_user, f"Nog een {number}")
    with at(2026, 4, 8, 9, 0):
        client.get(url)  # the rows of the new incidents rendered and cached, as for the first count
        with CaptureQueriesContext(connection) as many:
            assert len(_listed(client, url)) == 8
    assert len(many) == len(few)


def test_one_services_report_links_to_the_incidents_of_that_service(client, demo_user, rewritten_week, at):
    service = Component.objects.get(slug="hsm").service.slug
    client.force_login(demo_user("vws"))
    with at(2026, 4, 8, 9, 0):
        page = client.get(f"/reports/weekly/{WEEK.label}/?service={service}").content.decode()
        url = f"{RECORDS}?figure=backlog&amp;service={service}"
        assert url in page
        assert _listed(client, url) == {rewritten_week[name] for name in ("raised", "older", "app")}
        assert _listed(client, url) == _recomputed("backlog", "service", service)
