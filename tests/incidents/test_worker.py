"""One integration test with a real Celery worker on Redis: the task leaves this process through
the broker, a worker in another process runs it against the (PostgreSQL) test database."""

from incidents import services, tasks
from incidents.models import SlaEvent
from tests.celery_worker import NEEDS_WORKER, WAIT_SECONDS, running_worker, wait_for

pytestmark = NEEDS_WORKER


def test_a_real_worker_sends_the_sla_notification(real_broker, file_incident, at, monkeypatch, mailoutbox):
    with at(2026, 3, 2, 9, 0):
        incident = file_incident()
    asked = []
    with monkeypatch.context() as patch, at(2026, 3, 2, 12, 0):
        # Keep the service's own on-commit notification in this process from sending it first.
        patch.setattr(tasks, "notify_sla_event", type("Recorder", (), {"delay": staticmethod(asked.append)}))
        (event,) = services.check_sla_clocks()
    assert asked == [event.pk]
    assert (event.clock.incident_id, event.kind, event.target) == (incident.pk, "warning", "response")
    assert SlaEvent.objects.get(pk=event.pk).notified_at is None

    with running_worker(real_broker) as worker:
        tasks.notify_sla_event.apply_async(args=[event.pk], queue=worker.queue)
        notified_at = wait_for(lambda: SlaEvent.objects.get(pk=event.pk).notified_at, worker.process)
    assert notified_at is not None, f"the worker did not handle the task in {WAIT_SECONDS}s:\n{worker.output}"
    assert mailoutbox == []  # sent by the worker, not by this process
    event.refresh_from_db()
    assert event.history.first().history_change_reason == "Melding verstuurd"
    assert event.history.first().history_user is None
