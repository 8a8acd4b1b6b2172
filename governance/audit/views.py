"""The audit page and its CSV export. Read-only: GET (and HEAD) only, anything else is 405.

Administrators and the business owner (VWS) read every change to every governance record; for everyone
else the page does not exist (404, like every page a role may not see)."""

from datetime import UTC
from itertools import islice

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.exports import streaming_csv_response
from core.logging import log_security_event

from .access import can_view_audit
from .forms import AuditFilterForm
from .selectors import audit_rows, describe, optional_columns

CSV_CHUNK = 500
CSV_HEADER = [
    gettext_lazy("historie-id"),
    gettext_lazy("model"),
    gettext_lazy("soort gegeven"),
    gettext_lazy("object-id"),
    gettext_lazy("object"),
    gettext_lazy("handeling"),
    gettext_lazy("tijd (UTC)"),
    gettext_lazy("gebruiker"),
    gettext_lazy("partij van de gebruiker"),
    gettext_lazy("reden"),
    gettext_lazy("gewijzigde velden"),
]


class AuditAccessMixin(LoginRequiredMixin):
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_view_audit(request.user):
            raise Http404(_("Deze pagina bestaat niet."))
        return super().dispatch(request, *args, **kwargs)

    def filter_form(self) -> AuditFilterForm:
        form = AuditFilterForm(self.request.GET or None)
        if form.is_bound:
            form.is_valid()
        return form


def _error_summary(form: AuditFilterForm) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


class AuditListView(AuditAccessMixin, TemplateView):
    """Every change to any governance record, newest first, 50 to a page."""

    template_name = "governance/audit_list.html"
    page_size = 50

    def get_context_data(self, **kwargs):
        form = self.filter_form()
        if form.errors:
            messages.error(
                self.request,
                _("Een of meer filters zijn ongeldig en zijn genegeerd: %(errors)s") % {"errors": _error_summary(form)},
            )
        page = Paginator(audit_rows(form.audit_filter()), self.page_size).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page=page,
            entries=describe(page.object_list, self.request.user),
            query=query.urlencode(),
            **kwargs,
        )


CSV_ACTIONS = {"+": gettext_lazy("aangemaakt"), "~": gettext_lazy("gewijzigd"), "-": gettext_lazy("verwijderd")}


class AuditExportView(AuditAccessMixin, TemplateView):
    """The same filtered rows as the page, all of them, as CSV (UTC, ISO 8601), streamed in chunks."""

    def get(self, request, *args, **kwargs):
        form = self.filter_form()
        if form.errors:
            # An export of another set than the one asked for would mislead: refuse, and say why.
            return HttpResponse(
                _("Een of meer filters zijn ongeldig: %(errors)s") % {"errors": _error_summary(form)},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        audit_filter = form.audit_filter()
        rows = audit_rows(audit_filter)
        log_security_event(
            "export",
            request,
            what="audit csv",
            filters={
                "party": audit_filter.party.slug if audit_filter.party else None,
                "user_id": audit_filter.user.pk if audit_filter.user else None,
                "model": audit_filter.model._meta.label_lower if audit_filter.model else None,
                "since": audit_filter.since,
                "until": audit_filter.until,
            },
        )
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        return streaming_csv_response(self._rows(rows, request.user), f"audit-{stamp}.csv")

    def _rows(self, rows, viewer):
        extra = optional_columns()
        yield [*CSV_HEADER, *extra]
        stream = rows.iterator(chunk_size=CSV_CHUNK)
        while chunk := list(islice(stream, CSV_CHUNK)):
            for entry in describe(chunk, viewer):
                yield [
                    entry.history_id,
                    entry.model_label,
                    entry.model_name,
                    entry.object_id,
                    entry.object_name,
                    CSV_ACTIONS.get(entry.action, entry.action),
                    entry.when.astimezone(UTC).isoformat(),
                    entry.user.get_username() if entry.user else "",
                    entry.party_names,
                    entry.reason,
                    " ".join(entry.changed_field_names),
                    *(entry.extra.get(name, "") for name in extra),
                ]
