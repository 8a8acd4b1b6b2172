"""API tokens: stored as a SHA-256 hash of the secret (the secret itself is shown once, at creation), with an
expiry, revocation and an optional read-only limit. Creation and revocation are tracked history; when it was last
used is bookkeeping outside that history, and each use is a line in the security log (see README, "Security")."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import tracked_history

PREFIX_LENGTH = 8


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(_("begin van de sleutel"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(_("hash van de sleutel"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("verloopt op"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)
    read_only = models.BooleanField(_("alleen lezen"), default=False)
    # Bookkeeping, to the minute (core.tokens.token_use_record): not part of the token's history, so a request
    # made with the token writes no history row.
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True, editable=False)

    # The audit chain's heads are keyed by table name: the history table keeps its name too.
    history = tracked_history(table_name="governance_historicalapitoken", excluded_fields=["last_used_at"])

    class Meta:
        db_table = "governance_apitoken"  # the tables it had before the base app was split off
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
