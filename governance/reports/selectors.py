"""Reads for the dashboard and the weekly report, restricted to what the user may see.

Regie (CIBG) and the business owner (VWS) see the whole chain. An operator party sees only the
rows of its own part of the chain: its parties, its agreements, the components it operates,
hosts or monitors, and the breaches in which it held the incident; chain-wide totals, changes and
the generated summary are left out for it. The reporter's side sees no reports at all.
"""

from datetime import timedelta
from functools import partial
from urllib.parse import urlencode

from django.db.models import CharField, Count, Func, JSONField, Q, Value, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from changes.filters import ChangeRequestFilterSet
from changes.models import ChangeRequest, ChangeStatus
from governance.models import WeeklyReport
from incidents.models import Incident, SlaEvent
from parties.access import principal_for
from parties.models import Agreement, ComplianceThreshold, Component, Party, Priority

from . import per_service
from .metrics import clock_metrics_by_party_and_agreement
from .thresholds import AMBER, GREEN
from .weeks import Week

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
    slugs, names, components, agreements = _own_part(user)
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
        "attribution": [
            breach for breach in metrics["attribution"] if any(leg["party"] in names for leg in breach["legs"])
        ],
        "anomalies": [anomaly for anomaly in metrics["anomalies"] if anomaly["scope"] in in_chain],
        "deltas": {scope: figures for scope, figures in metrics["deltas"].items() if scope in in_chain},
        "summary": None,
        **(
            {"waited_on": {key: row for key, row in metrics["waited_on"].items() if key in in_chain}}
            if "waited_on" in metrics
            else {}
        ),
    }


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
    """The latest stored reports, oldest first, without their breach attribution: the dashboard does not show
    it, and at national scale it is a thousand rows a week, most of each stored report."""
    reports = WeeklyReport.objects.order_by("-week_start").defer("metrics")
    reports = list(reports.annotate(figures=WithoutAttribution("metrics"))[:count])
    for report in reports:
        report.metrics = {**report.figures, "attribution": []}
    return list(reversed(reports))


class WithoutAttribution(Func):
    """A stored report's metrics without the "attribution" key, removed in the database."""

    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s - 'attribution')", **extra_context)

    def as_sql(self, compiler, connection, template=None, **extra_context):
        template = template or "JSON_REMOVE(%(expressions)s, '$.attribution')"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def open_incidents_by_priority_and_age(user, now=None, incidents=None, list_url=incident_list_url) -> list[dict]:
    """Open incidents per priority in age bands, one aggregate query; each cell with its list link."""
    now = now or timezone.now()
    incidents = Incident.objects.visible_to(user) if incidents is None else incidents
    bands = [
        ("lt1d", now - timedelta(days=1), None),
        ("1to3d", now - timedelta(days=3), now - timedelta(days=1)),
        ("3to7d", now - timedelta(days=7), now - timedelta(days=3)),
        ("gt7d", None, now - timedelta(days=7)),
    ]
    figures = {}
    for name, since, before in bands:
        condition = Q()
        if since:
            condition &= Q(reported_at__gte=since)
        if before:
            condition &= Q(reported_at__lt=before)
        figures[name] = Count("pk", filter=condition)
    counts = {row.pop("priority"): row for row in incidents.open().order_by().values("priority").annotate(**figures)}
    rows = []
    for priority in Priority.values:
        cells = []
        for name, since, before in bands:
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


CHART_PLOT_WIDTH = 480
CHART_PLOT_HEIGHT = 120
CHART_LEFT = 44  # room for the value axis
CHART_BOTTOM = 28  # room for the week labels


def trend_chart(
    trend: list[dict], series: list[tuple[str, str]], scope=("incidents", "total"), *, percent: bool = False
) -> dict:
    """Bars per stored week for one or more figures, with a value axis, for a server-rendered SVG (no script).

    Every chart has the same size whatever the number of weeks or figures, so that charts side by side
    compare; a percentage is drawn against 0–100, a count against a rounded maximum."""
    points = []
    for entry in trend:
        figures = entry["metrics"]
        for key in scope:
            figures = (figures or {}).get(key) if isinstance(figures, dict) else None
        points.append({"report": entry["report"], "values": [(figures or {}).get(name) for name, _label in series]})
    highest = max((value or 0 for point in points for value in point["values"]), default=0)
    top = 100 if percent else _axis_top(highest)
    slot = CHART_PLOT_WIDTH / max(len(points), 1)
    bar_width = slot * 0.75 / len(series)
    bars, weeks = [], []
    for index, point in enumerate(points):
        left = CHART_LEFT + index * slot + slot * 0.125
        week = point["report"].label
        weeks.append({"label": week, "x": left + bar_width * len(series) / 2})
        for offset, value in enumerate(point["values"]):
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
                }
            )
    return {
        "bars": bars,
        "weeks": weeks,
        "ticks": [{"value": top * step / 4, "y": CHART_PLOT_HEIGHT * (1 - step / 4)} for step in range(5)],
        "rows": [{"week": point["report"].label, "values": point["values"]} for point in points],
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
    last: dict | None, current: dict, kind: str, last_week: Week | None, this_week: Week, list_url=incident_list_url
) -> list:
    """Per party (or agreement): last completed week from the stored report, this week so far live."""
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
                "last": _compliance(before, party, last_week, agreement, list_url),
                "current": _compliance(now, party, this_week, agreement, list_url),
            }
        )
    return rows


