"""Major incidents in the admin: read-mostly; only what the public reads is corrected there, with a reason."""

from datetime import date

import pytest
from django.urls import reverse

from majorincidents import services
from majorincidents.models import Audience, MajorIncidentUpdate


@pytest.fixture
def admin_client(demo_user, client):
    client.force_login(demo_user("beheerder"))
    return client


@pytest.fixture
def reviewed(outage_reports, declare, demo_user):
    """A major incident with a public update, stood down and reviewed."""
    major = declare(outage_reports[0])
    update = services.major_post_update(
        actor=demo_user("cibg"),
        major=major,
        kind=MajorIncidentUpdate.Kind.AD_HOC,
        audiences=[Audience.PUBLIC, Audience.OPERATORS],
        public_text="We werken aan herstel; bel Gerda op 06-12345678",
        internal_text="KPN kijkt",
    )
    services.major_stand_down(actor=demo_user("cibg"), major=major, reason="Voorbij")
    review = services.major_file_review(
        actor=demo_user("cibg"),
        major=major,
        went_well="Snel opgeschaald",
        went_wrong="Monitoring zag het niet",
        actions=[{"description": "Alarm op databasegroei", "owner": demo_user("kpn"), "due_on": date(2026, 4, 1)}],
    )
    major.refresh_from_db()
    return major, update, review


def test_the_admin_lists_and_shows_major_incidents_updates_and_reviews(admin_client, reviewed):
    major, update, review = reviewed
    for name, pk in [
        ("majorincident", major.pk),
        ("majorincidentupdate", update.pk),
        ("majorincidentreview", review.pk),
    ]:
        listing = admin_client.get(reverse(f"admin:majorincidents_{name}_changelist"))
        assert listing.status_code == 200
        assert major.incident.reference in listing.content.decode()
        assert admin_client.get(reverse(f"admin:majorincidents_{name}_change", args=[pk])).status_code == 200
    review_page = admin_client.get(reverse("admin:majorincidents_majorincidentreview_change", args=[review.pk]))
    assert "Alarm op databasegroei" in review_page.content.decode()


def test_nothing_is_added_or_deleted_in_the_admin(admin_client, reviewed):
    major, update, review = reviewed
    for name, pk in [("majorincident", major.pk), ("majorincidentupdate", update.pk)]:
        assert admin_client.get(reverse(f"admin:majorincidents_{name}_add")).status_code == 403
        assert admin_client.get(reverse(f"admin:majorincidents_{name}_delete", args=[pk])).status_code == 403
    response = admin_client.post(
        reverse("admin:majorincidents_majorincidentreview_change", args=[review.pk]),
        {"went_well": "Anders", "change_reason": "Poging"},
    )
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.went_well == "Snel opgeschaald"


def update_form(update, **changes):
    return {"public_text": update.public_text, "change_reason": "", **changes}


def test_a_public_text_is_corrected_with_a_reason_and_the_status_page_shows_it_at_once(
    admin_client, client, reviewed, demo_user
):
    _major, update, _review = reviewed
    url = reverse("admin:majorincidents_majorincidentupdate_change", args=[update.pk])
    assert "06-12345678" in client.get(reverse("statuspage:status_page")).content.decode()

    refused = admin_client.post(url, update_form(update, public_text="  "))
    assert refused.status_code == 200
    assert "public_text" in refused.context["adminform"].form.errors
    assert "change_reason" in refused.context["adminform"].form.errors

    response = admin_client.post(
        url,
        update_form(update, public_text="We werken aan herstel.", internal_text="Gewijzigd?", change_reason="AVG"),
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.public_text, update.internal_text) == ("We werken aan herstel.", "KPN kijkt")
    latest = update.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("AVG", demo_user("beheerder"))
    html = client.get(reverse("statuspage:status_page")).content.decode()
    assert "We werken aan herstel." in html
    assert "06-12345678" not in html


def test_a_public_title_is_corrected_with_a_reason_and_nothing_else_changes(admin_client, reviewed):
    major, _update, _review = reviewed
    version = major.version
    response = admin_client.post(
        reverse("admin:majorincidents_majorincident_change", args=[major.pk]),
        {
            "public_title": "Inloggen op het GGD-portaal lukte niet",
            "status": "declared",
            "change_reason": "Tikfout",
            "updates-TOTAL_FORMS": "1",
            "updates-INITIAL_FORMS": "1",
            "updates-MIN_NUM_FORMS": "0",
            "updates-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    major.refresh_from_db()
    assert (major.public_title, major.status, major.version) == (
        "Inloggen op het GGD-portaal lukte niet",
        "stood_down",
        version + 1,
    )
    assert major.history.latest().history_change_reason == "Tikfout"
