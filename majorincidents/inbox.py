"""The coordinator's sections of "Wat wacht op mij" (core.inbox): the open major incidents she coordinates and
those whose next update is due."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inbox import Section, register
from parties.models import PartyKind

from . import selectors
from .models import MajorStatus

LIST = "majorincidents:major_list"
ROWS = "majorincidents/inbox/_major_rows.html"


def is_regie_member(principal) -> bool:
    """Coordinators are CIBG people: the sections are asked of the regie party's members only."""
    return PartyKind.REGIE in principal.party_kinds or principal.is_superuser


def visible_majors(user):
    return selectors.majors_for_list(user).order_by("declared_at", "pk")


def coordinating(user) -> Q:
    return Q(coordinator_id=user.pk) & ~Q(status=MajorStatus.CLOSED)


def update_due(user) -> Q:
    return Q(coordinator_id=user.pk, status=MajorStatus.DECLARED, next_update_due_at__lte=timezone.now())


SECTIONS = [
    Section(
        "major_update_due",
        _("Update van grote verstoring nodig"),
        is_regie_member,
        ROWS,
        5,
        LIST,
        base=visible_majors,
        where=update_due,
        highlight=True,
    ),
    Section(
        "major_coordinating",
        _("Open grote verstoringen die ik coördineer"),
        is_regie_member,
        ROWS,
        6,
        LIST,
        base=visible_majors,
        where=coordinating,
    ),
]


def register_sections() -> None:
    register(*SECTIONS)
