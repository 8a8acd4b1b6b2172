"""Stored weekly trend reports and the record of each background run that computed them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WeeklyReport(models.Model):
    """The metrics of one ISO week (Monday 00:00 to Monday 00:00, Europe/Amsterdam).

    Derived data: recomputing a week replaces its row, so it keeps no history of its own.
    """

    history_not_needed = True

    week_start = models.DateField(_("week vanaf (maandag)"), unique=True)
    iso_year = models.PositiveIntegerField()
    iso_week = models.PositiveIntegerField()
    computed_at = models.DateTimeField(_("berekend op"))
    metrics = models.JSONField()

    class Meta:
        verbose_name = _("weekrapport")
        verbose_name_plural = _("weekrapporten")
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["iso_year", "iso_week"], name="one_report_per_iso_week")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.iso_year}-W{self.iso_week:02d}"


class WeeklyBreach(models.Model):
    """One attributed breach of the SLA to the business owner in a stored week (reports/attribution.py), a row of
    its own: a page reads the fifty breaches it shows, not the hundreds of a week at national scale. Derived
    with its report, replaced with it."""

    history_not_needed = True

    report = models.ForeignKey(WeeklyReport, on_delete=models.CASCADE, related_name="breaches")
    position = models.PositiveIntegerField()  # within the week, in the order the breaches were raised
    component = models.CharField(max_length=200)  # the incident's component, by name (a service's report)
    attribution = models.JSONField()

    class Meta:
        verbose_name = _("overschrijding in een weekrapport")
        verbose_name_plural = _("overschrijdingen in weekrapporten")
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="one_breach_per_position")]

    def __str__(self):
        return f"{self.report}: {self.attribution['incident']}"


class WeeklyBreachHolder(models.Model):
    """A party that held a breached incident for part of its time (a leg of the attribution), by name as in the
    attribution: an operator party reads the breaches its parties held."""

    history_not_needed = True

    breach = models.ForeignKey(WeeklyBreach, on_delete=models.CASCADE, related_name="holders")
    party = models.CharField(max_length=250)  # a triage leg adds " (triage)" to the party's name

    class Meta:
        constraints = [models.UniqueConstraint(fields=["breach", "party"], name="one_leg_per_party_and_breach")]

    def __str__(self):
        return self.party


class ReportRun(models.Model):
    """One background computation per kind and period: running twice is harmless, failures show."""

    history_not_needed = True

    class Status(models.TextChoices):
        RUNNING = "running", _("bezig")
        SUCCEEDED = "succeeded", _("gelukt")
        FAILED = "failed", _("mislukt")

    kind = models.CharField(max_length=30)
    period = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("rapportberekening")
        verbose_name_plural = _("rapportberekeningen")
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "period"], name="one_run_per_kind_period")]

    def __str__(self):
        return f"{self.kind} {self.period}: {self.get_status_display()}"
