"""Problem pages: thin views that parse a form, call a service or selector, and render. Refusals become a
message and a redirect with nothing changed; bad input re-renders the page with the messages at the fields."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from core.errors import DomainError
from core.feedback import add_service_errors, refuse
from core.history import history_entries
from parties.access import principal_for

from . import rules, selectors, services
from .actions import PROBLEM_ACTIONS, PROPOSAL_ACTIONS
from .forms import LinkIncidentForm, ProblemForm
from .models import ProblemStatus, ProposalStatus


class ChainMemberRequiredMixin(LoginRequiredMixin):
    """Problems are the chain's work; the reporter's side has no such pages."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not principal_for(request.user).is_chain_member:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ProblemListView(ChainMemberRequiredMixin, ListView):
    template_name = "problems/problem_list.html"
    context_object_name = "problems"
    paginate_by = 50

    def get_queryset(self):
        queryset = selectors.problems_for_list(self.request.user)
        status = self.request.GET.get("status")
        return queryset.filter(status=status) if status in ProblemStatus.values else queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=ProblemStatus.choices,
            can_create=rules.manages_problems(self.request.user),
            open_proposals=selectors.proposals_for_list(self.request.user).filter(status=ProposalStatus.OPEN).count(),
            **kwargs,
        )


class ProblemCreateView(ChainMemberRequiredMixin, FormView):
    template_name = "problems/problem_form.html"
    form_class = ProblemForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and principal_for(request.user).is_chain_member:
            if not rules.manages_problems(request.user):
                raise PermissionDenied(_("Alleen de systeemarchitect en de Product Owner leggen problemen vast."))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"owner": self.request.user.pk}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        references = data.pop("incidents")
        incidents = [selectors.incident_by_reference(self.request.user, reference) for reference in references]
        unknown = [ref for ref, found in zip(references, incidents, strict=True) if found is None]
        if unknown:
            form.add_error("incidents", _("Geen incident met dit kenmerk: %(refs)s.") % {"refs": ", ".join(unknown)})
            return self.form_invalid(form)
        try:
            problem = services.problem_create(actor=self.request.user, incidents=incidents, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Probleem %(reference)s is vastgelegd.") % {"reference": problem.reference})
        return redirect(problem.get_absolute_url())


def _forms(registry, user, record, bound: dict | None = None) -> dict:
    forms = {
        action.name: action.form(initial={"version": record.version}) for action in registry.available(user, record)
    }
    forms.update(bound or {})
    return forms


def detail_context(request, problem, *, bound: dict | None = None, link_form=None) -> dict:
    user = request.user
    return {
        "problem": problem,
        "object": problem,
        "actions": PROBLEM_ACTIONS,
        "action_forms": _forms(PROBLEM_ACTIONS, user, problem, bound),
        "links": problem.visible_links,
        "link_form": link_form or (LinkIncidentForm() if problem.is_open and rules.works_on(user, problem) else None),
        "history": history_entries(problem),
    }


class ProblemDetailView(ChainMemberRequiredMixin, DetailView):
    template_name = "problems/problem_detail.html"

    def get_queryset(self):
        return selectors.problem_detail_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        return detail_context(self.request, self.object)


class ProblemActionView(ChainMemberRequiredMixin, View):
    """POST one action on a problem; the form's fields are exactly the service's arguments."""

    def post(self, request, pk: int, action: str):
        problem = get_object_or_404(selectors.problem_detail_queryset(request.user), pk=pk)
        spec = PROBLEM_ACTIONS.get(action)
        if spec is None:
            raise Http404
        form = spec.form(request.POST)
        if form.is_valid():
            try:
                updated = PROBLEM_ACTIONS.run(action, request.user, problem, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except (DomainError, PermissionDenied) as error:
                return refuse(request, error, problem.get_absolute_url())
            else:
                messages.success(
                    request,
                    _("%(reference)s: status is nu “%(status)s”.")
                    % {"reference": updated.reference, "status": updated.get_status_display()},
                )
                return redirect(problem.get_absolute_url())
        context = detail_context(request, problem, bound={action: form})
        return render(request, "problems/problem_detail.html", context)


class ProblemLinkIncidentView(ChainMemberRequiredMixin, View):
    """POST: link an incident, named by its reference; one the user may not see is unknown."""

    def post(self, request, pk: int):
        problem = get_object_or_404(selectors.problem_detail_queryset(request.user), pk=pk)
        url = problem.get_absolute_url() + "#problem-incidents"
        form = LinkIncidentForm(request.POST)
        if form.is_valid():
            incident = selectors.incident_by_reference(request.user, form.cleaned_data["incident"])
            if incident is None:
                form.add_error("incident", _("Geen incident met dit kenmerk."))
            else:
                if request.POST.get("back") == "incident":  # the button on the incident page returns there
                    url = reverse("incidents:incident_detail", args=[incident.reference]) + "#known-errors"
                try:
                    services.problem_link_incident(
                        actor=request.user, problem=problem, incident=incident, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                except PermissionDenied as error:
                    return refuse(request, error, url)
                else:
                    messages.success(request, _("%(reference)s is gekoppeld.") % {"reference": incident.reference})
                    return redirect(url)
        return render(request, "problems/problem_detail.html", detail_context(request, problem, link_form=form))


class ProposalListView(ChainMemberRequiredMixin, ListView):
    """The recurrence proposals, open ones first (for the System Architect to decide; VWS and the regie read)."""

    template_name = "problems/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = 50

    def get_queryset(self):
        return selectors.proposals_for_list(self.request.user).order_by("-status", "-proposed_at", "-pk")


class ProposalDetailView(ChainMemberRequiredMixin, DetailView):
    template_name = "problems/proposal_detail.html"

    def get_queryset(self):
        return selectors.proposals_for_list(self.request.user)

    def get_context_data(self, **kwargs):
        return proposal_context(self.request, self.object)


def proposal_context(request, proposal, bound: dict | None = None) -> dict:
    return {
        "proposal": proposal,
        "object": proposal,
        "actions": PROPOSAL_ACTIONS,
        "action_forms": _forms(PROPOSAL_ACTIONS, request.user, proposal, bound),
        "history": history_entries(proposal),
    }


class ProposalActionView(ChainMemberRequiredMixin, View):
    def post(self, request, pk: int, action: str):
        proposal = get_object_or_404(selectors.proposals_for_list(request.user), pk=pk)
        spec = PROPOSAL_ACTIONS.get(action)
        if spec is None:
            raise Http404
        form = spec.form(request.POST)
        if form.is_valid():
            try:
                updated = PROPOSAL_ACTIONS.run(action, request.user, proposal, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except (DomainError, PermissionDenied) as error:
                return refuse(request, error, proposal.get_absolute_url())
            else:
                if updated.problem is not None:
                    messages.success(
                        request, _("Probleem %(reference)s is vastgelegd.") % {"reference": updated.problem.reference}
                    )
                    return redirect(updated.problem.get_absolute_url())
                messages.success(request, _("Het voorstel is afgewezen."))
                return redirect(proposal.get_absolute_url())
        context = {**proposal_context(request, proposal, {action: form})}
        return render(request, "problems/proposal_detail.html", context)
