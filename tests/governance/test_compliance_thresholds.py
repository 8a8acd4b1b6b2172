"""Each agreement has its own compliance thresholds, with history: the dashboard's light judges an agreement
by them, and a week's row keeps the thresholds valid at the week's end, whatever is changed later."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.history import save_tracked
from core.weeks import Week
from governance.models import WeeklyReport
from governance.reports.services import weekly_report_compute
from incidents import services
from parties.models import Agreement, ComplianceThreshold, Component, Party
from tests.governance.test_admin import agreement_form

WEEK = Week.from_label("2026-W13")


def _routed_to_kpn(demo_user, title):
    incident = services.incident_file(
        actor=demo_user("ggd"), title=title, component=Component.objects.get(slug="hsm"), impact="high", urgency="high"
    )
    services.incident_assign(
        actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="HSM"
    )
    return services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)


def _set(demo_user, agreement, green, amber):
    threshold = ComplianceThreshold.objects.filter(agreement=agreement).first() or ComplianceThreshold(
        agreement=agreement
    )
    threshold.green_from_percent, threshold.amber_from_percent = Decimal(green), Decimal(amber)
    save_tracked(threshold, actor=demo_user("beheerder"), reason="Afgesproken in het overleg")


@pytest.fixture
def half_met(demo_user, at):
    """Two P1 incidents with KPN: one resolved within the target, one long after it."""
    with at(2026, 3, 23, 10, 0):
        quick, slow = _routed_to_kpn(demo_user, "Snel"), _routed_to_kpn(demo_user, "Traag")
    with at(2026, 3, 23, 10, 10):
        services.incident_resolve(actor=demo_user("kpn"), incident=quick, resolution_code="fixed", resolution="Ok")
    with at(2026, 3, 25, 15, 0):
        services.incident_resolve(actor=demo_user("kpn"), incident=slow, resolution_code="fixed", resolution="Ok")
    return Agreement.objects.get(provider__slug="kpn", components__slug="hsm")


def _kpn_agreement_row(page: str, reference: str) -> str:
    table = page[page.index('id="agreement-compliance"') :]
    table = table[: table.index("</table>")]
    return next(row for row in table.split("<tr>") if f"<small>{reference}</small>" in row)


def test_the_light_judges_an_agreement_by_its_own_thresholds(client, demo_user, half_met, at):
    with at(2026, 3, 20, 9, 0):
        _set(demo_user, half_met, "50.0", "40.0")
    with at(2026, 3, 30, 6, 0):
        weekly_report_compute(week=WEEK)
    figures = WeeklyReport.objects.get(week_start=WEEK.monday).metrics["agreements"][half_met.reference]
    assert figures["sla_resolution_met_percent"] == 50.0
    client.force_login(demo_user("vws"))
    with at(2026, 3, 31, 9, 0):
        row = _kpn_agreement_row(client.get("/dashboard/").content.decode(), half_met.reference)
    light = re.search(r"light--(\w+)", row).group(1)
    assert light == "green"  # 50% met, green from 50%: under the old global 95% it was red
    assert "groen vanaf 50,0%" in row


def test_a_past_week_is_judged_by_the_thresholds_valid_at_its_end(demo_user, half_met, at):
    with at(2026, 3, 20, 9, 0):
        _set(demo_user, half_met, "50.0", "40.0")
    with at(2026, 3, 30, 6, 0):
        weekly_report_compute(week=WEEK)
    with at(2026, 4, 1, 9, 0):
        _set(demo_user, half_met, "99.0", "90.0")
        weekly_report_compute(week=WEEK)  # recomputed after the change: still the thresholds of 29 March
    figures = WeeklyReport.objects.get(week_start=WEEK.monday).metrics
    assert figures["agreements"][half_met.reference]["compliance_green_percent"] == 50.0
    assert figures["agreements"][half_met.reference]["compliance_amber_percent"] == 40.0
    assert figures["parties"]["kpn"]["compliance_green_percent"] == 50.0
    with at(2026, 4, 6, 6, 0):
        weekly_report_compute(week=WEEK.next)
    later = WeeklyReport.objects.get(week_start=WEEK.next.monday).metrics
    for figures in later["agreements"].values():
        assert figures["compliance_green_percent"] in (95.0, 99.0)
    assert later["parties"].get("kpn", {}).get("compliance_green_percent", 99.0) == 99.0


def test_an_agreement_without_thresholds_keeps_todays_defaults(demo_user, half_met, at):
    with at(2026, 3, 30, 6, 0):
        metrics = weekly_report_compute(week=WEEK).metrics
    for figures in metrics["agreements"].values():
        assert (figures["compliance_green_percent"], figures["compliance_amber_percent"]) == (95.0, 85.0)


def _with_threshold(green, amber, **fields):
    website = Component.objects.get(slug="website")
    data = agreement_form(reference="OLA-KPN-CIBG", kind="OLA", components=[website.pk], **fields)
    data.update(
        {
            "compliance_threshold-TOTAL_FORMS": "1",
            "compliance_threshold-0-green_from_percent": green,
            "compliance_threshold-0-amber_from_percent": amber,
        }
    )
    return data


def test_the_thresholds_are_set_with_the_agreement_in_the_admin_with_who_and_why(client, demo_user):
    client.force_login(demo_user("beheerder"))
    response = client.post(reverse("admin:parties_agreement_add"), _with_threshold("90.0", "80.0"))
    assert response.status_code == 302
    threshold = ComplianceThreshold.objects.get(agreement__reference="OLA-KPN-CIBG")
    assert (threshold.green_from_percent, threshold.amber_from_percent) == (Decimal("90.0"), Decimal("80.0"))
    (row,) = threshold.history.all()
    assert (row.history_change_reason, row.history_user) == ("Nieuw contract", demo_user("beheerder"))


def test_amber_above_green_is_refused_and_nothing_is_saved(client, demo_user):
    client.force_login(demo_user("beheerder"))
    response = client.post(reverse("admin:parties_agreement_add"), _with_threshold("80.0", "90.0"))
    assert response.status_code == 200
    assert "Oranje kan niet boven groen beginnen." in response.content.decode()
    assert not Agreement.objects.filter(reference="OLA-KPN-CIBG").exists()
