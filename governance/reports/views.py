from functools import partial

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Page
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.auditchain.verify import latest_verification
from core.exports import SafeWriter, csv_response
from core.logging import log_security_event
from core.weeks import Week
from governance.models import WeeklyReport
from majorincidents import selectors as major_selectors
from parties import catalogue
from parties.models import Component

from . import per_service, selectors
from .breach_blocks import rendered_breaches
from .holds import HOLD_METRICS, hold_rows
from .links import change_share_links
from .trends import anomaly_for_display, figure_in_words, summarise

INCIDENT_METRICS = [
    "opened",
    "resolved",
    "backlog",
    "mean_time_to_acknowledge",
    "mean_time_to_resolve",
    "sla_response_met_percent",
    "sla_resolution_met_percent",
    "breaches",
    "reopenings",
]
CLOCK_METRICS = [
    "received",
    "mean_time_to_acknowledge",
    "sla_response_met_percent",
    "sla_resolution_met_percent",
    "breaches",
]
AVAILABILITY_METRICS = ["measured_percent", "promised_percent", "outage_minutes", "open_minutes", "met"]
CHANGE_METRICS = [
    "submitted",
    "approved",
    "rejected",
    "completed",
    "failed",
    "emergency_share_percent",
    "change_failure_rate_percent",
    "median_lead_time_hours",
]
# The short column headings of the report's tables (trends.METRIC_LABELS names the figures in sentences).
COLUMN_LABELS = {
    "opened": gettext_lazy("Gemeld"),
    "resolved": gettext_lazy("Opgelost"),
    "backlog": gettext_lazy("Open aan eind"),
    "mean_time_to_acknowledge": gettext_lazy("Gem. reactietijd"),
    "mean_time_to_resolve": gettext_lazy("Gem. oplostijd"),
    "sla_response_met_percent": gettext_lazy("Reactienorm gehaald %"),
    "sla_resolution_met_percent": gettext_lazy("Oplosnorm gehaald %"),
    "breaches": gettext_lazy("Overschrijdingen"),
    "reopenings": gettext_lazy("Heropend"),
    "received": gettext_lazy("Ontvangen"),
    "submitted": gettext_lazy("Ingediend"),
    "approved": gettext_lazy("Goedgekeurd"),
    "rejected": gettext_lazy("Afgewezen"),
    "completed": gettext_lazy("Geslaagd"),
    "failed": gettext_lazy("Mislukt"),
    "emergency_share_percent": gettext_lazy("Aandeel spoed %"),
    "change_failure_rate_percent": gettext_lazy("Aandeel mislukte wijzigingen %"),
    "median_lead_time_hours": gettext_lazy("Mediane doorlooptijd"),
}


class ReportReaderMixin(LoginRequiredMixin):
    """Reports are for the chain, and one service's for its owner (`?service=`); for anyone else they do not
    exist."""

    service = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.service = per_service.service_from_request(request)
            if not selectors.may_read_reports(request.user, self.service):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            service=self.service, services=catalogue.service_entries(self.request.user), **kwargs
        )


class DashboardView(ReportReaderMixin, TemplateView):
    template_name = "governance/dashboard.html"

    def get_context_data(self, **kwargs):
        figures = selectors.dashboard(self.request.user, service=self.service)
        return super().get_context_data(
            **figures,
            change_share_links=change_share_links(figures["last_week"]),
            **latest_verification(),
            **kwargs,
        )


class LatestWeeklyReportView(ReportReaderMixin, View):
    def get(self, request):
        latest = WeeklyReport.objects.order_by("-week_start").first()
        if latest is None:
            raise Http404(_("Er is nog geen weekrapport berekend."))
        url = reverse("reports:weekly", kwargs={"label": latest.label})
        return redirect(f"{url}?service={self.service.slug}" if self.service else url)


class WeeklyReportView(ReportReaderMixin, TemplateView):
    template_name = "governance/reports/weekly.html"

    def get(self, request, *args, **kwargs):
        try:
            week = Week.from_label(kwargs["label"])
        except ValueError as error:
            raise Http404(str(error)) from error
        page = selectors.weekly_report_page(week, request.user, self.service, page=request.GET.get("page"))
        if page is None:
            raise Http404(_("Voor week %(week)s is nog geen rapport berekend.") % {"week": week.label})
        if request.GET.get("format") == "csv":
            log_security_event("export", request, what=f"weekly-report {week.label} csv")
            reviews = major_selectors.reviews_filed_between(request.user, week.start, week.end)
            return weekly_csv(week, page.metrics, page.breaches, reviews)
        return self.render_to_response(self.get_context_data(week=week, page=page))

    def attribution_shown(self, page) -> Page:
        """The attributed breaches this response shows: one page of them."""
        return page.attribution

    def get_context_data(self, week, page, **kwargs):
        metrics = page.metrics
        attribution = self.attribution_shown(page)
        return super().get_context_data(
            week=week,
            report=page.report,
            metrics=metrics,
            previous_week=week.previous if page.has_previous else None,
            next_week=week.next if page.has_next else None,
            sections=report_sections(week, metrics),
            attribution=attribution,
            breach_blocks=rendered_breaches(attribution),
            holds=hold_rows(week, metrics),
            availability=sorted(metrics.get("availability", {}).values(), key=lambda row: row["name"]),
            major_reviews=major_selectors.reviews_filed_between(self.request.user, week.start, week.end),
            anomalies=[anomaly_for_display(anomaly, metrics) for anomaly in metrics["anomalies"]],
            # Written again in the reader's language from the stored figures (the stored one is in Dutch).
            summary=summarise(
                week.label,
                metrics,
                metrics["deltas"],
                metrics["anomalies"],
                page.attribution.paginator.count,
            )
            if metrics.get("summary")
            else "",
            **kwargs,
        )


