"""The record of each verification of the audit chain (core/auditchain/)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerification(models.Model):
    """One walk over every history table's chain: what it found, and where each chain ended.

    Append-only evidence about the history, not a governance record itself: it keeps no history
    of its own. The heads let the next run notice rows cut off the end of a chain."""

    history_not_needed = True

    started_at = models.DateTimeField(_("gestart op"))
    finished_at = models.DateTimeField(_("klaar op"))
    intact = models.BooleanField(_("intact"))
    rows_checked = models.PositiveBigIntegerField(_("rijen gecontroleerd"))
    findings = models.JSONField(_("bevindingen"), default=list)
    heads = models.JSONField(default=dict)
    # Keyed seal over this record and the previous record's seal (core.auditchain.canon.seal_verification).
    seal = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        db_table = "governance_auditverification"  # the table it had before the base app was split off
        verbose_name = _("controle van het audittrail")
        verbose_name_plural = _("controles van het audittrail")
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M} {'intact' if self.intact else 'NOT INTACT'}"
