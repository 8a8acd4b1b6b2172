import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parties import services
from parties.models import Agreement, Component, Party, PartyKind, Role, ServiceCalendar
from tests.factories import (
    AgreementFactory,
    ComponentFactory,
    PartyFactory,
    RoleAssignmentFactory,
    UserFactory,
)


def agreement_pk(reference):
    return Agreement.objects.get(reference=reference).pk


def calendar_pk(name="Kantooruren NL"):
    return ServiceCalendar.objects.get(name=name).pk


PAGES = {
    "home": lambda: reverse("home"),
    "party list": lambda: reverse("parties:party_list"),
    "party detail": lambda: reverse("parties:party_detail", args=["kpn"]),
    "component list": lambda: reverse("parties:component_list"),
    "component detail": lambda: reverse("parties:component_detail", args=["hsm"]),
    "responsibility matrix": lambda: reverse("parties:responsibility_matrix"),
    "agreement list": lambda: reverse("parties:agreement_list"),
    "agreement detail": lambda: reverse("parties:agreement_detail", args=[agreement_pk("UC-CIBG-KPN")]),
    "calendar detail": lambda: reverse("parties:calendar_detail", args=[calendar_pk()]),
}


def matrix_cells(html, component_name):
    """The operating, hosting, monitoring and agreement cells of a component's row in the matrix."""
    table = re.search(r'<table class="table" id="responsibility-matrix">(.*?)</table>', html, re.S)
    assert table, "no responsibility matrix on the page"
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S):
        if f">{component_name}</a>" in row:
            return re.findall(r"<td>(.*?)</td>", row, re.S)
    return None


def matrix_components(html):
    table = re.search(r'<table class="table" id="responsibility-matrix">(.*?)</table>', html, re.S)
    return re.findall(r'<a href="/components/([^/]+)/">', table.group(1))


def party_link(slug):
    return f'href="/parties/{slug}/"'


# --- who may open which page ------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(demo_chain, client, page):
    url = PAGES[page]()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("username", ["po", "vws", "kpn"])
@pytest.mark.parametrize("page", PAGES)
def test_chain_members_can_open_every_page(demo_user, client, username, page):
    client.force_login(demo_user(username))

    assert client.get(PAGES[page]()).status_code == 200


@pytest.mark.parametrize("page", ["component detail", "agreement detail", "calendar detail", "party detail"])
def test_a_reporter_gets_404_for_the_chains_records(demo_user, client, page):
    client.force_login(demo_user("ggd"))

    assert client.get(PAGES[page]()).status_code == 404


def test_a_reporter_sees_its_own_party_but_nothing_of_the_chain(demo_user, client):
    client.force_login(demo_user("ggd"))

    own = client.get(reverse("parties:party_detail", args=["ggd-ghor"]))
    parties = client.get(reverse("parties:party_list")).content.decode()
    components = client.get(reverse("parties:component_list")).content.decode()
    agreements = client.get(reverse("parties:agreement_list")).content.decode()

    assert own.status_code == 200
    assert party_link("ggd-ghor") in parties
    assert party_link("cibg") not in parties
    assert matrix_components(components) == []
    assert "UC-CIBG-KPN" not in agreements
    assert "SLA-VWS-CIBG" not in agreements


def test_a_reporter_reads_its_partys_history_without_the_names_of_the_chains_people(demo_user, client):
    ggd_ghor = Party.objects.get(slug="ggd-ghor")
    services.party_save(
        actor=demo_user("beheerder"), reason="Omschrijving bijgewerkt", party=ggd_ghor, description="Nieuw"
    )
    url = reverse("parties:party_detail", args=["ggd-ghor"])

    client.force_login(demo_user("ggd"))
    history = client.get(url).content.decode().split('id="history-heading"')[1]
    assert "Bram Eekhof" not in history
    assert "de keten" in history
    assert "Omschrijving bijgewerkt" in history

    client.force_login(demo_user("po"))
    assert "Bram Eekhof" in client.get(url).content.decode().split('id="history-heading"')[1]


