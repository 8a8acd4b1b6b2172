"""API tokens: stored as a SHA-256 hash of the secret (the secret itself is shown once, at creation), with an
expiry, revocation and an optional read-only limit. Creation and revocation are tracked history; each use is
recorded in ApiTokenUse, which is bookkeeping and keeps no history (see README, "Security")."""

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

    # The audit chain's heads are keyed by table name: the history table keeps its name too.
    history = tracked_history(table_name="governance_historicalapitoken")

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

    @property
    def last_used_at(self):
        use = self.uses.order_by("-used_at").first()
        return use.used_at if use else None


class ApiTokenUse(models.Model):
    """One request made with a token. Bookkeeping, not governance: no history (the writes made with the token
    have their own history rows, naming the token's user)."""

    history_not_needed = True

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    used_at = models.DateTimeField(default=timezone.now, db_index=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)

    class Meta:
        db_table = "governance_apitokenuse"
        verbose_name = _("gebruik van een API-token")
        verbose_name_plural = _("gebruik van API-tokens")
        ordering = ["-used_at"]

    def __str__(self):
        return f"{self.token} {self.method} {self.path} {self.used_at:%Y-%m-%d %H:%M}"