def _anomaly_index(metrics: dict) -> dict:
    return {(anomaly["scope"], anomaly["metric"]): anomaly["z"] for anomaly in metrics["anomalies"]}


def _change_filters(metric: str, week: Week) -> dict:
    submitted = {"submitted_from": week.start, "submitted_before": week.end}
    reached = {"reached_from": week.start, "reached_before": week.end}
    return {
        "submitted": submitted,
        "emergency_share_percent": {**submitted, "change_type": "emergency"},
        "approved": {"approved_from": week.start, "approved_before": week.end},
        "rejected": {"rejected_from": week.start, "rejected_before": week.end},
        "completed": {**reached, "reached": "completed"},
        "failed": {**reached, "reached": "failed"},
        "change_failure_rate_percent": {**reached, "reached": "failed"},
        "median_lead_time_hours": {"ended_from": week.start, "ended_before": week.end},
    }[metric]


def _cells(figures: dict, names: list[str], scope: str, metrics: dict, link) -> list[dict]:
    """The cells of a row, each figure and its change since the week before also in words (as the anomaly sentences
    write them); `link(name)` is the address of the records behind a figure (None: none)."""
    anomalies = _anomaly_index(metrics)
    deltas = metrics["deltas"].get(scope, {})
    cells = []
    for name in names:
        value, delta = figures.get(name), deltas.get(name)
        cells.append(
            {
                "value": value,
                "text": figure_in_words(name, value),
                "delta": delta,
                "delta_text": figure_in_words(name, delta),
                "z": anomalies.get((scope, name)),
                "spread": abs(anomalies.get((scope, name)) or 0),
                "url": link(name),
            }
        )
    return cells


def _section(section_id: str, title: str, names: list[str], rows: list[dict]) -> dict:
    """One table of the report page: its column headings are the figures' short labels."""
    return {"id": section_id, "title": title, "columns": [COLUMN_LABELS[name] for name in names], "rows": rows}


def report_sections(week: Week, metrics: dict) -> list[dict]:
    """The tables of the report page: per row a label and cells with value, delta, anomaly and link."""
    sections = []
    incidents = metrics["incidents"]
    component_names = dict(Component.objects.values_list("slug", "name"))
    rows = []
    service = (metrics.get("service") or {}).get("slug")

    records = partial(selectors.records_links(week), service=service)

    if incidents["total"] is not None:
        # One service's report (per_service) counts its incidents in the first row.
        label = metrics["service"]["name"] if service else _("Hele keten")
        rows.append({"label": label, "cells": _cells(incidents["total"], INCIDENT_METRICS, "total", metrics, records)})
    for priority, figures in sorted(incidents["by_priority"].items()):
        link = partial(records, priority=priority)
        rows.append(
            {"label": priority, "cells": _cells(figures, INCIDENT_METRICS, f"priority:{priority}", metrics, link)}
        )
    for slug, figures in sorted(incidents["by_component"].items()):
        link = partial(records, component=slug)
        scope = f"component:{slug}"
        rows.append(
            {"label": component_names.get(slug, slug), "cells": _cells(figures, INCIDENT_METRICS, scope, metrics, link)}
        )
    sections.append(_section("incidents", _("Incidenten"), INCIDENT_METRICS, rows))
    party_rows = [
        {
            "label": figures["name"],
            "cells": _cells(
                figures,
                CLOCK_METRICS,
                f"party:{slug}",
                metrics,
                partial(records, party=slug),
            ),
        }
        for slug, figures in sorted(metrics["parties"].items(), key=lambda item: item[1]["name"])
    ]
    sections.append(_section("parties", _("Per partij (eigen afspraak)"), CLOCK_METRICS, party_rows))
    if metrics["changes"] is not None:
        change_row = {
            "label": _("Wijzigingen"),
            "cells": _cells(
                metrics["changes"],
                CHANGE_METRICS,
                "changes",
                metrics,
                lambda m: selectors.change_list_url(**_change_filters(m, week)),
            ),
        }
        sections.append(_section("changes", _("Wijzigingen"), CHANGE_METRICS, [change_row]))
    return sections


