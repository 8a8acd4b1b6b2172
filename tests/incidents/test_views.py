"""The incident pages as reporters, operators and viewers use them."""

import re

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.durations import format_duration
from incidents import services
from incidents.models import ATTACHMENT_MAX_BYTES, HoldPeriod, Incident, IncidentAttachment, Status
from tests.pages import page_html
from tests.timetravel import local

FILE_URL = reverse("incidents:incident_file")
LIST_URL = reverse("incidents:incident_list")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CONFLICT = "Iemand anders heeft dit record intussen gewijzigd"
BAD_FILTER = "Een of meer filters zijn ongeldig en zijn genegeerd."


@pytest.fixture(autouse=True)
def monday_morning():
    """A working Monday, so due times and references are the same on every run."""
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=True):
        yield


def detail(incident):
    return reverse("incidents:incident_detail", args=[incident.reference])


def action(incident, name):
    return reverse("incidents:incident_action", args=[incident.reference, name])


def attachment_url(attachment):
    return reverse("incidents:attachment", args=[attachment.incident.reference, attachment.pk])


def fresh(incident):
    return Incident.objects.get(pk=incident.pk)


def login(client, demo_user, username):
    client.force_login(demo_user(username))
    return client


def listed(response):
    return [incident.reference for incident in response.context["page"]]


def filing_data(component_of, **overrides):
    return {
        "title": "Inloggen op het GGD-portaal lukt niet",
        "component": component_of("ggd-portaal").pk,
        "impact": "medium",
        "urgency": "high",
        "description": "Sinds 9 uur krijgt niemand in onze regio een code.",
        **overrides,
    }


# --- filing -------------------------------------------------------------------------------------


def test_reporter_files_an_incident_and_sees_its_reference(client, demo_user, component):
    login(client, demo_user, "ggd")
    form = client.get(FILE_URL)
    assert form.status_code == 200
    assert "GGD-portaal" in page_html(form)

    response = client.post(FILE_URL, filing_data(component))

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response.url == detail(incident)
    assert incident.reference == "INC-2026-000001"
    assert (incident.priority, incident.reporter_party.slug, incident.reported_by.username) == ("P2", "ggd-ghor", "ggd")
    page = client.get(response.url)
    assert f"Uw melding is ontvangen onder kenmerk {incident.reference}" in page_html(page)


def test_invalid_filing_shows_field_errors_and_creates_nothing(client, demo_user, component):
    login(client, demo_user, "ggd")

    response = client.post(FILE_URL, filing_data(component, title="", component=987654, impact="huge"))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "component", "impact"}
    assert page_html(response).count('class="field-error"') == 3
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("installer.exe", 100, "installer.exe: alleen png, jpg, jpeg, pdf, txt, log, csv zijn toegestaan."),
        ("scherm.png", ATTACHMENT_MAX_BYTES + 1, "scherm.png is groter dan 5 MB."),
    ],
)
def test_forbidden_or_too_large_attachment_is_refused(client, demo_user, component, name, size, message):
    login(client, demo_user, "ggd")
    upload = SimpleUploadedFile(name, b"x" * size, content_type="application/octet-stream")

    response = client.post(FILE_URL, {**filing_data(component), "attachments": [upload]})

    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [message]
    assert message in page_html(response)
    assert not Incident.objects.exists()
    assert not IncidentAttachment.objects.exists()


