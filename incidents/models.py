"""Incidents: what broke, who in the chain works on it, and how long each party took."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import tracked_history
from parties.models import Agreement, Component, Party, Priority, ServiceCalendar

from .querysets import IncidentQuerySet, IncidentUpdateQuerySet


class Level(models.TextChoices):
    HIGH = "high", _("hoog")
    MEDIUM = "medium", _("gemiddeld")
    LOW = "low", _("laag")


class Impact(models.TextChoices):
    """How many people it hits, in the reporter's words."""

    HIGH = "high", _("Veel mensen of het hele land")
    MEDIUM = "medium", _("Een groep mensen of één GGD-regio")
    LOW = "low", _("Eén persoon of een paar mensen")


class Urgency(models.TextChoices):
    """How urgent it is, in the reporter's words."""

    HIGH = "high", _("Het werk ligt stil")
    MEDIUM = "medium", _("Het werk gaat moeizaam")
    LOW = "low", _("Het kan even wachten")


class Status(models.TextChoices):
    NEW = "new", _("Nieuw")
    ASSIGNED = "assigned", _("Toegewezen")
    IN_PROGRESS = "in_progress", _("In behandeling")
    ON_HOLD = "on_hold", _("Wacht op antwoord")
    RESOLVED = "resolved", _("Opgelost")
    REOPENED = "reopened", _("Heropend")
    CLOSED = "closed", _("Gesloten")
    CANCELLED = "cancelled", _("Vervallen (dubbel)")


OPEN_STATUSES = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.ON_HOLD, Status.REOPENED)


class ResolutionCode(models.TextChoices):
    FIXED = "fixed", _("Opgelost (fout hersteld)")
    WORKAROUND = "workaround", _("Omzeiling geboden")
    CONFIGURATION = "configuration", _("Configuratie aangepast")
    CHANGE = "change", _("Opgelost met een wijziging")
    USER_ERROR = "user_error", _("Geen fout: gebruik toegelicht")
    THIRD_PARTY = "third_party", _("Opgelost door derde partij")
    NOT_REPRODUCIBLE = "not_reproducible", _("Niet reproduceerbaar")


class BreachState(models.TextChoices):
    OK = "ok", _("Binnen de norm")
    WARNING = "warning", _("Waarschuwing (75%)")
    BREACHED = "breached", _("Norm overschreden")


def priority_for(impact: str, urgency: str) -> str:
    """Impact × urgency → P1…P4 (DESIGN §4): both high → P1; high + medium → P2;
    high + low or medium + medium → P3; the rest → P4."""
    pair = sorted([impact, urgency], key=[Level.HIGH, Level.MEDIUM, Level.LOW].index)
    return {
        (Level.HIGH, Level.HIGH): Priority.P1,
        (Level.HIGH, Level.MEDIUM): Priority.P2,
        (Level.HIGH, Level.LOW): Priority.P3,
        (Level.MEDIUM, Level.MEDIUM): Priority.P3,
    }.get(tuple(pair), Priority.P4)


