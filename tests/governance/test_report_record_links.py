"""Every figure on the dashboard and in the weekly report leads to exactly the records it counts: the list a
figure links to holds as many records as the figure says (hold time per party, breaches per agreement, the
emergency share and the change failure rate)."""

import re

import pytest

from changes import services as change_services
from changes.models import ChangeType
from core.weeks import Week
from governance.reports.services import weekly_report_compute
from incidents import services
from incidents.models import HoldPeriod
from parties.models import Component, Party
from tests.factories import ChangeFactory, sent_for_approval
from tests.timetravel import local

WEEK = Week.from_label("2026-W13")  # Monday 23 March to Monday 30 March 2026; summer time from Sunday 29th


def _listed(client, url: str, pattern: str) -> set[str]:
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    return set(re.findall(pattern, response.content.decode()))


def _incidents(client, url):
    return _listed(client, url, r"INC-\d{4}-\d{6}")


def _changes(client, url):
    return _listed(client, url, r"CHG-\d{4}-\d{6}")


def _routed(demo_user, party: str, title: str, impact="low", urgency="low"):
    incident = services.incident_file(
        actor=demo_user("ggd"), title=title, component=Component.objects.get(slug="hsm"), impact=impact, urgency=urgency
    )
    services.incident_assign(
        actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug=party), reason="Doorgezet"
    )
    return services.incident_acknowledge(actor=demo_user(party), incident=incident)


def _hold(demo_user, party: str, incident, waited_on: str | None = None):
    """`party` puts the incident on hold, waiting on the party `waited_on` (None: the reporter)."""
    if waited_on is None:
        return services.incident_hold(
            actor=demo_user(party), incident=incident, waiting_for=HoldPeriod.WaitingFor.REPORTER, reason="Regio?"
        )
    return services.incident_hold(
        actor=demo_user(party),
        incident=incident,
        waiting_for=HoldPeriod.WaitingFor.PARTY,
        waiting_for_party=Party.objects.get(slug=waited_on),
        reason="Sleutel?",
    )


@pytest.fixture
def holds_in_the_week(demo_user, at):
    """KPN holds one incident for a day waiting on JustID and another twice waiting on the reporter; JustID holds
    one waiting on KPN from Friday noon past the week's end; an incident that waited on JustID the week before is
    not counted."""
    with at(2026, 3, 16, 10, 0):
        before = _routed(demo_user, "kpn", "Vorige week")
        _hold(demo_user, "kpn", before, "justid")
    with at(2026, 3, 17, 10, 0):
        services.incident_resume(actor=demo_user("kpn"), incident=before)
    with at(2026, 3, 23, 9, 0):
        day = _routed(demo_user, "kpn", "Een dag")
        twice = _routed(demo_user, "kpn", "Twee keer")
        friday = _routed(demo_user, "justid", "Vrijdag")
    with at(2026, 3, 23, 11, 0):
        _hold(demo_user, "kpn", day, "justid")
    with at(2026, 3, 24, 11, 0):
        services.incident_resume(actor=demo_user("kpn"), incident=day)
    for start, end in (((2026, 3, 24, 9, 0), (2026, 3, 24, 10, 0)), ((2026, 3, 25, 9, 0), (2026, 3, 25, 11, 0))):
        with at(*start):
            _hold(demo_user, "kpn", twice)
        with at(*end):
            services.incident_resume(actor=demo_user("kpn"), incident=twice)
    with at(2026, 3, 27, 12, 0):
        _hold(demo_user, "justid", friday, "kpn")
    with at(2026, 3, 31, 9, 0):
        services.incident_resume(actor=demo_user("justid"), incident=friday)
        weekly_report_compute(week=WEEK)
    return {"justid": {day.reference}, "reporter": {twice.reference}, "kpn": {friday.reference}}


def _hold_rows(client) -> dict:
    page = client.get(f"/reports/weekly/{WEEK.label}/").content.decode()
    table = page[page.index('id="report-holds"') :]
    table = table[: table.index("</table>")]
    return {
        name: (url, int(incidents), int(holds), float(hours))
        for name, url, incidents, holds, hours in re.findall(
            r'<th scope="row">([^<]+)</th><td class="figure"><a href="([^"]+)">(\d+)</a></td>'
            r'<td class="figure">(\d+)</td><td class="figure">([\d.,]+)</td>',
            table.replace(",", "."),
        )
    }