def test_attachment_is_downloadable_by_reporter_and_assigned_operator_but_internal_files_are_not_for_the_reporter(
    client, demo_user, component, route
):
    login(client, demo_user, "ggd")
    screenshot = SimpleUploadedFile("foutmelding.png", PNG, content_type="image/png")
    client.post(FILE_URL, {**filing_data(component, component=component("hsm").pk), "attachments": [screenshot]})
    incident = Incident.objects.get()
    attachment = incident.attachments.get()
    assert (attachment.original_name, attachment.size, attachment.content_type) == (
        "foutmelding.png",
        len(PNG),
        "image/png",
    )

    download = client.get(attachment_url(attachment))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert "foutmelding.png" in download["Content-Disposition"]

    incident = route(incident, "justid")
    services.incident_reply(
        actor=demo_user("justid"),
        incident=incident,
        body="Log van de HSM bijgevoegd",
        visibility="internal",
        attachments=[SimpleUploadedFile("hsm.log", b"ERROR cert chain", content_type="text/plain")],
    )
    internal = IncidentAttachment.objects.get(original_name="hsm.log")

    assert client.get(attachment_url(internal)).status_code == 404
    assert "hsm.log" not in page_html(client.get(detail(incident)))

    login(client, demo_user, "justid")
    assert b"".join(client.get(attachment_url(attachment)).streaming_content) == PNG
    assert b"".join(client.get(attachment_url(internal)).streaming_content) == b"ERROR cert chain"
    assert "hsm.log" in page_html(client.get(detail(incident)))

    login(client, demo_user, "dictu")  # nothing to do with the HSM
    assert client.get(attachment_url(attachment)).status_code == 404


@pytest.mark.parametrize("username", ["vws", "opdrachtgever"])
def test_read_only_users_may_not_file(client, demo_user, component, username):
    login(client, demo_user, username)
    assert client.get(FILE_URL).status_code == 403
    assert client.post(FILE_URL, filing_data(component)).status_code == 403
    assert not Incident.objects.exists()


# --- list ---------------------------------------------------------------------------------------


def test_reporter_sees_only_incidents_of_its_organisation_without_chain_columns(client, demo_user, file_incident):
    own = file_incident("ggd", "ggd-portaal", title="Portaal toont lege pagina")
    other = file_incident("cibg", "backend", title="Backend geeft foutmelding 500")

    login(client, demo_user, "ggd")
    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["scope"] == "reported"
    assert listed(response) == [own.reference]
    assert other.reference not in page_html(response)
    assert listed(client.get(LIST_URL, {"scope": "all"})) == [own.reference]
    for header in ("Bij", "Oplossen vóór", "Norm"):
        assert f'<th scope="col">{header}</th>' not in page_html(response)

    login(client, demo_user, "cibg")
    response = client.get(LIST_URL, {"scope": "all"})
    assert set(listed(response)) == {own.reference, other.reference}
    for header in ("Bij", "Oplossen vóór", "Norm"):
        assert f'<th scope="col">{header}</th>' in page_html(response)


def test_operator_queue_shows_only_incidents_assigned_to_its_party(client, demo_user, file_incident, route):
    server = route(file_incident(component_slug="infrastructuur", title="Server onbereikbaar"), "kpn")
    hsm = route(file_incident(component_slug="hsm", title="HSM reageert traag"), "justid")  # KPN hosts the HSMs
    app = file_incident(component_slug="ios-app", title="App crasht bij openen op iPhone")

    login(client, demo_user, "kpn")
    mine = client.get(LIST_URL, {"scope": "mine"})
    everything = client.get(LIST_URL, {"scope": "all"})

    assert listed(mine) == [server.reference]
    assert "Toegewezen aan mijn partij" in page_html(mine)
    assert set(listed(everything)) == {server.reference, hsm.reference}
    assert app.reference not in page_html(everything)


@pytest.fixture
def workload(demo_user, file_incident, route, at):
    """Four incidents: one breached from a month ago, then (filed in this order) P4, P3 and P1."""
    with at(2026, 2, 2, 9, 0):
        old = file_incident(component_slug="backend", title="Oud en over de norm", impact="medium", urgency="low")
    with at(2026, 3, 2, 8, 0):
        low = route(file_incident(component_slug="infrastructuur", impact="low", urgency="low"), "kpn")
        services.incident_acknowledge(actor=demo_user("kpn"), incident=low)
    with at(2026, 3, 2, 8, 10):
        medium = file_incident(component_slug="ggd-portaal", impact="medium", urgency="medium")
    with at(2026, 3, 2, 9, 25):
        major = route(file_incident(component_slug="hsm", impact="high", urgency="high"), "justid")
    with at(2026, 3, 2, 9, 30):
        services.check_sla_clocks()
    return {name: fresh(incident) for name, incident in locals().items() if isinstance(incident, Incident)}


