"""Reads of major incidents for pages, the API, the reports and the public status page."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from incidents.models import HoldPeriod, Incident

from .models import Audience, MajorIncident, MajorIncidentReview, MajorIncidentUpdate, MajorStatus

# How long a stood-down or closed major incident still counts as recent for the status page.
RECENT = timedelta(days=7)


def majors_for_list(user):
    return (
        MajorIncident.objects.visible_to(user)
        .select_related("incident", "incident__component", "coordinator")
        .order_by("-declared_at")
    )


def major_for_user(user, pk) -> MajorIncident:
    return majors_for_list(user).get(pk=pk)


def linked_reports(major: MajorIncident):
    return (
        Incident.objects.filter(known_outage_id=major.incident_id)
        .select_related("component", "reporter_party")
        .order_by("reported_at", "pk")
    )


@dataclass(frozen=True)
class Cadence:
    """When the next update is due and whether it is late."""

    interval_minutes: int | None
    due_at: datetime | None
    late: bool
    late_by: timedelta | None


def cadence(major: MajorIncident, now: datetime) -> Cadence:
    due = major.next_update_due_at if major.is_active else None
    late = due is not None and due < now
    return Cadence(major.update_interval_minutes, due, late, now - due if late else None)


def timeline(major: MajorIncident) -> list[dict]:
    """What happened, drawn from the records: the incident's filing and resolution, the major incident's history
    rows (declared, coordinator, stand-down), each report linked and each update, oldest first. Stored with
    the review as it stood when the review was filed."""
    incident = major.incident
    entries = [(incident.reported_at, _("Incident %(reference)s gemeld") % {"reference": incident.reference})]
    for record in major.history.select_related("history_user").order_by("history_date", "history_id"):
        who = record.history_user.get_full_name() if record.history_user else _("het systeem")
        entries.append((record.history_date, f"{record.history_change_reason} ({who})"))
    links = HoldPeriod.objects.filter(
        incident__known_outage_id=incident.pk, waiting_for=HoldPeriod.WaitingFor.KNOWN_OUTAGE
    ).select_related("incident")
    for hold in links:
        entries.append((hold.started_at, _("Melding %(reference)s gekoppeld") % {"reference": hold.incident.reference}))
    for update in major.updates.select_related("author"):
        text = update.internal_text or update.public_text
        entries.append((update.posted_at, f"{update.get_kind_display()}: {text}"))
    if incident.resolved_at:
        entries.append((incident.resolved_at, _("Opgelost: %(text)s") % {"text": incident.resolution}))
    entries.sort(key=lambda entry: entry[0])
    return [{"at": at.isoformat(), "what": what} for at, what in entries]


def public_updates(major: MajorIncident, audience: str = Audience.REPORTERS) -> list[MajorIncidentUpdate]:
    """The updates an audience on the reporter's or the public side read: their public text only."""
    return [update for update in major.updates.all() if update.reaches(audience) and update.public_text]


def major_for_incident(incident: Incident) -> MajorIncident | None:
    """The major incident the incident stands for, or the one it follows as a linked report."""
    incident_id = incident.known_outage_id or incident.pk
    return MajorIncident.objects.filter(incident_id=incident_id).prefetch_related("updates").first()


def reviews_filed_between(user, start: datetime, end: datetime):
    """The reviews filed in [start, end) (a week of the weekly report) of the major incidents the user sees, with
    their actions."""
    return (
        MajorIncidentReview.objects.filter(filed_at__gte=start, filed_at__lt=end)
        .filter(major__in=MajorIncident.objects.visible_to(user))
        .select_related("major", "major__incident", "filed_by")
        .prefetch_related("actions__owner")
        .order_by("filed_at")
    )


def public_major_incidents(now: datetime) -> list[dict]:
    """Open and recent major incidents for the public status page, with public words only.

    Returns, newest first, one dict per major incident that is declared now, or was stood down (or closed) less
    than seven days before `now`:

    - ``title``: the public title; ``status``: ``"declared"``, ``"stood_down"`` or ``"closed"``;
      ``status_label``: that status in the active language;
    - ``declared_at``, ``stood_down_at`` (None while declared): aware datetimes;
    - ``components``: the public names of the components affected (the incident's and its linked reports'),
      sorted;
    - ``updates``: the updates addressed to the public, oldest first, each ``{"posted_at": datetime,
      "text": public text}``.

    Nothing else: no references, parties, people, clocks or internal texts.
    """
    majors = (
        MajorIncident.objects.filter(Q(status=MajorStatus.DECLARED) | Q(stood_down_at__gte=now - RECENT))
        .select_related("incident__component")
        .prefetch_related(
            "updates",
            Prefetch(
                "incident__linked_reports",
                queryset=Incident.objects.select_related("component"),
                to_attr="reports_shown",
            ),
        )
        .order_by("-declared_at")
    )
    shown = []
    for major in majors:
        components = {major.incident.component.public_name}
        components |= {report.component.public_name for report in major.incident.reports_shown}
        shown.append(
            {
                "title": major.public_title,
                "status": major.status,
                "status_label": str(major.get_status_display()),
                "declared_at": major.declared_at,
                "stood_down_at": major.stood_down_at,
                "components": sorted(components),
                "updates": [
                    {"posted_at": update.posted_at, "text": update.public_text}
                    for update in public_updates(major, Audience.PUBLIC)
                ],
            }
        )
    return shown


def major_incident_periods(start: datetime, end: datetime) -> list[dict]:
    """For the public status page: which components a major incident covered when, overlapping [start, end).

    A major incident covers its incident's component and its linked reports' components from its declaration
    until it was stood down (``ends_at`` None while declared). ``impact`` is the impact of the incident behind
    it. Only components, impact and periods leave this function, never a title, text, person or party."""
    rows = (
        MajorIncident.objects.filter(declared_at__lt=end)
        .filter(Q(stood_down_at__isnull=True) | Q(stood_down_at__gt=start))
        .values_list(
            "incident__component_id",
            "incident__linked_reports__component_id",
            "incident__impact",
            "declared_at",
            "stood_down_at",
        )
    )
    periods = set()
    for component_id, report_component_id, impact, declared_at, stood_down_at in rows:
        for covered in {component_id, report_component_id} - {None}:
            periods.add((covered, impact, declared_at, stood_down_at))
    return [
        {"component_id": covered, "impact": impact, "starts_at": starts_at, "ends_at": ends_at}
        for covered, impact, starts_at, ends_at in sorted(periods, key=lambda period: (period[2], period[0]))
    ]
