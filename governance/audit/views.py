"""The audit page and its CSV export. Read-only: GET (and HEAD) only, anything else is 405.

Administrators and the business owner (VWS) read every change to every governance record; for everyone
else the page does not exist (404, like every page a role may not see)."""

from datetime import UTC
from itertools import islice

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.exports import Echo, SafeWriter
from core.logging import log_security_event

from .access import can_view_audit
from .forms import AuditFilterForm
from .selectors import audit_rows, describe, optional_columns

CSV_CHUNK = 500
CSV_HEADER = [
    "history_id",
    "model",
    "model_name",
    "object_id",
    "object",
    "action",
    "time_utc",
    "user",
    "user_party",
    "reason",
    "changed_fields",
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


CSV_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


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
        writer = SafeWriter(Echo())
        response = StreamingHttpResponse(
            self._lines(writer, rows, request.user), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return response

    def _lines(self, writer, rows, viewer):
        extra = optional_columns()
        yield writer.writerow([*CSV_HEADER, *extra])
        stream = rows.iterator(chunk_size=CSV_CHUNK)
        while chunk := list(islice(stream, CSV_CHUNK)):
            for entry in describe(chunk, viewer):
                yield writer.writerow(
                    [
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
                )
