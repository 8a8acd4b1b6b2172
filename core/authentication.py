"""`Authorization: Token <secret>` for the API, against ApiToken (hashed at rest).

The secret is hashed and the hash looked up (no comparison of secrets character by character). Unknown,
expired or revoked tokens answer 401 with a message saying which; a read-only token may only read (403
otherwise). Every use is a line in the security log and refreshes the token's last use (to the minute), and the
token is put on the request, so the security log of a write names it; request.user is the token's user, so the
history rows of its writes name that user."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from core.models import ApiToken
from core.models.tokens import hash_secret
from core.tokens import token_use_record


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Ongeldige token-header: gebruik 'Token <sleutel>'."))
        try:
            secret = parts[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("Ongeldige token.")) from error
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ongeldige token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Deze token is ingetrokken."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("Deze token is verlopen."))
        request._request.api_token = token
        if token.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("Deze token mag alleen lezen."))
        token_use_record(token=token, request=request._request)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token scheme in the OpenAPI schema (the /api/docs/ "Authorize" button)."""

    target_class = "core.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=ApiTokenAuthentication.keyword
        )
