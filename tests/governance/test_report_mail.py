"""The weekly report mail carries the seal of the latest audit verification out of the database: kept by VWS, it
shows later whether the verification records (and with them the history's heads) were cut back."""

import io

import pytest
from django.core.management import CommandError, call_command

from core.auditchain.verify import verify_audit
from core.models import AuditVerification
from core.weeks import Week
from governance.reports.services import weekly_report_compute, weekly_reports_compute
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_the_weekly_mail_to_the_business_owner_names_the_latest_verification_and_its_seal(
    demo_user, at, mailoutbox, django_capture_on_commit_callbacks
):
    with at(2026, 3, 2, 9, 0):
        IncidentFactory(title="Niemand kan inloggen")
    with at(2026, 3, 9, 3, 0):
        verification = verify_audit()
    with at(2026, 3, 9, 6, 0), django_capture_on_commit_callbacks(execute=True):
        weekly_report_compute(week=Week.last_completed())

    to_vws = [mail for mail in mailoutbox if demo_user("vws").email in mail.to]
    assert len(to_vws) == 1
    assert verification.intact
    assert f"Kenmerk van deze controle: {verification.seal}" in to_vws[0].body
    assert "intact" in to_vws[0].body


def verify(*kept_seals: str) -> bool:
    arguments = [argument for seal in kept_seals for argument in ("--kept-seal", seal)]
    try:
        call_command("verify_audit", *arguments, stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError:
        return False
    return True


def test_verification_records_cut_back_are_found_with_a_kept_seal(demo_chain):
    verify_audit()
    mailed = verify_audit().seal
    AuditVerification.objects.filter(seal=mailed).delete()  # as someone with database access would

    assert verify()  # the remaining records still form an unbroken chain of their own
    assert not verify(mailed)


def test_a_backfill_tells_the_business_owner_of_its_newest_week_once(
    demo_user, at, mailoutbox, django_capture_on_commit_callbacks
):
    with at(2026, 3, 2, 9, 0):
        IncidentFactory(title="Niemand kan inloggen")
    with at(2026, 3, 30, 6, 0), django_capture_on_commit_callbacks(execute=True):
        weeks = Week.last_completed().back(4)
        weekly_reports_compute(weeks=weeks)
    with at(2026, 3, 30, 7, 0), django_capture_on_commit_callbacks(execute=True):
        weekly_report_compute(week=weeks[-1])  # computed again: told already

    to_vws = [mail for mail in mailoutbox if demo_user("vws").email in mail.to]
    assert len(to_vws) == 1
    assert weeks[-1].label in to_vws[0].body
    assert weeks[0].label not in to_vws[0].body
