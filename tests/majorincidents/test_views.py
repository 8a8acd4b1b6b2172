"""The pages and the API of major incidents: the same services and rules, the reporter's side kept apart."""

from datetime import timedelta

from django.urls import reverse

from majorincidents import services
from majorincidents.models import Audience, MajorIncident, MajorIncidentUpdate, MajorStatus


def client_for(client, user):
    client.force_login(user)
    return client


def test_the_regie_declares_from_the_incident_page(client, outage_reports, demo_user):
    incident = outage_reports[0]
    page = client_for(client, demo_user("cibg")).get(reverse("incidents:incident_detail", args=[incident.reference]))
    declare_url = reverse("majorincidents:major_declare", args=[incident.reference])
    assert f'href="{declare_url}"' in page.content.decode()
    assert 'id="form-declare"' in client.get(declare_url).content.decode()
    response = client.post(
        reverse("majorincidents:major_declare", args=[incident.reference]),
        {
            "declare-public_title": "Inloggen lukt niet",
            "declare-coordinator": demo_user("cibg").pk,
            "declare-reason": "Landelijk",
        },
    )
    major = MajorIncident.objects.get(incident=incident)
    assert response.url == reverse("majorincidents:major_detail", args=[major.pk])


def test_an_operator_gets_no_declare_form_and_is_refused(client, outage_reports, demo_user):
    incident = outage_reports[0]
    page = client_for(client, demo_user("kpn")).get(reverse("incidents:incident_detail", args=[incident.reference]))
    declare_url = reverse("majorincidents:major_declare", args=[incident.reference])
    assert f'href="{declare_url}"' not in page.content.decode()
    assert client.get(declare_url).status_code == 403
    client.post(
        reverse("majorincidents:major_declare", args=[incident.reference]),
        {"declare-public_title": "x", "declare-coordinator": demo_user("cibg").pk, "declare-reason": "x"},
    )
    assert not MajorIncident.objects.exists()


def test_the_coordinators_page_shows_the_next_update_and_warns_when_it_is_late(client, outage_reports, declare, at):
    with at(2026, 3, 4, 10, 0):
        major = declare(outage_reports[0])
    url = reverse("majorincidents:major_detail", args=[major.pk])
    with at(2026, 3, 4, 10, 10):
        page = client_for(client, major.coordinator).get(url).content.decode()
    assert 'id="next-update"' in page
    assert 'id="update-late"' not in page
    with at(2026, 3, 4, 10, 31):
        page = client.get(url).content.decode()
    assert 'id="update-late"' in page


def test_the_reporter_reads_public_updates_on_her_report_and_never_the_major_page(
    client, outage_reports, ggd_reporters, declare, demo_user
):
    major = declare(outage_reports[0])
    services.major_link_report(actor=demo_user("cibg"), major=major, report=outage_reports[1], reason="Zelfde")
    services.major_post_update(
        actor=demo_user("cibg"),
        major=major,
        kind=MajorIncidentUpdate.Kind.SCHEDULED,
        audiences=[Audience.REPORTERS, Audience.OPERATORS],
        public_text="We werken aan een oplossing.",
        internal_text="Database bij KPN vol",
    )
    reporter = client_for(client, ggd_reporters[1])
    page = reporter.get(reverse("incidents:incident_detail", args=[outage_reports[1].reference])).content.decode()
    assert "We werken aan een oplossing." in page
    assert "Database bij KPN vol" not in page
    assert "Chantal" not in page  # the coordinator's name
    assert reporter.get(reverse("majorincidents:major_detail", args=[major.pk])).status_code == 404
    assert reporter.get(reverse("majorincidents:major_list")).status_code == 404


def test_the_inbox_tells_the_coordinator_an_update_is_due(client, outage_reports, declare, at):
    with at(2026, 3, 4, 10, 0):
        major = declare(outage_reports[0])
    with at(2026, 3, 4, 10, 40):
        home = client_for(client, major.coordinator).get(reverse("home")).content.decode()
        listed = client.get(reverse("majorincidents:major_list") + "?waiting=major_update_due").content.decode()
    assert "Update van grote verstoring nodig" in home
    assert major.public_title in listed


