"""The outbox: write a notification with the change that causes it, deliver it after commit.

`notify()` adds the row inside the caller's transaction, so the message exists exactly when the
change does. After commit it tries to hand the delivery to Celery; when the broker is unreachable
that is logged and the request goes on: the row stays pending, and `deliver_pending()` (Celery
beat, every minute, and at worker start-up) delivers it later.

`notify_users()` owes one row per recipient and step, each delivered on its own (one failing address
holds up no other), in the recipient's language, unless the recipient chose the daily digest
(`send_daily_digests`) or no mail of that kind; mail the process needs is always sent at once.

`deliver()` locks the row, sends the mail and sets `sent_at` in one transaction, so a row is mailed
once however often its delivery is requested (at most once under normal operation; if the database
fails after the mail server accepted the message, the next attempt sends it again). A failed delivery
leaves the row pending with its error and the time of its next attempt (backing off to an hour).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from . import kinds, mail
from .models import Delivery, MailPreference, MailSettings, Notification

logger = logging.getLogger("regie.notifications")

Kind = Notification.Kind


@dataclass
class Message:
    subject: str
    body: str
    recipients: list[str]
    on_sent: Callable[[], None] | None = None  # records the sending on the object, in the same transaction


# Per kind: the function that composes the message from the object (locking it if it records the
# sending; None when there is nothing to send any more), and the Celery task that delivers it,
# called with the object's id. Both live in the app that owns the object.
COMPOSERS = {
    Kind.INCIDENT_FILED: "incidents.notifications.incident_filed_message",
    Kind.SLA_EVENT: "incidents.notifications.sla_event_message",
}
TASKS = {
    Kind.INCIDENT_FILED: "incidents.tasks.notify_incident_filed",
    Kind.SLA_EVENT: "incidents.tasks.notify_sla_event",
}
PER_RECIPIENT_TASK = "notifications.tasks.deliver_notification"
RETRY_AFTER_AT_MOST = timedelta(hours=1)


def notify(kind: str, object_id: int) -> Notification:
    """Owe a message about the object: in the caller's transaction; delivery is requested after commit."""
    notification = Notification.objects.create(kind=kind, object_id=object_id)  # one per object: a unique pair
    transaction.on_commit(lambda: request_delivery(notification))
    return notification


def notify_users(kind: str, object_id: int, event: str, users: Iterable, *, mandatory: bool = False) -> list:
    """Owe a mail of a registered kind about one step (`event`) to each user, in the caller's transaction:
    one row per recipient, delivered after commit, or kept for the daily digest, or (switched off) not
    owed. A step already owed to a user is not owed again. `mandatory` (a P1, say) overrides the choice."""
    mail_kind = kinds.get(kind)
    recipients = {user.pk: user for user in users if user is not None and user.is_active and user.email}
    choices = dict(MailPreference.objects.filter(user_id__in=recipients, kind=kind).values_list("user_id", "delivery"))
    owed = []
    for user_id in sorted(recipients):
        delivery = Delivery.IMMEDIATELY
        if not (mandatory or mail_kind.mandatory):
            delivery = choices.get(user_id, Delivery.IMMEDIATELY)
        if delivery == Delivery.OFF:
            continue
        notification, created = Notification.objects.get_or_create(
            kind=kind,
            object_id=object_id,
            event=event,
            recipient_id=user_id,
            defaults={"in_digest": delivery == Delivery.DIGEST},
        )
        if created and not notification.in_digest:
            transaction.on_commit(lambda notification=notification: request_delivery(notification))
        owed.append(notification)
    return owed


def was_owed(kind: str, object_id: int, event: str) -> bool:
    """Whether this step was ever owed to anyone (a reminder is sent once, even if the task runs often)."""
    return Notification.objects.filter(kind=kind, object_id=object_id, event=event).exists()


def request_delivery(notification: Notification) -> bool:
    """Hand the delivery to Celery. A broker that is down (or an in-process run that fails) is logged,
    never raised: the row stays pending for `deliver_pending`."""
    try:
        if notification.recipient_id is not None:
            import_string(PER_RECIPIENT_TASK).delay(notification.pk)
        else:
            import_string(TASKS[notification.kind]).delay(notification.object_id)
    except Exception as error:  # noqa: BLE001 - whatever the broker raises, the row stays owed
        logger.warning(
            "Notification %s (%s %s) not handed to the broker; it stays in the outbox: %s: %s",
            notification.pk,
            notification.kind,
            notification.object_id,
            type(error).__name__,
            error,
        )
        return False
    return True


