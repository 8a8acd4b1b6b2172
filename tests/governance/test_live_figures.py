"""The dashboard's current week comes from stored figures (governance/reports/live.py): refreshed by a task every
minute, computed in the request when missing or older than five minutes, each figure linked to exactly the records
it counted, and read by each reader only as far as she sees those records."""

import re

import pytest
from django.core.cache import cache

from governance.models import LiveFigures
from governance.reports.live import live_figures_refresh_all
from governance.tasks import refresh_live_figures
from incidents import services
from incidents.models import Incident
from parties.models import Component, Party, Service
from tests.factories import ChangeFactory
from tests.timetravel import local


def major(demo_user, slug: str, party: str, title: str, operator: str | None = None) -> Incident:
    """A P1 on the component, routed to the party and taken on by its operator (by default the demo user named
    after the party)."""
    incident = services.incident_file(
        actor=demo_user("ggd"), title=title, component=Component.objects.get(slug=slug), impact="high", urgency="high"
    )
    incident = services.incident_assign(
        actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug=party), reason="Routering"
    )
    return services.incident_acknowledge(actor=demo_user(operator or party), incident=incident)


def p1_newest_cell(page: str) -> tuple[int, str]:
    """The count and link of the open P1 incidents reported less than a day ago."""
    row = re.search(r'<th scope="row"><a href="[^"]+">P1</a></th><td><a href="([^"]+)">(\d+)</a>', page)
    return int(row.group(2)), row.group(1).replace("&amp;", "&")


def majors_listed(page: str) -> set[str]:
    section = page[page.index('id="major-heading"') : page.index('id="breach-heading"')]
    return set(re.findall(r"INC-\d{4}-\d+", section))


def references_listed(client, url: str) -> set[str]:
    page = client.get(url).content.decode()
    return set(re.findall(r'href="/incidents/(INC-\d{4}-\d+)/"', page))


def breach_links(page: str) -> dict[str, tuple[int, str]]:
    section = page[page.index('id="breach-heading"') : page.index('id="pipeline-heading"')]
    return {
        name: (int(count), url.replace("&amp;", "&"))
        for name, url, count in re.findall(r'<li>([^<:]+): <a href="([^"]+)">(\d+)</a>', section)
    }


@pytest.fixture
def two_majors(demo_user, at):
    """Wednesday 25 March 2026 10:00: a P1 on the iOS app (DICTU) and one on Oplossing II (CIBG)."""
    with at(2026, 3, 25, 10, 0):
        return {
            "app": major(demo_user, "ios-app", "dictu", "App crasht"),
            "oplossing": major(demo_user, "o2-applicatie", "cibg", "Dossiers onbereikbaar"),
        }


def test_after_a_refresh_the_dashboard_shows_the_counted_figures_each_linked_to_its_records(
    client, demo_user, two_majors, at
):
    client.force_login(demo_user("vws"))
    with at(2026, 3, 25, 10, 5):
        live_figures_refresh_all()
        whole = client.get("/dashboard/").content.decode()
        oplossing = client.get("/dashboard/?service=oplossing-ii").content.decode()
        both = {incident.reference for incident in two_majors.values()}

        count, url = p1_newest_cell(whole)
        assert count == 2
        assert references_listed(client, url) == both
        assert majors_listed(whole) == both
        assert "Stand van 10:05" in whole

        count, url = p1_newest_cell(oplossing)
        assert count == 1
        assert references_listed(client, url) == {two_majors["oplossing"].reference}
        assert majors_listed(oplossing) == {two_majors["oplossing"].reference}


def test_each_partys_breaches_this_week_are_the_incidents_its_link_lists(client, demo_user, two_majors, at):
    with at(2026, 3, 25, 18, 0):  # long past a P1's resolution target
        services.incident_resolve(
            actor=demo_user("dictu"), incident=two_majors["app"], resolution_code="fixed", resolution="Nieuwe versie"
        )
        live_figures_refresh_all()
        client.force_login(demo_user("vws"))
        breaches = breach_links(client.get("/dashboard/").content.decode())
        count, url = breaches["DICTU AppLoket"]
        assert count >= 1  # breach events: a response and a resolution breach of one incident count twice
        assert references_listed(client, url) == {two_majors["app"].reference}


