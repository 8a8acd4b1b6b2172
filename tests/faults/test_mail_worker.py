"""A real Celery worker on Redis delivers a mail to one person from the outbox: the question to the
reporter leaves this process through the broker and the worker mails it, once."""

import tempfile
import time

from bench.server import stop_process
from incidents import services
from incidents.models import HoldPeriod
from notifications import tasks as outbox_tasks
from notifications.models import Notification
from tests.celery_worker import NEEDS_WORKER, WAIT_SECONDS, wait_for
from tests.faults.helpers import start_worker
from tests.faults.test_outbox_worker import _mails

pytestmark = NEEDS_WORKER


def test_a_worker_delivers_the_question_to_the_reporter_once(demo_user, file_incident, route, broker, tmp_path):
    incident = file_incident()
    route(incident, "kpn")
    services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
    services.incident_hold(
        actor=demo_user("kpn"), incident=incident, waiting_for=HoldPeriod.WaitingFor.REPORTER, reason="Welke code?"
    )
    question = Notification.objects.get(kind="incident_question")
    assert question.recipient == demo_user("ggd")

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with tempfile.TemporaryFile(mode="w+") as log:
        worker = start_worker(broker.queue, log, REGIE_TEST_MAIL_DIR=str(mail_dir))
        try:
            sent = wait_for(lambda: Notification.objects.get(pk=question.pk).sent_at, worker)
            outbox_tasks.deliver_notification.delay(question.pk)  # asked again: nothing more goes out
            outbox_tasks.deliver_pending_notifications.delay()
            time.sleep(3)  # the worker takes both from the queue; neither mails again
        finally:
            stop_process(worker)
            log.seek(0)
            output = log.read()
    assert sent is not None, f"the worker did not deliver the question in {WAIT_SECONDS} s:\n{output}"
    to_reporter = [mail for mail in _mails(mail_dir) if mail["To"] == demo_user("ggd").email]
    assert [mail["Subject"] for mail in to_reporter] == [f"[{incident.reference}] Er is een vraag over uw melding"]
