"""The dashboard's figures of the current week, stored for the whole chain and for each service."""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class LiveFigures(models.Model):
    """The current week's figures of one scope (the whole chain, or one service), as they stood at
    `computed_at`: the dashboard reads this row instead of counting the live records on every request.

    Derived data: a task recomputes every scope each minute and replaces the row, so it keeps no history of
    its own (governance/reports/live.py).
    """

    history_not_needed = True

    service = models.ForeignKey(
        "parties.Service",
        verbose_name=_("dienst"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leeg: de hele keten."),
    )
    computed_at = models.DateTimeField(_("berekend op"))
    figures = models.JSONField()

    class Meta:
        verbose_name = _("actuele cijfers")
        verbose_name_plural = _("actuele cijfers")
        constraints = [
            # One row for the chain (no service) and one per service.
            models.UniqueConstraint(Coalesce("service", Value(0)), name="one_live_figures_per_scope"),
        ]

    def __str__(self):
        return f"{self.service or _('hele keten')} ({self.computed_at:%Y-%m-%d %H:%M})"
