"""The outbox: every mail the portal owes someone, written in the same transaction as the change
that causes it, and marked sent in the same transaction as sending it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message owed, about one object (an incident, an SLA event).

    Bookkeeping, not governance: the change that caused it is in that object's history, and for SLA
    events the sending is recorded there too ("Melding verstuurd"). So it keeps no history of its own.
    """

    history_not_needed = True

    class Kind(models.TextChoices):
        INCIDENT_FILED = "incident_filed", _("nieuw incident")
        SLA_EVENT = "sla_event", _("normgebeurtenis")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_notification_per_object")]
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="notification_pending")
        ]

    def __str__(self):
        state = "sent" if self.sent_at else "pending"
        return f"{self.kind} {self.object_id} ({state})"
