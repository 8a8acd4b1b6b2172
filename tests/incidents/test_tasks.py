"""The Celery tasks, called directly: thin wrappers over the services, safe to run twice."""

from django.conf import settings
from django.utils import translation

from incidents import services, tasks
from incidents.models import SlaEvent, Status
from regie.celery import app

INCIDENT_TASKS = {
    "incidents.tasks.check_sla_clocks",
    "incidents.tasks.auto_close_resolved_incidents",
    "incidents.tasks.notify_sla_event",
}


def test_check_sla_clocks_twice_mails_each_event_once(
    file_incident, at, mailoutbox, django_capture_on_commit_callbacks
):
    with at(2026, 3, 2, 9, 0):
        incident = file_incident()  # P3: respond within 240 business minutes, warning at 180
    with at(2026, 3, 2, 11, 0), django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_sla_clocks() == 0
    with at(2026, 3, 2, 12, 0), django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_sla_clocks() == 1
    with at(2026, 3, 2, 12, 5), django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert tasks.check_sla_clocks() == 0
    assert callbacks == []

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.subject.startswith(f"[{incident.reference}] waarschuwing reactie-norm SLA-VWS-CIBG")
    assert "po@regie.example" in mail.to  # the regie party's Product Owner
    assert "cibg@regie.example" in mail.to  # operators of the party whose clock it is
    assert "ggd@regie.example" not in mail.to
    event = SlaEvent.objects.get()
    assert (event.kind, event.target, event.notified_at is not None) == ("warning", "response", True)

    with at(2026, 3, 2, 13, 0), django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_sla_clocks() == 1
        assert tasks.check_sla_clocks() == 0
    assert len(mailoutbox) == 2
    assert "overschrijding reactie-norm" in mailoutbox[1].subject


def test_the_breach_mail_goes_to_the_party_holding_the_incident(
    file_incident, route, at, mailoutbox, django_capture_on_commit_callbacks
):
    with at(2026, 3, 2, 9, 0):
        route(file_incident(), "justid")  # JustID's UC: respond within 180 business minutes
    with at(2026, 3, 2, 13, 0), django_capture_on_commit_callbacks(execute=True):
        tasks.check_sla_clocks()
    uc_breach = [mail for mail in mailoutbox if "overschrijding reactie-norm UC-CIBG-JUSTID" in mail.subject]
    assert len(uc_breach) == 1
    assert {"justid@regie.example", "po@regie.example"} <= set(uc_breach[0].to)
    assert "kpn@regie.example" not in uc_breach[0].to


def test_notify_sla_event_sends_once(file_incident, at, mailoutbox):
    with at(2026, 3, 2, 9, 0):
        file_incident()
    with at(2026, 3, 2, 12, 0):
        services.check_sla_clocks()  # outside a captured commit: the notification was never sent
    event = SlaEvent.objects.get()
    assert event.notified_at is None
    assert mailoutbox == []

    assert tasks.notify_sla_event(event.pk) is True
    assert tasks.notify_sla_event(event.pk) is False
    assert tasks.notify_sla_event(event.pk + 1000) is False

    assert len(mailoutbox) == 1
    event.refresh_from_db()
    assert event.notified_at is not None
    assert event.history.first().history_change_reason == "Melding verstuurd"


def test_the_mail_is_in_dutch_whatever_language_the_process_last_served(file_incident, at, mailoutbox):
    with at(2026, 3, 2, 9, 0):
        file_incident()
    with at(2026, 3, 2, 12, 0):
        services.check_sla_clocks()
    event = SlaEvent.objects.get()
    with translation.override("en"):  # as after a request of a user who reads the portal in English
        assert tasks.notify_sla_event(event.pk) is True
    assert "waarschuwing reactie-norm" in mailoutbox[0].subject


def test_notify_sla_event_for_an_already_notified_event_sends_nothing(
    file_incident, at, mailoutbox, django_capture_on_commit_callbacks
):
    with at(2026, 3, 2, 9, 0):
        file_incident()
    with at(2026, 3, 2, 12, 0), django_capture_on_commit_callbacks(execute=True):
        services.check_sla_clocks()
    event = SlaEvent.objects.get()
    assert event.notified_at is not None
    mailoutbox.clear()

    assert tasks.notify_sla_event.delay(event.pk).get() is False
    assert tasks.notify_sla_event(event.pk) is False
    assert mailoutbox == []


def test_auto_close_task_closes_once_after_five_business_days(demo_user, file_incident, route, at):
    with at(2026, 3, 2, 9, 0):
        incident = route(file_incident(), "justid")
        services.incident_acknowledge(actor=demo_user("justid"), incident=incident)
    with at(2026, 3, 2, 14, 0):
        services.incident_resolve(
            actor=demo_user("justid"), incident=incident, resolution_code="fixed", resolution="Certificaat vernieuwd."
        )
    with at(2026, 3, 9, 13, 0):
        assert tasks.auto_close_resolved_incidents() == 0
    with at(2026, 3, 9, 14, 0):
        assert tasks.auto_close_resolved_incidents() == 1
        assert tasks.auto_close_resolved_incidents() == 0
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED
    assert incident.history.filter(status=Status.CLOSED).count() == 1


def test_the_beat_schedule_names_registered_incident_tasks():
    app.loader.import_default_modules()  # what a worker does at start: autodiscover the apps' tasks
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"incidents.tasks.check_sla_clocks", "incidents.tasks.auto_close_resolved_incidents"} <= scheduled
    assert INCIDENT_TASKS <= set(app.tasks)
    assert {name for name in scheduled if name.startswith("incidents.")} <= set(app.tasks)
    assert app.tasks["incidents.tasks.notify_sla_event"].acks_late is True
