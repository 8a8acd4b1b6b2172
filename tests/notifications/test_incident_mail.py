"""Each step an incident waits on someone mails exactly the people it waits on, once, after commit."""

from django.contrib.auth import get_user_model

from incidents import services
from incidents.models import HoldPeriod, IncidentUpdate
from notifications.models import Delivery, MailPreference, MailSettings, Notification
from parties.models import Party, Role, RoleAssignment


def operator_emails(slug: str) -> list[str]:
    party = Party.objects.get(slug=slug)
    users = RoleAssignment.objects.filter(party=party, role=Role.OPERATOR).values("user_id")
    return sorted(get_user_model().objects.filter(pk__in=users).values_list("email", flat=True))


def ask_reporter(incident, demo_user, by="kpn"):
    services.incident_acknowledge(actor=demo_user(by), incident=incident)
    return services.incident_hold(
        actor=demo_user(by),
        incident=incident,
        waiting_for=HoldPeriod.WaitingFor.REPORTER,
        reason="Welke foutcode ziet u?",
    )


def test_assigning_mails_the_partys_operators_once(demo_chain, file_incident, route, mails):
    incident = file_incident()
    with mails() as sent:
        route(incident, "kpn")
    assert [mail.to for mail in sent] == [[address] for address in operator_emails("kpn")]
    assert all(incident.reference in mail.subject for mail in sent)
    assert "toegewezen" in sent[0].subject


def test_the_question_reaches_the_reporter_with_a_link_and_nothing_of_the_chain(
    demo_chain, demo_user, file_incident, route, mails
):
    incident = file_incident()
    route(incident, "kpn")
    with mails() as sent:
        ask_reporter(incident, demo_user)
    (mail,) = sent
    assert mail.to == [demo_user("ggd").email]
    html = mail.alternatives[0][0]
    link = f"http://127.0.0.1:8000/incidents/{incident.reference}/"
    assert link in mail.body
    assert f'href="{link}"' in html
    for leak in ("KPN", "kpn", "CIBG", "Petra", demo_user("kpn").get_full_name(), "norm", "SLA", "klok"):
        assert leak not in mail.subject + mail.body + html


def test_the_reporters_answer_tells_the_operators_and_a_public_reply_tells_the_reporter(
    demo_chain, demo_user, file_incident, route, mails
):
    incident = file_incident()
    route(incident, "kpn")
    ask_reporter(incident, demo_user)
    with mails() as answered:
        services.incident_reply(actor=demo_user("ggd"), incident=incident, body="Foutcode 42")
    assert sorted(mail.to[0] for mail in answered) == operator_emails("kpn")
    with mails() as replied:
        services.incident_reply(actor=demo_user("kpn"), incident=incident, body="Dank, we kijken ernaar")
    assert [mail.to for mail in replied] == [[demo_user("ggd").email]]
    with mails() as noted:
        services.incident_reply(
            actor=demo_user("kpn"), incident=incident, body="intern", visibility=IncidentUpdate.Visibility.INTERNAL
        )
    assert noted == []


def test_resolving_asks_the_reporter_to_confirm_with_the_closing_date(demo_chain, demo_user, file_incident, at, mails):
    with at(2026, 3, 2, 9, 0):  # a Monday
        incident = file_incident()
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Naar kpn"
        )
        services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
        with mails() as sent:
            services.incident_resolve(
                actor=demo_user("kpn"), incident=incident, resolution_code="fixed", resolution="Certificaat vervangen"
            )
    (mail,) = sent
    assert mail.to == [demo_user("ggd").email]
    assert "9 maart 2026" in mail.body  # five business days later


