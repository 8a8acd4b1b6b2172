"""The outbox in-process: a warning raised while the broker is down is owed, mailed once by the
beat task; a failing mail server leaves the row pending with its error. (With a real worker:
test_outbox_worker.py.)"""

import logging

from django.conf import settings
from kombu.exceptions import OperationalError

from incidents import tasks as incident_tasks
from incidents.models import SlaEvent
from notifications import services as outbox
from notifications import tasks as outbox_tasks
from notifications.models import Notification
from regie.celery import app


class BrokerDown:
    """A task whose broker cannot be reached."""

    @staticmethod
    def delay(*args):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_an_sla_warning_raised_with_the_broker_down_is_mailed_once_by_the_beat_task(
    file_incident, at, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    caplog.set_level(logging.WARNING, logger="regie.notifications")
    with at(2026, 3, 2, 9, 0):
        incident = file_incident()
    monkeypatch.setattr(incident_tasks, "notify_sla_event", BrokerDown)
    with at(2026, 3, 2, 12, 0), django_capture_on_commit_callbacks(execute=True):
        assert incident_tasks.check_sla_clocks() == 1
    event = SlaEvent.objects.get()
    assert "not handed to the broker" in caplog.text
    assert mailoutbox == []
    assert Notification.objects.get(kind="sla_event", object_id=event.pk).sent_at is None

    assert outbox_tasks.deliver_pending_notifications() == 2  # the new-incident mail and the warning
    assert outbox_tasks.deliver_pending_notifications() == 0
    monkeypatch.undo()
    assert incident_tasks.notify_sla_event(event.pk) is False
    assert outbox.deliver(Notification.objects.get(kind="sla_event").pk) is False

    subjects = sorted(mail.subject for mail in mailoutbox)
    assert len(subjects) == 2
    assert subjects[0].startswith(f"[{incident.reference}] Nieuw incident wacht op beoordeling")
    assert subjects[1].startswith(f"[{incident.reference}] waarschuwing reactie-norm SLA-VWS-CIBG")
    event.refresh_from_db()
    assert event.notified_at is not None
    assert event.history.first().history_change_reason == "Melding verstuurd"


def test_a_failing_mail_server_leaves_the_notification_pending_with_the_error(
    file_incident, mailoutbox, monkeypatch, at
):
    with at(2026, 3, 2, 9, 0):
        incident = file_incident()
    notification = Notification.objects.get(kind="incident_filed", object_id=incident.pk)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(outbox, "send_mail", refuse)
    with at(2026, 3, 2, 9, 1):
        assert outbox.deliver_pending() == 0
    notification.refresh_from_db()
    assert (notification.sent_at, notification.attempts) == (None, 1)
    assert "mail server down" in notification.last_error

    monkeypatch.undo()
    with at(2026, 3, 2, 9, 1):
        assert outbox.deliver_pending() == 0  # the retry is due a minute after the failure
    with at(2026, 3, 2, 9, 2):
        assert outbox.deliver_pending() == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 2
    assert len(mailoutbox) == 1


def test_the_outbox_is_delivered_every_minute_and_at_worker_start():
    app.loader.import_default_modules()
    (entry,) = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith(".deliver_pending_notifications")
    ]
    assert entry == {"task": "notifications.tasks.deliver_pending_notifications", "schedule": 60.0}
    assert entry["task"] in app.tasks
