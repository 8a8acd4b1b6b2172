"""The preferences page: choices per kind, fixed kinds shown not asked, history of what changed."""

from notifications.models import Delivery, MailPreference, MailSettings


def test_a_user_switches_a_kind_to_the_digest_and_sees_it_in_the_history(demo_chain, demo_user, client):
    user = demo_user("kpn")
    client.force_login(user)
    page = client.get("/mail/")
    assert page.status_code == 200
    assert "altijd direct (nodig voor de afhandeling)" in page.content.decode()
    assert "kind_incident_question" not in page.content.decode()  # fixed: not a field

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
