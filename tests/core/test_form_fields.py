"""Forms shown again with errors: a summary at the top linking to each field in error, specific wording,
help texts and errors linked to their field (radio groups through their fieldset), and no blank change type."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from changes import services as change_services
from incidents import services as incident_services
from parties.models import Component, Party
from tests.browser.conftest import REPO_ROOT
from tests.factories import sent_for_approval


@pytest.fixture
def file_incident_for_page(demo_user):
    """An incident the Product Owner can work and a change awaiting its decision: pages full of action forms."""
    component = Component.objects.get(slug="infrastructuur")
    incident = incident_services.incident_file(
        actor=demo_user("ggd"), title="Traag", description="", component=component, impact="low", urgency="low"
    )
    start = timezone.now() + timedelta(days=30)
    change = change_services.change_create(
        actor=demo_user("kpn"),
        requesting_party=Party.objects.get(slug="kpn"),
        components=[component],
        submit=True,
        change_type="normal",
        title="Patch",
        motivation="Nodig",
        implementation_plan="Per node",
        rollback_plan="Terug",
        test_evidence="Getest",
        proposed_start=start,
        proposed_end=start + timedelta(hours=1),
    )
    change = sent_for_approval(change)
    return incident, change


def _ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def _described_by(page: str) -> set[str]:
    return {ref for refs in re.findall(r'aria-describedby="([^"]+)"', page) for ref in refs.split()}


def test_the_incident_form_summarises_errors_with_links_to_the_fields(client, demo_user):
    client.force_login(demo_user("ggd"))
    response = client.post(reverse("incidents:incident_file"), {"title": "", "description": ""})

    page = response.content.decode()
    assert response.status_code == 200
    summary = page[page.index("data-error-summary") : page.index("</ul>", page.index("data-error-summary"))]
    assert "4 punten moeten anders" in summary
    assert 'href="#id_title"' in summary
    assert "Beschrijf in één zin wat er aan de hand is." in summary
    assert 'href="#id_component"' in summary
    assert "Kies het onderdeel waar het misgaat." in summary
    assert 'href="#id_impact_0"' in summary
    assert "Kies hoeveel mensen het merken." in summary
    assert 'href="#id_urgency_0"' in summary
    assert "js/error-summary.js" in page
    assert "<script>" not in page  # no inline script under the strict CSP
    assert set(re.findall(r'href="#([^"]+)"', summary)) <= _ids(page)


def test_every_aria_describedby_points_to_an_element(client, demo_user):
    client.force_login(demo_user("ggd"))
    page = client.post(reverse("incidents:incident_file"), {"title": ""}).content.decode()
    assert "id_title_helptext" in _described_by(page)
    assert _described_by(page) <= _ids(page)
    assert re.search(r'<fieldset aria-describedby="id_impact_error" aria-invalid="true">', page)


def test_the_change_form_has_no_blank_change_type_and_specific_errors(client, demo_user):
    client.force_login(demo_user("kpn"))
    page = client.get(reverse("changes:changerequest_create")).content.decode()
    assert 'name="change_type" value=""' not in page
    assert 'id="id_change_type_0"' in page

    response = client.post(reverse("changes:changerequest_create"), {"change_type": "normal"})
    page = response.content.decode()
    assert "Geef de wijziging een titel." in page
    assert "Kies ten minste één onderdeel dat de wijziging raakt." in page
    assert 'href="#id_components_0"' in page
    assert _described_by(page) <= _ids(page)


def test_the_script_is_a_static_file():
    assert (REPO_ROOT / "static" / "js" / "error-summary.js").exists()


def test_the_pages_with_action_forms_describe_only_existing_elements(client, demo_user, file_incident_for_page):
    incident, change = file_incident_for_page
    client.force_login(demo_user("po"))
    for url in (
        reverse("incidents:incident_detail", kwargs={"reference": incident.reference}),
        reverse("changes:changerequest_detail", kwargs={"pk": change.pk}),
    ):
        page = client.get(url).content.decode()
        assert _described_by(page) <= _ids(page), url
