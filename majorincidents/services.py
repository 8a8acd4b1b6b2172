"""Every write to a major incident: one function per use case, transactional, with history naming who and why.

The status moves only through MAJOR_WORKFLOW (declared → stood down → closed); linking a report goes through the
incidents service that owns the link and its clocks (incidents.services.incident_link_outage).
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import recorded_now, save_tracked
from core.workflow import check_version
from incidents import services as incident_services
from incidents.clock_terms import chain_sla_for
from incidents.clocks import target_as_of
from incidents.models import Incident

from . import mail, rules, selectors
from .models import (
    PUBLIC_AUDIENCES,
    Audience,
    MajorIncident,
    MajorIncidentReview,
    MajorIncidentUpdate,
    MajorStatus,
    ReviewAction,
)
from .workflow import MAJOR_WORKFLOW


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _need(text: str, field: str, message: str) -> str:
    if not (text or "").strip():
        raise ValidationError({field: message})
    return text.strip()


def _lock(major: MajorIncident, version: int | None = None) -> MajorIncident:
    locked = MajorIncident.objects.select_for_update(of=("self",)).select_related("incident").get(pk=major.pk)
    check_version(locked, version)
    return locked


def _save(major: MajorIncident, actor, reason: str) -> None:
    major.version += 1
    save_tracked(major, actor=actor, reason=reason)


def _check_coordinator(coordinator) -> None:
    if coordinator is None or not rules.coordinator_candidates().filter(pk=coordinator.pk).exists():
        raise ValidationError({"coordinator": _("De coördinator moet iemand van de regie (CIBG) zijn.")})


def update_interval_for(incident: Incident, at) -> int | None:
    """How often updates are due, in minutes: the business owner's SLA target for the incident's priority."""
    sla = chain_sla_for(incident.component, at)
    target = target_as_of(sla, incident.priority, at) if sla is not None else None
    return getattr(target, "update_interval_minutes", None)


@transaction.atomic
def major_declare(*, actor, incident: Incident, coordinator, public_title: str, reason: str) -> MajorIncident:
    """The regie party declares an incident (a P1, or any other) a major incident and names its coordinator."""
    _require(rules.can_declare(actor), _("Alleen de regie (CIBG) roept een grote verstoring uit."))
    incident = Incident.objects.select_for_update(of=("self",)).select_related("component").get(pk=incident.pk)
    if MajorIncident.objects.filter(incident=incident).exists():
        raise ValidationError({"incident": _("Dit incident is al een grote verstoring.")})
    if not incident.is_open:
        raise ValidationError({"incident": _("Alleen een open incident kan een grote verstoring worden.")})
    if incident.known_outage_id is not None:
        raise ValidationError({"incident": _("Dit incident volgt een andere storing; koppel het eerst los.")})
    public_title = _need(public_title, "public_title", _("Geef een openbare titel."))
    reason = _need(reason, "reason", _("Zeg waarom dit een grote verstoring is."))
    _check_coordinator(coordinator)
    now = recorded_now()
    interval = update_interval_for(incident, now)
    major = MajorIncident(
        incident=incident,
        public_title=public_title,
        coordinator=coordinator,
        declared_by=actor,
        declared_at=now,
        update_interval_minutes=interval,
        next_update_due_at=now + timedelta(minutes=interval) if interval else None,
    )
    save_tracked(major, actor=actor, reason=_("Uitgeroepen: %(reason)s") % {"reason": reason})
    mail.declared(major, actor)
    return major


@transaction.atomic
def major_change_coordinator(
    *, actor, major: MajorIncident, coordinator, reason: str, version: int | None = None
) -> MajorIncident:
    major = _lock(major, version)
    _require(rules.can_declare(actor), _("Alleen de regie (CIBG) wijst de coördinator aan."))
    if major.status == MajorStatus.CLOSED:
        raise ValidationError({"coordinator": _("Deze grote verstoring is gesloten.")})
    reason = _need(reason, "reason", _("Zeg waarom de coördinator wisselt."))
    _check_coordinator(coordinator)
    major.coordinator = coordinator
    _save(major, actor, _("Nieuwe coördinator: %(reason)s") % {"reason": reason})
    return major


@transaction.atomic
def major_post_update(
    *, actor, major: MajorIncident, kind: str, audiences: list, public_text: str = "", internal_text: str = ""
) -> MajorIncidentUpdate:
    """A scheduled or ad-hoc update to its audiences. A scheduled update sets when the next one is due."""
    major = _lock(major)
    _require(rules.can_coordinate(actor, major), _("Alleen de coördinator of de regie plaatst updates."))
    if major.status == MajorStatus.CLOSED:
        raise ValidationError({"public_text": _("Deze grote verstoring is gesloten.")})
    audiences = [audience for audience in Audience.values if audience in set(audiences or [])]
    if not audiences:
        raise ValidationError({"audiences": _("Kies ten minste één doelgroep.")})
    public_text, internal_text = (public_text or "").strip(), (internal_text or "").strip()
    if PUBLIC_AUDIENCES & set(audiences) and not public_text:
        raise ValidationError({"public_text": _("Melders en publiek lezen alleen de openbare tekst: vul die in.")})
    if not (public_text or internal_text):
        raise ValidationError({"internal_text": _("Schrijf de update.")})
    now = recorded_now()
    update = MajorIncidentUpdate(
        major=major,
        kind=kind,
        audiences=audiences,
        public_text=public_text,
        internal_text=internal_text,
        author=actor,
        posted_at=now,
    )
    save_tracked(update, actor=actor, reason=update.get_kind_display())
    if kind == MajorIncidentUpdate.Kind.SCHEDULED and major.is_active and major.update_interval_minutes:
        major.next_update_due_at = now + timedelta(minutes=major.update_interval_minutes)
        _save(major, actor, _("Geplande update gegeven"))
    mail.update_posted(update, actor)
    return update


@transaction.atomic
def major_link_report(*, actor, major: MajorIncident, report: Incident, reason: str) -> Incident:
    """Another report about this outage: it follows the major incident's incident from now on."""
    major = _lock(major)
    _require(rules.can_coordinate(actor, major), _("Alleen de coördinator of de regie koppelt meldingen."))
    if major.status == MajorStatus.CLOSED:
        raise ValidationError({"report": _("Deze grote verstoring is gesloten.")})
    return incident_services.incident_link_outage(actor=actor, incident=report, outage=major.incident, reason=reason)


