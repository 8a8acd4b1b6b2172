from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked_history
from parties.access import principal_for
from parties.models import Party


class ReadinessGroup(models.TextChoices):
    """The three headings of the seed document's transition checklist."""

    PRODUCT = "product", _("Volledigheid van het product")
    ORGANISATION = "organisation", _("Organisatie")
    KNOWLEDGE = "knowledge", _("Kennis")


class ReadinessStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Niet gestart")
    IN_PROGRESS = "in_progress", _("Bezig")
    DONE = "done", _("Gereed")
    NOT_APPLICABLE = "not_applicable", _("Niet van toepassing")


class ReadinessItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everyone in the chain (VWS included) reads the checklist; the reporter's side does not."""
        return self if principal_for(user).is_chain_member else self.none()


class ReadinessItem(models.Model):
    """One point of the transition-readiness checklist (from development and build to service,
    development and operation): who owns it, how far it is, and where the evidence is."""

    key = models.SlugField(_("sleutel"), max_length=50, unique=True)
    group = models.CharField(_("onderdeel"), max_length=20, choices=ReadinessGroup.choices)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    name = models.CharField(_("punt"), max_length=100)
    description = models.TextField(_("omschrijving"))
    owner = models.ForeignKey(
        Party, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="readiness_items"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReadinessStatus.choices, default=ReadinessStatus.NOT_STARTED
    )
    evidence_url = models.URLField(_("bewijs (link)"), max_length=500, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    version = models.PositiveIntegerField(default=1)

    history = tracked_history()
    objects = ReadinessItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("transitiepunt")
        verbose_name_plural = _("transitiepunten")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name