def test_an_operator_gets_404_for_an_agreement_outside_its_chain(demo_user, client):
    client.force_login(demo_user("kpn"))

    assert client.get(reverse("parties:agreement_detail", args=[agreement_pk("UC-CIBG-DICTU")])).status_code == 404
    assert client.get(reverse("parties:agreement_detail", args=[agreement_pk("SLA-VWS-CIBG")])).status_code == 404


def test_the_agreement_list_shows_an_operator_only_its_own_agreements(demo_user, client):
    client.force_login(demo_user("kpn"))

    html = client.get(reverse("parties:agreement_list")).content.decode()

    assert "UC-CIBG-KPN" in html
    assert "UC-CIBG-DICTU" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/parties/does-not-exist/",
        "/components/does-not-exist/",
        "/agreements/999999/",
        "/calendars/999999/",
    ],
)
def test_unknown_records_answer_404(demo_user, client, url):
    client.force_login(demo_user("po"))

    assert client.get(url).status_code == 404


# --- the responsibility matrix as of a date ----------------------------------------------------------


def test_the_matrix_as_of_january_2021_shows_kdnv_monitoring_the_website(demo_user, client):
    client.force_login(demo_user("po"))

    html = client.get(reverse("parties:responsibility_matrix"), {"as_of": "2021-01-15"}).content.decode()

    operating, hosting, monitoring, _agreements = matrix_cells(html, "Website coronamelder.nl")
    assert party_link("websitepartij") in operating
    assert party_link("bits-of-freedom") in hosting
    assert party_link("kdnv") in monitoring
    assert "15 januari 2021" in html


def test_the_matrix_today_shows_the_website_security_party(demo_user, client):
    client.force_login(demo_user("po"))

    html = client.get(reverse("parties:responsibility_matrix")).content.decode()

    _operating, _hosting, monitoring, agreements = matrix_cells(html, "Website coronamelder.nl")
    assert party_link("securitypartij") in monitoring
    assert party_link("kdnv") not in monitoring
    assert "UC-CIBG-SECURITY" in agreements


def test_the_matrix_before_the_transition_shows_no_components(demo_user, client):
    client.force_login(demo_user("po"))

    html = client.get(reverse("parties:responsibility_matrix"), {"as_of": "2019-01-01"}).content.decode()

    assert matrix_components(html) == []
    assert "Geen componenten op die datum." in html
    assert "Geen roltoewijzingen op die datum." in html


def test_the_component_list_as_of_a_date_shows_the_components_of_then(demo_user, client):
    client.force_login(demo_user("po"))
    services.component_save(
        actor=demo_user("architect"),
        reason="Nieuw onderdeel",
        name="Verificatieservice",
        slug="verificatie",
        public_name="Verificatie",
        operating_party=Party.objects.get(slug="kpn"),
    )

    today = matrix_components(client.get(reverse("parties:component_list")).content.decode())
    then = matrix_components(client.get(reverse("parties:component_list"), {"as_of": "2021-01-15"}).content.decode())

    assert "verificatie" in today
    assert "verificatie" not in then
    assert set(then) == set(today) - {"verificatie"}


def test_a_retired_component_leaves_the_matrix_today_and_as_of_today(demo_user, client):
    services.component_save(
        actor=demo_user("architect"),
        reason="Uitgefaseerd",
        component=Component.objects.get(slug="ggd-portaal"),
        is_active=False,
    )
    client.force_login(demo_user("po"))
    url = reverse("parties:responsibility_matrix")

    today = matrix_components(client.get(url).content.decode())
    as_of_today = matrix_components(client.get(url, {"as_of": timezone.localdate().isoformat()}).content.decode())
    back_then = matrix_components(client.get(url, {"as_of": "2021-01-15"}).content.decode())

    assert "ggd-portaal" not in today
    assert as_of_today == today
    assert "ggd-portaal" in back_then