def test_the_api_runs_the_whole_process(client, outage_reports, demo_user):
    api = client_for(client, demo_user("cibg"))
    declared = api.post(
        "/api/major-incidents/",
        {
            "incident": outage_reports[0].reference,
            "public_title": "Inloggen lukt niet",
            "coordinator": "cibg",
            "reason": "Landelijk",
        },
        content_type="application/json",
    )
    assert declared.status_code == 201, declared.content
    pk = declared.json()["id"]
    base = f"/api/major-incidents/{pk}/"
    linked = api.post(
        base + "link-report/",
        {"report": outage_reports[1].reference, "reason": "Zelfde storing"},
        content_type="application/json",
    )
    assert linked.json()["linked_reports"] == [outage_reports[1].reference]
    updated = api.post(
        base + "post-update/",
        {"kind": "scheduled", "audiences": ["reporters"], "public_text": "We werken eraan."},
        content_type="application/json",
    )
    assert updated.json()["updates"][0]["public_text"] == "We werken eraan."
    assert api.post(base + "close/", {"reason": "Klaar"}, content_type="application/json").status_code == 409
    assert api.post(base + "stand-down/", {"reason": "Voorbij"}, content_type="application/json").status_code == 200
    review = {
        "went_well": "Snel",
        "went_wrong": "Laat gezien",
        "actions": [{"description": "Alarm", "owner": "kpn", "due_on": "2026-04-01"}],
    }
    filed = api.post(base + "file-review/", review, content_type="application/json")
    assert filed.status_code == 200, filed.content
    action_id = filed.json()["review"]["actions"][0]["id"]
    closed = api.post(base + "close/", {"reason": "Evaluatie gedaan"}, content_type="application/json")
    assert closed.json()["status"] == MajorStatus.CLOSED
    kpn = client_for(client, demo_user("kpn"))
    done = kpn.post(base + "complete-action/", {"action": action_id}, content_type="application/json")
    assert done.json()["review"]["actions"][0]["done_at"] is not None


def test_the_api_refuses_a_reporter_and_an_operator_declaring(client, outage_reports, demo_user):
    payload = {"incident": outage_reports[0].reference, "public_title": "x", "coordinator": "cibg", "reason": "x"}
    for username in ("ggd", "kpn"):
        answer = client_for(client, demo_user(username)).post(
            "/api/major-incidents/", payload, content_type="application/json"
        )
        assert answer.status_code == 403
    assert not MajorIncident.objects.exists()


def test_an_update_the_coordinator_must_give_moves_with_a_scheduled_update(client, outage_reports, declare, at):
    with at(2026, 3, 4, 10, 0):
        major = declare(outage_reports[0])
    with at(2026, 3, 4, 10, 20):
        client_for(client, major.coordinator).post(
            reverse("majorincidents:major_action", args=[major.pk, "post_update"]),
            {
                "post_update-kind": "scheduled",
                "post_update-audiences": ["operators"],
                "post_update-internal_text": "Stand",
            },
        )
    major.refresh_from_db()
    assert major.next_update_due_at == major.updates.get().posted_at + timedelta(minutes=30)


def test_the_owner_marks_a_review_action_done_on_the_page(client, outage_reports, declare, demo_user):
    major = declare(outage_reports[0])
    services.major_stand_down(actor=demo_user("cibg"), major=major, reason="Voorbij")
    review = services.major_file_review(
        actor=demo_user("cibg"),
        major=major,
        went_well="Snel",
        went_wrong="Laat gezien",
        actions=[{"description": "Alarm op databasegroei", "owner": demo_user("kpn"), "due_on": "2030-04-01"}],
    )
    action = review.actions.get()
    url = reverse("majorincidents:major_detail", args=[major.pk])
    page = client_for(client, demo_user("kpn")).get(url).content.decode()
    assert 'name="complete_action-action"' in page
    client.post(
        reverse("majorincidents:major_action", args=[major.pk, "complete_action"]),
        {"complete_action-action": action.pk},
    )
    action.refresh_from_db()
    assert action.is_done
    assert "gereed op" in client.get(url).content.decode()


