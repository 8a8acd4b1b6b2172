"""Single sign-on against a real OpenID Connect provider: django-oauth-toolkit (tests/oidc_provider), started by the
test as a process of its own with a freshly generated RS256 key, signs a person in; log-out ends the session at the
provider too. A person who has a second factor gives it after signing on, as after a password."""

import os
import socket
import subprocess
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from jwcrypto import jwk
from playwright.sync_api import expect

from core import second_factor
from parties.models import RoleAssignment
from tests.browser.accessibility import blocking_violations
from tests.browser.conftest import REPO_ROOT
from tests.oidc_provider.serve import CLIENT_ID, CLIENT_SECRET, PASSWORD, USERNAME


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def identity_provider(live_server, settings, tmp_path):
    """`identity_provider(email)`: the provider running with one user of that address; Regie configured for it."""
    processes = []

    def start(email: str) -> str:
        port = free_port()
        key = jwk.JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
        env = {
            **os.environ,
            "OIDC_RSA_PRIVATE_KEY": key,
            "OIDC_PROVIDER_DB": str(tmp_path / "provider.sqlite3"),
            "OIDC_PROVIDER_USER_EMAIL": email,
            "OAUTHLIB_INSECURE_TRANSPORT": "1",  # plain http on loopback
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-m",
                "tests.oidc_provider.serve",
                str(port),
                f"{live_server.url}/accounts/sso/callback/",
                f"{live_server.url}/accounts/login/",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        processes.append(process)
        assert process.stdout.readline().strip() == "ready", "the identity provider did not start"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        origin = f"http://127.0.0.1:{port}"
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{origin}/o/authorize/"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{origin}/o/token/"
        settings.OIDC_OP_USER_ENDPOINT = f"{origin}/o/userinfo/"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{origin}/o/.well-known/jwks.json"
        settings.OIDC_OP_LOGOUT_ENDPOINT = f"{origin}/o/logout/"
        return origin

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def sign_in_at_provider(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert blocking_violations(page) == []
    page.get_by_role("link", name="Inloggen via uw organisatie").click()
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_new_person_signs_in_through_the_provider_without_a_role_and_signs_out_there_too(
    transactional_db, demo_chain, page, live_server, identity_provider
):
    provider = identity_provider("Ilse.Nieuw@example.org")

    sign_in_at_provider(page, live_server)

    person = get_user_model().objects.get(email__iexact="ilse.nieuw@example.org")
    assert (person.first_name, person.last_name) == ("Ilse", "de Provider")
    assert not person.has_usable_password()
    assert not RoleAssignment.objects.filter(user=person).exists()
    expect(page.locator(".site-header__user")).to_contain_text("Ilse de Provider")
    assert blocking_violations(page) == []  # the home page of someone without a role yet

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    # The provider's session has ended as well: signing on again asks for the provider's password.
    page.get_by_role("link", name="Inloggen via uw organisatie").click()
    page.wait_for_url(f"{provider}/login/**")
    expect(page.get_by_role("button", name="Sign in at the provider")).to_be_visible()


def test_a_known_person_is_matched_by_email_address(transactional_db, demo_user, page, live_server, identity_provider):
    kpn = demo_user("kpn")
    kpn.email = "k.pieters@kpn.example"
    kpn.save(update_fields=["email"])
    identity_provider("K.Pieters@KPN.example")

    sign_in_at_provider(page, live_server)

    page.goto(f"{live_server.url}/accounts/tokens/")
    expect(page.locator(".site-header__user")).to_contain_text(kpn.get_full_name())
    assert blocking_violations(page) == []
    assert get_user_model().objects.filter(email__iexact="k.pieters@kpn.example").count() == 1


def test_signing_on_asks_for_the_second_factor_of_a_person_who_has_one(
    transactional_db, demo_user, page, live_server, identity_provider, settings
):
    settings.SECOND_FACTOR_REQUIRED = True
    po = demo_user("po")  # approves changes: the second factor is required
    po.email = "p.owner@vws.example"
    po.save(update_fields=["email"])
    device = second_factor.totp_device_for_enrolment(user=po)
    recovery_codes = second_factor.totp_device_confirm(user=po, device=device, token=f"{totp(device.bin_key):06d}")
    identity_provider("P.Owner@VWS.example")

    page.goto(f"{live_server.url}/changes/")
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    page.get_by_role("link", name="Inloggen via uw organisatie").click()
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()

    # Signed on, but every page leads to the second factor first.
    page.wait_for_url(f"{live_server.url}/accounts/second-factor/verify/**")
    page.goto(f"{live_server.url}/changes/")
    page.wait_for_url(f"{live_server.url}/accounts/second-factor/verify/**")
    page.get_by_label("Code").fill(recovery_codes[0])
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/changes/")
    expect(page.locator(".site-header__user")).to_contain_text(po.get_full_name())
