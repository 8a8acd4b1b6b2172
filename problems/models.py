"""Problem management: the cause behind recurring incidents, from its record to the change that removes it.

A problem is recorded from incidents, from an anomaly in a weekly report, or by accepting a recurrence
proposal (`RecurrenceProposal`, made weekly by `problems.recurrence`). Its lifecycle is `PROBLEM_WORKFLOW`
(`problems.workflow`): logged → known error (root cause and workaround on record) → awaiting its change →
closed when that change is reviewed as successful; withdrawn ends it early.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import tracked_history
from parties.models import Component

from .querysets import ProblemIncidentLinkQuerySet, ProblemQuerySet, RecurrenceProposalQuerySet


class ProblemStatus(models.TextChoices):
    LOGGED = "logged", _("Geregistreerd")
    KNOWN_ERROR = "known_error", _("Bekende fout")
    AWAITING_CHANGE = "awaiting_change", _("Wacht op wijziging")
    CLOSED = "closed", _("Opgelost en gesloten")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


OPEN_PROBLEM_STATES = (ProblemStatus.LOGGED, ProblemStatus.KNOWN_ERROR, ProblemStatus.AWAITING_CHANGE)


class ProblemSource(models.TextChoices):
    INCIDENTS = "incidents", _("Uit incidenten")
    RECURRENCE = "recurrence", _("Uit een voorstel (terugkerende incidenten)")
    ANOMALY = "anomaly", _("Uit een afwijking in een weekrapport")


class Problem(models.Model):
    """The unknown (then known) cause of one or more incidents on a component, with its owner, the analysis
    of its root cause, the workaround the chain can use meanwhile, and the change that solves it."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    component = models.ForeignKey(
        Component, verbose_name=_("component"), on_delete=models.PROTECT, related_name="problems"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="owned_problems"
    )
    source = models.CharField(_("herkomst"), max_length=20, choices=ProblemSource.choices)
    source_week = models.CharField(_("weekrapport van herkomst"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.LOGGED)
    root_cause = models.TextField(_("oorzaak (analyse)"), blank=True)
    workaround = models.TextField(_("omzeiling"), blank=True)
    known_error_at = models.DateTimeField(_("bekende fout sinds"), null=True, blank=True)
    change = models.ForeignKey(
        "changes.ChangeRequest",
        verbose_name=_("oplossende wijziging"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"))
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=0)

    history = tracked_history()
    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("probleem")
        verbose_name_plural = _("problemen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["component", "status"])]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("problems:problem_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROBLEM_STATES


class ProblemIncidentLink(models.Model):
    """An incident that this problem causes (or is believed to cause), with who linked it and why."""

    problem = models.ForeignKey(Problem, verbose_name=_("probleem"), on_delete=models.CASCADE, related_name="links")
    incident = models.ForeignKey(
        "incidents.Incident", verbose_name=_("incident"), on_delete=models.CASCADE, related_name="problem_links"
    )
    reason = models.TextField(_("toelichting"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gekoppeld door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gekoppeld op"))

    history = tracked_history()
    objects = ProblemIncidentLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("koppeling probleem–incident")
        verbose_name_plural = _("koppelingen probleem–incident")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["problem", "incident"], name="one_link_per_problem_incident")]

    def __str__(self):
        return f"{self.problem.reference} ↔ {self.incident.reference}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Voorgesteld")
    ACCEPTED = "accepted", _("Aangenomen")
    DISMISSED = "dismissed", _("Afgewezen")


class ProposalKind(models.TextChoices):
    SIMILAR_TITLES = "similar_titles", _("Gelijksoortige incidenten op één component")
    ABOVE_BASELINE = "above_baseline", _("Meer incidenten op een component dan gewoonlijk")


class RecurrenceProposal(models.Model):
    """A problem the weekly recurrence check proposes, with the incidents behind it and why; the System
    Architect accepts it (a problem is recorded) or dismisses it, and who decided, when and why stays on record.
    One per component, kind and week, so running the check twice proposes nothing twice."""

    component = models.ForeignKey(
        Component, verbose_name=_("component"), on_delete=models.PROTECT, related_name="recurrence_proposals"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ProposalKind.choices)
    week = models.CharField(_("week"), max_length=10)
    title = models.CharField(_("voorgestelde titel"), max_length=200)
    explanation = models.TextField(_("waarom"))
    incidents = models.ManyToManyField(
        "incidents.Incident", verbose_name=_("incidenten"), related_name="recurrence_proposals"
    )
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    proposed_at = models.DateTimeField(_("voorgesteld op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_reason = models.TextField(_("toelichting bij het besluit"), blank=True)
    problem = models.OneToOneField(
        Problem,
        verbose_name=_("probleem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal",
    )
    version = models.PositiveIntegerField(_("versie"), default=0)

    history = tracked_history(m2m_fields=[incidents])
    objects = RecurrenceProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("voorstel probleem")
        verbose_name_plural = _("voorstellen probleem")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["component", "kind", "week"], name="one_proposal_per_component_kind_week")
        ]

    def __str__(self):
        return f"{self.week}: {self.title}"

    def get_absolute_url(self):
        return reverse("problems:proposal_detail", args=[self.pk])
