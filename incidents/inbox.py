"""The incident sections of "Wat wacht op mij" (core.inbox): for the dispatcher at the regie party, for an
operator party, and for the reporter. Each is a condition on the incidents the user may see."""

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
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


# --- which incidents wait ------------------------------------------------------------------------------------


def visible_incidents(user):
    """The base of every incident section: what the user may see, oldest first."""
    return selectors.incidents_for_list(user).order_by("reported_at", "pk")


def _open_hold(waiting_for: str, **conditions) -> Exists:
    holds = HoldPeriod.objects.filter(incident_id=OuterRef("pk"), ended_at__isnull=True, waiting_for=waiting_for)
    return Exists(holds.filter(**conditions))


def new_incidents(user) -> Q:
    """Filed and not yet routed: a new incident is untriaged and unassigned alike (it leaves "new" when assigned)."""
    return Q(status=Status.NEW)


def open_major_incidents(user) -> Q:
    return Q(status__in=OPEN_STATUSES, priority=Priority.P1)


def clocks_at_warning(user) -> Q:
    return Q(status__in=OPEN_STATUSES, breach_state=BreachState.WARNING)


def reopened_incidents(user) -> Q:
    return Q(status=Status.REOPENED)


def to_acknowledge(user) -> Q:
    """Assigned (or reopened) to the user's party and not yet taken in hand."""
    return Q(assigned_party_id__in=principal_for(user).party_ids, status__in=(Status.ASSIGNED, Status.REOPENED))


def held_for_party(user) -> Q:
    """On hold, waiting for the user's party."""
    waiting = _open_hold(HoldPeriod.WaitingFor.PARTY, waiting_for_party_id__in=principal_for(user).party_ids)
    return Q(waiting, status=Status.ON_HOLD)


def party_clocks_at_risk(user) -> Q:
    """The party's open incidents whose clocks have reached the warning or the breach."""
    return Q(
        assigned_party_id__in=principal_for(user).party_ids,
        status__in=OPEN_STATUSES,
        breach_state__in=(BreachState.WARNING, BreachState.BREACHED),
    )


def questions_for_reporter(user) -> Q:
    """The incidents she filed that wait for her answer."""
    return Q(_open_hold(HoldPeriod.WaitingFor.REPORTER), reported_by=user, status=Status.ON_HOLD)


def resolutions_to_confirm(user) -> Q:
    return Q(reported_by=user, status=Status.RESOLVED)


def reporter_open_incidents(user) -> Q:
    return Q(reported_by=user, status__in=OPEN_STATUSES)


def _with_question(user, incidents):
    """Each incident's open question (the reason of the hold that waits for her) and when it was asked."""
    questions = HoldPeriod.objects.filter(ended_at__isnull=True, waiting_for=HoldPeriod.WaitingFor.REPORTER)
    prefetch_related_objects(incidents, Prefetch("hold_periods", queryset=questions, to_attr="open_questions"))
    for incident in incidents:
        incident.question = incident.open_questions[0] if incident.open_questions else None
    return incidents


def _with_closing_date(user, incidents):
    """The day each resolution closes by itself, in the calendar of the incident's chain SLA clock."""
    sla = SlaClock.objects.filter(scope=SlaClock.Scope.SLA).select_related("agreement__calendar")
    prefetch_related_objects(incidents, Prefetch("clocks", queryset=sla, to_attr="sla_clocks"))
    for incident in incidents:
        incident.closes_at = auto_close_at(incident, incident.sla_clocks[0] if incident.sla_clocks else None)
    return incidents


def _section(key, title, audience, order, where, template=ROWS, **options) -> Section:
    return Section(key, title, audience, template, order, LIST, base=visible_incidents, where=where, **options)


SECTIONS = [
    _section("new", _("Nieuwe incidenten, nog niet toegewezen"), is_dispatcher, 10, new_incidents),
    _section("major", _("Open P1-incidenten"), is_dispatcher, 11, open_major_incidents),
    _section("warning", _("Klokken op waarschuwing"), is_dispatcher, 12, clocks_at_warning),
    _section("reopened", _("Heropende incidenten"), is_dispatcher, 13, reopened_incidents),
    _section(
        "to_acknowledge", _("Toegewezen aan mijn partij, nog niet in behandeling"), is_operator, 20, to_acknowledge
    ),
    _section("held_for_party", _("In de wacht voor mijn partij"), is_operator, 21, held_for_party),
    _section("party_at_risk", _("Klokken op waarschuwing of overschreden"), is_operator, 22, party_clocks_at_risk),
    _section(
        "questions",
        _("Vragen die op uw antwoord wachten"),
        is_reporter,
        0,
        questions_for_reporter,
        "incidents/inbox/_questions.html",
        decorate=_with_question,
        highlight=True,
    ),
    _section(
        "to_confirm",
        _("Oplossingen om te bevestigen"),
        is_reporter,
        1,
        resolutions_to_confirm,
        "incidents/inbox/_to_confirm.html",
        decorate=_with_closing_date,
    ),
    _section("my_open", _("Mijn open meldingen"), is_reporter, 2, reporter_open_incidents, REPORTER_ROWS),
]


def register_sections() -> None:
    register(*SECTIONS)