def test_filters_and_ordering_by_due_time(client, demo_user, workload):
    old, low, medium, major = (workload[name] for name in ("old", "low", "medium", "major"))
    assert (old.breach_state, low.status, medium.status, major.priority) == ("breached", "in_progress", "new", "P1")
    login(client, demo_user, "cibg")

    def refs(**query):
        response = client.get(LIST_URL, {"scope": "all", **query})
        assert response.status_code == 200
        assert BAD_FILTER not in page_html(response)
        return listed(response)

    assert refs() == [major.reference, medium.reference, low.reference, old.reference]
    assert refs(status="new") == [medium.reference, old.reference]
    assert refs(status=["assigned", "in_progress"]) == [major.reference, low.reference]
    assert refs(priority="P1") == [major.reference]
    assert refs(component="infrastructuur") == [low.reference]
    assert refs(breach_state="breached") == [old.reference]
    assert refs(ordering="due_at") == [old.reference, major.reference, medium.reference, low.reference]
    assert refs(ordering="-due_at") == [low.reference, medium.reference, major.reference, old.reference]
    assert refs(status=["new", "in_progress"], priority="P4", ordering="-due_at") == [low.reference, old.reference]


@pytest.mark.parametrize(
    "query", [{"status": "kapot"}, {"priority": "P9"}, {"breach_state": "rood"}, {"ordering": "title"}]
)
def test_an_invalid_filter_is_reported_and_ignored(client, demo_user, workload, query):
    login(client, demo_user, "cibg")

    response = client.get(LIST_URL, {"scope": "all", **query})

    assert response.status_code == 200
    assert BAD_FILTER in page_html(response)
    assert len(listed(response)) == 4


def test_a_major_incident_is_flagged_in_list_and_page(client, demo_user, file_incident):
    major = file_incident(impact="high", urgency="high", title="Niemand kan inloggen")
    ordinary = file_incident(impact="low", urgency="medium", title="Tikfout op het portaal")

    for username in ("ggd", "cibg"):
        login(client, demo_user, username)
        page = page_html(client.get(LIST_URL))
        rows = re.findall(r'<tr( class="row--major")?>\s*<td><a href="[^"]+">(INC-[\d-]+)</a>', page)
        assert {reference: bool(flag) for flag, reference in rows} == {major.reference: True, ordinary.reference: False}
        assert page.count("Grote verstoring</span>") == 1
        assert "Grote verstoring</span>" in page_html(client.get(detail(major)))
        assert "Grote verstoring</span>" not in page_html(client.get(detail(ordinary)))


def test_the_list_page_needs_a_constant_number_of_queries(
    client, demo_user, file_incident, route, django_assert_max_num_queries
):
    slugs = ["hsm", "infrastructuur", "ggd-portaal"]
    parties = {"hsm": "justid", "infrastructuur": "kpn"}

    def add(count):
        for index in range(count):
            slug = slugs[index % 3]
            incident = file_incident(component_slug=slug, impact="high", urgency=["high", "low"][index % 2])
            if slug in parties:
                route(incident, parties[slug])

    def measure(username, query):
        login(client, demo_user, username)
        with django_assert_max_num_queries(15) as captured:
            response = client.get(LIST_URL, query)
        assert response.status_code == 200
        return len(listed(response)), len(captured)

    add(3)
    small = {user: measure(user, {"scope": "all"}) for user in ("cibg", "ggd")}
    add(27)
    large = {user: measure(user, {"scope": "all"}) for user in ("cibg", "ggd")}

    assert {user: rows for user, (rows, _queries) in small.items()} == {"cibg": 3, "ggd": 3}
    assert {user: rows for user, (rows, _queries) in large.items()} == {"cibg": 30, "ggd": 30}
    assert {user: queries for user, (_rows, queries) in small.items()} == {
        user: queries for user, (_rows, queries) in large.items()
    }