def test_a_reporter_filing_sees_the_known_outage_first_and_joins_it(client, outage_reports, ggd_reporters, declare):
    from incidents.models import Incident
    from parties.models import Component

    major = declare(outage_reports[0])
    reporter = client_for(client, ggd_reporters[3])
    page = reporter.get(reverse("incidents:incident_file")).content.decode()
    assert page.index("Bekende storingen") < page.index("Wat is er aan de hand?")
    assert major.public_title in page
    assert outage_reports[0].title not in page  # the outage in public words only
    backend = Component.objects.get(slug="backend")
    reporter.post(
        reverse("incidents:incident_file"),
        {
            "known_outage": str(major.incident_id),
            "title": "Ook bij ons",
            "component": backend.pk,
            "impact": "medium",
            "urgency": "medium",
        },
    )
    joined = Incident.objects.get(title="Ook bij ons")
    assert joined.known_outage_id == major.incident_id


def test_the_regie_links_a_report_to_the_known_outage_from_its_own_page_and_takes_it_off_again(
    client, outage_reports, declare, demo_user
):
    major = declare(outage_reports[0])
    report = outage_reports[1]
    report_page = reverse("incidents:incident_detail", args=[report.reference])
    regie = client_for(client, demo_user("cibg"))
    assert "Koppelen aan bekende storing" in regie.get(report_page).content.decode()

    linked = regie.post(
        reverse("incidents:incident_action", args=[report.reference, "link_outage"]),
        {
            "link_outage-outage": outage_reports[0].reference,
            "link_outage-reason": "Zelfde storing",
            "link_outage-version": report.version,
        },
        follow=True,
    )
    page = linked.content.decode()
    assert "Gekoppeld: de melding volgt de storing en haar klokken staan stil." in page
    known_outage = page.split('id="known-outage"')[1].split("</dd>")[0]
    assert outage_reports[0].reference in known_outage
    major_page = regie.get(reverse("majorincidents:major_detail", args=[major.pk])).content.decode()
    assert report.reference in major_page.split('id="linked-reports"')[1].split("</section>")[0]

    report.refresh_from_db()
    detached = regie.post(
        reverse("incidents:incident_action", args=[report.reference, "detach_outage"]),
        {"detach_outage-reason": "Toch iets anders", "detach_outage-version": report.version},
        follow=True,
    ).content.decode()
    assert "Losgekoppeld: de klokken van de melding lopen weer." in detached
    assert 'id="known-outage"' not in detached
    major_page = regie.get(reverse("majorincidents:major_detail", args=[major.pk])).content.decode()
    assert report.reference not in major_page.split('id="linked-reports"')[1].split("</section>")[0]


def test_the_coordinators_inbox_lists_the_major_incidents_she_coordinates_until_closed(
    client, outage_reports, declare, demo_user
):
    major = declare(outage_reports[0], coordinator="po")
    home = client_for(client, demo_user("po")).get(reverse("home")).content.decode()
    assert "Open grote verstoringen die ik coördineer" in home
    assert major.public_title in home
    assert major.public_title not in client_for(client, demo_user("architect")).get(reverse("home")).content.decode()

    services.major_stand_down(actor=demo_user("cibg"), major=major, reason="Voorbij")
    services.major_file_review(
        actor=demo_user("cibg"),
        major=major,
        went_well="Snel",
        went_wrong="Laat gezien",
        actions=[{"description": "Alarm", "owner": demo_user("kpn"), "due_on": "2030-04-01"}],
    )
    services.major_close(actor=demo_user("cibg"), major=major, reason="Klaar")
    assert major.public_title not in client_for(client, demo_user("po")).get(reverse("home")).content.decode()
