"""Single sign-on switched off (the default) and the parts of it that need no provider; the journey through a real
provider is tests/browser/test_sso_journey.py."""

from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import authenticate
from django.test import RequestFactory

from core.checks import single_sign_on_fully_configured
from core.middleware import STRICT_CSP
from core.sso import SsoBackend


def test_without_a_client_id_there_is_no_sign_on(demo_chain, client):
    page = client.get("/accounts/login/")

    assert "Inloggen via uw organisatie" not in page.content.decode()
    assert client.get("/accounts/sso/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404
    assert authenticate(RequestFactory().get("/"), code="x", state="y") is None
    assert page["Content-Security-Policy"] == STRICT_CSP


def test_with_sign_on_the_log_in_page_offers_it_and_log_out_may_end_at_the_provider(demo_chain, client, settings):
    settings.OIDC_RP_CLIENT_ID = "regie"
    settings.OIDC_OP_LOGOUT_ENDPOINT = "https://login.example.org/oidc/logout"

    page = client.get("/accounts/login/?next=/incidents/")

    assert 'href="/accounts/sso/?next=/incidents/"' in page.content.decode()
    assert "form-action 'self' https://login.example.org;" in page["Content-Security-Policy"]


def test_a_password_session_logs_out_here_only(demo_user, client, settings):
    settings.OIDC_RP_CLIENT_ID = "regie"
    settings.OIDC_OP_LOGOUT_ENDPOINT = "https://login.example.org/oidc/logout"
    client.force_login(demo_user("kpn"))

    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"


def test_the_start_up_check_names_what_single_sign_on_still_needs(settings):
    assert single_sign_on_fully_configured(None) == []

    settings.OIDC_RP_CLIENT_ID = "regie"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.example.org/token"
    errors = single_sign_on_fully_configured(None)

    assert [error.id for error in errors] == ["core.E004"]
    assert "OIDC_OP_AUTHORIZATION_ENDPOINT" in errors[0].msg
    assert "OIDC_OP_TOKEN_ENDPOINT" not in errors[0].msg


def test_a_session_signed_on_before_sign_on_was_switched_off_still_works(demo_user, client):
    client.force_login(demo_user("kpn"), backend="core.sso.SsoBackend")

    assert client.get("/accounts/tokens/").status_code == 200


def test_signing_on_sends_the_person_to_the_provider_with_a_pkce_challenge(demo_chain, client, settings):
    settings.OIDC_RP_CLIENT_ID = "regie"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example.org/authorize"

    response = client.get("/accounts/sso/?next=/incidents/")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == "https://login.example.org/authorize"
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43


def test_an_address_the_provider_has_not_verified_is_refused(settings):
    settings.OIDC_RP_CLIENT_ID = "regie"
    backend = SsoBackend()
    claims = {"email": "k.pieters@kpn.example", "sub": "42"}

    assert backend.verify_claims({**claims, "email_verified": True})
    assert backend.verify_claims(claims)  # a provider that does not say
    assert not backend.verify_claims({**claims, "email_verified": False})