def test_hold_time_is_reported_per_party_waited_on_and_for_the_reporter_with_its_incidents(
    client, demo_user, holds_in_the_week
):
    client.force_login(demo_user("vws"))
    rows = _hold_rows(client)
    kpn, justid = Party.objects.get(slug="kpn").name, Party.objects.get(slug="justid").name
    # The party that held an incident is not charged; the one it waited on is.
    assert list(rows) == [justid, kpn, "de melder"]
    # JustID: a day; the reporter: 1 h + 2 h; KPN: Friday 12:00 to the week's end, 59 real hours across the
    # change to summer time.
    assert rows[justid][1:] == (1, 1, 24.0)
    assert rows["de melder"][1:] == (1, 2, 3.0)
    assert rows[kpn][1:] == (1, 1, 59.0)
    for name, key in ((justid, "justid"), (kpn, "kpn"), ("de melder", "reporter")):
        url, count = rows[name][:2]
        assert f"waited_on={key}" in url
        listed = _incidents(client, url)
        assert len(listed) == count
        assert listed == holds_in_the_week[key]


def test_an_operator_sees_only_the_time_waited_on_itself(client, demo_user, holds_in_the_week):
    client.force_login(demo_user("justid"))
    rows = _hold_rows(client)
    assert list(rows) == [Party.objects.get(slug="justid").name]


def test_the_reporter_side_cannot_filter_by_whom_an_incident_waited_on(client, demo_user, holds_in_the_week):
    client.force_login(demo_user("ggd"))
    every = _incidents(client, "/incidents/")
    assert len(every) == 4  # all four were filed by this reporter
    assert _incidents(client, "/incidents/?waited_on=justid") == every
    assert _incidents(client, "/incidents/?waited_on=reporter&waited_from=2026-03-25T12:00:00%2B01:00") == every


@pytest.fixture
def breached_week(demo_user, at):
    """Two P1 incidents routed to KPN that breach the chain SLA and KPN's contract; one quiet JustID incident."""
    with at(2026, 3, 23, 10, 0):
        first = _routed(demo_user, "kpn", "Sleutels", "high", "high")
        second = _routed(demo_user, "kpn", "Certificaten", "high", "high")
        quiet = _routed(demo_user, "justid", "Vraag")
    with at(2026, 3, 24, 15, 0):
        for incident in (first, second):
            services.incident_resolve(
                actor=demo_user("kpn"), incident=incident, resolution_code="fixed", resolution="Ok"
            )
    with at(2026, 3, 30, 6, 0):
        weekly_report_compute(week=WEEK)
    return {"breached": {first.reference, second.reference}, "quiet": quiet.reference}


def test_the_breaches_of_each_agreement_link_to_exactly_the_incidents_breached(client, demo_user, breached_week, at):
    client.force_login(demo_user("vws"))
    with at(2026, 3, 31, 9, 0):
        page = client.get("/dashboard/").content.decode()
    table = page[page.index('id="agreement-compliance"') :]
    table = table[: table.index("</table>")]
    links = re.findall(r'<a href="([^"]+)" class="breached-incidents">bij (\d+) incident', table)
    assert len(links) >= 2, table  # the chain SLA and KPN's contract
    for url, count in links:
        listed = _incidents(client, url)
        assert len(listed) == int(count)
        assert listed == breached_week["breached"]


def test_each_agreements_share_within_target_links_to_the_incidents_resolved_under_it(client, demo_user, at):
    with at(2026, 3, 24, 10, 0):
        kpn, justid = _routed(demo_user, "kpn", "Sleutels"), _routed(demo_user, "justid", "Vraag")
    with at(2026, 3, 24, 12, 0):
        for party, incident in (("kpn", kpn), ("justid", justid)):
            services.incident_resolve(
                actor=demo_user(party), incident=incident, resolution_code="fixed", resolution="Ok"
            )
    with at(2026, 3, 30, 6, 0):
        weekly_report_compute(week=WEEK)
    client.force_login(demo_user("vws"))
    with at(2026, 3, 31, 9, 0):
        page = client.get("/dashboard/").content.decode()
    table = page[page.index('id="agreement-compliance"') :]
    table = table[: table.index("</table>")]
    links = dict(re.findall(r'<small>([\w-]+)</small></th>\s*<td>.*?<a href="([^"]+)">[\d,]+% binnen', table, re.S))

    assert _incidents(client, links["SLA-VWS-CIBG"]) == {kpn.reference, justid.reference}
    assert _incidents(client, links["UC-CIBG-KPN"]) == {kpn.reference}
    assert _incidents(client, links["UC-CIBG-JUSTID"]) == {justid.reference}


