"""The System Architect's analysis of a weekly report: what he found, and the actions that follow from it, each
with an owner and a due date and optionally the problem or change it concerns. Open actions stay in their
owners' inboxes and in every later report until they are done (governance.analysis)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked_history
from governance.analysis.querysets import ReportActionQuerySet, ReportFindingQuerySet

from .reports import WeeklyReport


class ReportFinding(models.Model):
    """One finding of the architect on a week: an observation in words, optionally about a problem or change."""

    report = models.ForeignKey(
        WeeklyReport, verbose_name=_("weekrapport"), on_delete=models.PROTECT, related_name="findings"
    )
    text = models.TextField(_("bevinding"))
    problem = models.ForeignKey(
        "problems.Problem",
        verbose_name=_("probleem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    change = models.ForeignKey(
        "changes.ChangeRequest",
        verbose_name=_("wijziging"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"))

    history = tracked_history()
    objects = ReportFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("bevinding bij weekrapport")
        verbose_name_plural = _("bevindingen bij weekrapporten")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.report.label}: {self.text[:60]}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Afgerond")


class ReportAction(models.Model):
    """Something to be done after a week's analysis, by its owner before its due date."""

    report = models.ForeignKey(
        WeeklyReport, verbose_name=_("weekrapport"), on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField(_("actie"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="report_actions"
    )
    due_date = models.DateField(_("uiterlijk"))
    problem = models.ForeignKey(
        "problems.Problem",
        verbose_name=_("probleem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    change = models.ForeignKey(
        "changes.ChangeRequest",
        verbose_name=_("wijziging"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgerond door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    done_note = models.TextField(_("toelichting bij afronden"), blank=True)
    version = models.PositiveIntegerField(_("versie"), default=0)

    history = tracked_history()
    objects = ReportActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("actie uit weekanalyse")
        verbose_name_plural = _("acties uit weekanalyses")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self):
        return f"{self.report.label}: {self.description[:60]}"