def test_a_choice_of_off_sends_nothing_and_of_digest_waits_for_the_digest(
    demo_chain, demo_user, file_incident, route, mails
):
    kpn_operator = get_user_model().objects.get(email=operator_emails("kpn")[0])
    MailPreference.objects.create(user=kpn_operator, kind="incident_assigned", delivery=Delivery.OFF)
    with mails() as sent:
        route(file_incident(), "kpn")
    assert kpn_operator.email not in [mail.to[0] for mail in sent]

    MailPreference.objects.filter(user=kpn_operator).update(delivery=Delivery.DIGEST)
    first, second = file_incident(title="Eerste"), file_incident(title="Tweede")
    with mails() as sent:
        route(first, "kpn")
        route(second, "kpn")
    assert kpn_operator.email not in [mail.to[0] for mail in sent]

    from notifications import services as outbox

    with mails() as digests:
        assert outbox.send_daily_digests() == 1
        assert outbox.send_daily_digests() == 0  # idempotent: the items went out with the first
    (digest,) = digests
    assert digest.to == [kpn_operator.email]
    assert first.reference in digest.body
    assert second.reference in digest.body


def test_mail_the_process_needs_cannot_be_switched_off(demo_chain, demo_user, file_incident, route, mails):
    reporter = demo_user("ggd")
    MailPreference.objects.create(user=reporter, kind="incident_question", delivery=Delivery.OFF)
    kpn_operator = get_user_model().objects.get(email=operator_emails("kpn")[0])
    MailPreference.objects.create(user=kpn_operator, kind="incident_assigned", delivery=Delivery.OFF)
    incident = file_incident(impact="high", urgency="high")  # P1
    with mails() as assigned:
        route(incident, "kpn")
    assert kpn_operator.email in [mail.to[0] for mail in assigned]
    with mails() as asked:
        ask_reporter(incident, demo_user)
    assert [mail.to for mail in asked] == [[reporter.email]]


def test_the_reporter_reads_mail_in_her_own_language(demo_chain, demo_user, file_incident, route, mails):
    MailSettings.objects.create(user=demo_user("ggd"), language="en")
    incident = file_incident()
    route(incident, "kpn")
    with mails() as sent:
        ask_reporter(incident, demo_user)
    assert "question" in sent[0].subject


def test_nobody_is_mailed_about_an_incident_they_may_not_see(demo_chain, demo_user, file_incident, route, mails):
    incident = file_incident()
    route(incident, "kpn")
    ask_reporter(incident, demo_user)
    owed = Notification.objects.filter(kind="incident_question")
    assert list(owed.values_list("recipient__username", flat=True)) == ["ggd"]
    assert not Notification.objects.filter(recipient__username__in=["justid", "dictu", "vws"]).exists()


def test_a_question_unanswered_for_a_business_day_is_sent_again_once(demo_chain, demo_user, file_incident, at, mails):
    with at(2026, 3, 6, 10, 0):  # a Friday
        incident = file_incident()
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Naar kpn"
        )
        ask_reporter(incident, demo_user)
    with at(2026, 3, 6, 16, 0), mails() as too_early:
        assert services.remind_unanswered_questions() == []
    with at(2026, 3, 9, 10, 30), mails() as reminded:  # Monday: one business day later
        assert services.remind_unanswered_questions() == [incident.reference]
        assert services.remind_unanswered_questions() == []
    assert too_early == []
    assert [mail.to for mail in reminded] == [[demo_user("ggd").email]]
    assert "Herinnering" in reminded[0].subject


def test_an_assignment_not_taken_in_hand_at_half_the_response_target_reminds_the_operators_once(
    demo_chain, demo_user, file_incident, at, mails
):
    with at(2026, 3, 2, 9, 0):
        incident = file_incident(impact="high", urgency="high")  # P1: a short response target, 24x7
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Naar kpn"
        )
    clock = incident.clocks.get(scope="uc")
    half = clock.response_minutes // 2
    with at(2026, 3, 2, 9, half - 1 if half <= 60 else 0), mails() as too_early:
        assert services.remind_unacknowledged_assignments() == []
    with at(2026, 3, 2, 9 + (half + 1) // 60, (half + 1) % 60), mails() as reminded:
        assert services.remind_unacknowledged_assignments() == [incident.reference]
        assert services.remind_unacknowledged_assignments() == []
    assert too_early == []
    assert sorted(mail.to[0] for mail in reminded) == operator_emails("kpn")
