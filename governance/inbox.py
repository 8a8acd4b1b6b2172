"""The governance sections of "Wat wacht op mij" (core.inbox) for the VWS viewer, and the home page that
assembles every app's sections.

Open major incidents are not on record yet; when they are, their section is registered here like the others
(a `Section` on `visible_incidents` whose condition selects the open major incidents), and the page shows it."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inbox import Section, SectionContent, badge_generation, contents, register, remember_total, sections_for
from core.weeks import Week
from incidents.inbox import visible_incidents
from incidents.models import SlaClock, SlaEvent
from parties.access import principal_for
from parties.models import Role

from .reports import selectors as report_selectors
from .reports.trends import anomaly_for_display


def is_viewer(principal) -> bool:
    return principal.has_role(Role.VIEWER)


def _sla_breaches_this_week():
    week = Week.of(timezone.now())
    return SlaEvent.objects.filter(
        kind=SlaEvent.Kind.BREACH, clock__scope=SlaClock.Scope.SLA, raised_at__gte=week.start, raised_at__lt=week.end
    )


def breaches_this_week(user) -> Q:
    """Incidents whose chain SLA was breached this week (the breaches the weekly report will count)."""
    return Q(pk__in=_sla_breaches_this_week().values("clock__incident_id"))


def _with_missed_targets(user, incidents):
    """Which target each incident missed this week (response, resolution), in one query."""
    missed = {}
    for incident_id, target in (
        _sla_breaches_this_week()
        .filter(clock__incident__in=incidents)
        .order_by("raised_at")
        .values_list("clock__incident_id", "target")
    ):
        missed.setdefault(incident_id, []).append(SlaEvent.Target(target).label)
    for incident in incidents:
        incident.missed_targets = missed.get(incident.pk, [])
    return incidents


def _newest_report(user):
    """The newest weekly report as the user may read it, read once per request."""
    if not hasattr(user, "_inbox_newest_report"):
        reports = report_selectors.stored_weeks(1) if report_selectors.may_read_reports(user) else []
        report = reports[-1] if reports else None
        if report is not None:
            report.metrics = report_selectors.restrict(report.metrics, user)
        user._inbox_newest_report = report
    return user._inbox_newest_report


def anomalies(user) -> SectionContent:
    report = _newest_report(user)
    if report is None:
        return SectionContent([], 0, None)
    items = [anomaly_for_display(anomaly, report.metrics) for anomaly in report.metrics["anomalies"]]
    url = reverse("reports:weekly", kwargs={"label": report.label}) + "#anomaly-heading"
    return SectionContent(items, len(items), url)


def newest_report(user) -> SectionContent:
    report = _newest_report(user)
    if report is None:
        return SectionContent([], None, None)
    return SectionContent([report], None, reverse("reports:weekly", kwargs={"label": report.label}))


SECTIONS = [
    Section(
        "week_breaches",
        _("Normoverschrijdingen deze week"),
        is_viewer,
        "incidents/inbox/_incident_rows.html",
        60,
        "incidents:incident_list",
        base=visible_incidents,
        where=breaches_this_week,
        decorate=_with_missed_targets,
    ),
    Section(
        "anomalies",
        _("Afwijkingen in het nieuwste weekrapport"),
        is_viewer,
        "governance/inbox/_anomalies.html",
        61,
        read=anomalies,
    ),
    Section(
        "weekly_report",
        _("Nieuwste weekrapport"),
        is_viewer,
        "governance/inbox/_report.html",
        62,
        read=newest_report,
        counted=False,
    ),
]


def register_sections() -> None:
    register(*SECTIONS)


@dataclass
class ShownSection:
    section: Section
    content: SectionContent


def home(user) -> tuple[list[ShownSection], int]:
    """The user's sections with what waits in each, and the badge total (stored for the pages that follow)."""
    generation = badge_generation()
    sections = sections_for(principal_for(user))
    shown = [
        ShownSection(section, content) for section, content in zip(sections, contents(user, sections), strict=True)
    ]
    total = sum(item.content.count or 0 for item in shown if item.section.counted)
    remember_total(user, generation, total)
    return shown, total