def test_an_invalid_as_of_date_shows_an_error_and_today(demo_user, client):
    client.force_login(demo_user("po"))

    response = client.get(reverse("parties:responsibility_matrix"), {"as_of": "2021-13-45"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Geen geldige datum; de huidige stand wordt getoond." in html
    _operating, _hosting, monitoring, _agreements = matrix_cells(html, "Website coronamelder.nl")
    assert party_link("securitypartij") in monitoring


def test_a_future_as_of_date_shows_a_warning_and_today(demo_user, client):
    client.force_login(demo_user("po"))
    tomorrow = timezone.localdate() + timedelta(days=1)

    html = client.get(reverse("parties:responsibility_matrix"), {"as_of": tomorrow.isoformat()}).content.decode()

    assert "Een datum in de toekomst toont de huidige stand." in html
    _operating, _hosting, monitoring, _agreements = matrix_cells(html, "Website coronamelder.nl")
    assert party_link("securitypartij") in monitoring


def test_the_party_page_as_of_a_date_shows_what_it_monitored_then(demo_user, client):
    client.force_login(demo_user("po"))
    url = reverse("parties:party_detail", args=["kdnv"])

    then = client.get(url, {"as_of": "2021-01-15"}).content.decode()
    today = client.get(url).content.decode()

    assert 'href="/components/website/"' in then
    assert 'href="/components/website/"' not in today


def test_the_party_page_before_the_party_existed_says_so(demo_user, client):
    client.force_login(demo_user("po"))

    html = client.get(reverse("parties:party_detail", args=["kpn"]), {"as_of": "2019-06-01"}).content.decode()

    assert "Deze partij bestond op die datum nog niet in het register." in html


# --- history on detail pages -----------------------------------------------------------------------


def test_the_party_page_shows_who_changed_it_and_why(demo_user, client):
    kpn = Party.objects.get(slug="kpn")
    services.party_save(
        actor=demo_user("architect"), reason="Contactgegevens na ketenoverleg", party=kpn, description="Hosting"
    )
    client.force_login(demo_user("vws"))

    html = client.get(reverse("parties:party_detail", args=["kpn"])).content.decode()

    history = html[html.index('id="history-heading"') :]
    assert "Sander Aalbers" in history
    assert "Contactgegevens na ketenoverleg" in history
    assert "Bram Eekhof" in history  # who created it, for the demo
    assert "Demo-gegevens: keten CoronaMelder" in history


def test_the_component_page_shows_the_handover_with_party_names(demo_user, client):
    client.force_login(demo_user("po"))

    html = client.get(reverse("parties:component_detail", args=["website"])).content.decode()

    history = html[html.index('id="history-heading"') :]
    assert "Securitymonitoring van de website overgedragen aan de eigen securitypartij" in history
    assert "Bram Eekhof" in history
    assert "KDNV → Securitypartij website (naam onbekend)" in history


def test_the_agreement_page_shows_who_changed_it_and_why(demo_user, client):
    agreement = Agreement.objects.get(reference="UC-CIBG-KPN")
    covered = [*agreement.components.exclude(slug="hsm")]
    services.agreement_save(
        actor=demo_user("po"),
        reason="HSM naar JustID",
        agreement=agreement,
        components=covered,
        targets=[{"priority": "P2", "response_minutes": 30, "resolution_minutes": 600}],
    )
    client.force_login(demo_user("kpn"))

    html = client.get(reverse("parties:agreement_detail", args=[agreement.pk])).content.decode()

    history = html[html.index('id="history-heading"') :]
    assert "Petra Oosterhout" in history
    assert history.count("HSM naar JustID") == 2  # the agreement and its P2 target
    change = re.search(r"<strong>componenten</strong>: ([^<]*)</li>", history)
    before, after = change.group(1).split(" → ")
    assert "HSM-implementatie en certificaten" in before
    assert "HSM-implementatie en certificaten" not in after
    assert "Backend-software" in after


def test_the_calendar_page_shows_who_changed_it_and_why(demo_user, client):
    calendar = ServiceCalendar.objects.get(name="Kantooruren NL")
    services.calendar_save(
        actor=demo_user("architect"), reason="Kerstsluiting", calendar=calendar, extra_closed_days=["2025-12-24"]
    )
    client.force_login(demo_user("kdnv"))

    html = client.get(reverse("parties:calendar_detail", args=[calendar.pk])).content.decode()

    history = html[html.index('id="history-heading"') :]
    assert "Sander Aalbers" in history
    assert "Kerstsluiting" in history
    assert "2025-12-24" in html


# --- language ---------------------------------------------------------------------------------------


def test_switching_the_language_to_english(demo_user, client):
    client.force_login(demo_user("po"))
    assert '<html lang="nl">' in client.get(reverse("parties:party_list")).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("parties:party_list")})

    assert response.status_code == 302
    assert response["Location"] == reverse("parties:party_list")
    assert '<html lang="en">' in client.get(reverse("parties:party_list")).content.decode()


