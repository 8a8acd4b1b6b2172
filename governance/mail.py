"""Mail that the weekly report is ready, to the business owner's people (VWS viewers and the business
owner's representative), through the outbox (notifications/)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditVerification
from notifications import kinds
from notifications.kinds import MailKind
from notifications.services import notify_users
from parties.access import principal_for
from parties.models import PartyKind, RoleAssignment

from .models import WeeklyReport

KIND = "weekly_report_ready"


def _compose(notification) -> dict | None:
    report = WeeklyReport.objects.filter(pk=notification.object_id).first()
    if report is None:
        return None
    return {
        "week": report.label,
        "url": reverse("reports:weekly", args=[report.label]),
        # The latest verification's seal leaves the database with the mail: kept by its readers, it later shows
        # whether the history up to then was cut back or rewritten (verify_audit --kept-seal).
        "verification": AuditVerification.objects.order_by("-finished_at").first(),
    }


def _represents_the_business_owner(user) -> bool:
    return PartyKind.BUSINESS_OWNER in principal_for(user).party_kinds


def register_kinds() -> None:
    template = "governance/mail/weekly_report_ready.txt"
    kinds.register(MailKind(KIND, _("Weekrapport klaar"), template, _compose, concerns=_represents_the_business_owner))


def report_ready(report: WeeklyReport) -> None:
    """Once per week, however often the week is computed again."""
    holders = RoleAssignment.objects.active_on(timezone.localdate()).filter(party__kind=PartyKind.BUSINESS_OWNER)
    users = get_user_model().objects.filter(pk__in=holders.values("user_id"))
    notify_users(KIND, report.pk, report.label, users)
