"""Weekly trend report: every number of a hand-built week worked out here.

The week is 2026-W13: Monday 23 March 00:00 CET to Monday 30 March 00:00 CEST; the clocks go
forward on Sunday 29 March, so the week is 167 real hours long. Office hours Mon–Fri 08–17;
P3 targets SLA-VWS-CIBG 240/2700 min, UC-CIBG-JUSTID and UC-CIBG-KPN 180/2160 min; P1 targets
SLA 15/240 min on the 24×7 calendar.
"""

from datetime import UTC
from unittest import mock

import pytest

from core.weeks import Week
from governance.models import ReportRun, WeeklyReport
from governance.reports import metrics
from governance.reports import services as report_services
from governance.reports.services import build_metrics, weekly_report_compute, weekly_reports_compute
from governance.reports.trends import compare
from incidents import services
from incidents.models import Incident, SlaEvent
from parties.models import Component, Party
from tests.factories import IncidentFactory
from tests.timetravel import local

WEEK = Week.from_label("2026-W13")


def party(slug):
    return Party.objects.get(slug=slug)


@pytest.fixture
def hand_built_week(demo_user, at):
    ggd, cibg = demo_user("ggd"), demo_user("cibg")
    hsm, portal, website = (Component.objects.get(slug=slug) for slug in ("hsm", "ggd-portaal", "website"))

    # C: filed the week before, never picked up: still open at the end of the week.
    with at(2026, 3, 20, 10, 0):
        services.incident_file(actor=ggd, title="Tekst klopt niet", component=website, impact="low", urgency="low")

    # The warning/breach task runs: C (P4, 8 business hours to respond) breached its response at 09:00.
    with at(2026, 3, 23, 9, 5):
        services.check_sla_clocks()

    # A (P3): JustID takes it, waits 9 business hours for the reporter, KPN resolves it.
    with at(2026, 3, 23, 9, 0):
        a = services.incident_file(actor=ggd, title="HSM-fout", component=hsm, impact="medium", urgency="medium")
    with at(2026, 3, 23, 9, 30):
        services.incident_assign(actor=cibg, incident=a, party=party("justid"), reason="HSM")
    with at(2026, 3, 23, 10, 0):
        services.incident_acknowledge(actor=demo_user("justid"), incident=a)
    with at(2026, 3, 24, 10, 0):
        services.incident_hold(actor=demo_user("justid"), incident=a, waiting_for="reporter", reason="Welke regio?")
    with at(2026, 3, 25, 10, 0):
        services.incident_reply(actor=ggd, incident=a, body="Regio Utrecht")
    with at(2026, 3, 25, 11, 0):
        services.incident_assign(actor=cibg, incident=a, party=party("kpn"), reason="Hosting")
    with at(2026, 3, 25, 11, 30):
        services.incident_acknowledge(actor=demo_user("kpn"), incident=a)
    with at(2026, 3, 26, 12, 0):
        services.incident_resolve(actor=demo_user("kpn"), incident=a, resolution_code="fixed", resolution="Opgelost")

    # B (P1, 24×7): response breached on Friday, resolved after the clocks went forward on Sunday.
    with at(2026, 3, 27, 16, 0):
        b = services.incident_file(actor=ggd, title="Portaal plat", component=portal, impact="high", urgency="high")
    with at(2026, 3, 27, 16, 20):
        services.check_sla_clocks()
    with at(2026, 3, 27, 16, 30):
        services.incident_assign(actor=cibg, incident=b, party=party("cibg"), reason="Zelf")
    with at(2026, 3, 27, 16, 40):
        services.incident_acknowledge(actor=cibg, incident=b)
    with at(2026, 3, 29, 3, 30):
        services.incident_resolve(actor=cibg, incident=b, resolution_code="fixed", resolution="Herstart")
    return {"a": a, "b": b}


def test_week_bounds_are_local_midnights_across_dst():
    assert WEEK.start == local(2026, 3, 23, 0, 0)
    assert WEEK.end == local(2026, 3, 30, 0, 0)
    assert (WEEK.end.astimezone(UTC) - WEEK.start.astimezone(UTC)).total_seconds() == 167 * 3600


