"""API token services: create (the secret is returned once and never stored) and revoke, both with a history
row naming the actor and the reason; and the record of each use (a security log line, the last use to the minute)."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import save_tracked
from core.logging import log_security_event
from core.models import ApiToken
from core.models.tokens import PREFIX_LENGTH, hash_secret

DEFAULT_LIFETIME = timedelta(days=90)
# How fresh the token's "last used" is kept: a client polling every second writes at most once a minute.
LAST_USE_PRECISION = timedelta(minutes=1)


def may_manage(actor, token: ApiToken) -> bool:
    return actor.pk == token.user_id or actor.is_superuser


def token_create(
    *, actor, user=None, name: str, read_only: bool = False, expires_at=None, reason: str | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user` (default: the actor). Returns the token and its secret; show the secret once."""
    user = user or actor
    if user.pk != actor.pk and not actor.is_superuser:
        raise PermissionDenied
    secret = secrets.token_urlsafe(40)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        created_at=now,
        expires_at=expires_at or now + DEFAULT_LIFETIME,
        read_only=read_only,
    )
    save_tracked(token, actor=actor, reason=reason or _("API-token aangemaakt"))
    return token, secret


def token_revoke(*, actor, token: ApiToken, reason: str | None = None) -> ApiToken:
    if not may_manage(actor, token):
        raise PermissionDenied
    if token.revoked_at is not None:
        raise DomainError(_("Deze token is al ingetrokken."))
    token.revoked_at = timezone.now()
    save_tracked(token, actor=actor, reason=reason or _("API-token ingetrokken"))
    return token


def token_use_record(*, token: ApiToken, request) -> None:
    """Record a request made with `token`: one line in the security log (event `api_token_use`), and the token's
    `last_used_at`, written at most once a minute. `last_used_at` is outside the token's history, so this writes
    no history row; the conditional update keeps concurrent requests from writing it twice."""
    log_security_event("api_token_use", request, user=token.user, token_id=token.pk)
    now = timezone.now()
    stale = now - LAST_USE_PRECISION
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale), pk=token.pk).update(
        last_used_at=now
    )
    token.last_used_at = now
