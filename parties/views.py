from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from . import catalogue, selectors
from .forms import AsOfForm
from .models import Component, Party, RoleAssignment, Service, ServiceCalendar


class AsOfMixin:
    """Reads `?as_of=YYYY-MM-DD`; a bad date is reported and the page shows today."""

    def get_as_of(self):
        if not hasattr(self, "_as_of"):
            form = AsOfForm(self.request.GET or None)
            self._as_of_form = form
            self._as_of = None
            if form.is_bound:
                if form.is_valid():
                    self._as_of = form.cleaned_data["as_of"]
                    if self._as_of and self._as_of > timezone.localdate():
                        messages.warning(self.request, _("Een datum in de toekomst toont de huidige stand."))
                        self._as_of = None
                else:
                    messages.error(self.request, _("Geen geldige datum; de huidige stand wordt getoond."))
        return self._as_of

    def get_context_data(self, **kwargs):
        as_of = self.get_as_of()
        return super().get_context_data(as_of=as_of, as_of_form=self._as_of_form, **kwargs)


class HistoryMixin:
    def get_context_data(self, **kwargs):
        return super().get_context_data(history=selectors.history_for(self.request.user, self.object), **kwargs)


class PartyListView(LoginRequiredMixin, TemplateView):
    template_name = "parties/party_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(chain=selectors.party_chain(self.request.user), **kwargs)


class PartyDetailView(LoginRequiredMixin, AsOfMixin, HistoryMixin, DetailView):
    template_name = "parties/party_detail.html"

    def get_queryset(self):
        return Party.objects.visible_to(self.request.user).select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        party, user = self.object, self.request.user
        matrix = selectors.responsibility_matrix(user, self.get_as_of())
        context.update(
            snapshot=selectors.party_as_of(party, self.get_as_of()),
            subcontractors=Party.objects.visible_to(user).filter(parent=party),
            operated=[row for row in matrix if row.operating_party == party],
            hosted=[row for row in matrix if row.hosting_party == party],
            monitored=[row for row in matrix if row.monitoring_party == party],
            agreements=selectors.agreements_for_list(user).filter(Q(provider=party) | Q(customer=party)),
            role_holders=[row for row in selectors.role_holders(user, self.get_as_of()) if row["party"] == party],
        )
        return context


class ComponentListView(LoginRequiredMixin, AsOfMixin, TemplateView):
    template_name = "parties/component_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.responsibility_matrix(self.request.user, self.get_as_of())
        return context


class ComponentDetailView(LoginRequiredMixin, HistoryMixin, DetailView):
    template_name = "parties/component_detail.html"

    def get_queryset(self):
        return Component.objects.visible_to(self.request.user).select_related(
            "operating_party", "hosting_party", "monitoring_party", "service"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = selectors.agreements_for_list(self.request.user).filter(components=self.object)
        context["needs"], context["needed_by"] = catalogue.component_dependencies(self.request.user, self.object)
        return context


class ServiceListView(LoginRequiredMixin, TemplateView):
    """The service catalogue: every service the user sees, with its owner and number of components."""

    template_name = "parties/service_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(services=catalogue.services_for_list(self.request.user), **kwargs)


class ServiceDetailView(LoginRequiredMixin, HistoryMixin, DetailView):
    """A service → its components → what each depends on and what depends on it."""

    template_name = "parties/service_detail.html"
    context_object_name = "service"

    def get_queryset(self):
        return Service.objects.visible_to(self.request.user).select_related("owner")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            components=catalogue.service_components(self.request.user, self.object), **kwargs
        )


class ResponsibilityMatrixView(LoginRequiredMixin, AsOfMixin, TemplateView):
    template_name = "parties/responsibility_matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = self.get_as_of()
        context.update(
            rows=selectors.responsibility_matrix(self.request.user, as_of),
            role_holders=selectors.role_holders(self.request.user, as_of),
            roles=RoleAssignment._meta.get_field("role").choices,
        )
        return context


class AgreementListView(LoginRequiredMixin, ListView):
    template_name = "parties/agreement_list.html"
    context_object_name = "agreements"

    def get_queryset(self):
        return selectors.agreements_for_list(self.request.user)


class AgreementDetailView(LoginRequiredMixin, HistoryMixin, DetailView):
    template_name = "parties/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return selectors.agreement_detail_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["underpinned_by"] = selectors.agreements_for_list(self.request.user).filter(underpins=self.object)
        context["target_history"] = selectors.target_history(self.object)
        return context


class ServiceCalendarDetailView(LoginRequiredMixin, HistoryMixin, DetailView):
    template_name = "parties/calendar_detail.html"
    context_object_name = "calendar"

    def get_queryset(self):
        return ServiceCalendar.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = selectors.agreements_for_list(self.request.user).filter(calendar=self.object)
        return context
