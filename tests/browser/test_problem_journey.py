"""Problem management in a real browser: three incidents on one component last week → the weekly check proposes
a problem → the System Architect accepts it and records cause and workaround (a new incident on the component
shows them) → he links a change, which KPN implements and reviews as successful → the problem closes; his
finding on the weekly report is read by the Product Owner beside the availability per service, and GGD GHOR
Nederland, the owner of Oplossing II, reads its own service's figures."""

from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from core.weeks import Week
from governance.reports.services import weekly_report_compute
from majorincidents import services as major_services
from parties.models import Agreement, Component
from problems.models import Problem, RecurrenceProposal
from problems.tasks import propose_recurring_problems
from tests.factories import IncidentFactory
from tests.problems.helpers import TITLES, scheduled_change, user

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser
WORKAROUND = "Herlaad de certificaatketen op de loadbalancer"


def oplossing_ii_down_for_an_hour(week: Week) -> None:
    """A major incident on Oplossing II's application for an hour in the opening hours of its owner's SLA, on the
    week's first open day (whatever public holiday the week holds)."""
    opening_hours = Agreement.objects.get(reference="SLA-GGDGHOR-CIBG").calendar.engine
    open_day = next(
        intervals
        for day in (week.monday + timedelta(days=n) for n in range(7))
        if (intervals := opening_hours.open_intervals(day))
    )
    declared_at = open_day[0][0] + timedelta(hours=1)
    with time_machine.travel(declared_at, tick=False):
        outage = IncidentFactory(
            title="Oplossing II onbereikbaar", component=Component.objects.get(slug="o2-applicatie"), impact="high"
        )
        major = major_services.major_declare(
            actor=user("cibg"),
            incident=outage,
            coordinator=user("cibg"),
            public_title="Oplossing II onbereikbaar",
            reason="Niemand kan erbij",
        )
    with time_machine.travel(declared_at + timedelta(hours=1), tick=False):
        major_services.major_stand_down(actor=user("cibg"), major=major, reason="Werkt weer")


@pytest.fixture
def recurring_last_week(transactional_db, demo_chain):
    """Three incidents with similar titles on the backend infrastructure last week, and an hour's outage of
    Oplossing II; the weekly report and the weekly recurrence check have run; KPN has a scheduled change on the
    infrastructure."""
    week = Week.last_completed()
    infrastructure = Component.objects.get(slug="infrastructuur")
    for day, title in enumerate(TITLES):
        with time_machine.travel(week.start + timedelta(days=day, hours=10), tick=False):
            IncidentFactory(title=title, component=infrastructure)
    oplossing_ii_down_for_an_hour(week)
    report = weekly_report_compute(week=week)
    # Run in this thread: an eager task the live server's thread is running at the same moment would make
    # Celery refuse `.delay().get()` here (its "no join inside a task" flag is one for the whole process).
    assert propose_recurring_problems() == 1
    return {"week": week, "report": report, "change": scheduled_change(title="Tussencertificaat plaatsen")}


