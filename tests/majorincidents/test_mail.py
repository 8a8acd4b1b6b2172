"""Who is mailed about a major incident, in which words."""

from django.core import mail as django_mail

from majorincidents import services
from majorincidents.models import Audience, MajorIncidentUpdate
from notifications.models import MailSettings


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
