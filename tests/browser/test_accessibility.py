"""Each role's main pages, and the forms with their errors shown, have no serious or critical accessibility
violation (axe-core, under the portal's real CSP), on the full demo data set."""

from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from changes.models import ChangeRequest
from incidents.models import Incident
from problems.models import Problem
from tests.snapshot import DEMO_LOADED

from .accessibility import blocking_violations

MAIN_PAGES = {
    "ggd": ["/", "/incidents/", "/incidents/new/", "{reported_incident}"],
    "kpn": ["/", "/incidents/", "/changes/", "/changes/new/", "/reports/weekly/"],
    "po": [
        "/",
        "/changes/board/",
        "/incidents/",
        "{incident}",
        "{change}",
        "/parties/",
        "/agreements/",
        "{known_error}",
    ],
    "architect": ["/", "/changes/", "{change}", "/responsibilities/", "/problems/", "{problem}", "/reports/weekly/"],
    "vws": ["/", "/dashboard/", "/reports/weekly/", "/reports/monthly/", "/readiness/", "/audit/"],
}

pytestmark = pytest.mark.long_running


@pytest.fixture
def demo_data(demo_snapshot, transactional_db):
    """The whole demo, seen an hour after it was loaded (DEMO_LOADED in tests/snapshot.py)."""
    demo_snapshot.restore()
    problem = Problem.objects.get()
    paths = {
        "reported_incident": f"/incidents/{Incident.objects.filter(reported_by__username='ggd').first().reference}/",
        "incident": f"/incidents/{Incident.objects.order_by('pk').first().reference}/",
        "change": f"/changes/{ChangeRequest.objects.order_by('pk').first().pk}/",
        "problem": problem.get_absolute_url(),
        "known_error": f"/incidents/{problem.links.first().incident.reference}/",
    }
    with time_machine.travel(DEMO_LOADED + timedelta(hours=1), tick=True):
        yield paths


def test_every_roles_main_pages_pass_axe(demo_data, page, login, live_server):
    found = {}
    for username, paths in MAIN_PAGES.items():
        page.context.clear_cookies()
        login(username)
        for path in paths:
            response = page.goto(live_server.url + path.format(**demo_data))
            assert response.status == 200, (username, path)
            found[(username, path)] = blocking_violations(page)
    assert {where: violations for where, violations in found.items() if violations} == {}


@pytest.mark.parametrize(("username", "form"), [("ggd", "/incidents/new/"), ("kpn", "/changes/new/")])
def test_forms_with_their_errors_shown_pass_axe(demo_data, page, login, live_server, username, form):
    login(username)
    page.goto(live_server.url + form)
    page.get_by_role("main").locator("button[type=submit]").last.click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert blocking_violations(page) == []


def test_a_trend_chart_shows_a_weeks_value_to_the_keyboard_and_as_a_table(demo_data, page, login, live_server):
    login("vws")
    page.goto(f"{live_server.url}/dashboard/")
    chart = page.get_by_role("group", name="Overschrijdingen van de SLA")
    bar = chart.get_by_role("link").last
    bar.focus()
    label = bar.get_attribute("aria-label")
    assert label.startswith("2026-W")
    assert ", overschrijdingen: " in label
    expect(bar.locator(".bar-value")).to_be_visible()

    page.get_by_text("Overschrijdingen van de SLA als tabel").click()
    table = page.locator("details.chart-table[open] table")
    expect(table.get_by_role("row")).to_have_count(1 + chart.get_by_role("link").count())
    week, value = label.split(", overschrijdingen: ")
    expect(table.get_by_role("row", name=week)).to_contain_text(value)
    assert blocking_violations(page) == []  # with the bar focused and the table open
