"""An SMTP outage loses no mail: the delivery fails, the row stays pending with a retry, and a later
run delivers it exactly once (a real SMTP server, started and stopped by the test)."""

from incidents import services
from incidents.models import HoldPeriod
from notifications import services as outbox
from notifications.models import Notification
from parties.models import Party


def test_a_question_asked_while_the_mail_server_is_down_is_mailed_once_when_it_is_back(
    demo_chain,
    demo_user,
    file_incident,
    at,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    reporter = demo_user("ggd")
    with at(2026, 3, 2, 9, 0):
        incident = file_incident()
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Naar kpn"
        )
        services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
        with django_capture_on_commit_callbacks(execute=True):  # the delivery is tried at once, and fails
            services.incident_hold(
                actor=demo_user("kpn"),
                incident=incident,
                waiting_for=HoldPeriod.WaitingFor.REPORTER,
                reason="Welke foutcode ziet u?",
            )
    question = Notification.objects.get(kind="incident_question", recipient=reporter)
    assert question.sent_at is None
    assert question.attempts == 1
    assert question.next_attempt_at is not None
    assert "Connection refused" in question.last_error or "Errno" in question.last_error

    smtp_server.start()
    with at(2026, 3, 2, 9, 0):
        outbox.deliver_pending()  # not due yet: it waits for its retry
    assert smtp_server.inbox.to(reporter.email) == []
    with at(2026, 3, 2, 9, 5):
        outbox.deliver_pending()
        outbox.deliver_pending()
    (mail,) = smtp_server.inbox.to(reporter.email)
    assert incident.reference in mail["Subject"]
    question.refresh_from_db()
    assert question.sent_at is not None