def test_incident_figures_of_the_hand_built_week(hand_built_week):
    total = build_metrics(WEEK)["incidents"]["total"]
    assert total == {
        "opened": 2,  # A and B
        "resolved": 2,
        "backlog": 1,  # C
        "mean_time_to_acknowledge": 50.0,  # A 60 min, B 40 min
        "mean_time_to_resolve": 3285.0,  # A 75 h, B 34.5 real hours (the night lost an hour)
        "sla_response_met_percent": 50.0,  # A met, B breached
        "sla_resolution_met_percent": 50.0,  # A 21 business hours ≤ 45 h; B 34.5 h > 4 h
        "sla_responses_decided": 2,
        "sla_resolutions_decided": 2,
        "breaches": 3,  # C: response (Monday 09:05); B: response (Friday 16:20) and resolution (Sunday)
        "reopenings": 0,
    }


def test_priority_and_component_rows(hand_built_week):
    incidents = build_metrics(WEEK)["incidents"]
    assert incidents["by_priority"]["P1"]["breaches"] == 2
    assert incidents["by_priority"]["P4"]["breaches"] == 1
    assert incidents["by_priority"]["P3"]["sla_resolution_met_percent"] == 100.0
    assert incidents["by_priority"]["P4"]["backlog"] == 1
    assert incidents["by_component"]["hsm"]["mean_time_to_resolve"] == 4500.0


def test_party_figures_count_each_partys_own_clock(hand_built_week):
    parties = build_metrics(WEEK)["parties"]
    assert parties["cibg"]["received"] == 2
    assert parties["cibg"]["breaches"] == 3
    assert parties["justid"] == {
        "name": "JustID",
        "received": 1,
        "mean_time_to_acknowledge": 30.0,
        "sla_response_met_percent": 100.0,
        "sla_resolution_met_percent": None,  # handed over to KPN: no resolution of its own
        "sla_responses_decided": 1,
        "sla_resolutions_decided": 0,
        "breaches": 0,
        "breached_incidents": 0,
        "compliance_green_percent": 95.0,
        "compliance_amber_percent": 85.0,
    }
    # KPN: Wednesday 11:00 to Thursday 12:00 is 10 business hours, within 36.
    assert parties["kpn"]["sla_resolution_met_percent"] == 100.0


def test_breach_attribution_splits_the_time_between_triage_and_the_holder(hand_built_week):
    attribution = build_metrics(WEEK)["attribution"]
    never_picked_up, response, resolution = attribution
    # C was never assigned: all of its time so far (Friday 7 h + five days of 9 h) is triage.
    assert never_picked_up["total_minutes"] == 52 * 60.0
    assert never_picked_up["legs"] == [{"party": "CIBG (triage)", "minutes": 3120.0, "share_percent": 100.0}]
    assert (response["incident"], response["target"]) == (hand_built_week["b"].reference, "response")
    assert response["total_minutes"] == 40.0
    assert response["legs"] == [
        {"party": "CIBG (triage)", "minutes": 30.0, "share_percent": 75.0},
        {"party": "CIBG", "minutes": 10.0, "share_percent": 25.0},
    ]
    assert resolution["target"] == "resolution"
    assert resolution["total_minutes"] == 2070.0
    assert [leg["minutes"] for leg in resolution["legs"]] == [2040.0, 30.0]


def test_attribution_names_the_leg_that_took_most_and_the_breached_contract(demo_user, at):
    with at(2026, 3, 23, 10, 0):
        incident = IncidentFactory(
            title="Sleutels", impact="high", urgency="high", assigned_to="cibg", acknowledged=True
        )
    with at(2026, 3, 23, 11, 0):
        services.incident_assign(actor=demo_user("cibg"), incident=incident, party=party("kpn"), reason="Hosting")
    with at(2026, 3, 23, 11, 5):
        services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
    with at(2026, 3, 23, 15, 0):
        services.incident_resolve(actor=demo_user("kpn"), incident=incident, resolution_code="fixed", resolution="ok")
    (breach,) = build_metrics(WEEK)["attribution"]
    assert breach["agreement"] == "SLA-VWS-CIBG"
    assert breach["legs"] == [
        {"party": "KPN", "minutes": 240.0, "share_percent": 80.0},
        {"party": "CIBG", "minutes": 60.0, "share_percent": 20.0},
    ]
    assert breach["uc_breaches"] == [{"party": "KPN", "agreement": "UC-CIBG-KPN", "target": "resolution"}]


