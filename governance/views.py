from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from governance import readiness
from governance.access import principal_for
from governance.forms import ReadinessItemForm
from governance.history import history_entries
from governance.models import ReadinessGroup, ReadinessItem, ReadinessStatus
from governance.workflow import DomainError
from parties.models import RoleAssignment


class HomeView(LoginRequiredMixin, TemplateView):
    """The user's first screen: what their role in the chain lets them do."""

    template_name = "governance/home.html"

    def get_context_data(self, **kwargs):
        assignments = (
            RoleAssignment.objects.active_on(timezone.localdate())
            .filter(user=self.request.user)
            .select_related("party")
        )
        return super().get_context_data(assignments=assignments, **kwargs)


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
        return super().get_context_data(groups=groups, done=done, total=len(items), **kwargs)


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
            raise PermissionDenied(_("Alleen de Product Owner van de regiepartij en beheerders wijzigen de checklist."))
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
                expected_version=data["version"],
            )
        except (DomainError, ValidationError) as error:
            messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else error.message)
            return redirect("readiness:readinessitem_detail", key=item.key)
        messages.success(request, _("Transitiepunt bijgewerkt."))
        return redirect("readiness:readinessitem_detail", key=item.key)
