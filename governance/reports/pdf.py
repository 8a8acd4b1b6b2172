"""The weekly report as a PDF for briefings: the report page itself, rendered on the server (core/pdf.py)."""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from core.logging import log_security_event
from core.pdf import pdf_response

from .views import WeeklyReportView

# A week at national scale has a thousand attributed breaches; a briefing gets the first ones, the CSV has all.
ATTRIBUTION_IN_PDF = 100


class WeeklyReportPdfView(WeeklyReportView):
    """The same report, figures and restrictions as /reports/weekly/<week>/; 404 where that page is."""

    def attribution_shown(self, page):
        return Paginator(page.breaches, ATTRIBUTION_IN_PDF).get_page(1)

    def get_context_data(self, week, page, **kwargs):
        context = super().get_context_data(week, page, **kwargs)
        total = context["attribution"].paginator.count
        if total > ATTRIBUTION_IN_PDF:
            context["pdf_note"] = _(
                "Deze pdf toont de eerste %(shown)s van %(total)s overschrijdingen; "
                "de CSV van het weekrapport bevat ze allemaal."
            ) % {"shown": ATTRIBUTION_IN_PDF, "total": total}
        return context

    def render_to_response(self, context, **response_kwargs):
        week = context["week"]
        log_security_event("export", self.request, what=f"weekly-report {week.label} pdf")
        return pdf_response(self.request, self.template_name, context, f"regie-weekrapport-{week.label}.pdf")