def test_a_contract_breached_after_the_week_is_not_in_its_attribution(demo_user, at):
    """A P1 (24×7) filed on a Sunday breaches the chain SLA that evening; KPN, assigned late that evening, breaches
    its contract after midnight, in the next week. Recomputed later, the week still shows it as it stood."""
    week = Week.from_label("2026-W15")
    with at(2026, 4, 12, 18, 0):
        incident = IncidentFactory(
            title="Sleutels", impact="high", urgency="high", assigned_to="cibg", acknowledged=True
        )
    with at(2026, 4, 12, 21, 30):
        services.incident_assign(actor=demo_user("cibg"), incident=incident, party=party("kpn"), reason="Hosting")
        services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
    with at(2026, 4, 13, 1, 0):
        services.incident_resolve(actor=demo_user("kpn"), incident=incident, resolution_code="fixed", resolution="ok")
    contract_breach = SlaEvent.objects.get(kind=SlaEvent.Kind.BREACH, clock__agreement_reference="UC-CIBG-KPN")
    assert contract_breach.raised_at == local(2026, 4, 13, 0, 30)  # three hours after KPN took it

    (breach,) = build_metrics(week)["attribution"]
    assert (breach["agreement"], breach["target"]) == ("SLA-VWS-CIBG", "resolution")
    assert breach["uc_breaches"] == []


def test_waiting_time_is_charged_to_whom_it_was_waited_on_not_to_the_holder(demo_user, at):
    """KPN holds a P1 (24×7) incident while it waits 3 h 10 min on JustID and then 1 h on the reporter."""
    kpn = demo_user("kpn")
    with at(2026, 3, 23, 10, 0):
        incident = IncidentFactory(
            title="Sleutels", impact="high", urgency="high", assigned_to="kpn", acknowledged=True
        )
    with at(2026, 3, 23, 10, 30):
        services.incident_hold(
            actor=kpn, incident=incident, waiting_for="party", waiting_for_party=party("justid"), reason="Sleutel?"
        )
    with at(2026, 3, 23, 13, 40):
        services.incident_resume(actor=kpn, incident=incident)
    with at(2026, 3, 23, 14, 0):
        services.incident_hold(actor=kpn, incident=incident, waiting_for="reporter", reason="Welke regio?")
    with at(2026, 3, 23, 15, 0):
        services.incident_reply(actor=demo_user("ggd"), incident=incident, body="Utrecht")
    with at(2026, 3, 23, 19, 0):
        services.incident_resolve(actor=kpn, incident=incident, resolution_code="fixed", resolution="ok")
    metrics = build_metrics(WEEK)
    (breach,) = metrics["attribution"]
    # Nine hours from filing to resolution, 4 h 10 min of them on hold: the clock's 290 minutes are KPN's.
    assert breach["legs"] == [{"party": "KPN", "minutes": 290.0, "share_percent": 100.0}]
    assert breach["waited_on"] == [{"party": "JustID", "minutes": 190.0}, {"party": None, "minutes": 60.0}]
    assert metrics["waited_on"] == {
        "party:justid": {"name": "JustID", "incidents": 1, "holds": 1, "hours": 3.2},
        "reporter": {"name": None, "incidents": 1, "holds": 1, "hours": 1.0},
    }


def test_a_recomputed_past_week_gives_the_identical_waiting_figures(demo_user, at):
    with at(2026, 3, 26, 9, 0):
        incident = services.incident_file(
            actor=demo_user("ggd"),
            title="Vraag",
            component=Component.objects.get(slug="hsm"),
            impact="low",
            urgency="low",
        )
        services.incident_assign(actor=demo_user("cibg"), incident=incident, party=party("kpn"), reason="Hosting")
        services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
        services.incident_hold(
            actor=demo_user("kpn"),
            incident=incident,
            waiting_for="party",
            waiting_for_party=party("justid"),
            reason="Sleutel?",
        )
    with at(2026, 3, 30, 6, 0):
        first = weekly_report_compute(week=WEEK).metrics
    with at(2026, 4, 2, 9, 0):
        services.incident_resume(actor=demo_user("kpn"), incident=incident)
        again = weekly_report_compute(week=WEEK).metrics
    # Thursday 09:00 to the week's end, Monday 00:00 after the clocks went forward: 86 real hours.
    assert (
        first["waited_on"]
        == again["waited_on"]
        == {"party:justid": {"name": "JustID", "incidents": 1, "holds": 1, "hours": 86.0}}
    )


def test_change_figures(demo_chain):
    changes = build_metrics(WEEK)["changes"]
    assert changes == {
        "submitted": 0,
        "emergency": 0,
        "approved": 0,
        "rejected": 0,
        "completed": 0,
        "failed": 0,
        "emergency_share_percent": None,
        "change_failure_rate_percent": None,
        "median_lead_time_hours": None,
    }


