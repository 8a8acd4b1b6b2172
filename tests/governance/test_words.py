"""The governance and operator pages speak the reader's language: Dutch words for what was English jargon,
durations in hours and working days, breaches that name the missed target, and an English side that is
English throughout (sort options, history reasons, language names)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.weeks import Week
from governance.models import WeeklyReport
from governance.reports.services import weekly_report_compute
from governance.reports.trends import figure_in_words
from incidents import services
from parties.models import Agreement, Component, Party

WEEK = Week.from_label("2026-W13")
ENGLISH_JARGON = ("Major incident", "change failure rate", "Change failure rate", "z = ", "z-score", "manage.py")


@pytest.fixture
def breached_week(demo_user, at):
    """A P1 routed to KPN, resolved five hours after filing and late against its resolution target; the week
    computed, with the time to resolve flagged as unusually high against the weeks before."""
    with at(2026, 3, 23, 10, 0):
        case = services.incident_file(
            actor=demo_user("ggd"),
            title="Sleutels",
            component=Component.objects.get(slug="hsm"),
            impact="high",
            urgency="high",
        )
        services.incident_assign(
            actor=demo_user("cibg"), incident=case, party=Party.objects.get(slug="kpn"), reason="Hosting"
        )
        services.incident_acknowledge(actor=demo_user("kpn"), incident=case)
    with at(2026, 3, 23, 15, 0):
        services.incident_resolve(actor=demo_user("kpn"), incident=case, resolution_code="fixed", resolution="Klaar")
    with at(2026, 3, 30, 6, 0):
        report = weekly_report_compute(week=WEEK)
    unusual = {"scope": "total", "metric": "mean_time_to_resolve", "value": 3371.7, "mean": 2700.0, "z": 9.8}
    WeeklyReport.objects.filter(pk=report.pk).update(metrics={**report.metrics, "anomalies": [unusual]})
    return case


def page_text(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<main id="main"') :]


def test_the_dutch_dashboard_and_report_use_dutch_words_and_hours(client, demo_user, breached_week, at):
    client.force_login(demo_user("po"))
    with at(2026, 3, 27, 9, 0):
        dashboard = page_text(client, "/dashboard/")
    report = page_text(client, reverse("reports:weekly", kwargs={"label": WEEK.label}))

    for page in (dashboard, report):
        assert [word for word in ENGLISH_JARGON if word in page] == []
        assert "(min)" not in page
    assert "Grote verstoringen (P1, open)" in dashboard
    assert "historieregel" in dashboard  # the nightly audit check, told as a sentence
    # Five hours of clock time from filing to resolution, not "300".
    incidents_table = report[report.index('id="report-incidents"') :]
    row = incidents_table[: incidents_table.index("</tr>", incidents_table.index("<tbody>"))]
    assert re.search(r"<td class=\"figure[^\"]*\"><a [^>]*>5 u</a>", row), row
    # The unusual figure in words: 3371.7 minutes of clock time against an average of 2700.
    assert "2 d 8 u 12 min" in report
    assert "tegen gemiddeld 1 d 21 u" in report
    assert "ongewoon hoog, 9,8× de normale spreiding boven het gemiddelde" in report


def test_breach_rows_name_the_missed_target(client, demo_user, breached_week, at):
    client.force_login(demo_user("po"))
    with at(2026, 3, 27, 9, 0):
        dashboard = page_text(client, "/dashboard/")
    breaches = dashboard[dashboard.index('id="breach-heading"') :]
    assert re.search(r"\(<a [^>]+>1 keer de oplosnorm gemist</a>\)", breaches[: breaches.index("</section>")])
    report = page_text(client, reverse("reports:weekly", kwargs={"label": WEEK.label}))
    attribution = report[report.index('id="attribution-heading"') :]
    assert f"{breached_week.reference}</a> — SLA-VWS-CIBG, oplosnorm" in attribution
    assert "<td>KPN</td><td>5 u</td>" in attribution  # five hours of business time held by KPN, not "300.0"

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with at(2026, 3, 27, 9, 0):
        dashboard = page_text(client, "/dashboard/")
    assert "resolution target missed 1 time" in dashboard
    assert "Major incidents (P1, open)" in dashboard


def test_the_english_side_is_english_throughout(client, demo_user, at):
    with at(2026, 3, 2, 10, 0):
        case = services.incident_file(
            actor=demo_user("ggd"),
            title="Inloggen lukt niet",
            component=Component.objects.get(slug="ggd-portaal"),
            impact="high",
            urgency="high",
        )
    with at(2026, 3, 4, 10, 0):
        services.check_sla_clocks()  # the nightly check writes its history row in Dutch
    assert case.history.filter(history_change_reason="Normbewaking").exists()
    client.force_login(demo_user("po"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    detail = page_text(client, reverse("incidents:incident_detail", kwargs={"reference": case.reference}))
    assert "<td>Target monitoring</td>" in detail
    assert "Normbewaking" not in detail
    listing = client.get(reverse("incidents:incident_list")).content.decode()
    options = re.findall(r'<option value="-?(?:due_at|reported_at|priority)"[^>]*>([^<]*)</option>', listing)
    assert options == [
        "Resolution deadline",
        "Resolution deadline (latest first)",
        "Reported on",
        "Reported on (newest first)",
        "Priority",
        "Priority (lowest first)",
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_language_is_named_in_itself(client, demo_user, language):
    client.force_login(demo_user("po"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("incidents:incident_list")).content.decode()
    switch = html[html.index('id="language-select"') :]
    switch = switch[: switch.index("</select>")]
    assert re.findall(r">([^<]+)</option>", switch) == ["Nederlands", "English"]


def test_agreement_targets_read_in_working_days_of_their_calendar(client, demo_user):
    agreement = Agreement.objects.get(reference="SLA-VWS-CIBG")
    client.force_login(demo_user("po"))
    page = page_text(client, reverse("parties:agreement_detail", args=[agreement.pk]))
    targets = page[: page.index("</table>")]
    assert "2700" not in targets
    assert re.search(r"P3[^<]*</th>\s*<td>4 u</td>\s*<td>5 werkdagen</td>", targets), targets
    # P1 runs on the always-open calendar: its clock time counts days of 24 hours, not working days.
    assert re.search(r"P1[^<]*</th>\s*<td>15 min</td>\s*<td>4 u</td>", targets), targets

    calendar = page_text(client, reverse("parties:calendar_detail", args=[agreement.calendar.pk]))
    assert "Normen en verstreken tijd tellen in werkdagen van 9 u." in calendar
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = page_text(client, reverse("parties:agreement_detail", args=[agreement.pk]))
    assert re.search(r"P3[^<]*</th>\s*<td>4 h</td>\s*<td>5 working days</td>", page), page


def test_report_figures_in_words_keep_counts_as_numbers():
    with translation.override("nl"):
        assert figure_in_words("mean_time_to_resolve", 3371.7) == "2 d 8 u 12 min"
        assert figure_in_words("median_lead_time_hours", 26.5) == "1 d 2 u 30 min"
        assert figure_in_words("median_lead_time_hours", -3.5) == "−3 u 30 min"
        assert figure_in_words("sla_resolution_met_percent", 92.5) == "92,5"
        assert figure_in_words("opened", 40) == "40"
        assert figure_in_words("opened", None) == "–"


def test_kinds_of_agreement_and_party_read_in_dutch_with_the_abbreviation_and_in_english(client, demo_user):
    agreement = Agreement.objects.get(reference="SLA-VWS-CIBG")
    client.force_login(demo_user("po"))
    assert "Dienstverleningsovereenkomst (SLA)" in page_text(
        client, reverse("parties:agreement_detail", args=[agreement.pk])
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Service level agreement (SLA)" in page_text(
        client, reverse("parties:agreement_detail", args=[agreement.pk])
    )
