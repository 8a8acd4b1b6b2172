"""The incident sections of "Wat wacht op mij" (core.inbox): for the dispatcher at the regie party, for an
operator party, and for the reporter. Each reads from the incidents the user may see."""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from core.inbox import Section, register
from parties.access import principal_for
from parties.models import PartyKind, Priority, Role

from . import selectors
from .models import OPEN_STATUSES, BreachState, HoldPeriod, SlaClock, Status
from .services import auto_close_at

LIST = "incidents:incident_list"
ROWS = "incidents/inbox/_incident_rows.html"
REPORTER_ROWS = "incidents/inbox/_reporter_rows.html"


# --- who gets which sections ---------------------------------------------------------------------------------


def is_dispatcher(principal) -> bool:
    """Operators and the Product Owner of the regie party route new incidents into the chain."""
    return (
        PartyKind.REGIE in principal.party_kinds
        and not principal.is_read_only
        and bool(principal.roles & {Role.OPERATOR, Role.PRODUCT_OWNER})
    )


def is_operator(principal) -> bool:
    return principal.is_chain_member and not principal.is_read_only and principal.has_role(Role.OPERATOR)


def is_reporter(principal) -> bool:
    return principal.has_role(Role.REPORTER)


# --- the records of each section -----------------------------------------------------------------------------


def _visible(user):
    return selectors.incidents_for_list(user).order_by("reported_at", "pk")


def _open_hold(waiting_for: str, **conditions):
    return Exists(
        HoldPeriod.objects.filter(incident_id=OuterRef("pk"), ended_at__isnull=True, waiting_for=waiting_for).filter(
            **conditions
        )
    )


def new_incidents(user):
    """Filed and not yet routed: a new incident is untriaged and unassigned alike (it leaves "new" when assigned)."""
    return _visible(user).filter(status=Status.NEW)


def open_major_incidents(user):
    return _visible(user).filter(status__in=OPEN_STATUSES, priority=Priority.P1)


def clocks_at_warning(user):
    return _visible(user).filter(status__in=OPEN_STATUSES, breach_state=BreachState.WARNING)


def reopened_incidents(user):
    return _visible(user).filter(status=Status.REOPENED)


def _party_ids(user):
    return principal_for(user).party_ids


def to_acknowledge(user):
    """Assigned (or reopened) to the user's party and not yet taken in hand."""
    return _visible(user).filter(assigned_party_id__in=_party_ids(user), status__in=(Status.ASSIGNED, Status.REOPENED))


def held_for_party(user):
    """On hold, waiting for the user's party."""
    return _visible(user).filter(
        _open_hold(HoldPeriod.WaitingFor.PARTY, waiting_for_party_id__in=_party_ids(user)), status=Status.ON_HOLD
    )


def party_clocks_at_risk(user):
    """The party's open incidents whose clocks have reached the warning or the breach."""
    return _visible(user).filter(
        assigned_party_id__in=_party_ids(user),
        status__in=OPEN_STATUSES,
        breach_state__in=(BreachState.WARNING, BreachState.BREACHED),
    )


def questions_for_reporter(user):
    """The reporter's incidents that wait for her answer, with the question (`open_questions`)."""
    questions = HoldPeriod.objects.filter(ended_at__isnull=True, waiting_for=HoldPeriod.WaitingFor.REPORTER)
    return (
        _visible(user)
        .filter(_open_hold(HoldPeriod.WaitingFor.REPORTER), reported_by=user, status=Status.ON_HOLD)
        .prefetch_related(Prefetch("hold_periods", queryset=questions, to_attr="open_questions"))
    )


def resolutions_to_confirm(user):
    """The reporter's resolved incidents, with the chain SLA clock that sets when they close by themselves."""
    sla = SlaClock.objects.filter(scope=SlaClock.Scope.SLA).select_related("agreement__calendar")
    return (
        _visible(user)
        .filter(reported_by=user, status=Status.RESOLVED)
        .prefetch_related(Prefetch("clocks", queryset=sla, to_attr="sla_clocks"))
    )


def reporter_open_incidents(user):
    return _visible(user).filter(reported_by=user, status__in=OPEN_STATUSES)


def _with_question(user, incidents):
    for incident in incidents:
        incident.question = incident.open_questions[0] if incident.open_questions else None
    return incidents


def _with_closing_date(user, incidents):
    for incident in incidents:
        incident.closes_at = auto_close_at(incident, incident.sla_clocks[0] if incident.sla_clocks else None)
    return incidents


SECTIONS = [
    Section("new", _("Nieuwe incidenten, nog niet toegewezen"), is_dispatcher, ROWS, 10, new_incidents, LIST),
    Section("major", _("Open P1-incidenten"), is_dispatcher, ROWS, 11, open_major_incidents, LIST),
    Section("warning", _("Klokken op waarschuwing"), is_dispatcher, ROWS, 12, clocks_at_warning, LIST),
    Section("reopened", _("Heropende incidenten"), is_dispatcher, ROWS, 13, reopened_incidents, LIST),
    Section(
        "to_acknowledge",
        _("Toegewezen aan mijn partij, nog niet in behandeling"),
        is_operator,
        ROWS,
        20,
        to_acknowledge,
        LIST,
    ),
    Section("held_for_party", _("In de wacht voor mijn partij"), is_operator, ROWS, 21, held_for_party, LIST),
    Section(
        "party_at_risk", _("Klokken op waarschuwing of overschreden"), is_operator, ROWS, 22, party_clocks_at_risk, LIST
    ),
    Section(
        "questions",
        _("Vragen die op uw antwoord wachten"),
        is_reporter,
        "incidents/inbox/_questions.html",
        0,
        questions_for_reporter,
        LIST,
        decorate=_with_question,
        highlight=True,
    ),
    Section(
        "to_confirm",
        _("Oplossingen om te bevestigen"),
        is_reporter,
        "incidents/inbox/_to_confirm.html",
        1,
        resolutions_to_confirm,
        LIST,
        decorate=_with_closing_date,
    ),
    Section("my_open", _("Mijn open meldingen"), is_reporter, REPORTER_ROWS, 2, reporter_open_incidents, LIST),
]


def register_sections() -> None:
    register(*SECTIONS)
