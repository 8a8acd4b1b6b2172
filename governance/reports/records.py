"""The records behind a figure of a stored week: the incidents the figure counted, selected with the code that
computed it (metrics.counted_incident_ids; for a party's or an agreement's row clock_figures.counted_clock_incident_ids,
the incidents of the clocks it counted) from the records' history as it stood at the week's end, so that the list
holds exactly what the figure counted whatever happened since. Only the figures the reader's report shows
lead here, and only the incidents the reader may see are listed."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.weeks import Week
from governance.models import WeeklyReport
from incidents.list_rows import rendered_chain_rows
from incidents.models import Incident
from parties.access import principal_for

from . import selectors
from .as_of import CHUNK
from .clock_figures import counted_clock_incident_ids
from .metrics import counted_incident_ids
from .trends import figure_in_words
from .views import CLOCK_METRICS, COLUMN_LABELS, INCIDENT_METRICS, ReportReaderMixin

PAGE_SIZE = 50


class BadQuery(Exception):
    """A query the page cannot answer, with the reason to show."""


class WeeklyRecordsView(ReportReaderMixin, TemplateView):
    template_name = "governance/reports/records.html"

    def get(self, request, *args, **kwargs):
        try:
            week = Week.from_label(kwargs["label"])
        except ValueError as error:
            raise Http404(str(error)) from error
        try:
            figure, group, key = _asked(request.GET)
        except BadQuery as error:
            message = str(error)
            return HttpResponse(render_to_string("400.html", {"message": message}, request), status=400)
        report = WeeklyReport.objects.filter(week_start=week.monday).first()
        if report is None:
            raise Http404(_("Voor week %(week)s is nog geen rapport berekend.") % {"week": week.label})
        row = _row(selectors.for_reader(report.metrics, request.user, self.service), group, key)
        if row is None:
            raise Http404(_("Dit cijfer staat niet in uw weekrapport."))
        if group in CLOCK_GROUPS:
            counted = counted_clock_incident_ids(week, figure, group, key)
        else:
            if group is None and self.service is not None:
                group, key = "service", self.service.slug
            counted = counted_incident_ids(week, figure, group, key)
        ids = _visible(request.user, counted)
        page = Paginator(sorted(ids, reverse=True), PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render_to_response(
            self.get_context_data(
                week=week,
                report=report,
                figure=figure,
                figure_label=COLUMN_LABELS[figure],
                value_text=figure_in_words(figure, row.get(figure)),
                group=group,
                key=key,
                row_name=row.get("name"),
                count=len(ids),
                page=page,
                rows=rendered_chain_rows(_incidents(page.object_list)),
                query=query.urlencode(),
            )
        )


INCIDENT_GROUPS = ("priority", "component")
CLOCK_GROUPS = ("party", "agreement")


def _asked(query) -> tuple[str, str | None, str | None]:
    """The figure and the row (priority, component, party or agreement; none: the total) asked for."""
    rows = [(group, query[group]) for group in (*INCIDENT_GROUPS, *CLOCK_GROUPS) if query.get(group)]
    if len(rows) > 1:
        raise BadQuery(_("Kies één rij: een prioriteit, een onderdeel, een partij of een afspraak."))
    figure = query.get("figure", "")
    figures = CLOCK_METRICS if rows and rows[0][0] in CLOCK_GROUPS else INCIDENT_METRICS
    if figure not in figures:
        raise BadQuery(_("Onbekend cijfer: kies er een uit het weekrapport."))
    return (figure, *rows[0]) if rows else (figure, None, None)


def _row(metrics: dict, group: str | None, key: str | None) -> dict | None:
    if group == "party":
        return metrics["parties"].get(key)
    if group == "agreement":
        return metrics.get("agreements", {}).get(key)
    incidents = metrics["incidents"]
    if group is None:
        return incidents["total"]
    return incidents[f"by_{group}"].get(key)


def _visible(user, ids: set[int]) -> set[int]:
    """The incidents among `ids` the user may see today, a query per CHUNK of them (none for the whole chain)."""
    if principal_for(user).sees_everything:
        return ids
    ordered, visible = sorted(ids), set()
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        visible.update(Incident.objects.visible_to(user).filter(pk__in=chunk).values_list("pk", flat=True))
    return visible


def _incidents(ids) -> list:
    """The incidents of one page in its order, with what their rows show beside them (one query)."""
    found = Incident.objects.filter(pk__in=list(ids)).select_related("component", "assigned_party").in_bulk()
    return [found[pk] for pk in ids if pk in found]
