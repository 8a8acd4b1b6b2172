"""The change list as CSV: exactly the rows the list page shows with the same query string (the same
restricted queryset and FilterSet), all of them, streamed in chunks (one query for the changes and one for
their components per chunk, however long the list). Like the list, for the chain only."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.exports import Column, local_moment, streaming_csv_response, table_rows
from core.logging import log_security_event

from . import selectors
from .filters import ChangeRequestFilterSet
from .models import ChangeStatus, ChangeType, RiskLevel
from .views import ChainMemberRequiredMixin

CSV_CHUNK = 500

COLUMNS = (
    Column(gettext_lazy("kenmerk"), lambda change: change.reference),
    Column(gettext_lazy("titel"), lambda change: change.title),
    Column(gettext_lazy("soort wijziging"), lambda change: str(ChangeType(change.change_type).label)),
    Column(gettext_lazy("risico"), lambda change: str(RiskLevel(change.risk).label) if change.risk else ""),
    Column(gettext_lazy("status"), lambda change: str(ChangeStatus(change.status).label)),
    Column(
        gettext_lazy("componenten"),
        lambda change: ", ".join(sorted(component.name for component in change.components.all())),
    ),
    Column(gettext_lazy("begin venster"), lambda change: local_moment(change.window_start)),
    Column(gettext_lazy("einde venster"), lambda change: local_moment(change.window_end)),
    Column(gettext_lazy("aangevraagd door partij"), lambda change: change.requesting_party.name),
    Column(gettext_lazy("ingediend op"), lambda change: local_moment(change.submitted_at)),
    Column(gettext_lazy("goedgekeurd op"), lambda change: local_moment(change.approved_at)),
    Column(gettext_lazy("werkelijk begin"), lambda change: local_moment(change.actual_start)),
    Column(gettext_lazy("werkelijk einde"), lambda change: local_moment(change.actual_end)),
)


class ChangeRequestExportView(ChainMemberRequiredMixin, View):
    """/changes/export.csv?<the list's query string>: the filtered list, every row, as CSV."""

    http_method_names = ["get", "head"]

    def get(self, request):
        filterset = ChangeRequestFilterSet(
            request.GET or None, queryset=selectors.changes_for_list(request.user), request=request
        )
        if filterset.is_bound and not filterset.is_valid():
            # A file of other rows than the ones asked for would mislead: nothing is exported.
            messages.error(request, _("Een of meer filters zijn ongeldig; er is niets geëxporteerd."))
            return redirect(f"{reverse('changes:changerequest_list')}?{request.GET.urlencode()}")
        log_security_event("export", request, what="change list csv", query=request.GET.urlencode())
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        rows = table_rows(filterset.qs.iterator(chunk_size=CSV_CHUNK), COLUMNS)
        return streaming_csv_response(rows, f"wijzigingen-{stamp}.csv")
