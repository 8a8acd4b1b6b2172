from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from changes.models import ChangeStatus, ChangeType
from core.errors import DomainError
from core.exports import SafeWriter, csv_response
from core.feedback import refuse
from core.history import history_entries
from core.logging import log_security_event
from governance import inbox, monthly_summary, readiness
from governance.forms import ReadinessItemForm
from governance.models import ReadinessGroup, ReadinessItem, ReadinessStatus
from parties.access import principal_for
from parties.models import Priority, RoleAssignment


class HomeView(LoginRequiredMixin, TemplateView):
    """The user's first screen: "Wat wacht op mij", the records waiting for them in each of their roles, and
    what their role in the chain lets them do."""

    template_name = "governance/home.html"

    def get_context_data(self, **kwargs):
        assignments = (
            RoleAssignment.objects.active_on(timezone.localdate())
            .filter(user=self.request.user)
            .select_related("party")
        )
        sections, total = inbox.home(self.request.user)
        self.request.waiting_total = total  # the navigation's badge, counted just now
        return super().get_context_data(assignments=assignments, sections=sections, **kwargs)


class ReadinessVisibleMixin:
    """The checklist is for the chain (VWS included); the reporter's side gets 404."""

    def readiness_items(self):
        if not principal_for(self.request.user).is_chain_member:
            raise Http404(_("Deze pagina bestaat niet."))
        return ReadinessItem.objects.visible_to(self.request.user).select_related("owner")


class ReadinessListView(LoginRequiredMixin, ReadinessVisibleMixin, TemplateView):
    """The transition-readiness checklist, grouped as in the seed document."""

    template_name = "governance/readiness_list.html"

    def get_context_data(self, **kwargs):
        items = list(self.readiness_items())
        groups = [(label, [item for item in items if item.group == group]) for group, label in ReadinessGroup.choices]
        done = sum(item.status in (ReadinessStatus.DONE, ReadinessStatus.NOT_APPLICABLE) for item in items)
        return super().get_context_data(
            groups=groups, done=done, total=len(items), statuses=ReadinessStatus.choices, **kwargs
        )


class ReadinessItemView(LoginRequiredMixin, ReadinessVisibleMixin, TemplateView):
    """One checklist point with its history; its keepers update it here (with a reason)."""

    template_name = "governance/readiness_item.html"

    def get_item(self) -> ReadinessItem:
        return get_object_or_404(self.readiness_items(), key=self.kwargs["key"])

    def get_context_data(self, item=None, form=None, **kwargs):
        item = item or self.get_item()
        may_update = readiness.can_update_readiness(self.request.user)
        if may_update and form is None:
            fields = ("status", "evidence_url", "note", "version")
            form = ReadinessItemForm(initial={field: getattr(item, field) for field in fields})
        return super().get_context_data(
            item=item, form=form if may_update else None, history=history_entries(item), **kwargs
        )

    def post(self, request, key):
        item = self.get_item()
        if not readiness.can_update_readiness(request.user):
            url = reverse("readiness:readinessitem_detail", kwargs={"key": item.key})
            return refuse(request, PermissionDenied(readiness.UPDATE_REFUSAL), url)
        form = ReadinessItemForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(item=item, form=form))
        data = form.cleaned_data
        try:
            readiness.readiness_item_update(
                actor=request.user,
                item=item,
                status=data["status"],
                evidence_url=data["evidence_url"],
                note=data["note"],
                reason=data["reason"],
                version=data["version"],
            )
        except (DomainError, ValidationError) as error:
            messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else error.message)
            return redirect("readiness:readinessitem_detail", key=item.key)
        messages.success(request, _("Transitiepunt bijgewerkt."))
        return redirect("readiness:readinessitem_detail", key=item.key)


class MonthlySummaryLatestView(LoginRequiredMixin, View):
    """The summary of the latest full month."""

    def get(self, request):
        month = monthly_summary.Month.latest_full(timezone.localdate())
        return redirect("monthly:monthly_summary", month=str(month))


class MonthlySummaryView(LoginRequiredMixin, TemplateView):
    """The publishable monthly summary as a page, CSV (?format=csv) or JSON (?format=json).

    Counts only, no personal data: every logged-in user (reporters too) reads it."""

    template_name = "governance/monthly_summary.html"

    def get(self, request, month):
        try:
            month = monthly_summary.Month.parse(month)
        except ValueError as error:
            raise Http404(_("Geen geldige maand: gebruik de vorm JJJJ-MM, bijvoorbeeld 2026-03.")) from error
        if month.start > timezone.now():
            raise Http404(_("Deze maand is nog niet begonnen."))
        summary = monthly_summary.monthly_summary(month)
        export = request.GET.get("format")
        if export == "json":
            response = JsonResponse(summary, json_dumps_params={"indent": 2})
        elif export == "csv":
            response = csv_response(f"maandcijfers-{month}.csv")
            SafeWriter(response).writerows(monthly_summary.csv_rows(summary))
        else:
            return self.render_to_response(self.get_context_data(month=month, summary=summary))
        response["Content-Disposition"] = f'attachment; filename="maandcijfers-{month}.{export}"'
        log_security_event("export", request, what=f"monthly-summary {month} {export}")
        return response

    def get_context_data(self, month, summary, **kwargs):
        following = month.next()
        return super().get_context_data(
            month=month,
            summary=summary,
            previous_month=month.previous(),
            next_month=following if following.start <= timezone.now() else None,
            availability=sorted(summary["availability"].values(), key=lambda row: row["name"]),
            incident_rows=[(Priority(row["priority"]).label, row) for row in summary["incidents"]],
            outcome_labels=[ChangeStatus(status).label for status in monthly_summary.CHANGE_OUTCOMES],
            change_rows=[
                (
                    ChangeType(row["change_type"]).label if row["change_type"] != "total" else _("Totaal"),
                    [row[status] for status in monthly_summary.CHANGE_OUTCOMES],
                )
                for row in summary["changes"]
            ],
            **kwargs,
        )
