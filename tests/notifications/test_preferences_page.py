"""The preferences page: choices per kind, fixed kinds shown not asked, history of what changed."""

from notifications.models import Delivery, MailPreference, MailSettings


def test_a_user_switches_a_kind_to_the_digest_and_sees_it_in_the_history(demo_chain, demo_user, client):
    user = demo_user("kpn")
    client.force_login(user)
    page = client.get("/mail/")
    assert page.status_code == 200

    response = client.post(
        "/mail/", {"language": "en", "kind_incident_assigned": Delivery.DIGEST, "kind_incident_question": "off"}
    )
    assert response.status_code == 302
    assert MailPreference.objects.get(user=user, kind="incident_assigned").delivery == Delivery.DIGEST
    assert not MailPreference.objects.filter(user=user, kind="incident_question").exists()
    assert MailSettings.objects.get(user=user).language == "en"
    history = client.get("/mail/").content.decode()
    assert "Incident toegewezen aan uw partij" in history.split('id="preference-history"')[1]


def test_a_choice_that_does_not_exist_is_refused_and_changes_nothing(demo_chain, demo_user, client):
    user = demo_user("kpn")
    client.force_login(user)
    response = client.post("/mail/", {"language": "nl", "kind_incident_assigned": "sometimes"})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not MailPreference.objects.filter(user=user).exists()


def test_the_header_links_to_the_preferences(demo_chain, demo_user, client):
    client.force_login(demo_user("ggd"))
    assert 'href="/mail/"' in client.get("/").content.decode()


def kinds_offered(client, user) -> set[str]:
    client.force_login(user)
    return {choice.kind.code for choice in client.get("/mail/").context["form"].choices}


def test_each_role_is_offered_only_the_mail_that_can_reach_it(demo_chain, demo_user, client):
    reporter = kinds_offered(client, demo_user("ggd"))
    operator = kinds_offered(client, demo_user("kpn"))
    viewer = kinds_offered(client, demo_user("vws"))

    assert "incident_question" in reporter
    assert "incident_assigned" not in reporter
    assert not {kind for kind in reporter if kind.startswith("change_")}
    assert "incident_assigned" in operator
    assert "incident_question" not in operator
    assert "weekly_report_ready" not in operator | reporter
    assert "weekly_report_ready" in viewer
    assert "incident_assigned" not in viewer


def test_the_reporter_sees_the_question_kind_as_fixed_not_as_a_field(demo_chain, demo_user, client):
    client.force_login(demo_user("ggd"))
    html = client.get("/mail/").content.decode()

    assert "altijd direct (nodig voor de afhandeling)" in html
    assert "kind_incident_question" not in html
