"""API token services: create (the secret is returned once and never stored) and revoke, both with a history
row naming the actor and the reason."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import save_tracked
from core.models import ApiToken, ApiTokenUse
from core.models.tokens import PREFIX_LENGTH, hash_secret

DEFAULT_LIFETIME = timedelta(days=90)


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


def token_uses_prune(*, now=None) -> int:
    """Forget token uses older than API_TOKEN_USE_RETENTION_DAYS (a log of reads, kept no longer than needed;
    writes made with a token stay attributable through the token id on their history rows). Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.API_TOKEN_USE_RETENTION_DAYS)
    deleted, _per_model = ApiTokenUse.objects.filter(used_at__lt=cutoff).delete()
    return deleted