# --- list pages do not grow their queries with the data ------------------------------------------------


def more_components_and_agreements(numbers):
    """Per number a subcontractor of KPN, a component it hosts and its UC with KPN."""
    kpn, cibg = Party.objects.get(slug="kpn"), Party.objects.get(slug="cibg")
    calendar = ServiceCalendar.objects.get(name="Kantooruren NL")
    for number in numbers:
        sub = PartyFactory(name=f"Onderaannemer {number}", slug=f"onder-{number}", kind=PartyKind.HOSTING, parent=kpn)
        component = ComponentFactory(
            name=f"Extra component {number}",
            slug=f"extra-{number}",
            operating_party=kpn,
            hosting_party=sub,
            monitoring_party=cibg,
        )
        AgreementFactory(
            reference=f"UC-EXTRA-{number}",
            provider=sub,
            customer=kpn,
            calendar=calendar,
            valid_from=date(2020, 1, 1),
            components=[component],
        )
        RoleAssignmentFactory(
            user=UserFactory(username=f"onder-{number}", first_name="Medewerker", last_name=f"Onder {number}"),
            party=sub,
            role=Role.OPERATOR,
            valid_from=date(2020, 1, 1),
        )


GROWS = {
    "party list": "Onderaannemer 20",
    "component list": "Extra component 20",
    "responsibility matrix": "Medewerker Onder 20",
    "agreement list": "UC-EXTRA-20",
    "home": None,
}


@pytest.mark.parametrize("username", ["po", "kpn"])
@pytest.mark.parametrize("page", GROWS)
def test_list_pages_use_a_fixed_number_of_queries(demo_user, client, django_assert_max_num_queries, page, username):
    client.force_login(demo_user(username))
    url = PAGES[page]()
    more_components_and_agreements([0])  # the small set already has a subcontractor below KPN

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    more_components_and_agreements(range(1, 21))
    with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert response.status_code == 200
    assert len(large) == len(small)
    if GROWS[page]:
        assert GROWS[page] in response.content.decode()


def test_the_matrix_as_of_a_date_uses_a_fixed_number_of_queries(demo_user, client, django_assert_max_num_queries):
    client.force_login(demo_user("po"))
    url = PAGES["responsibility matrix"]()
    as_of = {"as_of": timezone.localdate().isoformat()}
    more_components_and_agreements([0])

    client.get(url, as_of)  # the service catalogue, dropped by the writes, is read back once
    with CaptureQueriesContext(connection) as small:
        client.get(url, as_of)
    more_components_and_agreements(range(1, 21))
    client.get(url, as_of)
    with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as large:
        html = client.get(url, as_of).content.decode()

    assert "Extra component 20" in html
    assert "Medewerker Onder 20" in html
    assert len(large) == len(small)