def test_recurring_incidents_become_a_problem_that_a_successful_change_closes(recurring_last_week, page, login):
    week, change = recurring_last_week["week"], recurring_last_week["change"]
    oplossing_ii_measured = measured_percent(recurring_last_week["report"], "oplossing-ii")
    proposal = RecurrenceProposal.objects.get()

    login("architect")
    proposals = page.get_by_role("region", name="Voorgestelde problemen (terugkerende incidenten)")
    proposals.get_by_role("link", name=proposal.title).click()
    expect(page.locator("#proposal-explanation")).to_contain_text("3 incidenten op Backend-infrastructuur")
    assert blocking_violations(page) == []
    accept = page.get_by_role("form", name="Aannemen als probleem")
    accept.get_by_label("Titel van het probleem").fill("Certificaatfouten bij inloggen")
    accept.get_by_role("button", name="Aannemen als probleem").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Certificaatfouten bij inloggen")
    expect(page.locator(".status").first).to_have_text("Geregistreerd")
    expect(page.get_by_role("region", name="Gekoppelde incidenten").get_by_role("row")).to_have_count(4)
    problem = Problem.objects.get()

    analysis = page.get_by_role("form", name="Oorzaak en omzeiling vastleggen")
    analysis.get_by_label("Oorzaak").fill("Het tussencertificaat ontbreekt na de laatste vernieuwing")
    analysis.get_by_label("Omzeiling").fill(WORKAROUND)
    analysis.get_by_role("button", name="Oorzaak en omzeiling vastleggen").click()
    expect(page.locator(".status").first).to_have_text("Bekende fout")
    assert blocking_violations(page) == []

    # Whoever triages a new incident on the infrastructure sees the known error and its workaround.
    new_incident = IncidentFactory(title="Weer een certificaatmelding", component=problem.component)
    page.goto(f"{page.url.split('/problems/')[0]}/incidents/{new_incident.reference}/")
    known = page.get_by_role("region", name="Bekende fouten en problemen op dit onderdeel")
    expect(known).to_contain_text(problem.reference)
    expect(known).to_contain_text(WORKAROUND)
    known.get_by_role("button", name=f"Koppelen aan {problem.reference}").click()
    expect(page.get_by_role("region", name="Bekende fouten en problemen op dit onderdeel")).to_contain_text(
        "dit incident is gekoppeld"
    )

    page.goto(problem_url := f"{page.url.split('/incidents/')[0]}{problem.get_absolute_url()}")
    link = page.get_by_role("form", name="Oplossende wijziging koppelen")
    link.get_by_label("Kenmerk wijziging").fill(change.reference)
    link.get_by_role("button", name="Oplossende wijziging koppelen").click()
    expect(page.locator(".status").first).to_have_text("Wacht op wijziging")

    login("kpn")
    page.goto(f"{problem_url.split('/problems/')[0]}{change.get_absolute_url()}")
    page.get_by_role("button", name="Uitvoering starten").click()
    expect(page.locator(".status").first).to_have_text("In uitvoering")
    page.get_by_role("button", name="Afronden (geslaagd)").click()
    expect(page.locator(".status").first).to_have_text("Geslaagd")
    review = page.get_by_role("form", name="Evaluatie vastleggen")
    review.get_by_label("Wat er gebeurde").fill("Certificaat geplaatst; geen fouten meer bij inloggen")
    review.get_by_role("button", name="Evaluatie vastleggen").click()
    expect(page.locator(".status").first).to_have_text("Geëvalueerd")

    login("architect")
    page.goto(problem_url)
    expect(page.locator(".status").first).to_have_text("Opgelost en gesloten")
    expect(page.get_by_role("region", name="Historie")).to_contain_text(f"{change.reference} geëvalueerd als geslaagd")

    page.goto(f"{problem_url.split('/problems/')[0]}/reports/weekly/{week.label}/")
    finding = page.get_by_role("form", name="Bevinding vastleggen")
    finding.get_by_label("Bevinding").fill("Drie certificaatfouten op de infrastructuur hadden één oorzaak.")
    finding.get_by_label("Probleem (kenmerk)").fill(problem.reference)
    finding.get_by_role("button", name="Bevinding vastleggen").click()
    expect(page.get_by_role("region", name="Analyse van de systeemarchitect")).to_contain_text("één oorzaak")

    login("po")
    page.goto(f"{problem_url.split('/problems/')[0]}/reports/weekly/{week.label}/")
    analysis_region = page.get_by_role("region", name="Analyse van de systeemarchitect")
    expect(analysis_region).to_contain_text("Drie certificaatfouten op de infrastructuur hadden één oorzaak.")
    expect(analysis_region.get_by_role("link", name=problem.reference)).to_be_visible()
    # Beside it, the availability of each service against its own promise: Oplossing II missed it.
    availability = page.get_by_role("region", name="Beschikbaarheid per dienst")
    oplossing_ii = report_row(availability, "Oplossing II")
    expect(oplossing_ii).to_contain_text(oplossing_ii_measured)
    expect(oplossing_ii.get_by_role("cell").nth(2)).to_have_text("1 u")  # the hour of outage
    expect(oplossing_ii.get_by_role("cell").last).to_have_text("nee")
    expect(report_row(availability, "CoronaMelder").get_by_role("cell").last).to_have_text("ja")
    assert blocking_violations(page) == []
    page.screenshot(path=str(screenshot_path("problem-journey")), full_page=True)

    # GGD GHOR Nederland owns Oplossing II: its representative reads that service's own report and dashboard.
    login("ggdghor")
    page.goto(f"{problem_url.split('/problems/')[0]}/reports/weekly/{week.label}/")
    expect(page.locator("#service-scope")).to_contain_text("Oplossing II (eigenaar: GGD GHOR Nederland)")
    availability = page.get_by_role("region", name="Beschikbaarheid per dienst")
    expect(report_row(availability, "Oplossing II")).to_contain_text(oplossing_ii_measured)
    expect(availability).not_to_contain_text("CoronaMelder")
    page.goto(f"{problem_url.split('/problems/')[0]}/dashboard/")
    expect(page.locator("#service-scope")).to_contain_text("Oplossing II (eigenaar: GGD GHOR Nederland)")


def report_row(table_region, service_name: str):
    return table_region.get_by_role("row").filter(has=table_region.page.get_by_role("rowheader", name=service_name))


def measured_percent(report, service_slug: str) -> str:
    """The stored figure as the Dutch page writes it (decimal comma)."""
    return str(report.metrics["availability"][service_slug]["measured_percent"]).replace(".", ",")
