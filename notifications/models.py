"""The outbox: every mail the portal owes someone, written in the same transaction as the change
that causes it, and marked sent in the same transaction as sending it; and each user's mail settings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import tracked_history


class Notification(models.Model):
    """One message owed, about one object (an incident, a change, an SLA event).

    The two older kinds (a new incident, an SLA event) are one row per object, mailed to a list. Every
    other kind is one row per recipient and step (`event`, say "hold:12"), so one failing address does
    not hold up the others, and a step is mailed to a person once however often it is owed.

    Bookkeeping, not governance: the change that caused it is in that object's history. So it keeps no
    history of its own.
    """

    history_not_needed = True

    class Kind(models.TextChoices):
        INCIDENT_FILED = "incident_filed", _("nieuw incident")
        SLA_EVENT = "sla_event", _("normgebeurtenis")

    kind = models.CharField(_("soort"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object"))
    event = models.CharField(_("stap"), max_length=60, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    in_digest = models.BooleanField(_("in de dagelijkse samenvatting"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging op"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=models.Q(recipient__isnull=True),
                name="one_notification_per_object",
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id", "event", "recipient"],
                condition=models.Q(recipient__isnull=False),
                name="one_notification_per_step_and_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="notification_pending")
        ]

    def __str__(self):
        state = "sent" if self.sent_at else "pending"
        return f"{self.kind} {self.object_id} ({state})"


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("direct")
    DIGEST = "digest", _("in de dagelijkse samenvatting")
    OFF = "off", _("niet")


class MailSettings(models.Model):
    """The language a user's mail is written in (the portal's language, Dutch, unless chosen otherwise)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="mail_settings"
    )
    language = models.CharField(_("taal van de mail"), max_length=8, choices=settings.LANGUAGES, default="nl")

    history = tracked_history()

    class Meta:
        verbose_name = _("mailinstelling")
        verbose_name_plural = _("mailinstellingen")

    def __str__(self):
        return f"{self.user} ({self.language})"


class MailPreference(models.Model):
    """How a user wants one kind of mail: at once, in the daily digest, or not at all. Without a row: at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="mail_preferences"
    )
    kind = models.CharField(_("soort"), max_length=40)
    delivery = models.CharField(_("bezorging"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATELY)

    history = tracked_history()

    class Meta:
        verbose_name = _("mailvoorkeur")
        verbose_name_plural = _("mailvoorkeuren")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_mail_preference_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.delivery}"