@transaction.atomic
def major_stand_down(*, actor, major: MajorIncident, reason: str, version: int | None = None) -> MajorIncident:
    """The outage is over for the chain: no more updates are due; the review comes next."""
    major = _lock(major, version)
    MAJOR_WORKFLOW.apply(major, "stand_down", actor)
    reason = _need(reason, "reason", _("Zeg waarom de grote verstoring wordt afgeschaald."))
    major.stood_down_at = recorded_now()
    major.next_update_due_at = None
    _save(major, actor, _("Afgeschaald: %(reason)s") % {"reason": reason})
    return major


@transaction.atomic
def major_file_review(
    *, actor, major: MajorIncident, went_well: str, went_wrong: str, actions: list[dict]
) -> MajorIncidentReview:
    """The review after standing down: the timeline from the records, what went well and wrong, the actions."""
    major = _lock(major)
    _require(rules.can_coordinate(actor, major), _("Alleen de coördinator of de regie evalueert."))
    if major.status != MajorStatus.STOOD_DOWN:
        raise ValidationError({"went_well": _("Evalueer een grote verstoring nadat het is afgeschaald.")})
    if rules.has_review(major):
        raise ValidationError({"went_well": _("De evaluatie is al ingediend.")})
    went_well = _need(went_well, "went_well", _("Beschrijf wat goed ging."))
    went_wrong = _need(went_wrong, "went_wrong", _("Beschrijf wat misging."))
    if not actions:
        raise ValidationError({"actions": _("Leg ten minste één verbeteractie vast, met eigenaar en datum.")})
    owners = rules.review_owner_candidates()
    for action in actions:
        if not owners.filter(pk=action["owner"].pk).exists():
            raise ValidationError({"actions": _("De eigenaar van een actie moet in de keten werken.")})
    now = recorded_now()
    review = MajorIncidentReview(
        major=major,
        timeline=selectors.timeline(major),
        went_well=went_well,
        went_wrong=went_wrong,
        filed_by=actor,
        filed_at=now,
    )
    save_tracked(review, actor=actor, reason=_("Evaluatie ingediend"))
    for action in actions:
        save_tracked(
            ReviewAction(
                review=review,
                description=_need(action["description"], "actions", _("Beschrijf elke actie.")),
                owner=action["owner"],
                due_on=action["due_on"],
            ),
            actor=actor,
            reason=_("Verbeteractie afgesproken"),
        )
    return review


@transaction.atomic
def major_close(*, actor, major: MajorIncident, reason: str, version: int | None = None) -> MajorIncident:
    """Closing needs the review on record."""
    major = _lock(major, version)
    MAJOR_WORKFLOW.apply(major, "close", actor)
    if not rules.has_review(major):
        raise ValidationError({"reason": _("Een grote verstoring sluit pas na de evaluatie.")})
    reason = _need(reason, "reason", _("Zeg waarom de grote verstoring gesloten wordt."))
    major.closed_at = recorded_now()
    _save(major, actor, _("Gesloten: %(reason)s") % {"reason": reason})
    return major


@transaction.atomic
def review_action_complete(*, actor, major: MajorIncident, action: ReviewAction, note: str = "") -> ReviewAction:
    action = ReviewAction.objects.select_for_update().select_related("review").get(pk=action.pk)
    if action.review.major_id != major.pk:
        raise ValidationError({"action": _("Deze actie hoort niet bij deze grote verstoring.")})
    _require(
        rules.can_complete_action(actor, action), _("Alleen de eigenaar of de coördinator meldt een actie gereed.")
    )
    action.done_at = recorded_now()
    save_tracked(action, actor=actor, reason=note.strip() or _("Gereed"))
    return action


def major_updates_remind(*, now=None) -> list[MajorIncident]:
    """Remind the coordinator of each declared major incident whose next update is due, once per due time.
    Returns the major incidents whose update is due now."""
    now = now or timezone.now()
    due = list(
        MajorIncident.objects.filter(status=MajorStatus.DECLARED, next_update_due_at__lte=now).select_related(
            "incident", "coordinator"
        )
    )
    for major in due:
        with transaction.atomic():
            mail.update_due(major)
    return due
