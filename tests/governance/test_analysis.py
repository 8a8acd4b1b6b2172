"""The System Architect's analysis on a weekly report: findings and actions, read by the Product Owner and VWS,
open actions in their owners' inboxes and in the next reports until done; a problem from an anomaly."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from core.weeks import Week
from governance.models import ActionStatus, ReportAction, WeeklyReport
from governance.reports.services import weekly_report_compute
from parties.models import Component
from problems.models import Problem, ProblemSource

pytestmark = pytest.mark.usefixtures("demo_chain")


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def reports(at):
    """The reports of weeks 9, 10 and 11 of 2026, computed after the last of them."""
    with at(2026, 3, 17, 7, 0):
        return [weekly_report_compute(week=Week.from_label(label)) for label in ("2026-W09", "2026-W10", "2026-W11")]


def weekly(username: str, report: WeeklyReport) -> str:
    return client_for(username).get(reverse("reports:weekly", args=[report.label])).content.decode()


def test_the_architects_finding_is_read_by_the_product_owner_and_vws(reports):
    week9 = reports[0]
    response = client_for("architect").post(
        reverse("analysis:finding_create", args=[week9.label]),
        {"text": "Drie certificaatfouten op de infrastructuur: één oorzaak.", "problem": "", "change": ""},
    )
    assert response.status_code == 302
    for reader in ("po", "vws", "architect"):
        assert "Drie certificaatfouten op de infrastructuur" in weekly(reader, week9), reader
    assert "Drie certificaatfouten" not in weekly("kpn", week9)  # the analysis is the regie's and VWS's
    assert "Drie certificaatfouten" not in weekly("po", reports[1])  # a finding belongs to its week


def test_only_the_architect_records_findings(reports):
    response = client_for("po").post(
        reverse("analysis:finding_create", args=[reports[0].label]), {"text": "Mijn bevinding"}
    )
    assert response.status_code == 302
    assert "Mijn bevinding" not in weekly("po", reports[0])
    assert client_for("ggd").post(reverse("analysis:finding_create", args=[reports[0].label])).status_code == 404


def test_an_open_action_waits_in_its_owners_inbox_and_in_the_next_reports_until_done(reports, at):
    week9, week10, week11 = reports
    kpn = get_user_model().objects.get(username="kpn")
    with at(2026, 3, 10, 9, 0):  # during week 11
        client_for("architect").post(
            reverse("analysis:action_create", args=[week9.label]),
            {"description": "Certificaatbewaking inrichten", "owner": kpn.pk, "due_date": "2026-03-20"},
        )
    action = ReportAction.objects.get()
    assert action.owner == kpn

    home = client_for("kpn").get(reverse("home"))
    shown = {item.section.key: item.content for item in home.context["sections"]}
    assert [item.pk for item in shown["analysis_actions"].items] == [action.pk]
    assert "Certificaatbewaking inrichten" in weekly("po", week10)  # carried over into the next report
    assert "uit 2026-W09" in weekly("vws", week10)

    with at(2026, 3, 20, 9, 0):  # done in week 12
        client_for("kpn").post(reverse("analysis:action_complete", args=[action.pk]), {"version": action.version})
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    home = client_for("kpn").get(reverse("home"))
    shown = {item.section.key: item.content for item in home.context["sections"]}
    assert shown["analysis_actions"].count == 0
    assert "Certificaatbewaking inrichten" in weekly("po", week11)  # still open when week 11 began


def test_another_operator_may_not_complete_an_action(reports):
    kpn = get_user_model().objects.get(username="kpn")
    client_for("architect").post(
        reverse("analysis:action_create", args=[reports[0].label]),
        {"description": "Logging nalopen", "owner": kpn.pk, "due_date": "2026-03-20"},
    )
    action = ReportAction.objects.get()
    assert client_for("dictu").post(reverse("analysis:action_complete", args=[action.pk])).status_code == 404
    assert client_for("vws").post(reverse("analysis:action_complete", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_a_problem_from_an_anomaly_remembers_its_week(reports):
    week9 = reports[0]
    anomaly = {"scope": "total", "metric": "opened", "value": 40, "mean": 10.0, "z": 3.2}
    WeeklyReport.objects.filter(pk=week9.pk).update(metrics={**week9.metrics, "anomalies": [anomaly]})
    text = "gemeld (hele keten): 40, gemiddeld 10.0 (3.2× de normale spreiding)"
    assert f'<option value="{text}">' in weekly("architect", week9)
    assert "Probleem vastleggen uit een afwijking" not in weekly("vws", week9)
    component = Component.objects.get(slug="backend")

    response = client_for("po").post(
        reverse("analysis:anomaly_problem", args=[week9.label]),
        {
            "anomaly": text,
            "title": "",
            "component": component.pk,
            "owner": get_user_model().objects.get(username="po").pk,
        },
    )

    problem = Problem.objects.get()
    assert response.headers["Location"] == problem.get_absolute_url()
    assert (problem.source, problem.source_week, problem.component) == (ProblemSource.ANOMALY, "2026-W09", component)
    assert (problem.title, problem.description) == (text, text)


def test_an_anomaly_that_is_not_in_the_report_is_refused(reports):
    response = client_for("architect").post(
        reverse("analysis:anomaly_problem", args=[reports[0].label]),
        {"anomaly": "verzonnen", "title": "X", "component": Component.objects.get(slug="backend").pk},
    )
    assert response.status_code == 302
    assert not Problem.objects.exists()


def test_the_analysis_over_the_api(reports):
    kpn = get_user_model().objects.get(username="kpn")
    client_for("architect").post(
        reverse("analysis:finding_create", args=[reports[0].label]), {"text": "Eén oorzaak voor drie storingen"}
    )
    client_for("architect").post(
        reverse("analysis:action_create", args=[reports[0].label]),
        {"description": "Bewaking inrichten", "owner": kpn.pk, "due_date": "2026-03-20"},
    )
    url = f"/api/reports/weekly/{reports[0].label}/analysis/"

    vws = client_for("vws").get(url).json()
    assert [finding["text"] for finding in vws["findings"]] == ["Eén oorzaak voor drie storingen"]
    assert [(action["description"], action["owner"]) for action in vws["actions"]] == [("Bewaking inrichten", "kpn")]
    later = client_for("po").get(f"/api/reports/weekly/{reports[1].label}/analysis/").json()
    assert [action["week"] for action in later["carried_over"]] == [reports[0].label]
    operator = client_for("kpn").get(url).json()
    assert (operator["findings"], len(operator["actions"])) == ([], 1)
    assert client_for("dictu").get(url).json()["actions"] == []
    assert client_for("ggd").get(url).status_code == 404
