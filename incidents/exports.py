"""Downloads of incidents: the incident list as CSV with the list's filters, and the breach evidence pack as PDF.

The CSV holds exactly the rows the list page would show with the same query string (the same restricted
queryset and FilterSet), all of them, streamed. The reporter's side gets the columns her list shows and the
dates she is told; who in the chain holds an incident and how it stands against its norms are not in her file."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.exports import Column, local_moment, streaming_csv_response, table_rows
from core.logging import log_security_event
from core.pdf import pdf_response

from . import rules, selectors
from .filters import list_filterset, listed
from .models import BreachState, Impact, Status, Urgency
from .views import IncidentEvidenceView

CSV_CHUNK = 500

REFERENCE = Column(gettext_lazy("kenmerk"), lambda incident: incident.reference)
TITLE = Column(gettext_lazy("wat is er aan de hand"), lambda incident: incident.title)
PRIORITY = Column(gettext_lazy("prioriteit"), lambda incident: incident.priority)
STATUS = Column(gettext_lazy("status"), lambda incident: str(Status(incident.status).label))
REPORTED_AT = Column(gettext_lazy("gemeld op"), lambda incident: local_moment(incident.reported_at))
RESOLVED_AT = Column(gettext_lazy("opgelost op"), lambda incident: local_moment(incident.resolved_at))
CLOSED_AT = Column(gettext_lazy("gesloten op"), lambda incident: local_moment(incident.closed_at))

REPORTER_COLUMNS = (
    REFERENCE,
    TITLE,
    Column(gettext_lazy("onderdeel"), lambda incident: incident.component.public_name),
    PRIORITY,
    STATUS,
    REPORTED_AT,
    RESOLVED_AT,
    CLOSED_AT,
)
CHAIN_COLUMNS = (
    REFERENCE,
    TITLE,
    Column(gettext_lazy("onderdeel"), lambda incident: incident.component.name),
    PRIORITY,
    STATUS,
    Column(gettext_lazy("impact"), lambda incident: str(Impact(incident.impact).label)),
    Column(gettext_lazy("urgentie"), lambda incident: str(Urgency(incident.urgency).label)),
    Column(gettext_lazy("gemeld namens"), lambda incident: incident.reporter_party.name),
    REPORTED_AT,
    Column(
        gettext_lazy("toegewezen aan"),
        lambda incident: incident.assigned_party.name if incident.assigned_party else "",
    ),
    Column(gettext_lazy("oplossen vóór"), lambda incident: local_moment(incident.due_at)),
    Column(gettext_lazy("normstatus"), lambda incident: str(BreachState(incident.breach_state).label)),
    RESOLVED_AT,
    CLOSED_AT,
    Column(gettext_lazy("aantal keer heropend"), lambda incident: incident.reopen_count),
)


class IncidentExportView(LoginRequiredMixin, View):
    """/incidents/export.csv?<the list's query string>: the filtered list, every row, as CSV."""

    http_method_names = ["get", "head"]

    def get(self, request):
        scope = selectors.list_scope(request.user, request.GET.get("scope"))
        visible = selectors.incidents_for_list(request.user, scope=scope).select_related("reporter_party")
        reporter_side = not rules.sees_internals(request.user)
        filterset = list_filterset(request, visible, reporter_side=reporter_side)
        if filterset.is_bound and not filterset.is_valid():
            # A file of other rows than the ones asked for would mislead: nothing is exported.
            messages.error(request, _("Een of meer filters zijn ongeldig; er is niets geëxporteerd."))
            return redirect(f"{reverse('incidents:incident_list')}?{request.GET.urlencode()}")
        incidents = listed(filterset)
        columns = REPORTER_COLUMNS if reporter_side else CHAIN_COLUMNS
        log_security_event("export", request, what="incident list csv", query=request.GET.urlencode())
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        rows = table_rows(incidents.iterator(chunk_size=CSV_CHUNK), columns)
        return streaming_csv_response(rows, f"incidenten-{stamp}.csv")


class IncidentEvidencePdfView(IncidentEvidenceView):
    """The breach evidence pack as a PDF: the printable page, for the same users (404 for anyone else)."""

    def render_to_response(self, context, **response_kwargs):
        reference = context["pack"]["incident"]["reference"]
        log_security_event("export", self.request, what=f"evidence-pack {reference} pdf")
        return pdf_response(self.request, self.template_name, context, f"bewijsdossier-{reference}.pdf")