def _unit(metric: str) -> str:
    """The unit of a figure in the CSV: the values stay plain numbers, the unit says what they count."""
    if metric.endswith("_percent") or metric.startswith("share_percent_held_by:"):
        return "%"
    if metric in ("outage_minutes", "open_minutes"):
        return _("minuten openingstijd")
    if metric == "met":
        return _("1 = gehaald, 0 = niet gehaald")
    if metric.startswith(("minutes_held_by:", "minutes_waited_on:")):
        return _("minuten bedrijfstijd")
    if metric in ("mean_time_to_acknowledge", "mean_time_to_resolve"):
        return _("minuten kloktijd")
    if metric == "median_lead_time_hours":
        return _("uren kloktijd")
    return _("aantal")


def weekly_csv(week: Week, metrics: dict, breaches, major_reviews) -> HttpResponse:
    """One line per figure: section, group, metric, value, change against the week before, how unusual it is
    (times the usual spread), and the unit of the value; for each attributed breach (`breaches`, as
    selectors.readable_breaches gives them) a line per leg and per party waited on; then the reviews of major
    incidents filed in the week, one line per part (group: the incident's reference)."""
    response = csv_response(f"regie-weekrapport-{week.label}.csv")
    writer = SafeWriter(response)
    writer.writerow(
        [
            _("week"),
            _("rubriek"),
            _("groep"),
            _("maat"),
            _("waarde"),
            _("verschil met vorige week"),
            _("afwijking (keer de normale spreiding)"),
            _("eenheid"),
        ]
    )
    anomalies = _anomaly_index(metrics)

    def emit(section, group, scope, figures, names):
        deltas = metrics["deltas"].get(scope, {})
        for name in names:
            if name in figures:
                writer.writerow(
                    [
                        week.label,
                        section,
                        group,
                        name,
                        figures[name],
                        deltas.get(name),
                        anomalies.get((scope, name)),
                        _unit(name),
                    ]
                )

    incidents = metrics["incidents"]
    if incidents["total"] is not None:
        emit("incidents", "total", "total", incidents["total"], INCIDENT_METRICS)
    for priority, figures in sorted(incidents["by_priority"].items()):
        emit("incidents", f"priority:{priority}", f"priority:{priority}", figures, INCIDENT_METRICS)
    for slug, figures in sorted(incidents["by_component"].items()):
        emit("incidents", f"component:{slug}", f"component:{slug}", figures, INCIDENT_METRICS)
    for slug, figures in sorted(metrics["parties"].items()):
        emit("parties", f"party:{slug}", f"party:{slug}", figures, CLOCK_METRICS)
    for reference, figures in sorted(metrics.get("agreements", {}).items()):
        emit("agreements", f"agreement:{reference}", f"agreement:{reference}", figures, CLOCK_METRICS)
    if metrics["changes"] is not None:
        emit("changes", "total", "changes", metrics["changes"], CHANGE_METRICS)
    for key, figures in sorted(metrics.get("waited_on", {}).items()):
        emit("waited_on", key, key, figures, HOLD_METRICS)
    for breach in breaches.iterator(chunk_size=500):
        group = f"{breach['incident']}:{breach['agreement']}:{breach['target']}"
        for leg in breach["legs"]:
            writer.writerow(
                [
                    week.label,
                    "attribution",
                    group,
                    f"minutes_held_by:{leg['party']}",
                    leg["minutes"],
                    "",
                    "",
                    _unit("minutes_held_by:"),
                ]
            )
            writer.writerow(
                [
                    week.label,
                    "attribution",
                    group,
                    f"share_percent_held_by:{leg['party']}",
                    leg["share_percent"],
                    "",
                    "",
                    "%",
                ]
            )
        for waited in breach.get("waited_on", []):
            on = waited["party"] or "reporter"
            metric = f"minutes_waited_on:{on}"
            writer.writerow([week.label, "attribution", group, metric, waited["minutes"], "", "", _unit(metric)])
    for slug, row in sorted(metrics.get("availability", {}).items()):
        for name in AVAILABILITY_METRICS:
            value = int(row[name]) if isinstance(row[name], bool) else row[name]
            writer.writerow([week.label, "availability", f"service:{slug}", name, value, "", "", _unit(name)])
    for review in major_reviews:
        for name, value in _review_parts(review):
            writer.writerow([week.label, "major_reviews", review.major.incident.reference, name, value, "", "", ""])
    return response


def _review_parts(review) -> list[tuple[str, object]]:
    parts = [
        ("public_title", review.major.public_title),
        ("filed_at", timezone.localtime(review.filed_at).isoformat()),
        ("went_well", review.went_well),
        ("went_wrong", review.went_wrong),
    ]
    for number, action in enumerate(review.actions.all(), start=1):
        parts += [
            (f"action:{number}:description", action.description),
            (f"action:{number}:owner", action.owner.get_full_name() or action.owner.username),
            (f"action:{number}:due_on", action.due_on.isoformat()),
            (f"action:{number}:done_at", timezone.localtime(action.done_at).isoformat() if action.done_at else ""),
        ]
    return parts
