"""Single sign-on through the organisation's OpenID Connect provider (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID
is set (see settings and README, "Sign-in and security").

A person signing in this way is matched to an account by e-mail address (any case), or gets a new account with no
role and no password: roles are assigned in Regie by an administrator. Log-out ends the provider's session too
(its end_session endpoint). Local passwords keep working beside it."""

from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

# Where mozilla-django-oidc keeps the ID token (OIDC_STORE_ID_TOKEN); a session key, not a secret.
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105


def sso_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def sso_only(view):
    """The sign-on views answer 404 while single sign-on is off."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not sso_enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


class SsoBackend(OIDCAuthenticationBackend):
    """Always listed in AUTHENTICATION_BACKENDS; authenticates nobody while single sign-on is off."""

    def __init__(self, *args, **kwargs):
        if sso_enabled():
            super().__init__(*args, **kwargs)
        else:  # still answers get_user() for a session signed on before single sign-on was switched off
            self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not sso_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims):
        """An address the provider says it has not verified never opens an existing account."""
        return super().verify_claims(claims) and claims.get("email_verified", True) is not False

    def create_user(self, claims):
        """A new account, named after the e-mail address (unless that name is taken), without role or password."""
        email = claims["email"].strip()
        username = email.lower()
        if self.UserModel._default_manager.filter(username=username).exists():
            username = self.get_username(claims)
        return self.UserModel._default_manager.create_user(
            username,
            email=email,
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
        )


def end_session_url(request) -> str | None:
    """The provider's end_session address for this session (signed in through it), coming back to the log-in page;
    None for a session signed in with a password, or without an end_session endpoint."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not (sso_enabled() and id_token and endpoint):
        return None
    query = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    return f"{endpoint}?{urlencode(query)}"


def provider_origin() -> str | None:
    """The provider's origin, which the log-out form may be redirected to (the CSP's form-action)."""
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not (sso_enabled() and endpoint):
        return None
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"
