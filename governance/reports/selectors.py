"""Reads for the dashboard and the weekly report, restricted to what the user may see.

Regie (CIBG) and the business owner (VWS) see the whole chain. An operator party sees only the
rows of its own part of the chain: its parties, its agreements, the components it operates,
hosts or monitors, and the breaches in which it held the incident; chain-wide totals, changes and
the generated summary are left out for it. The reporter's side sees no reports at all.
"""

from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from changes.models import ChangeStatus
from core.weeks import Week
from governance.models import WeeklyBreachHolder, WeeklyReport
from incidents.models import Status
from parties.access import principal_for
from parties.models import Agreement, ComplianceThreshold, Component, Party, Priority

from . import per_service
from .live import age_bands, live_figures_for, upcoming_filters
from .thresholds import AMBER, GREEN

# % of decided clocks that met their target, for rows stored before each agreement had its own thresholds
COMPLIANCE_TARGET = float(ComplianceThreshold.GREEN_DEFAULT)
COMPLIANCE_AMBER = float(ComplianceThreshold.AMBER_DEFAULT)
TREND_WEEKS = 12


def may_read_reports(user, service=None) -> bool:
    """The chain reads every report; the owner of a service only its own service's (per_service)."""
    return per_service.may_read(user, service)


def for_reader(metrics: dict, user, service=None) -> dict:
    """The report as this user reads it, for the whole chain or for one service."""
    if service is None:
        return restrict(metrics, user)
    return per_service.scope(metrics if per_service.reads_whole_service(user) else restrict(metrics, user), service)


def traffic_light(percent: float | None, green: float | None = None, amber: float | None = None) -> str:
    """Against the agreement's thresholds (stored with the week's figures); the defaults for rows without."""
    if percent is None:
        return "none"
    if percent >= (COMPLIANCE_TARGET if green is None else green):
        return "green"
    return "amber" if percent >= (COMPLIANCE_AMBER if amber is None else amber) else "red"


def restrict(metrics: dict, user) -> dict:
    """The report as this user may read it (see the module docstring)."""
    principal = principal_for(user)
    if principal.sees_everything:
        return {**metrics, "restricted": False}
    slugs, _names, components, agreements = _own_part(user)
    in_chain = {f"party:{slug}" for slug in slugs}
    return {
        # Rows stored before waiting time was reported per party waited on kept the holding party's ("holds").
        **{key: value for key, value in metrics.items() if key != "holds"},
        "restricted": True,
        "incidents": {
            "total": None,
            "by_priority": {},
            "by_component": {
                slug: row for slug, row in metrics["incidents"]["by_component"].items() if slug in components
            },
        },
        "parties": {slug: row for slug, row in metrics["parties"].items() if slug in slugs},
        "agreements": {ref: row for ref, row in metrics.get("agreements", {}).items() if ref in agreements},
        "changes": None,
        "worst_breach": None,
        "anomalies": [anomaly for anomaly in metrics["anomalies"] if anomaly["scope"] in in_chain],
        "deltas": {scope: figures for scope, figures in metrics["deltas"].items() if scope in in_chain},
        "summary": None,
        **(
            {"waited_on": {key: row for key, row in metrics["waited_on"].items() if key in in_chain}}
            if "waited_on" in metrics
            else {}
        ),
    }


def readable_breaches(report: WeeklyReport, user, service=None) -> QuerySet:
    """The attributions of the week's breaches as this user reads them, in the order they were raised: an operator
    party's those its parties held, a service's those on its components (as `for_reader` restricts the figures)."""
    breaches = report.breaches.order_by("position")
    restricted = service is None or not per_service.reads_whole_service(user)
    if restricted and not principal_for(user).sees_everything:
        _slugs, names, _components, _agreements = _own_part(user)
        held = WeeklyBreachHolder.objects.filter(breach=OuterRef("pk"), party__in=names)
        breaches = breaches.filter(Exists(held))
    if service is not None:
        breaches = per_service.scope_breaches(breaches, service)
    return breaches.values_list("attribution", flat=True)


