"""Mail about a change: those it waits on, then its requester; each step once, after commit."""

from changes import services
from parties.models import Role


def sent_during(mailoutbox, capture, step):
    before = len(mailoutbox)
    with capture(execute=True):
        result = step()
    return result, sorted((mail.to[0], mail.subject) for mail in mailoutbox[before:])


def test_each_step_of_a_change_mails_exactly_whom_it_waits_on(
    chain, make_change, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    change, submitted = sent_during(mailoutbox, capture, make_change)
    assert [to for to, _subject in submitted] == [chain.architect.email, chain.po.email]
    assert all(f"[{change.reference}] Wijziging te beoordelen" in subject for _to, subject in submitted)

    change = services.change_assess(
        actor=chain.architect,
        change=change,
        version=change.version,
        citizen_impact="major",
        rollback_tested=False,
        done_before=True,
        downtime_expected=True,
        security_sensitive=False,
    )
    change, awaiting = sent_during(
        mailoutbox,
        capture,
        lambda: services.change_request_approval(actor=chain.po, change=change, version=change.version),
    )
    holders = {
        Role.PRODUCT_OWNER: chain.po,
        Role.BUSINESS_OWNER: chain.opdrachtgever,
        Role.SYSTEM_ARCHITECT: chain.architect,
    }
    # The Product Owner sent it and is not told of her own step; the requester never decides.
    assert Role.BUSINESS_OWNER in change.required_roles
    expected = sorted(holders[role].email for role in change.required_roles if holders[role] != chain.po)
    assert [to for to, _subject in awaiting] == expected
    assert {subject for _to, subject in awaiting} == {
        f"[{change.reference}] Wijziging wacht op uw besluit: {change.title}"
    }

    for role in change.required_roles:
        approver = holders[role]
        change, decided = sent_during(
            mailoutbox,
            capture,
            lambda approver=approver, change=change: services.change_approve(
                actor=approver, change=change, version=change.version
            ),
        )
    assert decided == [(chain.kpn_operator.email, f"[{change.reference}] Uw wijziging is goedgekeurd")]

    change, scheduled = sent_during(
        mailoutbox, capture, lambda: services.change_schedule(actor=chain.po, change=change, version=change.version)
    )
    assert scheduled == [(chain.kpn_operator.email, f"[{change.reference}] Uw wijziging is ingepland")]


def test_a_rejection_tells_the_requester(
    chain, make_change, to_approval, mailoutbox, django_capture_on_commit_callbacks
):
    change = to_approval(make_change(), "low")
    change, rejected = sent_during(
        mailoutbox,
        django_capture_on_commit_callbacks,
        lambda: services.change_reject(actor=chain.po, change=change, version=change.version, comment="Te riskant"),
    )
    assert rejected == [(chain.kpn_operator.email, f"[{change.reference}] Uw wijziging is afgewezen")]
