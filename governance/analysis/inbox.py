"""The "Wat wacht op mij" section of the architect's analysis: open actions from weekly analyses, in their
owners' inboxes until done."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.inbox import Section, register
from governance.models import ActionStatus, ReportAction

from .rules import OWNER_ROLES


def may_own_actions(principal) -> bool:
    return not principal.is_read_only and bool(principal.roles & set(OWNER_ROLES))


def visible_actions(user):
    return ReportAction.objects.visible_to(user).select_related("report").order_by("due_date", "pk")


def owned_and_open(user) -> Q:
    return Q(owner_id=user.pk, status=ActionStatus.OPEN)


SECTIONS = [
    Section(
        "analysis_actions",
        _("Mijn acties uit de weekanalyse"),
        may_own_actions,
        "governance/inbox/_analysis_actions.html",
        24,
        base=visible_actions,
        where=owned_and_open,
    )
]


def register_sections() -> None:
    register(*SECTIONS)