def deliver_for(kind: str, object_id: int) -> bool:
    """Deliver the notification owed about this object, if any is still pending. True when mailed now."""
    pk = Notification.objects.filter(kind=kind, object_id=object_id).values_list("pk", flat=True).first()
    return pk is not None and deliver(pk)


def deliver(notification_id: int) -> bool:
    """Mail one notification unless it was sent already (or another process is sending it right now)."""
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(pk=notification_id, sent_at__isnull=True)
                .first()
            )
            if notification is None:
                return False
            if notification.recipient_id is not None:
                return _deliver_to_recipient(notification)
            # In the portal's language, whatever language the process has active (a request's, say).
            with translation.override(settings.LANGUAGE_CODE):
                message = import_string(COMPOSERS[notification.kind])(notification.object_id)
            mailed = False
            if message is not None:
                if message.recipients:
                    send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, message.recipients)
                    mailed = True
                if message.on_sent is not None:
                    message.on_sent()
            _mark_sent([notification])
            return mailed
    except Exception as error:
        _record_failure(Notification.objects.filter(pk=notification_id), error)
        raise


def _record_failure(rows, error: Exception) -> None:
    """Count the attempt, keep the error, and say when to try again: 1, 2, 4 … minutes, at most an hour."""
    now = timezone.now()
    with transaction.atomic():
        for row in rows.select_for_update():
            wait = min(timedelta(minutes=2**row.attempts), RETRY_AFTER_AT_MOST)
            row.attempts += 1
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
            row.next_attempt_at = now + wait
            row.save(update_fields=["attempts", "last_error", "next_attempt_at"])


def _language(user_id: int) -> str:
    return (
        MailSettings.objects.filter(user_id=user_id).values_list("language", flat=True).first()
        or settings.LANGUAGE_CODE
    )


def _compose(notification: Notification, language: str) -> dict | None:
    with translation.override(language):
        return kinds.get(notification.kind).compose(notification)


def _deliver_to_recipient(notification: Notification) -> bool:
    """One mail of a registered kind to its one recipient (inside deliver's transaction)."""
    recipient = notification.recipient
    language = _language(recipient.pk)
    context = _compose(notification, language) if recipient.is_active and recipient.email else None
    if context is not None:
        message = mail.render(kinds.get(notification.kind).template, context, language)
        _send(message, recipient.email)
    _mark_sent([notification])
    return context is not None


def _send(message: mail.Mail, address: str) -> None:
    email = EmailMultiAlternatives(message.subject, message.text, settings.DEFAULT_FROM_EMAIL, [address])
    email.attach_alternative(message.html, "text/html")
    email.send()


def _mark_sent(notifications: list[Notification]) -> None:
    now = timezone.now()
    for notification in notifications:
        notification.sent_at, notification.last_error, notification.next_attempt_at = now, "", None
        notification.attempts += 1
        notification.save(update_fields=["sent_at", "attempts", "last_error", "next_attempt_at"])


def _due(now: datetime) -> Q:
    return Q(sent_at__isnull=True) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def deliver_pending(limit: int = 500) -> int:
    """Deliver what is pending and due, oldest first (digest rows wait for the digest); one failing row
    does not stop the rest. Returns how many were mailed."""
    pending = (
        Notification.objects.filter(_due(timezone.now()), in_digest=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    mailed = 0
    for pk in list(pending):
        try:
            mailed += deliver(pk)
        except Exception:
            logger.exception("Notification %s could not be delivered; it stays in the outbox", pk)
    return mailed


def send_daily_digests() -> int:
    """One mail per user with a line per pending digest item; the items are marked sent with it, so a
    second run the same day sends nothing. Returns how many digests were mailed."""
    users = (
        Notification.objects.filter(_due(timezone.now()), in_digest=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    mailed = 0
    for user_id in list(users):
        try:
            mailed += _send_digest(user_id)
        except Exception:
            logger.exception("The daily digest of user %s could not be mailed; its items stay pending", user_id)
    return mailed


def _send_digest(user_id: int) -> bool:
    try:
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(_due(timezone.now()), in_digest=True, recipient_id=user_id)
                .order_by("pk")
            )
            if not items:
                return False
            recipient, language = items[0].recipient, _language(user_id)
            lines = []
            for item in items:
                context = _compose(item, language) if recipient.is_active and recipient.email else None
                if context is not None:
                    template = kinds.get(item.kind).template
                    lines.append(
                        {"subject": mail.subject(template, context, language), "url": mail.absolute(context["url"])}
                    )
            if lines:
                _send(mail.render_digest(lines, language), recipient.email)
            _mark_sent(items)
            return bool(lines)
    except Exception as error:
        _record_failure(Notification.objects.filter(sent_at__isnull=True, in_digest=True, recipient_id=user_id), error)
        raise
