"""Dates on the incident pages are shown in the reader's language (Dutch unless English is chosen) and in the
service's time zone, on the list's rows as on the incident's own page."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from incidents import services
from parties.models import Component


def shown_text(response) -> str:
    """The page's text as read (on a phone the list shows the time in an element of its own)."""
    return " ".join(strip_tags(response.content.decode()).split())


def test_dates_are_shown_in_the_readers_language_and_time_zone(client, demo_user, at):
    with at(2026, 3, 2, 10, 0):  # 09:00 UTC
        incident = services.incident_file(
            actor=demo_user("ggd"),
            title="Inloggen lukt niet",
            component=Component.objects.get(slug="ggd-portaal"),
            impact="medium",
            urgency="medium",
            description="Sinds vanochtend",
        )
    client.force_login(demo_user("ggd"))
    pages = [reverse("incidents:incident_list"), reverse("incidents:incident_detail", args=[incident.reference])]

    for page in pages:
        assert "2 mrt 2026 10:00" in shown_text(client.get(page))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for page in pages:
        assert "2 mar 2026 10:00" in shown_text(client.get(page))


def test_a_request_in_english_leaves_the_next_work_in_dutch(client, demo_user):
    """A report or mail composed after an English user's request is still composed in the portal's language."""
    client.force_login(demo_user("ggd"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert client.get(reverse("incidents:incident_list")).headers["Content-Language"] == "en"
    assert translation.get_language() == "nl"
