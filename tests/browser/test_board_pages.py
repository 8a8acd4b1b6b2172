"""The triage board a page at a time, in a real browser: the Product Owner drags a card on the second page, and
the move lands at the position she sees there, not at the same place counted from the top."""

import pytest
from playwright.sync_api import expect

from changes.selectors import BOARD_PAGE_SIZE
from tests.factories import ChangeFactory

from .accessibility import blocking_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def long_backlog(transactional_db, demo_chain):
    return [ChangeFactory(title=f"Wijziging {position}") for position in range(1, BOARD_PAGE_SIZE + 4)]


def test_the_product_owner_drags_a_card_on_the_second_page(long_backlog, page, login, live_server):
    login("po")
    page.goto(f"{live_server.url}/changes/board/")
    expect(page.locator(".board__card")).to_have_count(BOARD_PAGE_SIZE)
    page.get_by_role("navigation", name="Pagina’s").get_by_role("link", name="Volgende").click()
    cards = page.locator(".board__card")
    expect(cards).to_have_count(3)
    expect(cards.first.locator(".board__position")).to_have_text(str(BOARD_PAGE_SIZE + 1))
    assert blocking_violations(page) == []

    last = long_backlog[-1]
    cards.last.drag_to(cards.first)
    # The page reloads after the move: the dragged change is now the page's first card, the 26th of the backlog.
    expect(cards.first).to_contain_text(last.reference)
    expect(cards.first.locator(".board__position")).to_have_text(str(BOARD_PAGE_SIZE + 1))
    expect(page.get_by_text("Pagina 2 van 2")).to_be_visible()
    last.refresh_from_db()
    assert last.rank == BOARD_PAGE_SIZE + 1
