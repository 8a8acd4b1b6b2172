"""Major incident pages: the list, the coordinator's page with its actions, and declaring from an incident page.
Thin: the services decide, refusals come back as a message."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.errors import DomainError
from core.feedback import add_service_errors, refuse, report_form_errors
from core.history import history_entries
from core.inbox import section_title, waiting_records
from incidents import rules as incident_rules
from incidents.models import Incident
from parties.access import principal_for

from . import rules, selectors, services
from .actions import MAJOR_ACTIONS
from .forms import DeclareForm
from .models import MajorIncident, MajorIncidentReview


class MajorIncidentListView(LoginRequiredMixin, TemplateView):
    """Every major incident the user sees (the chain only), or those of one "Wat wacht op mij" section."""

    template_name = "majorincidents/major_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        principal = principal_for(user)
        if not principal.is_chain_member:
            raise Http404(_("Geen grote verstoringen."))
        majors = selectors.majors_for_list(user)
        key = self.request.GET.get("waiting", "")
        if key:
            waiting = waiting_records(key, user, principal)
            if waiting is None:
                messages.error(self.request, _("Een of meer filters zijn ongeldig en zijn genegeerd."))
            else:
                majors = majors.filter(pk__in=waiting.values("pk"))
        return super().get_context_data(
            majors=majors, waiting_section=section_title({"waiting": key}) if key else None, **kwargs
        )


def _detail_url(major: MajorIncident) -> str:
    return reverse("majorincidents:major_detail", kwargs={"pk": major.pk})


def _form_kwargs(user, major: MajorIncident, name: str) -> dict:
    kwargs = {"prefix": name}
    if name in {"stand_down", "close", "change_coordinator"}:
        kwargs["initial"] = {"version": major.version}
    if name == "link_report":
        kwargs["visible_incidents"] = Incident.objects.visible_to(user).exclude(pk=major.incident_id)
    if name == "complete_action":
        kwargs["major"] = major
    return kwargs


class MajorIncidentVisibleMixin:
    def get_major(self) -> MajorIncident:
        try:
            return selectors.major_for_user(self.request.user, self.kwargs["pk"])
        except MajorIncident.DoesNotExist as missing:
            raise Http404(_("Geen grote verstoring met dit nummer.")) from missing


class MajorIncidentDetailView(LoginRequiredMixin, MajorIncidentVisibleMixin, TemplateView):
    """The coordinator's page: cadence (next update due, late), linked reports, the communication log, the
    review and its actions, and the forms of the actions the user may take now."""

    template_name = "majorincidents/major_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        major = self.get_major()
        available = {action.name for action in MAJOR_ACTIONS.available(user, major)}
        forms = {
            name: MAJOR_ACTIONS[name].form(**_form_kwargs(user, major, name))
            for name in available
            if name != "complete_action"
        }
        review = MajorIncidentReview.objects.filter(major=major).prefetch_related("actions__owner").first()
        completable = []
        if review is not None:
            completable = [action.pk for action in review.actions.all() if rules.can_complete_action(user, action)]
        return super().get_context_data(
            major=major,
            cadence=selectors.cadence(major, timezone.now()),
            reports=selectors.linked_reports(major),
            updates=major.updates.select_related("author"),
            review=review,
            completable=completable,
            actions=MAJOR_ACTIONS,
            action_forms=forms,
            history=history_entries(major),
            **kwargs,
        )


class MajorIncidentActionView(LoginRequiredMixin, MajorIncidentVisibleMixin, View):
    def post(self, request, pk, action):
        major = self.get_major()
        spec = MAJOR_ACTIONS.get(action)
        if spec is None:
            raise Http404(_("Onbekende actie."))
        form = spec.form(request.POST, **_form_kwargs(request.user, major, action))
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect(_detail_url(major))
        try:
            MAJOR_ACTIONS.run(action, request.user, major, form.cleaned_data)
        except (DomainError, ValidationError, PermissionDenied) as error:
            return refuse(request, error, _detail_url(major))
        messages.success(request, spec.done)
        return redirect(_detail_url(major))


class MajorIncidentDeclareView(LoginRequiredMixin, View):
    """Declare an incident a major incident (linked from its page). The reporter's side gets 404; whoever sees the
    incident but may not declare gets the 403 page (GET) or the refusal on the incident page (POST)."""

    template_name = "majorincidents/major_declare.html"

    def get_incident(self) -> Incident:
        incident = Incident.objects.visible_to(self.request.user).filter(reference=self.kwargs["reference"]).first()
        if incident is None or not incident_rules.sees_internals(self.request.user):
            raise Http404(_("Geen incident met dit kenmerk."))
        return incident

    def get(self, request, reference):
        incident = self.get_incident()
        if not rules.can_declare(request.user):
            raise PermissionDenied(_("Alleen de regie (CIBG) roept een grote verstoring uit."))
        return render(request, self.template_name, {"incident": incident, "form": DeclareForm(prefix="declare")})

    def post(self, request, reference):
        incident = self.get_incident()
        url = reverse("incidents:incident_detail", kwargs={"reference": incident.reference}) + "#major-incident"
        if not rules.can_declare(request.user):
            return refuse(request, PermissionDenied(_("Alleen de regie (CIBG) roept een grote verstoring uit.")), url)
        form = DeclareForm(request.POST, prefix="declare")
        if form.is_valid():
            try:
                major = services.major_declare(actor=request.user, incident=incident, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except (DomainError, PermissionDenied) as error:
                return refuse(request, error, url)
            else:
                messages.success(request, _("Grote verstoring uitgeroepen."))
                return redirect(_detail_url(major))
        return render(request, self.template_name, {"incident": incident, "form": form})