def _compliance(
    figures: dict | None, party: str | None, week: Week | None, agreement: str | None = None, list_url=incident_list_url
) -> dict | None:
    if figures is None or week is None:
        return None
    percent = figures["sla_resolution_met_percent"]
    breach_filters = {"breached_from": week.start, "breached_before": week.end}
    if party:
        breach_filters["breach_party"] = party
    if agreement:
        breach_filters["breach_agreement"] = agreement
    return {
        "percent": percent,
        "response_percent": figures["sla_response_met_percent"],
        "decided": figures["sla_resolutions_decided"],
        "light": traffic_light(percent, figures.get(GREEN), figures.get(AMBER)),
        "green_from": figures.get(GREEN, COMPLIANCE_TARGET),
        "breaches": figures["breaches"],
        "breached_incidents": figures.get("breached_incidents"),  # rows stored before it was counted: None
        "breaches_url": list_url(**breach_filters) if party or agreement else None,
        "resolved_url": list_url(
            **({"clock_party": party} if party else {}), resolved_from=week.start, resolved_before=week.end
        ),
    }


def _breaches_per_party_and_target(week: Week, visible_incidents) -> list[dict]:
    """Breaches raised this week per party whose clock it was, with how many missed the response and how many
    the resolution target; most breaches first."""
    events = (
        SlaEvent.objects.filter(
            kind=SlaEvent.Kind.BREACH, raised_at__gte=week.start, clock__incident__in=visible_incidents
        )
        .order_by()
        .values("clock__party__slug", "clock__party__name", "target")
        .annotate(count=Count("pk"))
    )
    rows: dict[str, dict] = {}
    for event in events:
        row = rows.setdefault(
            event["clock__party__slug"],
            {
                "clock__party__slug": event["clock__party__slug"],
                "clock__party__name": event["clock__party__name"],
                "count": 0,
                SlaEvent.Target.RESPONSE: 0,
                SlaEvent.Target.RESOLUTION: 0,
            },
        )
        row["count"] += event["count"]
        row[event["target"]] += event["count"]
    return sorted(rows.values(), key=lambda row: (-row["count"], row["clock__party__name"]))


def dashboard(user, now=None, service=None) -> dict:
    """The dashboard for the whole chain, or with `service` for one service: its incidents and changes, the
    stored per-service rows and the agreements covering only that service (per_service)."""
    now = now or timezone.now()
    this_week = Week.of(now)
    reports = stored_weeks()
    last = for_reader(reports[-1].metrics, user, service) if reports else None
    visible_incidents = Incident.objects.visible_to(user)
    changes = ChangeRequest.objects.visible_to(user)
    list_url, changes_url = incident_list_url, change_list_url
    if service is not None:
        visible_incidents = visible_incidents.filter(component__service=service)
        through = ChangeRequest.components.through.objects.filter(component__service=service)
        changes = changes.filter(pk__in=through.values("changerequest_id"))
        list_url = partial(incident_list_url, service=service.slug)
        changes_url = partial(change_list_url, service=service.slug)
    clocks = clock_metrics_by_party_and_agreement(this_week)
    current_parties = for_reader(
        {
            "parties": clocks["party"],
            "agreements": clocks["agreement"],
            "incidents": {"total": None, "by_priority": {}, "by_component": {}},
            "attribution": [],
            "anomalies": [],
            "deltas": {},
        },
        user,
        service,
    )
    breaches_this_week = [
        {
            **row,
            "url": list_url(
                breached_from=this_week.start, breached_before=this_week.end, breach_party=row["clock__party__slug"]
            ),
        }
        for row in _breaches_per_party_and_target(this_week, visible_incidents)
    ]
    pipeline = dict(changes.order_by().values_list("status").annotate(count=Count("pk")))
    today = timezone.localdate(now)
    upcoming_filters = {"status": [ChangeStatus.SCHEDULED], "start": today, "end": today + timedelta(days=14)}
    if service is not None:
        upcoming_filters["service"] = service.slug
    # Counted through the change list's own FilterSet, so the figure equals the list it links to.
    upcoming = ChangeRequestFilterSet(data=upcoming_filters, queryset=changes).qs
    # The first 20 and how many there are in one query: the count is a window over every match.
    first_upcoming = list(
        ChangeRequest.objects.filter(pk__in=upcoming.values("pk"))
        .annotate(matching=Window(Count("pk")))
        .order_by("planned_start", "pk")[:20]
    )
    trend = [{"report": report, "metrics": for_reader(report.metrics, user, service)} for report in reports]
    last_week = Week(reports[-1].week_start) if reports else None
    return {
        "party_compliance": compliance_rows(last, current_parties, "parties", last_week, this_week, list_url),
        "agreement_compliance": compliance_rows(last, current_parties, "agreements", last_week, this_week, list_url),
        "last_week": last_week,
        "this_week": this_week,
        "last_report": reports[-1] if reports else None,
        "last": last,
        "current": current_parties,
        "trend": trend,
        "volume_chart": trend_chart(trend, [("opened", _("gemeld")), ("resolved", _("opgelost"))]),
        "breach_chart": trend_chart(trend, [("breaches", _("overschrijdingen"))]),
        "compliance_chart": trend_chart(
            trend, [("sla_resolution_met_percent", _("oplosnorm gehaald %"))], percent=True
        ),
        "open_by_priority": open_incidents_by_priority_and_age(user, now, visible_incidents, list_url),
        "major_incidents": visible_incidents.open().filter(priority=Priority.P1).select_related("component"),
        "breaches_this_week": list(breaches_this_week),
        "breaches_url": list_url(breached_from=this_week.start),
        "pipeline": [
            {"status": status, "label": label, "count": pipeline.get(status, 0), "url": changes_url(status=status)}
            for status, label in ChangeStatus.choices
            if pipeline.get(status)
        ],
        "upcoming": first_upcoming,
        "upcoming_count": first_upcoming[0].matching if first_upcoming else 0,
        "upcoming_url": changes_url(**{name: value for name, value in upcoming_filters.items() if name != "service"}),
    }
