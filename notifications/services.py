"""The outbox: write a notification with the change that causes it, deliver it after commit.

`notify()` adds the row inside the caller's transaction, so the message exists exactly when the
change does. After commit it tries to hand the delivery to Celery; when the broker is unreachable
that is logged and the request goes on: the row stays pending, and `deliver_pending()` (Celery
beat, every minute, and at worker start-up) delivers it later.

`deliver()` locks the row, sends the mail and sets `sent_at` in one transaction, so a row is mailed
once however often its delivery is requested (at most once under normal operation; if the database
fails after the mail server accepted the message, the next attempt sends it again).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from .models import Notification

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


def notify(kind: str, object_id: int) -> Notification:
    """Owe a message about the object: in the caller's transaction; delivery is requested after commit."""
    notification = Notification.objects.create(kind=kind, object_id=object_id)  # one per object: a unique pair
    transaction.on_commit(lambda: request_delivery(notification))
    return notification


def request_delivery(notification: Notification) -> bool:
    """Hand the delivery to Celery. A broker that is down (or an in-process run that fails) is logged,
    never raised: the row stays pending for `deliver_pending`."""
    try:
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
            notification.sent_at = timezone.now()
            notification.attempts += 1
            notification.last_error = ""
            notification.save(update_fields=["sent_at", "attempts", "last_error"])
            return mailed
    except Exception as error:
        with transaction.atomic():
            Notification.objects.filter(pk=notification_id).update(
                attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
            )
        raise


def deliver_pending(limit: int = 500) -> int:
    """Deliver what is still pending, oldest first; one failing row does not stop the rest. Returns how
    many were mailed."""
    pending = Notification.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit]
    mailed = 0
    for pk in list(pending):
        try:
            mailed += deliver(pk)
        except Exception:
            logger.exception("Notification %s could not be delivered; it stays in the outbox", pk)
    return mailed