def test_an_empty_week_is_a_valid_report_of_zeros(demo_chain):
    report = weekly_report_compute(week=WEEK)
    total = report.metrics["incidents"]["total"]
    assert (total["opened"], total["resolved"], total["backlog"], total["breaches"]) == (0, 0, 0, 0)
    assert total["sla_resolution_met_percent"] is None
    assert not report.breaches.exists()
    assert "0 incidenten gemeld" in report.metrics["summary"]


def test_recomputing_a_week_replaces_its_row_and_records_the_runs(hand_built_week):
    first = weekly_report_compute(week=WEEK)
    second = weekly_report_compute(week=WEEK)
    assert WeeklyReport.objects.count() == 1
    assert second.pk == first.pk
    assert second.metrics["incidents"] == first.metrics["incidents"]
    run = ReportRun.objects.get(kind="weekly_trend", period="2026-W13")
    assert (run.status, run.attempts) == ("succeeded", 2)


def test_a_week_that_fails_in_a_backfill_is_recorded_failed_and_the_weeks_before_it_are_kept(hand_built_week):
    weeks = WEEK.previous.back(3)  # W10 – W12, then W13: the hand-built week fails
    real = metrics._incidents_as_of

    def failing_in_the_hand_built_week(week, counted, sla_clocks):
        if week == WEEK:
            raise RuntimeError("database went away")
        return real(week, counted, sla_clocks)

    with (
        mock.patch.object(metrics, "_incidents_as_of", failing_in_the_hand_built_week),
        pytest.raises(RuntimeError, match="database went away"),
    ):
        weekly_reports_compute(weeks=[*weeks, WEEK, WEEK.next], batch=5)
    stored = WeeklyReport.objects.order_by("week_start").values_list("week_start", flat=True)
    assert list(stored) == [week.monday for week in weeks]
    runs = dict(ReportRun.objects.filter(kind="weekly_trend").values_list("period", "status"))
    assert runs == {
        **{week.label: "succeeded" for week in weeks},
        WEEK.label: "failed",
        WEEK.next.label: "failed",
    }
    assert "database went away" in ReportRun.objects.get(period=WEEK.label).error


def test_a_week_that_cannot_be_stored_fails_with_the_weeks_after_it_in_its_batch(hand_built_week):
    weeks = WEEK.previous.back(2)  # W11 – W12, then W13: storing the hand-built week fails
    real = report_services.store_breaches

    def failing_for_the_hand_built_week(report, attribution):
        if report.week_start == WEEK.monday:
            raise RuntimeError("disk full")
        real(report, attribution)

    with (
        mock.patch.object(report_services, "store_breaches", failing_for_the_hand_built_week),
        pytest.raises(RuntimeError, match="disk full"),
    ):
        weekly_reports_compute(weeks=[*weeks, WEEK, WEEK.next], batch=4)
    stored = WeeklyReport.objects.order_by("week_start").values_list("week_start", flat=True)
    assert list(stored) == [week.monday for week in weeks]  # the failed week's row was rolled back
    runs = dict(ReportRun.objects.filter(kind="weekly_trend").values_list("period", "status"))
    assert runs == {
        **{week.label: "succeeded" for week in weeks},
        WEEK.label: "failed",
        WEEK.next.label: "failed",  # not left "running"
    }


def _week_metrics(opened):
    zeros = {"opened": opened, "resolved": 0, "backlog": 0, "breaches": 0}
    return {"incidents": {"total": zeros}, "changes": {}, "parties": {}}


def test_anomaly_flag_beyond_two_standard_deviations_of_the_previous_eight_weeks():
    previous = [_week_metrics(opened) for opened in (10, 12, 8, 10, 12, 8, 10, 10)]  # mean 10, sd 1.41
    deltas, anomalies = compare(_week_metrics(12), previous)
    assert deltas["total"]["opened"] == 2  # against the week before (10)
    assert anomalies == []  # z = 2 / 1.414 = 1.4
    _deltas, anomalies = compare(_week_metrics(13), previous)
    assert [(a["metric"], a["z"]) for a in anomalies] == [("opened", 2.1)]  # 3 / 1.414


def _flagged(opened, history):
    return [(a["metric"], a["z"]) for a in compare(_week_metrics(opened), [_week_metrics(n) for n in history])[1]]


def test_an_anomaly_is_more_than_two_standard_deviations_not_exactly_two():
    history = [8, 12] * 4  # mean 10, sd 2
    assert _flagged(14, history) == []  # z = 2.0
    assert _flagged(6, history) == []  # z = -2.0
    assert _flagged(15, history) == [("opened", 2.5)]
    assert _flagged(5, history) == [("opened", -2.5)]


