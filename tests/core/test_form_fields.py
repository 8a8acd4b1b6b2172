"""Forms shown again with errors: a summary at the top linking to each field in error, specific wording,
help texts and errors linked to their field (radio groups through their fieldset), and no blank change type."""

import re

from django.urls import reverse

from tests.browser.conftest import REPO_ROOT


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