def test_each_partys_missed_response_and_resolution_targets_link_to_the_incidents_that_missed_them(
    client, demo_user, two_majors, at
):
    with at(2026, 3, 25, 10, 0):  # a P1 DICTU does not take on in time
        late = services.incident_assign(
            actor=demo_user("cibg"),
            incident=services.incident_file(
                actor=demo_user("ggd"),
                title="Inloggen mislukt",
                component=Component.objects.get(slug="ios-app"),
                impact="high",
                urgency="high",
            ),
            party=Party.objects.get(slug="dictu"),
            reason="Routering",
        )
    with at(2026, 3, 25, 18, 0):  # both long past a P1's resolution target
        services.incident_acknowledge(actor=demo_user("dictu"), incident=late)
        services.incident_resolve(
            actor=demo_user("dictu"), incident=two_majors["app"], resolution_code="fixed", resolution="Nieuwe versie"
        )
        live_figures_refresh_all()
        client.force_login(demo_user("vws"))
        page = client.get("/dashboard/").content.decode()
        section = page[page.index('id="breach-heading"') : page.index('id="pipeline-heading"')]
        missed = {
            target: (int(count), url.replace("&amp;", "&"))
            for url, target, count in re.findall(r'<a href="([^"]+)" class="breach-(\w+)">(\d+) keer', section)
        }
        assert set(missed) == {"response", "resolution"}
        assert missed["response"][0] == 1
        assert references_listed(client, missed["response"][1]) == {late.reference}
        assert "Norm overschreden voor reactie" in client.get(missed["response"][1]).content.decode()
        assert missed["resolution"][0] == 2
        assert references_listed(client, missed["resolution"][1]) == {late.reference, two_majors["app"].reference}


def test_the_stored_figures_serve_for_five_minutes_then_the_request_counts_again(client, demo_user, at):
    client.force_login(demo_user("vws"))
    with at(2026, 3, 25, 10, 0):
        assert not LiveFigures.objects.exists()
        page = client.get("/dashboard/").content.decode()  # none stored yet: counted in the request
        assert p1_newest_cell(page)[0] == 0
        assert LiveFigures.objects.filter(service=None).exists()
    with at(2026, 3, 25, 10, 1):
        major(demo_user, "ios-app", "dictu", "App crasht")
    with at(2026, 3, 25, 10, 4):
        page = client.get("/dashboard/").content.decode()
        assert p1_newest_cell(page)[0] == 0
        assert "Stand van 10:00" in page
    with at(2026, 3, 25, 10, 6):
        page = client.get("/dashboard/").content.decode()
        assert p1_newest_cell(page)[0] == 1
        assert "Stand van 10:06" in page


def test_while_one_request_recounts_stale_figures_the_others_show_them_with_their_time(client, demo_user, at):
    client.force_login(demo_user("vws"))
    with at(2026, 3, 25, 10, 0):
        client.get("/dashboard/")
    with at(2026, 3, 25, 10, 1):
        major(demo_user, "ios-app", "dictu", "App crasht")
    with at(2026, 3, 25, 10, 6):
        cache.add("live-figures-recompute:chain", True)  # another request is recounting the chain
        page = client.get("/dashboard/").content.decode()
        assert p1_newest_cell(page)[0] == 0
        assert "Stand van 10:00" in page
        cache.delete("live-figures-recompute:chain")  # it finished (or died: the lock expires after a minute)
        page = client.get("/dashboard/").content.decode()
        assert p1_newest_cell(page)[0] == 1
        assert "Stand van 10:06" in page


def test_an_operator_reads_no_figure_beyond_the_records_she_sees(client, demo_user, two_majors, at):
    with at(2026, 3, 25, 10, 0):
        website = major(demo_user, "website", "websitepartij", "Website plat", operator="website")
        ChangeFactory(actor=demo_user("cibg"), submit=False, title="Concept van CIBG")
    with at(2026, 3, 25, 18, 0):
        services.incident_resolve(
            actor=demo_user("website"), incident=website, resolution_code="fixed", resolution="Herstart"
        )
        live_figures_refresh_all()
        dictu = demo_user("dictu")
        client.force_login(dictu)
        page = client.get("/dashboard/").content.decode()
        assert majors_listed(page) == {two_majors["app"].reference}
        assert 'id="open-by-priority"' not in page  # the chain's open incidents count records outside her view
        assert 'class="pipeline"' not in page
        assert set(breach_links(page)) <= {"DICTU AppLoket"}
        shown = set(re.findall(r"INC-\d{4}-\d+", page))
        assert shown <= set(Incident.objects.visible_to(dictu).values_list("reference", flat=True))

        client.force_login(demo_user("vws"))
        assert "Concept:" not in client.get("/dashboard/").content.decode()  # another party's draft
        client.force_login(demo_user("cibg"))
        assert "Concept: 1" in client.get("/dashboard/").content.decode()


def test_the_task_refreshes_the_chain_and_every_service(demo_user, at):
    with at(2026, 3, 25, 10, 0):
        major(demo_user, "o2-applicatie", "cibg", "Dossiers onbereikbaar")
    with at(2026, 3, 25, 10, 1):
        assert refresh_live_figures() == 1 + Service.objects.count()
    rows = {row.service.slug if row.service else None: row for row in LiveFigures.objects.select_related("service")}
    assert set(rows) == {None, *Service.objects.values_list("slug", flat=True)}
    assert {row.computed_at for row in rows.values()} == {local(2026, 3, 25, 10, 1)}
    assert rows[None].figures["open"]["P1"]["lt1d"] == 1
    assert rows["oplossing-ii"].figures["open"]["P1"]["lt1d"] == 1
    assert rows["coronamelder"].figures["open"]["P1"]["lt1d"] == 0
