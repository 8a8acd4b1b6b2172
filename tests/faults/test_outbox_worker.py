"""The outbox with a real worker: with the broker down, filing an incident through the web form still
succeeds quickly and its mail is owed in the database; once the broker is back a worker delivers it,
exactly once however often delivery is asked for."""

import email
import email.policy
import logging
import tempfile
import time
from pathlib import Path

from bench.server import stop_process
from incidents import tasks as incident_tasks
from incidents.models import Incident
from notifications import tasks as outbox_tasks
from notifications.models import Notification
from parties.models import Component
from tests.celery_worker import NEEDS_WORKER, WAIT_SECONDS, wait_for
from tests.faults.helpers import BROKER_URL, closed_port, start_worker

pytestmark = NEEDS_WORKER


def _filing(title: str) -> dict:
    component = Component.objects.get(slug="hsm")
    return {"title": title, "component": str(component.pk), "impact": "medium", "urgency": "low", "description": "-"}


def _mails(mail_dir: Path) -> list:
    """The messages the worker wrote (Django's file backend: one file per connection, separated by dashes)."""
    found = []
    for path in sorted(mail_dir.iterdir()):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                found.append(email.message_from_string(chunk.strip(), policy=email.policy.default))
    return found


def test_filing_with_the_broker_down_succeeds_and_the_mail_follows_once(demo_user, client, broker, caplog, tmp_path):
    client.force_login(demo_user("ggd"))
    broker.point_at(f"redis://127.0.0.1:{closed_port()}/7")

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="regie.notifications"):
        response = client.post("/incidents/new/", _filing("Broker weg: inloggen lukt niet"))
    took = time.monotonic() - started

    assert response.status_code == 302
    assert took < 3, f"filing took {took:.1f} s with the broker down"
    incident = Incident.objects.get(title="Broker weg: inloggen lukt niet")
    assert response.headers["Location"] == f"/incidents/{incident.reference}/"
    owed = Notification.objects.get(kind="incident_filed", object_id=incident.pk)
    assert owed.sent_at is None
    assert "not handed to the broker" in caplog.text

    # The broker is back; a worker starts and delivers what the outbox holds.
    broker.point_at(BROKER_URL)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with tempfile.TemporaryFile(mode="w+") as log:
        worker = start_worker(broker.queue, log, REGIE_TEST_MAIL_DIR=str(mail_dir))
        try:
            sent = wait_for(lambda: Notification.objects.get(pk=owed.pk).sent_at, worker)
            # Asked again, per object and by the beat task: nothing more goes out.
            incident_tasks.notify_incident_filed.delay(incident.pk)
            outbox_tasks.deliver_pending_notifications.delay()
            # A second incident with the broker up: delivered through the queue, after the two above.
            response = client.post("/incidents/new/", _filing("Broker terug: tweede melding"))
            second = Incident.objects.get(title="Broker terug: tweede melding")
            second_sent = wait_for(
                lambda: Notification.objects.get(kind="incident_filed", object_id=second.pk).sent_at, worker
            )
        finally:
            stop_process(worker)
            log.seek(0)
            output = log.read()
    assert sent is not None, f"the worker did not deliver the owed mail in {WAIT_SECONDS} s:\n{output}"
    assert second_sent is not None, f"the second mail was not delivered:\n{output}"

    mails = _mails(mail_dir)
    subjects = [mail["Subject"] for mail in mails]
    assert subjects.count(f"[{incident.reference}] Nieuw incident wacht op beoordeling: {incident.title}") == 1
    assert subjects.count(f"[{second.reference}] Nieuw incident wacht op beoordeling: {second.title}") == 1
    assert len(subjects) == 2
    assert all(mail["To"] == "po@regie.example" for mail in mails)
