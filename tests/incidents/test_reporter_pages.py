"""The reporter's own pages: "Mijn meldingen" with plain filters and what waits for her on top, and her incident
page saying in plain words when it should be resolved and when a resolution closes by itself."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from incidents import services
from incidents.models import Incident, Status
from parties.models import Component
from tests.factories import IncidentFactory
from tests.pages import page_html

LIST_URL = reverse("incidents:incident_list")
BAD_FILTER = "Een of meer filters zijn ongeldig en zijn genegeerd."


def detail(incident):
    return reverse("incidents:incident_detail", args=[incident.reference])


def listed(response):
    return [incident.reference for incident in response.context["page"]]


def day(instant) -> str:
    return formats.date_format(timezone.localtime(instant), "l j F")


def row_of(page: str, incident) -> str:
    match = re.search(rf"<tr[^>]*>\s*<td><a href=\"[^\"]+\">{incident.reference}</a>.*?</tr>", page, re.S)
    assert match, incident.reference
    return match.group(0)


@pytest.fixture
def her_incidents(demo_user, at):
    """Filed on a Monday morning, in this order: one closed, one with a question for her, one resolved, one
    untouched (P4, on the iPhone app rather than the HSM)."""
    cibg, ggd = demo_user("cibg"), demo_user("ggd")
    with at(2026, 3, 2, 9, 0):
        closed = IncidentFactory(actor=ggd, title="Oude cijfers", assigned_to="cibg", acknowledged=True)
        closed = services.incident_resolve(actor=cibg, incident=closed, resolution_code="fixed", resolution="Klaar")
        closed = services.incident_confirm(actor=ggd, incident=closed)
    with at(2026, 3, 2, 9, 10):
        question = IncidentFactory(actor=ggd, title="Codes komen niet aan", assigned_to="cibg", acknowledged=True)
        question = services.incident_hold(
            actor=cibg, incident=question, waiting_for="reporter", waiting_for_party=None, reason="Welke regio?"
        )
    with at(2026, 3, 2, 9, 20):
        resolved = IncidentFactory(actor=ggd, title="Portaal traag", assigned_to="cibg", acknowledged=True)
        resolved = services.incident_resolve(
            actor=cibg, incident=resolved, resolution_code="configuration", resolution="Cache vergroot"
        )
    with at(2026, 3, 2, 9, 30):
        quiet = IncidentFactory(
            actor=ggd,
            title="Logo onscherp",
            impact="low",
            urgency="low",
            component=Component.objects.get(slug="ios-app"),
        )
    return {"closed": closed, "question": question, "resolved": resolved, "quiet": quiet}


def references(incidents, *names):
    return [incidents[name].reference for name in names]


def test_her_list_shows_what_waits_for_her_first_then_the_open_then_the_finished(client, demo_user, her_incidents):
    client.force_login(demo_user("ggd"))
    response = client.get(LIST_URL)

    assert listed(response) == references(her_incidents, "resolved", "question", "quiet", "closed")
    page = page_html(response)
    assert '<span class="flag">Graag uw bevestiging</span>' in row_of(page, her_incidents["resolved"])
    assert '<span class="flag">Wacht op uw antwoord</span>' in row_of(page, her_incidents["question"])
    for name in ("quiet", "closed"):
        assert 'class="flag"' not in row_of(page, her_incidents[name])
    oldest_first = listed(client.get(LIST_URL, {"sort": "oldest"}))
    assert oldest_first == references(her_incidents, "question", "resolved", "quiet", "closed")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"shown": "open"}, ("question", "quiet")),
        ({"shown": "done"}, ("resolved", "closed")),
        ({"shown": "all"}, ("resolved", "question", "quiet", "closed")),
        ({"component": "ios-app"}, ("quiet",)),
        ({"shown": "done", "component": "hsm"}, ("resolved", "closed")),
        ({"priority": "P4"}, ("quiet",)),
        ({"shown": "open", "sort": "priority"}, ("question", "quiet")),
    ],
)
def test_her_plain_filters_narrow_the_list(client, demo_user, her_incidents, query, expected):
    client.force_login(demo_user("ggd"))
    response = client.get(LIST_URL, query)

    assert BAD_FILTER not in page_html(response)
    assert listed(response) == references(her_incidents, *expected)


def test_her_filters_are_choices_in_plain_words(client, demo_user, her_incidents):
    client.force_login(demo_user("ggd"))
    page = page_html(client.get(LIST_URL))
    form = page[page.index('<form method="get"') : page.index("</form>", page.index('<form method="get"'))]

    assert "multiple" not in form
    assert "Onbekend" not in form
    assert 'name="status"' not in form
    assert 'name="ordering"' not in form
    for value, label in (("open", "Open"), ("done", "Afgerond"), ("all", "Alle")):
        assert re.search(rf'<input type="radio" name="shown" value="{value}"[^>]*>\s*{label}</label>', form)
    sort = re.search(r'<select name="sort".*?</select>', form, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]+)</option>", sort) == [
        "Nieuwste eerst",
        "Oudste eerst",
        "Hoogste prioriteit eerst",
    ]
    component = re.search(r'<select name="component".*?</select>', form, re.S).group(0)
    assert '<option value="hsm">Beveiligde sleutels en certificaten</option>' in component
    assert '<input type="text" name="component"' not in form


@pytest.mark.parametrize("query", [{"shown": "kapot"}, {"sort": "due_at"}, {"component": "geen-onderdeel"}])
def test_an_unknown_choice_is_reported_and_the_whole_list_shown_in_her_order(client, demo_user, her_incidents, query):
    client.force_login(demo_user("ggd"))
    response = client.get(LIST_URL, query)

    assert response.status_code == 200
    assert BAD_FILTER in page_html(response)
    assert listed(response) == references(her_incidents, "resolved", "question", "quiet", "closed")


def test_her_list_needs_few_queries(client, demo_user, her_incidents, django_assert_max_num_queries):
    client.force_login(demo_user("ggd"))
    client.get(LIST_URL)
    with django_assert_max_num_queries(10):
        assert client.get(LIST_URL, {"shown": "all", "sort": "newest"}).status_code == 200


# --- her incident page --------------------------------------------------------------------------------------


def test_she_reads_the_day_it_should_be_resolved_and_nothing_of_the_clock(client, demo_user, file_incident, at):
    with at(2026, 3, 2, 10, 0):
        incident = file_incident(impact="medium", urgency="medium")
    client.force_login(demo_user("ggd"))
    due = incident.due_at
    assert due is not None

    with at(2026, 3, 2, 10, 5):
        page = page_html(client.get(detail(incident)))
    assert f"We verwachten dit uiterlijk {day(due)} opgelost te hebben." in page
    outlook = re.search(r'<p class="outlook" id="outlook">(.*?)</p>', page, re.S).group(1)
    assert not re.search(r"\d{1,2}:\d{2}", outlook)  # a day, not the instant of the norm
    for secret in ("Norm", "norm", "SLA", "klok", "Oplossen vóór"):
        assert secret not in page, secret

    # Once that day has gone by, the page does not show a date in the past (which would say the norm was missed).
    later = timezone.localtime(due) + timedelta(days=1)
    with at(later.year, later.month, later.day, 10, 0):
        page = page_html(client.get(detail(incident)))
    assert "We verwachten dit uiterlijk" not in page
    assert "We werken aan een oplossing." in page


def test_while_a_question_waits_for_her_she_reads_that_we_go_on_after_her_answer(client, demo_user, her_incidents):
    client.force_login(demo_user("ggd"))
    page = page_html(client.get(detail(her_incidents["question"])))

    assert "We werken verder zodra u onze vraag hieronder heeft beantwoord." in page
    assert "We verwachten dit uiterlijk" not in page


def test_a_resolution_says_the_day_it_closes_by_itself_and_closes_then(client, demo_user, her_incidents, at):
    resolved = her_incidents["resolved"]
    closes_at = services.auto_close_at(resolved)
    client.force_login(demo_user("ggd"))
    page = page_html(client.get(detail(resolved)))

    assert (
        f"Reageert u niet, dan sluit deze melding vanzelf op {day(closes_at)}, vijf werkdagen na de oplossing." in page
    )
    assert 'id="outlook"' not in page  # no expected day once it is resolved
    assert re.search(r'<button type="submit" class="button">Ja, het werkt weer</button>', page)
    assert re.search(r'<button type="submit" class="button button--secondary">Nee, heropen het incident</button>', page)
    assert '<label for="id_reopen-reason">Wat gaat er nog mis?</label>' in page
    # The product closes it on that day (the hourly task), not a day earlier.
    before = timezone.localtime(closes_at)
    with at(before.year, before.month, before.day, 0, 0):
        assert services.auto_close_resolved() == []
    with at(before.year, before.month, before.day, 23, 0):
        assert services.auto_close_resolved() == [resolved.reference]
    assert Incident.objects.get(pk=resolved.pk).status == Status.CLOSED


def test_she_reopens_with_what_still_goes_wrong(client, demo_user, her_incidents):
    resolved = her_incidents["resolved"]
    client.force_login(demo_user("ggd"))
    url = reverse("incidents:incident_action", args=[resolved.reference, "reopen"])

    client.post(url, {"reopen-version": resolved.version, "reopen-reason": "Nog steeds traag"})

    assert Incident.objects.get(pk=resolved.pk).status == Status.REOPENED


def test_her_page_has_no_actions_heading_and_the_chain_keeps_its_own(client, demo_user, her_incidents):
    incident = her_incidents["quiet"]
    client.force_login(demo_user("ggd"))
    page = page_html(client.get(detail(incident)))
    assert 'id="actions-heading"' not in page
    assert '<h2 id="reply-heading">Iets toevoegen aan uw melding</h2>' in page

    client.force_login(demo_user("cibg"))
    page = page_html(client.get(detail(incident)))
    assert '<h2 id="actions-heading">Acties</h2>' in page
    assert 'id="outlook"' not in page