# --- detail -------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, file_incident):
    incident = file_incident()
    for url in (detail(incident), LIST_URL, FILE_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_incidents_outside_ones_part_of_the_chain_do_not_exist(client, demo_user, file_incident, route):
    internal = file_incident("cibg", "backend", title="Intern gemeld door de regie")
    hsm = route(file_incident(component_slug="hsm"), "kpn")

    login(client, demo_user, "ggd")
    assert client.get(detail(internal)).status_code == 404
    assert client.get(detail(hsm)).status_code == 200

    login(client, demo_user, "dictu")
    assert client.get(detail(hsm)).status_code == 404
    assert client.post(action(hsm, "acknowledge"), {"acknowledge-version": hsm.version}).status_code == 404

    login(client, demo_user, "kpn")
    assert client.get(detail(hsm)).status_code == 200


@pytest.fixture
def worked_incident(demo_user, file_incident, route, at):
    """Routed to JustID, answered publicly, an internal note, then passed on to KPN."""
    with at(2026, 3, 2, 9, 0):
        incident = route(file_incident(component_slug="hsm"), "justid")
    with at(2026, 3, 2, 9, 15):
        services.incident_reply(actor=demo_user("justid"), incident=incident, body="We onderzoeken het certificaat.")
        services.incident_reply(
            actor=demo_user("justid"), incident=incident, body="Geheim: HSM-partitie 3 is vol.", visibility="internal"
        )
    with at(2026, 3, 2, 9, 30):
        incident = route(incident, "kpn", reason="Oorzaak ligt bij de hosting")
    return incident


def test_reporter_page_hides_the_inside_of_the_chain(client, demo_user, worked_incident):
    login(client, demo_user, "ggd")
    response = client.get(detail(worked_incident))

    page = page_html(response)
    assert response.status_code == 200
    assert "We onderzoeken het certificaat." in page
    assert "<strong>Servicedesk</strong>" in page
    for secret in (
        "Geheim: HSM-partitie 3 is vol.",
        "KPN",
        "JustID",
        "Julia",  # the JustID operator
        "Oorzaak ligt bij de hosting",
        "SLA-VWS-CIBG",
        'id="sla-clocks"',
        'id="history-heading"',
    ):
        assert secret not in page, secret


def test_operator_page_shows_the_clocks_per_agreement_and_the_history(client, demo_user, worked_incident):
    login(client, demo_user, "kpn")
    page = page_html(client.get(detail(worked_incident)))

    assert "Geheim: HSM-partitie 3 is vol." in page
    assert 'id="history-heading"' in page
    clocks = page[page.index('id="sla-clocks"') : page.index("</table>", page.index('id="sla-clocks"'))]
    rows = re.findall(r"<th scope=\"row\" rowspan=\"2\"><a [^>]+>([^<]+)</a>.*?</tr>\s*<tr>.*?</tr>", clocks, re.S)
    assert rows == ["SLA-VWS-CIBG", "UC-CIBG-JUSTID", "UC-CIBG-KPN"]
    states = re.findall(r'class="clock clock--(\w+)"', clocks)
    # (response, resolution) per clock: the chain SLA was answered by JustID and runs on; JustID's
    # own contract stopped at the transfer; KPN's started at the transfer.
    assert states == ["met", "running", "met", "stopped", "running", "running"]
    # Each clock's targets read in the working days of the calendar it started with, not in days of 24 hours.
    office_hours = list(worked_incident.clocks.exclude(calendar_snapshot__always_open=True))
    assert office_hours
    for clock in office_hours:
        target = format_duration(clock.resolution_minutes, clock.working_day_minutes)
        assert f"oplossing ({target})" in clocks, target


# --- actions ------------------------------------------------------------------------------------


def test_operator_works_the_incident_and_the_reporter_answers_and_confirms(client, demo_user, file_incident, route):
    incident = route(file_incident(component_slug="hsm"), "justid")
    login(client, demo_user, "justid")

    response = client.post(action(incident, "acknowledge"), {"acknowledge-version": incident.version}, follow=True)
    assert response.redirect_chain == [(detail(incident), 302)]
    assert "In behandeling genomen." in page_html(response)
    incident = fresh(incident)
    assert incident.status == Status.IN_PROGRESS

    question = "Welke foutmelding ziet u precies?"
    client.post(
        action(incident, "hold"),
        {"hold-version": incident.version, "hold-waiting_for": "reporter", "hold-reason": question},
    )
    incident = fresh(incident)
    assert incident.status == Status.ON_HOLD
    assert incident.hold_periods.get().waiting_for == HoldPeriod.WaitingFor.REPORTER

    login(client, demo_user, "ggd")
    page = page_html(client.get(detail(incident)))
    assert "We hebben een vraag aan u" in page
    assert f'<p class="question">{question}</p>' in page
    response = client.post(
        action(incident, "reply"), {"reply-version": incident.version, "reply-body": "'Certificaat ongeldig'"}
    )
    assert response.status_code == 302
    incident = fresh(incident)
    assert incident.status == Status.IN_PROGRESS
    assert incident.hold_periods.get().ended_at is not None
    assert "We hebben een vraag aan u" not in page_html(client.get(detail(incident)))

    login(client, demo_user, "justid")
    assert "&#x27;Certificaat ongeldig&#x27;" in page_html(client.get(detail(incident)))
    client.post(
        action(incident, "resolve"),
        {
            "resolve-version": incident.version,
            "resolve-resolution_code": "configuration",
            "resolve-resolution": "Het certificaat is vervangen.",
        },
    )
    incident = fresh(incident)
    assert incident.status == Status.RESOLVED

    login(client, demo_user, "ggd")
    page = page_html(client.get(detail(incident)))
    assert "Is het probleem opgelost?" in page
    assert "Het certificaat is vervangen." in page
    response = client.post(action(incident, "confirm"), {"confirm-version": incident.version}, follow=True)
    assert "Bedankt voor uw bevestiging. Het incident is gesloten." in page_html(response)
    assert fresh(incident).status == Status.CLOSED


def test_an_illegal_action_is_refused_with_a_message_and_changes_nothing(client, demo_user, file_incident):
    incident = file_incident()
    history = incident.history.count()
    login(client, demo_user, "cibg")

    response = client.post(
        action(incident, "resolve"),
        {"resolve-version": incident.version, "resolve-resolution_code": "fixed", "resolve-resolution": "Klaar"},
        follow=True,
    )

    assert response.redirect_chain == [(detail(incident), 302)]
    assert "“Oplossen” kan niet wanneer de status “Nieuw” is." in page_html(response)
    after = fresh(incident)
    assert (after.status, after.version, after.history.count()) == (Status.NEW, incident.version, history)
    assert not after.clocks.filter(stopped_at__isnull=False).exists()


def test_a_stale_page_gets_a_conflict_and_changes_nothing(client, demo_user, file_incident, route):
    seen = file_incident()
    incident = route(seen, "justid")  # someone else acted after the page was loaded
    login(client, demo_user, "justid")

    response = client.post(action(incident, "acknowledge"), {"acknowledge-version": seen.version}, follow=True)

    assert CONFLICT in page_html(response)
    after = fresh(incident)
    assert (after.status, after.version) == (Status.ASSIGNED, incident.version)
    assert not after.clocks.filter(responded_at__isnull=False).exists()


def test_an_unknown_action_is_not_found(client, demo_user, file_incident):
    incident = file_incident()
    login(client, demo_user, "cibg")
    assert client.post(action(incident, "explode"), {"explode-version": incident.version}).status_code == 404
    assert fresh(incident).version == incident.version


def test_a_read_only_viewer_may_not_act(client, demo_user, file_incident, route):
    incident = route(file_incident(), "justid")
    login(client, demo_user, "vws")
    assert client.get(detail(incident)).status_code == 200

    response = client.post(action(incident, "acknowledge"), {"acknowledge-version": incident.version})

    assert (response.status_code, response["Location"]) == (302, detail(incident))
    after = fresh(incident)
    assert (after.status, after.version) == (Status.ASSIGNED, incident.version)


def test_a_reporter_cannot_find_out_through_filters_who_works_on_its_incidents(client, demo_user, file_incident, route):
    at_kpn = route(file_incident(component_slug="infrastructuur", title="Server onbereikbaar"), "kpn")
    at_justid = route(file_incident(component_slug="hsm", title="Certificaatfout"), "justid")
    both = {at_kpn.reference, at_justid.reference}

    login(client, demo_user, "ggd")
    for query in ({"assigned_party": "kpn"}, {"assigned_party": "justid"}, {"breach_state": "breached"}):
        response = client.get(LIST_URL, query)
        assert response.status_code == 200
        assert set(listed(response)) == both, query

    login(client, demo_user, "cibg")
    assert listed(client.get(LIST_URL, {"scope": "all", "assigned_party": "kpn"})) == [at_kpn.reference]


def test_a_reporter_is_not_shown_the_reference_of_an_original_it_may_not_see(client, demo_user, file_incident):
    internal = file_incident("cibg", "ggd-portaal", title="Portaal traag (monitoring)")
    own_original = file_incident(title="Portaal traag")
    first = file_incident(title="Portaal traag, collega")
    second = file_incident(title="Portaal traag, nogmaals")
    services.incident_cancel_duplicate(actor=demo_user("cibg"), incident=first, duplicate_of=own_original)
    services.incident_cancel_duplicate(actor=demo_user("cibg"), incident=second, duplicate_of=internal)

    login(client, demo_user, "ggd")
    page = page_html(client.get(detail(first)))
    assert f'<a href="{detail(own_original)}">{own_original.reference}</a>' in page
    page = page_html(client.get(detail(second)))
    assert "Dubbel van" in page
    assert internal.reference not in page
    assert client.get(detail(internal)).status_code == 404

    login(client, demo_user, "cibg")
    assert f'<a href="{detail(internal)}">{internal.reference}</a>' in page_html(client.get(detail(second)))


def test_the_list_shows_each_incident_as_typed_and_the_chain_its_state(client, demo_user, file_incident, route):
    incident = file_incident(title='Foutmelding <script>alert("x")</script> & "quotes"', impact="high", urgency="low")
    route(incident, "kpn")
    incident = fresh(incident)

    login(client, demo_user, "ggd")
    reporter_view = page_html(client.get(LIST_URL))
    assert '<script>alert("x")</script>' not in reporter_view
    assert "Foutmelding &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in reporter_view
    assert f'<a href="{detail(incident)}">{incident.reference}</a>' in reporter_view
    assert "breach--" not in reporter_view  # the reporter's side sees no party or norm

    login(client, demo_user, "cibg")
    chain_view = page_html(client.get(LIST_URL, {"scope": "all"}))
    due = incident.due_at.astimezone(timezone.get_current_timezone())
    assert f'<time datetime="{due.isoformat()}">' in chain_view
    assert f"<td>{incident.assigned_party.name}</td>" in chain_view
    assert f'<span class="breach breach--ok">{incident.get_breach_state_display()}</span>' in chain_view


def test_the_filter_form_shows_each_user_their_own_filters_language_and_choices(client, demo_user, file_incident):
    file_incident()
    query = {"scope": "reported", "status": "new", "assigned_party": "kpn"}

    login(client, demo_user, "cibg")
    chain_view = page_html(client.get(LIST_URL, query))
    assert 'name="assigned_party"' in chain_view
    assert 'value="kpn"' in chain_view
    assert '<option value="new" selected>' in chain_view

    login(client, demo_user, "ggd")
    reporter_view = page_html(client.get(LIST_URL, {**query, "shown": "done", "priority": "P2"}))
    assert 'name="assigned_party"' not in reporter_view  # a chain-only filter, not offered to the reporter's side
    assert 'name="status"' not in reporter_view  # the reporter chooses Open / Afgerond / Alle instead
    assert re.search(r'<input type="radio" name="shown" value="done"[^>]* checked>', reporter_view)
    assert '<option value="P2" selected>' in reporter_view
    assert re.search(r'<input type="radio" name="shown" value="all"[^>]* checked>', page_html(client.get(LIST_URL)))
    assert '<label for="id_priority">Prioriteit</label>' in reporter_view
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<label for="id_priority">Priority</label>' in page_html(client.get(LIST_URL, query))
