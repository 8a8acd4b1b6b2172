"""Who is mailed about a major incident, in which words."""

from django.conf import settings
from django.core import mail as django_mail

from majorincidents import services
from majorincidents.models import Audience, MajorIncidentUpdate
from majorincidents.tasks import remind_due_major_updates
from notifications.models import MailSettings
from regie.celery import app


def test_the_declaration_reaches_the_coordinator_and_vws_not_the_reporters(outage_reports, declare, mails):
    with mails() as sent:
        declare(outage_reports[0], by="po", coordinator="cibg")
    addressed = {address for message in sent for address in message.to}
    assert {"cibg@regie.example", "vws@regie.example", "opdrachtgever@regie.example"} <= addressed
    assert "ggd@regie.example" not in addressed
    assert all("Storing inloggen GGD-portaal" in message.subject for message in sent)


def test_a_public_update_reaches_every_linked_reporter_with_the_public_text_only(
    outage_reports, ggd_reporters, declare, demo_user, mails
):
    major = declare(outage_reports[0])
    for report in outage_reports[1:]:
        services.major_link_report(actor=demo_user("cibg"), major=major, report=report, reason="Zelfde storing")
    MailSettings.objects.create(user=ggd_reporters[4], language="en")
    with mails() as sent:
        services.major_post_update(
            actor=demo_user("cibg"),
            major=major,
            kind=MajorIncidentUpdate.Kind.SCHEDULED,
            audiences=[Audience.REPORTERS, Audience.BUSINESS_OWNER],
            public_text="We werken aan een oplossing.",
            internal_text="De database bij KPN is vol",
        )
    to_reporters = [message for message in sent if message.to[0] in {user.email for user in ggd_reporters}]
    assert sorted(message.to[0] for message in to_reporters) == sorted(user.email for user in ggd_reporters)
    for message, report in ((m, r) for m in to_reporters for r in outage_reports if r.reported_by.email == m.to[0]):
        assert report.reference in message.subject
        assert "We werken aan een oplossing." in message.body
        assert "KPN" not in message.body
        assert "database" not in message.body
    english = next(message for message in to_reporters if message.to[0] == ggd_reporters[4].email)
    assert "outage" in english.subject.lower()
    to_vws = [message for message in sent if message.to[0] not in {user.email for user in ggd_reporters}]
    assert to_vws
    assert all("De database bij KPN is vol" in message.body for message in to_vws)
    assert len(django_mail.outbox) >= len(sent)


def test_the_coordinator_is_reminded_once_each_time_an_update_falls_due(outage_reports, declare, demo_user, mails, at):
    with at(2026, 3, 4, 10, 0):
        major = declare(outage_reports[0], by="po", coordinator="cibg")  # a P1: an update every 30 minutes
    with at(2026, 3, 4, 10, 20), mails() as early:
        remind_due_major_updates()
    assert early == []
    with at(2026, 3, 4, 10, 31):
        with mails() as sent:
            remind_due_major_updates()
        with mails() as again:
            remind_due_major_updates()
    [reminder] = sent
    assert reminder.to == ["cibg@regie.example"]
    reference = outage_reports[0].reference
    assert reminder.subject == f"[{reference}] Update nodig over de grote verstoring: {major.public_title}"
    assert "was nodig om 4 maart 10:30" in reminder.body
    assert again == []

    # A scheduled update sets the next due time; when that passes she is reminded again, until it is stood down.
    with at(2026, 3, 4, 10, 35):
        services.major_post_update(
            actor=demo_user("cibg"),
            major=major,
            kind=MajorIncidentUpdate.Kind.SCHEDULED,
            audiences=[Audience.OPERATORS],
            internal_text="Stand van zaken",
        )
    with at(2026, 3, 4, 11, 6), mails() as next_one:
        remind_due_major_updates()
    assert [message.to for message in next_one] == [["cibg@regie.example"]]
    assert "was nodig om 4 maart 11:05" in next_one[0].body
    with at(2026, 3, 4, 11, 10):
        services.major_stand_down(actor=demo_user("po"), major=major, reason="Voorbij")
    with at(2026, 3, 4, 12, 0), mails() as after:
        remind_due_major_updates()
    assert after == []


def test_the_reminder_runs_every_minute_and_only_regie_people_can_choose_how_they_get_it(client, demo_user):
    app.loader.import_default_modules()
    entries = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert entries["majorincidents.tasks.remind_due_major_updates"] == 60.0
    assert "majorincidents.tasks.remind_due_major_updates" in app.tasks
    for username, offered in (("cibg", True), ("kpn", False), ("ggd", False)):
        client.force_login(demo_user(username))
        kinds = {choice.kind.code for choice in client.get("/mail/").context["form"].choices}
        assert ("major_update_due" in kinds) is offered, username