class Incident(models.Model):
    """A disruption of the service as someone reported it, and its way through the chain."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("wat is er aan de hand"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    component = models.ForeignKey(Component, verbose_name=_("onderdeel"), on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gemeld door"), on_delete=models.PROTECT, related_name="+"
    )
    reporter_party = models.ForeignKey(
        Party, verbose_name=_("gemeld namens"), on_delete=models.PROTECT, related_name="reported_incidents"
    )
    reported_at = models.DateTimeField(_("gemeld op"))
    impact = models.CharField(_("impact"), max_length=10, choices=Impact.choices)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices)
    priority = models.CharField(_("prioriteit"), max_length=2, choices=Priority.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_party = models.ForeignKey(
        Party,
        verbose_name=_("toegewezen aan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_incidents",
    )
    resolution_code = models.CharField(_("oplossingscode"), max_length=20, choices=ResolutionCode.choices, blank=True)
    resolution = models.TextField(_("oplossing"), blank=True)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("dubbel van"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    known_outage = models.ForeignKey(
        "self",
        verbose_name=_("bekende storing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked_reports",
        help_text=_("De melding volgt deze storing: de oplossing ervan lost ook deze melding op."),
    )
    reopen_count = models.PositiveIntegerField(_("aantal keer heropend"), default=0)
    breach_state = models.CharField(
        _("normstatus"), max_length=10, choices=BreachState.choices, default=BreachState.OK, db_index=True
    )
    due_at = models.DateTimeField(
        _("op te lossen vóór"),
        null=True,
        blank=True,
        help_text=_("Oplosnorm van de SLA; leeg zolang de klok stilstaat."),
    )
    version = models.PositiveIntegerField(default=1)

    history = tracked_history()
    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidenten")
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["status", "priority"]),
            models.Index(fields=["assigned_party", "status"]),
            models.Index(fields=["reporter_party", "-reported_at"]),
            models.Index(fields=["due_at"]),
            models.Index(fields=["component", "status"]),
            # Weekly reports and period filters select by these instants.
            models.Index(fields=["reported_at"]),
            models.Index(fields=["resolved_at"]),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    @property
    def is_major(self) -> bool:
        return self.priority == Priority.P1

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class IncidentUpdate(models.Model):
    """A message on an incident: a public reply the reporter sees, or an internal note for the chain."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Openbaar antwoord")
        INTERNAL = "internal", _("Interne notitie")

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.PROTECT, related_name="+"
    )
    author_party = models.ForeignKey(
        Party, verbose_name=_("partij van de auteur"), on_delete=models.PROTECT, related_name="+"
    )
    visibility = models.CharField(_("zichtbaarheid"), max_length=10, choices=Visibility.choices)
    body = models.TextField(_("bericht"))
    created_at = models.DateTimeField(_("geplaatst op"))

    history = tracked_history()
    objects = IncidentUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["incident", "created_at"])]

    def __str__(self):
        return f"{self.incident.reference}: {self.get_visibility_display()}"


# The allowed extensions and the Content-Type each is stored and served with (never the browser's claim).
ATTACHMENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "log": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
ATTACHMENT_EXTENSIONS = list(ATTACHMENT_TYPES)
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


