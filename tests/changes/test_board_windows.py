"""The triage board reads the changes around the windows it shows, however far apart those windows lie."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from changes import selectors
from changes.models import ChangeRequest
from parties import services

from .conftest import WINDOW_START

pytestmark = pytest.mark.django_db

OLD = WINDOW_START - timedelta(days=2 * 365)


def flags(changes) -> dict[str, list[str]]:
    return {change.title: sorted(other.title for other in change.collisions) for change in changes}


def test_collisions_in_windows_years_apart_are_both_found(chain, make_change):
    make_change(title="Oud A", start=OLD)
    make_change(title="Oud B", start=OLD + timedelta(hours=1))
    make_change(chain.dictu_operator, [chain.app], title="Oud, ander component", start=OLD)
    make_change(title="Nieuw A", start=WINDOW_START)
    make_change(title="Nieuw B", start=WINDOW_START + timedelta(hours=1))

    assert flags(selectors.board(chain.po)) == {
        "Oud A": ["Oud B"],
        "Oud B": ["Oud A"],
        "Oud, ander component": [],
        "Nieuw A": ["Nieuw B"],
        "Nieuw B": ["Nieuw A"],
    }


def test_an_old_backlog_window_does_not_pull_in_the_changes_between_the_windows(chain, make_change):
    make_change(title="Oud", start=OLD)
    make_change(title="Nieuw", start=WINDOW_START)
    between = [make_change(title=f"Tussendoor {month}", start=OLD + timedelta(days=30 * month)) for month in (6, 12)]
    windows = [(OLD, OLD + timedelta(hours=2)), (WINDOW_START, WINDOW_START + timedelta(hours=2))]

    read = set(ChangeRequest.objects.in_any_window(windows).values_list("title", flat=True))

    assert read == {"Oud", "Nieuw"}
    assert flags(selectors.board(chain.po)) == {"Oud": [], "Nieuw": []} | {change.title: [] for change in between}


def test_touching_windows_do_not_collide_on_the_board(chain, make_change):
    make_change(title="Eerst", start=WINDOW_START)
    make_change(title="Daarna", start=WINDOW_START + timedelta(hours=2))

    assert flags(selectors.board(chain.po)) == {"Eerst": [], "Daarna": []}


def test_a_long_window_that_began_days_earlier_collides_with_the_short_ones_inside_it(chain, make_change):
    make_change(title="Week lang", start=WINDOW_START - timedelta(days=3), hours=7 * 24)
    make_change(title="Voor de week", start=WINDOW_START - timedelta(days=5))
    make_change(title="Erin", start=WINDOW_START)
    make_change(title="Erna", start=WINDOW_START + timedelta(days=5))

    assert flags(selectors.board(chain.po)) == {
        "Week lang": ["Erin"],
        "Voor de week": [],
        "Erin": ["Week lang"],
        "Erna": [],
    }


def card(client, change) -> str:
    page = client.get(reverse("changes:board")).content.decode()
    return page[page.index(f'id="change-{change.pk}"') :].split("</li>", 1)[0]


def test_a_card_shows_a_new_collision_a_new_name_and_the_readers_language_at_once(client, chain, make_change):
    """A card's body is kept in the shared cache: whatever it shows that changes shows on the next look."""
    change = make_change(title="Eerst alleen")
    client.force_login(chain.po)
    assert "botsing" not in card(client, change)
    assert "KPN" in card(client, change)

    make_change(title="Erbij", start=WINDOW_START + timedelta(minutes=30))
    assert "1 botsing" in card(client, change)

    services.party_save(actor=chain.po, reason="Nieuwe naam", party=chain.kpn, name="KPN Zakelijk")
    assert "KPN Zakelijk" in card(client, change)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "1 conflict" in card(client, change)
