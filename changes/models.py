"""Change management: requests for change from submission to review (DESIGN §4 "Change types").

The lifecycle is a state machine (`CHANGE_WORKFLOW` in `changes.workflow`); only the services in
`changes.services` move a change, through that table. Windows are half-open intervals [start, end)
of aware datetimes: a window ending at 10:00 and one starting at 10:00 do not overlap.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import tracked_history
from parties.models import Component, Party, Role

from .querysets import (
    BlackoutWindowQuerySet,
    ChangeIncidentLinkQuerySet,
    ChangeRequestQuerySet,
    StandardChangeTemplateQuerySet,
)


class ChangeType(models.TextChoices):
    STANDARD = "standard", _("Standaard")
    NORMAL = "normal", _("Normaal")
    EMERGENCY = "emergency", _("Spoed")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Laag")
    MEDIUM = "medium", _("Gemiddeld")
    HIGH = "high", _("Hoog")


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    ASSESSED = "assessed", _("Beoordeeld")
    AWAITING_APPROVAL = "awaiting_approval", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd")
    SCHEDULED = "scheduled", _("Ingepland")
    IN_PROGRESS = "in_progress", _("In uitvoering")
    COMPLETED = "completed", _("Geslaagd")
    FAILED = "failed", _("Mislukt")
    ROLLED_BACK = "rolled_back", _("Teruggedraaid")
    REVIEWED = "reviewed", _("Geëvalueerd")
    CLOSED = "closed", _("Gesloten")
    REJECTED = "rejected", _("Afgewezen")
    CANCELLED = "cancelled", _("Geannuleerd")


S = ChangeStatus
BEFORE_IMPLEMENTATION = frozenset({S.DRAFT, S.SUBMITTED, S.ASSESSED, S.AWAITING_APPROVAL, S.APPROVED, S.SCHEDULED})

# The Product Owner's triage backlog: submitted, and approved but not yet scheduled.
BACKLOG_STATES = frozenset({S.SUBMITTED, S.ASSESSED, S.AWAITING_APPROVAL, S.APPROVED})
# Changes whose window is (or was) real: they can collide with another change on a component.
COLLIDING_STATES = frozenset(set(ChangeStatus.values) - {S.DRAFT, S.REJECTED, S.CANCELLED})
# What a reporter sees as planned maintenance.
MAINTENANCE_STATES = frozenset({S.SCHEDULED, S.IN_PROGRESS})

# DESIGN §4: the roles whose approval a change needs, by type and (for normal changes) risk.
APPROVER_ROLES = {
    RiskLevel.LOW: (Role.PRODUCT_OWNER,),
    RiskLevel.MEDIUM: (Role.PRODUCT_OWNER, Role.SYSTEM_ARCHITECT),
    RiskLevel.HIGH: (Role.PRODUCT_OWNER, Role.SYSTEM_ARCHITECT, Role.BUSINESS_OWNER),
}
EMERGENCY_APPROVER_ROLES = (Role.PRODUCT_OWNER,)


def windows_overlap(start_a, end_a, start_b, end_b) -> bool:
    """Half-open [start, end) intervals of aware datetimes: touching windows do not overlap."""
    return start_a < end_b and start_b < end_a


class StandardChangeTemplate(models.Model):
    """A pre-approved recipe for a routine change (e.g. renewing a certificate): changes made from it
    skip assessment and approval."""

    title = models.CharField(_("titel"), max_length=200, unique=True)
    description = models.TextField(_("omschrijving"))
    implementation_plan = models.TextField(_("uitvoeringsplan"))
    rollback_plan = models.TextField(_("terugvalplan"))
    components = models.ManyToManyField(Component, verbose_name=_("componenten"), related_name="change_templates")
    is_active = models.BooleanField(_("actief"), default=True)

    history = tracked_history(m2m_fields=[components])
    objects = StandardChangeTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("sjabloon standaardwijziging")
        verbose_name_plural = _("sjablonen standaardwijziging")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ChangeRequest(models.Model):
    """A request for change to one or more components, from its requesting party to its review.

    `rank` orders the Product Owner's backlog (null outside it); `version` rises on every
    transition, so a write based on a stale read is refused.
    """

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("titel"), max_length=200)
    motivation = models.TextField(_("motivatie"))
    change_type = models.CharField(_("soort wijziging"), max_length=20, choices=ChangeType.choices)
    template = models.ForeignKey(
        StandardChangeTemplate,
        verbose_name=_("sjabloon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
    )
    requesting_party = models.ForeignKey(
        Party, verbose_name=_("aangevraagd door partij"), on_delete=models.PROTECT, related_name="change_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aanvrager"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    components = models.ManyToManyField(Component, verbose_name=_("componenten"), related_name="change_requests")
    implementation_plan = models.TextField(_("uitvoeringsplan"))
    rollback_plan = models.TextField(_("terugvalplan"))
    test_evidence = models.TextField(_("testbewijs"), blank=True)
    proposed_start = models.DateTimeField(_("voorgesteld begin"))
    proposed_end = models.DateTimeField(_("voorgesteld einde"))
    planned_start = models.DateTimeField(_("gepland begin"), null=True, blank=True)
    planned_end = models.DateTimeField(_("gepland einde"), null=True, blank=True)
    actual_start = models.DateTimeField(_("werkelijk begin"), null=True, blank=True)
    actual_end = models.DateTimeField(_("werkelijk einde"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT)
    risk = models.CharField(_("risico"), max_length=10, choices=RiskLevel.choices, blank=True)
    rank = models.PositiveIntegerField(_("positie in backlog"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=0)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = tracked_history(m2m_fields=[components])
    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijzigingsverzoek")
        verbose_name_plural = _("wijzigingsverzoeken")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "rank"]),
            models.Index(fields=["planned_start", "planned_end"]),
            # The change list and /api/changes/ in their default order, newest first.
            models.Index(fields=["-created_at", "-id"], name="changes_created_desc_idx"),
            # Collision checks select the changes whose window (planned, else proposed) ends after a moment.
            models.Index(Coalesce("planned_end", "proposed_end"), name="changes_window_end_idx"),
            # The weekly report counts the changes submitted, approved and ended in its weeks.
            models.Index(fields=["submitted_at"], name="changes_submitted_idx"),
            models.Index(fields=["approved_at"], name="changes_approved_idx"),
            models.Index(fields=["actual_end"], name="changes_actual_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(proposed_end__gt=models.F("proposed_start")), name="proposed_window"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True) | Q(planned_end__gt=models.F("planned_start")),
                name="planned_window",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("changes:changerequest_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.proposed_start and self.proposed_end and self.proposed_end <= self.proposed_start:
            errors["proposed_end"] = _("Het einde moet na het begin liggen.")
        if self.planned_start and self.planned_end and self.planned_end <= self.planned_start:
            errors["planned_end"] = _("Het einde moet na het begin liggen.")
        if self.change_type == ChangeType.STANDARD and not self.template_id:
            errors["template"] = _("Een standaardwijziging wordt gemaakt vanuit een goedgekeurd sjabloon.")
        if self.change_type != ChangeType.STANDARD and self.template_id:
            errors["template"] = _("Alleen een standaardwijziging heeft een sjabloon.")
        if errors:
            raise ValidationError(errors)

    @property
    def window_start(self):
        """The window that counts: the planned one once scheduled, the proposed one before."""
        return self.planned_start or self.proposed_start

    @property
    def window_end(self):
        return self.planned_end or self.proposed_end

    @property
    def required_roles(self) -> tuple[str, ...]:
        """The roles that must approve (DESIGN §4); empty while a normal change has no risk yet."""
        if self.change_type == ChangeType.EMERGENCY:
            return EMERGENCY_APPROVER_ROLES
        if self.change_type == ChangeType.NORMAL and self.risk:
            return APPROVER_ROLES[self.risk]
        return ()

    @property
    def review_required(self) -> bool:
        return self.change_type == ChangeType.EMERGENCY or self.status in {S.FAILED, S.ROLLED_BACK}


class CitizenImpact(models.TextChoices):
    NONE = "none", _("Geen: burgers merken niets")
    LIMITED = "limited", _("Beperkt: kort of voor een deel van de gebruikers")
    MAJOR = "major", _("Groot: de app of website is (deels) niet te gebruiken")


class RiskAssessment(models.Model):
    """The System Architect's answers to the risk questionnaire and the risk level they yield.

    See `changes.risk.score` for how answers become a level; the answers stay on record.
    """

    change = models.OneToOneField(
        ChangeRequest, verbose_name=_("wijziging"), on_delete=models.CASCADE, related_name="assessment"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beoordeeld door"), on_delete=models.PROTECT, related_name="+"
    )
    citizen_impact = models.CharField(_("impact op burgers"), max_length=10, choices=CitizenImpact.choices)
    component_count = models.PositiveIntegerField(_("aantal componenten"))
    rollback_tested = models.BooleanField(_("terugvalplan getest"))
    done_before = models.BooleanField(_("eerder zo uitgevoerd"))
    downtime_expected = models.BooleanField(_("onderbreking verwacht"))
    security_sensitive = models.BooleanField(_("raakt sleutels, certificaten of persoonsgegevens"))
    score = models.PositiveIntegerField(_("score"))
    risk = models.CharField(_("risico"), max_length=10, choices=RiskLevel.choices)
    comment = models.TextField(_("toelichting"), blank=True)
    assessed_at = models.DateTimeField(_("beoordeeld op"))

    history = tracked_history()

    class Meta:
        verbose_name = _("risicobeoordeling")
        verbose_name_plural = _("risicobeoordelingen")

    def __str__(self):
        return f"{self.change.reference}: {self.get_risk_display()}"


class Decision(models.TextChoices):
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")


class Approval(models.Model):
    """One person's decision on a change, in one role. Any rejection rejects the change."""

    change = models.ForeignKey(
        ChangeRequest, verbose_name=_("wijziging"), on_delete=models.CASCADE, related_name="approvals"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beslisser"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    decision = models.CharField(_("besluit"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("toelichting"), blank=True)
    decided_at = models.DateTimeField(_("besloten op"))

    history = tracked_history()

    class Meta:
        verbose_name = _("goedkeuring")
        verbose_name_plural = _("goedkeuringen")
        ordering = ["decided_at", "pk"]
        indexes = [models.Index(fields=["decided_at"], name="changes_decided_idx")]  # rejections per week
        constraints = [
            models.UniqueConstraint(fields=["change", "role"], name="one_decision_per_role"),
            models.UniqueConstraint(fields=["change", "approver"], name="one_decision_per_person"),
        ]

    def __str__(self):
        return f"{self.change.reference}: {self.get_decision_display()} ({self.get_role_display()})"


class PostImplementationReview(models.Model):
    """What happened and what follows from it; required before closing emergency and failed changes."""

    change = models.OneToOneField(
        ChangeRequest, verbose_name=_("wijziging"), on_delete=models.CASCADE, related_name="review"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geëvalueerd door"), on_delete=models.PROTECT, related_name="+"
    )
    what_happened = models.TextField(_("wat er gebeurde"))
    follow_up = models.TextField(_("vervolgacties"), blank=True)
    reviewed_at = models.DateTimeField(_("geëvalueerd op"))

    history = tracked_history()

    class Meta:
        verbose_name = _("evaluatie na uitvoering")
        verbose_name_plural = _("evaluaties na uitvoering")

    def __str__(self):
        return f"{self.change.reference}: {_('evaluatie')}"


class BlackoutWindow(models.Model):
    """A freeze period for the whole service: no normal or standard change may be scheduled in it."""

    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("begin"))
    ends_at = models.DateTimeField(_("einde"))
    description = models.TextField(_("omschrijving"), blank=True)

    history = tracked_history()
    objects = BlackoutWindowQuerySet.as_manager()

    class Meta:
        verbose_name = _("bevriezingsperiode")
        verbose_name_plural = _("bevriezingsperiodes")
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="blackout_window")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Het einde moet na het begin liggen.")})