class IncidentAttachment(models.Model):
    """A file sent with an incident (screenshot, log). Visible to whoever may see the incident,
    except when attached to an internal note."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="attachments"
    )
    update = models.ForeignKey(
        IncidentUpdate,
        verbose_name=_("bericht"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("bestand"), upload_to="incidents/%Y/%m/", validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)]
    )
    original_name = models.CharField(verbose_name=_("oorspronkelijke bestandsnaam"), max_length=200)
    content_type = models.CharField(verbose_name=_("bestandstype"), max_length=100)
    size = models.PositiveIntegerField(verbose_name=_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geüpload door"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(verbose_name=_("geüpload op"))

    history = tracked_history()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_public(self) -> bool:
        return self.update_id is None or self.update.visibility == IncidentUpdate.Visibility.PUBLIC


class Assignment(models.Model):
    """A period during which one party held the incident."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="assignments"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("partij"), on_delete=models.PROTECT, related_name="incident_assignments"
    )
    started_at = models.DateTimeField(verbose_name=_("begonnen op"))
    ended_at = models.DateTimeField(verbose_name=_("beëindigd op"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(verbose_name=_("bevestigd op"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegewezen door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(verbose_name=_("reden"), max_length=500, blank=True)

    history = tracked_history()

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident"], condition=Q(ended_at__isnull=True), name="one_current_assignment"
            )
        ]

    def __str__(self):
        return f"{self.incident.reference} → {self.party}"


class HoldPeriod(models.Model):
    """A period the incident waited for someone outside the working party; the clocks pause."""

    class WaitingFor(models.TextChoices):
        REPORTER = "reporter", _("de melder")
        PARTY = "party", _("een andere partij")
        # Between a resolution and its reopening the chain waited for the reporter's verdict.
        CONFIRMATION = "confirmation", _("bevestiging van de melder")
        # While a report follows a known outage its own clocks stand still: the outage is measured, not each report.
        KNOWN_OUTAGE = "known_outage", _("de bekende storing")

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="hold_periods"
    )
    waiting_for = models.CharField(_("wacht op"), max_length=12, choices=WaitingFor.choices)
    waiting_for_party = models.ForeignKey(
        Party, verbose_name=_("partij"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("waarom"), max_length=500)
    started_at = models.DateTimeField(verbose_name=_("begonnen op"))
    ended_at = models.DateTimeField(verbose_name=_("beëindigd op"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gestart door"), on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beëindigd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = tracked_history()

    class Meta:
        verbose_name = _("wachtperiode")
        verbose_name_plural = _("wachtperiodes")
        ordering = ["started_at", "pk"]
        # The holds that overlap a recent week or day: those still open and those ended after it began.
        indexes = [models.Index(fields=["ended_at"], name="incidents_hold_ended_idx")]
        constraints = [
            models.UniqueConstraint(fields=["incident"], condition=Q(ended_at__isnull=True), name="one_open_hold"),
            models.CheckConstraint(
                condition=~Q(waiting_for="party") | Q(waiting_for_party__isnull=False), name="hold_names_party"
            ),
        ]

    def __str__(self):
        return f"{self.incident.reference}: {self.get_waiting_for_display()}"


class SlaClock(models.Model):
    """One agreement's clock on one incident.

    The chain's SLA clock runs from filing to resolution whoever holds the incident; each party's
    UC clock runs while that party holds it. A clock keeps the agreement version, targets and
    calendar that were in force when it started, so later edits never rewrite past outcomes.
    """

    class Scope(models.TextChoices):
        SLA = "sla", _("Keten-SLA")
        UC = "uc", _("Contract van de partij")

    class StopReason(models.TextChoices):
        RESOLVED = "resolved", _("opgelost")
        TRANSFERRED = "transferred", _("overgedragen aan andere partij")
        CANCELLED = "cancelled", _("vervallen")

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="clocks")
    scope = models.CharField(verbose_name=_("reikwijdte"), max_length=3, choices=Scope.choices)
    party = models.ForeignKey(Party, verbose_name=_("partij"), on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, verbose_name=_("afspraak"), on_delete=models.PROTECT, related_name="+")
    agreement_reference = models.CharField(verbose_name=_("kenmerk afspraak"), max_length=50)
    agreement_history_id = models.PositiveBigIntegerField(
        verbose_name=_("versie van de afspraak"),
        help_text=_("De versie (historie-regel) van de afspraak die gold bij de start."),
    )
    priority = models.CharField(verbose_name=_("prioriteit"), max_length=2, choices=Priority.choices)
    response_minutes = models.PositiveIntegerField(verbose_name=_("reactietermijn (minuten)"))
    resolution_minutes = models.PositiveIntegerField(verbose_name=_("oplostermijn (minuten)"))
    calendar_snapshot = models.JSONField(verbose_name=_("kalender (momentopname)"))
    started_at = models.DateTimeField(verbose_name=_("gestart op"))
    responded_at = models.DateTimeField(verbose_name=_("gereageerd op"), null=True, blank=True)
    stopped_at = models.DateTimeField(verbose_name=_("gestopt op"), null=True, blank=True)
    stop_reason = models.CharField(
        verbose_name=_("reden van stoppen"), max_length=12, choices=StopReason.choices, blank=True
    )

    history = tracked_history()

    class Meta:
        verbose_name = _("SLA-klok")
        verbose_name_plural = _("SLA-klokken")
        ordering = ["started_at", "pk"]
        indexes = [
            models.Index(fields=["stopped_at"]),
            models.Index(fields=["started_at"]),
            models.Index(fields=["responded_at"]),
        ]

    def __str__(self):
        return f"{self.incident.reference} {self.agreement_reference} ({self.party})"

    @property
    def working_day_minutes(self) -> int | None:
        """Minutes in one working day of the calendar the clock started with (None when always open)."""
        return ServiceCalendar.working_day_minutes_of(self.calendar_snapshot or {})


COPIED_FROM_CLOCK = {"on_delete": models.DO_NOTHING, "db_constraint": False, "db_index": False}


class ClockWeek(models.Model):
    """What a week's figures count of one clock, as it stood at the week's end: a row for each week in which the
    clock started or a target of it was decided (answered, resolved), with whether the target was met, worked
    out when the clock was written (clock_weeks.py), and the clock's incident, scope, party and agreement. Every
    write to the clock in the week rewrites the row and no later write touches it, so a week's figures read these
    rows instead of the clocks' history."""

    history_not_needed = True  # derived from the clock's history, from which fill_from_history writes it again

    clock = models.ForeignKey(SlaClock, verbose_name=_("klok"), on_delete=models.CASCADE, related_name="weeks")
    week = models.DateField(verbose_name=_("week (maandag)"))
    # The clock's own, which never change, copied so that a week's figures read this table alone. Deleted with the
    # clock (its cascade) and read by the week, so neither constrained nor indexed.
    incident = models.ForeignKey(Incident, verbose_name=_("incident"), related_name="+", **COPIED_FROM_CLOCK)
    scope = models.CharField(verbose_name=_("reikwijdte"), max_length=3, choices=SlaClock.Scope.choices)
    party = models.ForeignKey(Party, verbose_name=_("partij"), related_name="+", **COPIED_FROM_CLOCK)
    agreement = models.ForeignKey(Agreement, verbose_name=_("afspraak"), related_name="+", **COPIED_FROM_CLOCK)
    agreement_reference = models.CharField(verbose_name=_("kenmerk afspraak"), max_length=50)
    received = models.BooleanField(verbose_name=_("gestart in de week"))
    response_met = models.BooleanField(verbose_name=_("reactienorm gehaald"), null=True)
    acknowledged_after = models.DurationField(verbose_name=_("gereageerd na"), null=True)
    resolution_met = models.BooleanField(verbose_name=_("oplosnorm gehaald"), null=True)

    class Meta:
        verbose_name = _("klok per week")
        verbose_name_plural = _("klokken per week")
        constraints = [models.UniqueConstraint(fields=["week", "clock"], name="one_row_per_clock_and_week")]

    def __str__(self):
        return f"{self.clock} {self.week:%G-W%V}"


class SlaEvent(models.Model):
    """A warning (75%) or breach (100%) of one target of one clock, raised once."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("waarschuwing")
        BREACH = "breach", _("overschrijding")

    class Target(models.TextChoices):
        RESPONSE = "response", _("reactie")
        RESOLUTION = "resolution", _("oplossing")

    clock = models.ForeignKey(SlaClock, verbose_name=_("klok"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(verbose_name=_("soort"), max_length=10, choices=Kind.choices)
    target = models.CharField(verbose_name=_("norm"), max_length=10, choices=Target.choices)
    raised_at = models.DateTimeField(verbose_name=_("opgetreden op"))
    notified_at = models.DateTimeField(verbose_name=_("gemeld op"), null=True, blank=True)

    history = tracked_history()

    class Meta:
        verbose_name = _("normgebeurtenis")
        verbose_name_plural = _("normgebeurtenissen")
        ordering = ["raised_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["clock", "kind", "target"], name="one_event_per_clock_target")]
        indexes = [models.Index(fields=["kind", "raised_at"])]

    def __str__(self):
        return f"{self.clock}: {self.get_kind_display()} {self.get_target_display()}"