def _own_part(user) -> tuple[set, set, set, set]:
    """The slugs and names of the user's chain parties, the slugs of their components and the references of
    their agreements: read once per request (the dashboard restricts a dozen stored weeks with them)."""
    cached = getattr(user, "_report_own_part", None)
    if cached is not None:
        return cached
    chain = principal_for(user).chain_party_ids
    blank = Value("", output_field=CharField())
    parties = Party.objects.filter(pk__in=chain).order_by()
    components = Component.objects.filter(
        Q(operating_party__in=chain) | Q(hosting_party__in=chain) | Q(monitoring_party__in=chain)
    ).order_by()
    agreements = Agreement.objects.visible_to(user).order_by()
    rows = (
        parties.annotate(part=Value("party"))
        .values_list("part", "slug", "name")
        .union(
            components.annotate(part=Value("component"), none=blank).values_list("part", "slug", "none"),
            agreements.annotate(part=Value("agreement"), none=blank).values_list("part", "reference", "none"),
            all=True,
        )
    )
    found: dict[str, list] = {"party": [], "component": [], "agreement": []}
    for part, key, name in rows:
        found[part].append((key, name))
    cached = (
        {slug for slug, _name in found["party"]},
        {name for _slug, name in found["party"]},
        {slug for slug, _name in found["component"]},
        {reference for reference, _name in found["agreement"]},
    )
    user._report_own_part = cached
    return cached