def test_the_baseline_is_the_eight_weeks_before():
    # A ninth, older week far off (100) would lift the mean to 20 and hide the anomaly.
    assert _flagged(15, [100, *[8, 12] * 4]) == [("opened", 2.5)]


def test_no_anomaly_below_a_baseline_of_four_weeks():
    assert _flagged(50, [8, 12, 8]) == []  # three weeks, with variation: too few to judge
    assert _flagged(50, [8, 12, 8, 12]) == [("opened", 20.0)]  # four weeks: mean 10, sd 2


def test_no_anomaly_without_variation():
    assert _flagged(50, [10] * 8) == []


def test_each_move_to_reopened_in_the_week_counts_once(demo_user, at):
    ggd, cibg = demo_user("ggd"), demo_user("cibg")
    website = Component.objects.get(slug="website")
    with at(2026, 3, 20, 10, 0):  # filed and resolved the week before
        d = services.incident_file(actor=ggd, title="Tekst klopt niet", component=website, impact="low", urgency="low")
        services.incident_assign(actor=cibg, incident=d, party=party("cibg"), reason="Zelf")
        services.incident_acknowledge(actor=cibg, incident=d)
        services.incident_resolve(actor=cibg, incident=d, resolution_code="fixed", resolution="Aangepast")
    with at(2026, 3, 24, 9, 0):
        services.incident_reopen(actor=ggd, incident=d, reason="Nog steeds fout")
    with at(2026, 3, 24, 11, 0):
        services.incident_acknowledge(actor=cibg, incident=d)
    with at(2026, 3, 25, 10, 0):
        services.incident_resolve(actor=cibg, incident=d, resolution_code="fixed", resolution="Nu echt")
    with at(2026, 3, 26, 10, 0):
        services.incident_reopen(actor=ggd, incident=d, reason="Weer fout")
    with at(2026, 3, 31, 10, 0):  # the week after: not this week's
        services.incident_acknowledge(actor=cibg, incident=d)
        services.incident_resolve(actor=cibg, incident=d, resolution_code="fixed", resolution="Opgelost")
        services.incident_reopen(actor=ggd, incident=d, reason="Alweer")

    incidents = build_metrics(WEEK)["incidents"]
    assert incidents["total"]["reopenings"] == 2
    assert incidents["by_component"]["website"]["reopenings"] == 2


def test_met_percent_is_read_from_the_clocks_not_from_breach_events(hand_built_week):
    """Records from before breaches were recorded at a clock's stop have clocks past their target without a
    breach event: the clock decides."""
    SlaEvent.objects.all().delete()
    metrics = build_metrics(WEEK)
    total = metrics["incidents"]["total"]
    assert (total["sla_response_met_percent"], total["sla_resolution_met_percent"]) == (50.0, 50.0)  # B missed both
    assert metrics["parties"]["cibg"]["sla_resolution_met_percent"] == 50.0


def _figures(week):
    metrics = build_metrics(week)
    return {name: metrics[name] for name in ("incidents", "parties", "agreements")}


def test_recomputing_a_past_week_after_later_changes_gives_the_same_figures(hand_built_week, demo_user, at):
    before = _figures(WEEK)
    a, ggd, kpn = hand_built_week["a"], demo_user("ggd"), demo_user("kpn")
    with at(2026, 3, 31, 10, 0):  # A, resolved in the week, is reopened and resolved again the week after
        services.incident_reopen(actor=ggd, incident=a, reason="Nog steeds fout")
    with at(2026, 3, 31, 11, 0):
        services.incident_acknowledge(actor=kpn, incident=a)
    with at(2026, 4, 1, 10, 0):
        services.incident_resolve(actor=kpn, incident=a, resolution_code="fixed", resolution="Nu echt")
    with at(2026, 4, 1, 11, 0):  # C, open at the week's end, gets another priority
        c = Incident.objects.get(title="Tekst klopt niet")
        services.incident_triage(
            actor=demo_user("cibg"), incident=c, impact="medium", urgency="medium", reason="Meer GGD's"
        )
    after = _figures(WEEK)
    for part in before:
        for key in before[part]:
            assert (part, key, after[part].get(key)) == (part, key, before[part][key])
    assert after == before
    assert before["incidents"]["total"]["backlog"] == 1  # C only: A was resolved at the week's end
