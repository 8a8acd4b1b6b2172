"""An approver with the second factor required: log in, set up the app from the QR code's key, keep the recovery
codes, and next time give the app's code; all under the strict CSP (the QR code is an image drawn by the portal)."""

from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.accessibility import blocking_violations
from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.test_csp import collect_csp_errors


def app_code(key: str) -> str:
    """What an authenticator app shows now for the key typed in from the page."""
    return f"{totp(b32decode(key.replace(' ', ''))):06d}"


def password_log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_an_approver_sets_up_the_app_and_is_asked_for_it_at_the_next_log_in(
    transactional_db, demo_chain, page, live_server, settings
):
    settings.SECOND_FACTOR_REQUIRED = True
    csp_errors = collect_csp_errors(page)

    password_log_in(page, live_server, "po")
    page.wait_for_url(f"{live_server.url}/accounts/second-factor/**")
    expect(page.get_by_text("Voor uw rol in Regie is een tweede factor verplicht")).to_be_visible()
    qr = page.locator("#second-factor-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0
    key = page.locator("#second-factor-key").inner_text()
    assert blocking_violations(page) == []

    page.get_by_label("Code").fill(app_code(key))
    page.get_by_role("button", name="Instellen").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)  # read once the page with the codes is there
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert blocking_violations(page) == []
    page.get_by_role("link", name="Ik heb ze bewaard, ga verder").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("button", name="Uitloggen").click()
    password_log_in(page, live_server, "po")
    page.wait_for_url(f"{live_server.url}/accounts/second-factor/verify/**")
    assert blocking_violations(page) == []
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Wijzigingen")).to_be_visible()
    assert csp_errors == []