def incident_list_url(**filters) -> str:
    """The incident list filtered to exactly the incidents behind a figure."""
    query = {"scope": "all"}
    for name, value in filters.items():
        query[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return f"{reverse('incidents:incident_list')}?{urlencode(query)}"


def change_list_url(**filters) -> str:
    query = {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in filters.items()}
    return f"{reverse('changes:changerequest_list')}?{urlencode(query, doseq=True)}"


def stored_weeks(count: int = TREND_WEEKS) -> list[WeeklyReport]:
    """The latest stored reports, oldest first (their breaches are rows of their own, not read here)."""
    return list(reversed(WeeklyReport.objects.order_by("-week_start")[:count]))


ATTRIBUTION_PAGE_SIZE = 50  # attributed breaches a page: a week at national scale has hundreds (the CSV has all)


@dataclass
class WeeklyReportPage:
    report: WeeklyReport
    metrics: dict  # as the reader may read them
    breaches: QuerySet  # the attributions of the breaches the reader may read (readable_breaches)
    attribution: Page  # one page of them
    has_previous: bool
    has_next: bool


def weekly_report_page(week: Week, user, service=None, page=None) -> WeeklyReportPage | None:
    """The week's stored report as `user` reads it, with page `page` of its attributed breaches (as
    Paginator.get_page reads the number); None when the week has no stored report."""
    report = (
        WeeklyReport.objects.filter(week_start=week.monday)
        .annotate(has_previous=_has_report(lambda: week.previous), has_next=_has_report(lambda: week.next))
        .first()
    )
    if report is None:
        return None
    breaches = readable_breaches(report, user, service)
    return WeeklyReportPage(
        report=report,
        metrics=for_reader(report.metrics, user, service),
        breaches=breaches,
        attribution=Paginator(breaches, ATTRIBUTION_PAGE_SIZE).get_page(page),
        has_previous=report.has_previous,
        has_next=report.has_next,
    )


def _has_report(neighbour) -> Exists | Value:
    """Whether the neighbouring week has a stored report (none before year 1 or after 9999)."""
    try:
        monday = neighbour().monday
    except OverflowError:
        return Value(False)
    return Exists(WeeklyReport.objects.filter(week_start=monday))


CHART_PLOT_WIDTH = 480
CHART_PLOT_HEIGHT = 120
CHART_LEFT = 44  # room for the value axis
CHART_BOTTOM = 28  # room for the week labels


def records_url(week: Week, figure: str, **row) -> str:
    """The page of the incidents a figure of the stored week counted, as they stood at its end (records.py): in
    the total, or in the row of a priority, component, party or agreement (`row`), of the chain or of one
    service."""
    return records_links(week)(figure, **row)


def records_links(week: Week):
    """`records_url` of the week for the many figures of one page, the records page's address resolved once."""
    page = reverse("reports:weekly_records", kwargs={"label": week.label})

    def link(figure: str, **row) -> str:
        query = {"figure": figure, **{name: value for name, value in row.items() if value}}
        return f"{page}?{urlencode(query)}"

    return link


def trend_chart(
    trend: list[dict],
    series: list[tuple[str, str]],
    scope=("incidents", "total"),
    *,
    percent: bool = False,
    link=None,
) -> dict:
    """Bars per stored week for one or more figures, with a value axis, for a server-rendered SVG (no script).

    Every chart has the same size whatever the number of weeks or figures, so that charts side by side
    compare; a percentage is drawn against 0–100, a count against a rounded maximum. With `link(metric, report)`
    each value links to the records behind it (a value the reader has no figure for links nowhere)."""
    points = []
    for entry in trend:
        figures = entry["metrics"]
        for key in scope:
            figures = (figures or {}).get(key) if isinstance(figures, dict) else None
        values = [(figures or {}).get(name) for name, _label in series]
        urls = [
            link(name, entry["report"]) if link is not None and value is not None else None
            for (name, _label), value in zip(series, values, strict=True)
        ]
        points.append({"report": entry["report"], "values": values, "urls": urls})
    highest = max((value or 0 for point in points for value in point["values"]), default=0)
    top = 100 if percent else _axis_top(highest)
    slot = CHART_PLOT_WIDTH / max(len(points), 1)
    bar_width = slot * 0.75 / len(series)
    bars, weeks = [], []
    for index, point in enumerate(points):
        left = CHART_LEFT + index * slot + slot * 0.125
        week = point["report"].label
        weeks.append({"label": week, "x": left + bar_width * len(series) / 2})
        for offset, (value, url) in enumerate(zip(point["values"], point["urls"], strict=True)):
            height = CHART_PLOT_HEIGHT * min(value or 0, top) / top
            bars.append(
                {
                    "x": left + offset * bar_width,
                    "y": CHART_PLOT_HEIGHT - height,
                    "height": height,
                    "width": bar_width - 2,
                    "value": value,
                    "series": offset,
                    "series_label": series[offset][1],
                    "week": week,
                    "url": url,
                }
            )
    return {
        "bars": bars,
        "weeks": weeks,
        "ticks": [{"value": top * step / 4, "y": CHART_PLOT_HEIGHT * (1 - step / 4)} for step in range(5)],
        "rows": [
            {
                "week": point["report"].label,
                "cells": [
                    {"value": value, "url": url} for value, url in zip(point["values"], point["urls"], strict=True)
                ],
            }
            for point in points
        ],
        "series": [label for _name, label in series],
        "percent": percent,
        "left": CHART_LEFT,
        "width": CHART_LEFT + CHART_PLOT_WIDTH,
        "plot_height": CHART_PLOT_HEIGHT,
        "height": CHART_PLOT_HEIGHT + CHART_BOTTOM,
    }


def _axis_top(highest) -> int:
    """The smallest of 4, 8, 20, 40, 80, 200, … at or above the highest value: ticks at its quarters are round
    numbers (1, 2, 5, 10, 20, 50, …)."""
    magnitude = 1
    while True:
        for top in (4 * magnitude, 8 * magnitude, 20 * magnitude):
            if top >= highest:
                return top
        magnitude *= 10


def compliance_rows(
    last: dict | None,
    current: dict,
    kind: str,
    last_week: Week | None,
    this_week: Week,
    list_url=incident_list_url,
    stored_url=None,
) -> list:
    """Per party (or agreement): last completed week from the stored report, this week so far live. With
    `stored_url(figure, **row)` the stored week's figures link to the incidents they counted (records.py)."""
    keys = sorted(set((last or {}).get(kind, {})) | set(current.get(kind, {})))
    rows = []
    for key in keys:
        before = (last or {}).get(kind, {}).get(key)
        now = current.get(kind, {}).get(key)
        name = (before or now)["name"]
        party = key if kind == "parties" else None
        agreement = key if kind == "agreements" else None
        rows.append(
            {
                "key": key,
                "name": name,
                "last": _compliance(before, party, last_week, agreement, list_url, stored_url),
                "current": _compliance(now, party, this_week, agreement, list_url),
            }
        )
    return rows


def _compliance(
    figures: dict | None,
    party: str | None,
    week: Week | None,
    agreement: str | None = None,
    list_url=incident_list_url,
    stored_url=None,
) -> dict | None:
    if figures is None or week is None:
        return None
    percent = figures["sla_resolution_met_percent"]
    if stored_url is not None and (party or agreement):
        row = {"party": party} if party else {"agreement": agreement}
        breaches_url = stored_url("breaches", **row)
        resolved_url = stored_url("sla_resolution_met_percent", **row)
    else:
        breaches_url, resolved_url = _live_compliance_urls(party, week, agreement, list_url)
    return {
        "percent": percent,
        "response_percent": figures["sla_response_met_percent"],
        "decided": figures["sla_resolutions_decided"],
        "light": traffic_light(percent, figures.get(GREEN), figures.get(AMBER)),
        "green_from": figures.get(GREEN, COMPLIANCE_TARGET),
        "breaches": figures["breaches"],
        "breached_incidents": figures.get("breached_incidents"),  # rows stored before it was counted: None
        "breaches_url": breaches_url,
        "resolved_url": resolved_url,
    }


def _live_compliance_urls(party: str | None, week: Week, agreement: str | None, list_url) -> tuple:
    """The incident list's filters for this week's figures, counted live from today's records."""
    breach_filters = {"breached_from": week.start, "breached_before": week.end}
    if party:
        breach_filters["breach_party"] = party
    if agreement:
        breach_filters["breach_agreement"] = agreement
    breaches_url = list_url(**breach_filters) if party or agreement else None
    return breaches_url, list_url(**_clock_of(party, agreement), resolved_from=week.start, resolved_before=week.end)


def _clock_of(party: str | None, agreement: str | None) -> dict:
    """The list filter for the clocks a party's or an agreement's row counts."""
    if party:
        return {"clock_party": party}
    return {"clock_agreement": agreement} if agreement else {}


def dashboard(user, now=None, service=None) -> dict:
    """The dashboard for the whole chain, or with `service` for one service: the last completed week from the
    stored weekly report, the current week from the stored live figures (live.py), both as this user may read
    them.

    The live figures count every record of their scope. Whoever sees the whole chain, or the whole of the
    service read (its owner), sees every one of those records (incidents and changes; of the drafts only
    those of their own party, as the change list shows them), so reads them in full. Anyone else (an operator
    party) reads them as `for_reader` restricts a weekly report: the rows of its own parties and agreements,
    the open P1 incidents on its own components (all of which it sees), and not the chain-wide open
    incidents and changes, which count records outside its view."""
    now = now or timezone.now()
    live = live_figures_for(service, now)
    figures, counted_at = live.figures, live.computed_at
    this_week = Week.of(counted_at)
    reports = stored_weeks()
    last = for_reader(reports[-1].metrics, user, service) if reports else None
    list_url, changes_url = incident_list_url, change_list_url
    if service is not None:
        list_url = partial(incident_list_url, service=service.slug)
        changes_url = partial(change_list_url, service=service.slug)
    current = for_reader(
        {
            "parties": figures["parties"],
            "agreements": figures["agreements"],
            "incidents": {"total": None, "by_priority": {}, "by_component": {}},
            "anomalies": [],
            "deltas": {},
        },
        user,
        service,
    )
    whole = per_service.reads_whole_service(user)
    own_parties, _names, own_components, _agreements = (None, None, None, None) if whole else _own_part(user)
    breaches_this_week = [
        {
            **row,
            "url": list_url(**_party_breaches(this_week, row["party"])),
            "response_url": list_url(**_party_breaches(this_week, row["party"]), breach_target="response"),
            "resolution_url": list_url(**_party_breaches(this_week, row["party"]), breach_target="resolution"),
        }
        for row in figures["breaches"]
        if whole or row["party"] in own_parties
    ]
    majors = [
        {**major, "status_label": Status(major["status"]).label}
        for major in figures["major"]
        if whole or major["component_slug"] in own_components
    ]
    trend = [{"report": report, "metrics": for_reader(report.metrics, user, service)} for report in reports]

    def records(metric: str, report) -> str:
        return records_url(Week(report.week_start), metric, service=service.slug if service else None)

    last_week = Week(reports[-1].week_start) if reports else None

    def stored(figure: str, **row) -> str:
        return records_url(last_week, figure, service=service.slug if service else None, **row)

    return {
        "party_compliance": compliance_rows(last, current, "parties", last_week, this_week, list_url, stored),
        "agreement_compliance": compliance_rows(last, current, "agreements", last_week, this_week, list_url, stored),
        "last_week": last_week,
        "this_week": this_week,
        "counted_at": counted_at,
        "restricted": not whole,
        "last_report": reports[-1] if reports else None,
        "last": last,
        "current": current,
        "trend": trend,
        "volume_chart": trend_chart(trend, [("opened", _("gemeld")), ("resolved", _("opgelost"))], link=records),
        "breach_chart": trend_chart(trend, [("breaches", _("overschrijdingen"))], link=records),
        "compliance_chart": trend_chart(
            trend, [("sla_resolution_met_percent", _("oplosnorm gehaald %"))], percent=True, link=records
        ),
        "open_by_priority": _open_rows(figures["open"], counted_at, list_url) if whole else None,
        "major_incidents": majors,
        "breaches_this_week": breaches_this_week,
        "breaches_url": list_url(breached_from=this_week.start),
        **(_change_figures(figures, user, counted_at, changes_url) if whole else {"pipeline": None}),
    }


def _party_breaches(week: Week, party: str) -> dict:
    return {"breached_from": week.start, "breached_before": week.end, "breach_party": party}


def _open_rows(counts: dict, counted_at, list_url) -> list[dict]:
    """Per priority, the open incidents in each age band as counted, each linked to the incidents open in it."""
    rows = []
    for priority in Priority.values:
        cells = []
        for name, since, before in age_bands(counted_at):
            bounds = {}
            if since:
                bounds["reported_from"] = since
            if before:
                bounds["reported_before"] = before
            cells.append(
                {
                    "band": name,
                    "count": counts.get(priority, {}).get(name, 0),
                    "url": list_url(open="true", priority=priority, **bounds),
                }
            )
        rows.append({"priority": priority, "cells": cells, "url": list_url(open="true", priority=priority)})
    return rows


def _change_figures(figures: dict, user, counted_at, changes_url) -> dict:
    """The changes per state and those scheduled in the next 14 days; the drafts the user's own parties
    request (a superuser's: all)."""
    principal = principal_for(user)
    pipeline = dict(figures["pipeline"])
    own = {str(party) for party in principal.party_ids} if principal.sees_everything else set()
    drafts = sum(count for party, count in figures["drafts"].items() if principal.is_superuser or party in own)
    if drafts:
        pipeline[ChangeStatus.DRAFT] = drafts
    return {
        "pipeline": [
            {"status": status, "label": label, "count": pipeline[status], "url": changes_url(status=status)}
            for status, label in ChangeStatus.choices
            if pipeline.get(status)
        ],
        "upcoming_count": figures["upcoming"],
        "upcoming_url": changes_url(**upcoming_filters(counted_at)),
    }