def _chart(page: str, chart_id: str) -> tuple[dict, list]:
    """A dashboard trend chart's bar links by their label ("2026-W13, gemeld: 3") and its table's linked figures."""
    chart = page[page.index(f'aria-labelledby="{chart_id}-caption"') :]
    chart = chart[: chart.index("</figure>")]
    bars = {label: url for url, label in re.findall(r'<a href="([^"]+)" class="bar-link" aria-label="([^"]+)"', chart)}
    table = chart[chart.index("<table") :]
    cells = re.findall(r'<td class="figure"><a href="([^"]+)">([\d,]+)%?</a></td>', table)
    return bars, [(url, float(value.replace(",", "."))) for url, value in cells]


def test_each_trend_bar_and_table_figure_links_to_exactly_the_incidents_it_counts(client, demo_user, breached_week, at):
    client.force_login(demo_user("vws"))
    with at(2026, 3, 31, 9, 0):
        page = client.get("/dashboard/").content.decode()
    everything = breached_week["breached"] | {breached_week["quiet"]}

    bars, cells = _chart(page, "volume")
    assert _incidents(client, bars[f"{WEEK.label}, gemeld: 3"]) == everything
    assert _incidents(client, bars[f"{WEEK.label}, opgelost: 2"]) == breached_week["breached"]
    (opened_url, opened), (resolved_url, resolved) = cells
    assert (opened, resolved) == (3, 2)
    assert _incidents(client, opened_url) == everything
    assert _incidents(client, resolved_url) == breached_week["breached"]

    for chart_id in ("breaches", "compliance"):  # chain-SLA breaches, and the share of resolved incidents
        bars, cells = _chart(page, chart_id)
        [bar_url] = bars.values()
        [(cell_url, _value)] = cells
        assert _incidents(client, bar_url) == _incidents(client, cell_url) == breached_week["breached"]


def _implemented(outcome: str, demo_user):
    change = sent_for_approval(ChangeFactory(proposed_start=local(2026, 3, 26, 22, 0)))
    change = change_services.change_approve(actor=demo_user("po"), change=change, version=change.version)
    change = change_services.change_schedule(actor=demo_user("po"), change=change, version=change.version)
    for name in ("start", outcome):
        change = change_services.change_transition(
            actor=demo_user("kpn"), change=change, name=name, version=change.version
        )
    return change


def test_the_dashboards_change_shares_link_to_exactly_the_changes_counted(client, demo_user, at):
    with at(2026, 3, 24, 10, 0):
        emergency = ChangeFactory(change_type=ChangeType.EMERGENCY, proposed_start=local(2026, 3, 24, 22, 0))
        completed = [_implemented("complete", demo_user) for _ in range(2)]
        failed = _implemented("fail", demo_user)
    with at(2026, 3, 30, 6, 0):
        weekly_report_compute(week=WEEK)
    client.force_login(demo_user("vws"))
    with at(2026, 3, 31, 9, 0):
        page = client.get("/dashboard/").content.decode()
    shares = page[page.index('id="change-shares"') :]
    shares = shares[: shares.index("</p>")]
    figures = {
        kind: (url, int(count))
        for url, kind, count in re.findall(r'<a href="([^"]+)" class="change-(\w+)">(\d+)</a>', shares)
    }
    assert set(figures) == {"emergency", "submitted", "failed", "completed"}
    assert _changes(client, figures["emergency"][0]) == {emergency.reference}
    assert figures["emergency"][1] == 1
    assert figures["submitted"][1] == len(_changes(client, figures["submitted"][0])) == 4
    assert _changes(client, figures["failed"][0]) == {failed.reference}
    assert figures["failed"][1] == 1
    assert _changes(client, figures["completed"][0]) == {change.reference for change in completed}
    assert figures["completed"][1] == 2