class LinkKind(models.TextChoices):
    FIXES = "fixes", _("De wijziging lost het incident op")
    CAUSED_BY = "caused_by", _("Het incident is veroorzaakt door de wijziging")


class ChangeIncidentLink(models.Model):
    """A recorded relation between a change and an incident: the change fixes the incident, or the
    incident was caused by the change (which later counts against the change's failure rate and
    the party that made it). One link per change, incident and kind."""

    change = models.ForeignKey(
        ChangeRequest, verbose_name=_("wijziging"), on_delete=models.CASCADE, related_name="incident_links"
    )
    incident = models.ForeignKey(
        "incidents.Incident", verbose_name=_("incident"), on_delete=models.CASCADE, related_name="change_links"
    )
    kind = models.CharField(_("soort koppeling"), max_length=20, choices=LinkKind.choices)
    reason = models.TextField(_("toelichting"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gekoppeld door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gekoppeld op"))

    history = tracked_history()
    objects = ChangeIncidentLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("koppeling wijziging–incident")
        verbose_name_plural = _("koppelingen wijziging–incident")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["change", "incident", "kind"], name="one_link_per_change_incident_kind"),
        ]

    def __str__(self):
        return f"{self.change.reference} ↔ {self.incident.reference} ({self.get_kind_display()})"

    @property
    def label_on_change(self) -> str:
        """How the change page names this link, seen from the change."""
        return str(_("lost dit incident op") if self.kind == LinkKind.FIXES else _("veroorzaakte dit incident"))

    @property
    def label_on_incident(self) -> str:
        """How the incident page names this link, seen from the incident."""
        return str(
            _("opgelost door deze wijziging") if self.kind == LinkKind.FIXES else _("veroorzaakt door deze wijziging")
        )
