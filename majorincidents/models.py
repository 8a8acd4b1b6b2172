"""Major incidents: an incident the regie party declares major, coordinated by one CIBG person, communicated
to its audiences on a cadence the business owner's SLA sets, and reviewed before it is closed."""

from django.conf import settings
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from core.history import tracked_history
from incidents.models import Incident

from .querysets import MajorIncidentQuerySet


class MajorStatus(models.TextChoices):
    DECLARED = "declared", _("Uitgeroepen")
    STOOD_DOWN = "stood_down", _("Afgeschaald")
    CLOSED = "closed", _("Gesloten")


class MajorIncident(models.Model):
    """One outage declared major: the incident that stands for it (its linked reports follow it), who
    coordinates it, how often updates are due, and where it is in its life (declared → stood down → closed)."""

    incident = models.OneToOneField(
        Incident, verbose_name=_("incident"), on_delete=models.PROTECT, related_name="major_incident"
    )
    public_title = models.CharField(
        _("openbare titel"),
        max_length=200,
        help_text=_("Wat melders en het publiek zien: geen partijen, personen of klokken."),
    )
    status = models.CharField(_("status"), max_length=12, choices=MajorStatus.choices, default=MajorStatus.DECLARED)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coördinator"), on_delete=models.PROTECT, related_name="+"
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uitgeroepen door"), on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(_("uitgeroepen op"))
    update_interval_minutes = models.PositiveIntegerField(
        _("updatefrequentie (minuten)"),
        null=True,
        blank=True,
        help_text=_("Uit de SLA met de opdrachtgever bij het uitroepen; leeg: de SLA noemt er geen."),
    )
    next_update_due_at = models.DateTimeField(_("volgende update uiterlijk"), null=True, blank=True, db_index=True)
    stood_down_at = models.DateTimeField(_("afgeschaald op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = tracked_history()
    objects = MajorIncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("grote verstoring")
        verbose_name_plural = _("grote verstoringen")
        ordering = ["-declared_at"]

    def __str__(self):
        return f"{self.incident.reference} – {self.public_title}"

    @property
    def is_active(self) -> bool:
        return self.status == MajorStatus.DECLARED


class Audience(models.TextChoices):
    REPORTERS = "reporters", _("Melders (GGD) van de gekoppelde meldingen")
    BUSINESS_OWNER = "business_owner", _("VWS (opdrachtgever)")
    OPERATORS = "operators", _("Behandelaars in de keten")
    PUBLIC = "public", _("Publiek (statuspagina)")


# The reporter's side and the public read the public text only (DESIGN §5).
PUBLIC_AUDIENCES = {Audience.REPORTERS, Audience.PUBLIC}


class MajorIncidentUpdate(models.Model):
    """One entry of the communication log: a scheduled or an ad-hoc update to one or more audiences. The public
    text is all the reporter's side and the public ever read; the internal text is for the chain and VWS."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Geplande update")
        AD_HOC = "ad_hoc", _("Tussentijdse update")

    major = models.ForeignKey(
        MajorIncident, verbose_name=_("grote verstoring"), on_delete=models.CASCADE, related_name="updates"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    audiences = models.JSONField(_("doelgroepen"), default=list)
    public_text = models.TextField(_("openbare tekst"), blank=True)
    internal_text = models.TextField(_("interne tekst"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(_("geplaatst op"))

    history = tracked_history()

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["posted_at", "pk"]

    def __str__(self):
        return f"{self.major.incident.reference}: {self.get_kind_display()}"

    def reaches(self, audience: str) -> bool:
        return audience in self.audiences

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [labels[audience] for audience in Audience.values if audience in self.audiences]


class MajorIncidentReview(models.Model):
    """The review that closes a major incident: the timeline as the records had it when it was filed, what went
    well and what went wrong; its actions are tracked to done."""

    major = models.OneToOneField(
        MajorIncident, verbose_name=_("grote verstoring"), on_delete=models.CASCADE, related_name="review"
    )
    timeline = models.JSONField(_("tijdlijn"), default=list, help_text=_("Uit de vastleggingen bij het indienen."))
    went_well = models.TextField(_("wat ging goed"))
    went_wrong = models.TextField(_("wat ging mis"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ingediend door"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("ingediend op"), db_index=True)

    history = tracked_history()

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")

    def __str__(self):
        return f"{self.major.incident.reference}: {self._meta.verbose_name}"

    def timeline_entries(self) -> list[dict]:
        """The stored timeline with its instants as datetimes again, for display."""
        return [{"at": parse_datetime(entry["at"]), "what": entry["what"]} for entry in self.timeline]


class ReviewAction(models.Model):
    """An improvement the review agreed on, with its owner and due date, tracked to done."""

    review = models.ForeignKey(
        MajorIncidentReview, verbose_name=_("evaluatie"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(_("actie"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("uiterlijk"))
    done_at = models.DateTimeField(_("gereed op"), null=True, blank=True)

    history = tracked_history()

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
