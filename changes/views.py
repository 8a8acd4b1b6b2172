"""Change pages: thin views that parse a form, call a service or selector, and render.

Refusals from the domain (illegal transition, stale version, not permitted) become a message and a
redirect with nothing changed; bad input re-renders the page with the messages at the fields.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core.errors import DomainError
from core.feedback import add_service_errors, refusal_message, refuse
from core.history import history_entries
from parties.access import principal_for
from parties.models import Role

from . import rules, selectors, services
from .actions import CHANGE_ACTIONS
from .board_cards import rendered_card_bodies
from .filters import ChangeRequestFilterSet
from .forms import (
    BlackoutWindowForm,
    BulkScheduleForm,
    CalendarForm,
    ChangeIncidentLinkForm,
    ChangeRequestForm,
    MoveForm,
    TransitionForm,
    UnlinkForm,
)
from .models import BlackoutWindow, ChangeIncidentLink, ChangeRequest, ChangeStatus, ChangeType, Decision


class ChainMemberRequiredMixin(LoginRequiredMixin):
    """Change pages are for the chain and for the owner of a service (its changes only); a reporter's
    organisation sees planned maintenance only."""

    def dispatch(self, request, *args, **kwargs):
        principal = principal_for(request.user)
        if request.user.is_authenticated and not (principal.is_chain_member or principal.reads_as_service_owner):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ChangeRequestListView(ChainMemberRequiredMixin, ListView):
    template_name = "changes/changerequest_list.html"
    context_object_name = "changes"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = ChangeRequestFilterSet(
            self.request.GET or None, queryset=selectors.changes_for_list(self.request.user), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset, can_request=rules.can_request_changes(self.request.user), **kwargs
        )


class ChangeRequestCreateView(ChainMemberRequiredMixin, FormView):
    template_name = "changes/changerequest_form.html"
    form_class = ChangeRequestForm

    def dispatch(self, request, *args, **kwargs):
        # The reporter's side gets 404 here as on every change page (ChainMemberRequiredMixin), not 403.
        if (
            request.user.is_authenticated
            and principal_for(request.user).is_chain_member
            and not rules.can_request_changes(request.user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        components = data.pop("components")
        try:
            change = services.change_create(
                actor=self.request.user, components=components, submit="save_draft" not in self.request.POST, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Wijziging %(reference)s is vastgelegd met status “%(status)s”.")
            % {"reference": change.reference, "status": change.get_status_display()},
        )
        return redirect("changes:changerequest_detail", pk=change.pk)


def detail_context(request, change: ChangeRequest, *, bound_forms: dict | None = None, link_form=None) -> dict:
    """What the change page shows: the facts, conflicts, decisions, and the forms of the actions this user
    may take now (`bound_forms`, `link_form`: submitted forms to show again with their errors)."""
    user = request.user
    selectors.flag_conflicts(user, [change])
    decided = {approval.role: approval for approval in change.approvals.all()}
    available = CHANGE_ACTIONS.available(user, change)
    roles = rules.decision_roles(user, change) if any(action.name == "decide" for action in available) else []
    simple_actions = [action for action in available if action.form is TransitionForm]
    action_forms = {action.name: _form_for(action, change, roles) for action in available if action.form}
    if simple_actions:
        action_forms[SIMPLE_FORM] = TransitionForm(initial={"version": change.version})
    action_forms.update(bound_forms or {})
    return {
        "change": change,
        "object": change,
        "actions": CHANGE_ACTIONS,
        "action_forms": action_forms,
        "available_actions": {action.name for action in available},
        "simple_actions": simple_actions,
        "decision_roles": roles,
        "required": [(Role(role).label, decided.get(role)) for role in change.required_roles],
        "other_decisions": [approval for role, approval in decided.items() if role not in change.required_roles],
        "history": history_entries(change),
        "incident_links": selectors.links_for_change(user, change),
        "at_risk": selectors.dependents_at_risk(user, change),
        "link_form": link_form or (ChangeIncidentLinkForm() if rules.can_link_from_change(user, change) else None),
        "unlink_form": UnlinkForm(),
    }


# The moves that need only a reason share one form on the page, one button each.
SIMPLE_FORM = "transition"


def _form_for(action, change: ChangeRequest, decision_roles: list[str]):
    """The unbound form of an available action; the decision form offers the roles the user may decide in."""
    initial = {"version": change.version}
    if action.name == "schedule":
        initial.update(planned_start=change.window_start, planned_end=change.window_end)
    form = action.form(initial=initial)
    if action.name == "decide":
        choices = form.fields["role"].choices
        form.fields["role"].choices = [(role, label) for role, label in choices if role in decision_roles]
    return form


class ChangeRequestDetailView(ChainMemberRequiredMixin, DetailView):
    template_name = "changes/changerequest_detail.html"

    def get_queryset(self):
        return selectors.change_detail_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        return detail_context(self.request, self.object)


class ChangeActionView(ChainMemberRequiredMixin, View):
    """POST one action on a change. The form's fields are exactly the service's arguments."""

    def post(self, request, pk: int, action: str):
        change = get_object_or_404(selectors.change_detail_queryset(request.user), pk=pk)
        spec = CHANGE_ACTIONS.get(action)
        if spec is None or spec.form is None:
            raise Http404
        form = spec.form(request.POST)
        if form.is_valid():
            colliding = selectors.collisions_to_confirm(request.user, change, action, form.cleaned_data)
            if colliding and not request.POST.get(CONFIRM_COLLISIONS):
                return _confirm_collisions(request, change, action, colliding)
            try:
                updated = CHANGE_ACTIONS.run(action, request.user, change, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except (DomainError, PermissionDenied) as error:
                return refuse(request, error, change.get_absolute_url())
            else:
                messages.success(request, _done_message(updated, action, form.cleaned_data))
                return redirect(change.get_absolute_url())
        shown_as = SIMPLE_FORM if spec.form is TransitionForm else action
        return render(
            request, "changes/changerequest_detail.html", detail_context(request, change, bound_forms={shown_as: form})
        )


LINK_REFUSAL = _lazy("U mag deze wijziging en dit incident niet aan elkaar koppelen.")


# The second step of an approval or schedule into a collision: the same form, posted again with this field.
CONFIRM_COLLISIONS = "confirm_collisions"


def _confirm_collisions(request, change: ChangeRequest, action: str, colliding: list[ChangeRequest]):
    """Ask before approving or scheduling into colliding changes: they are listed, and the user's input is posted
    again, confirmed, or the user goes back to the change."""
    resubmit = [
        (name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken" for value in values
    ]
    return render(
        request,
        "changes/confirm_collisions.html",
        {
            "change": change,
            "action": action,
            "colliding": colliding,
            "resubmit": resubmit,
            "confirm_field": CONFIRM_COLLISIONS,
        },
    )


def _done_message(change: ChangeRequest, action: str, data: dict) -> str:
    """What the page says after an action: after an approval that is not the last one needed, who approved
    and who still has to decide; otherwise the new status."""
    missing = selectors.waiting_for(change) if action == "decide" else []
    if missing and data.get("decision") == Decision.APPROVED and change.status == ChangeStatus.AWAITING_APPROVAL:
        approval = change.approvals.filter(decision=Decision.APPROVED).order_by("-decided_at", "-pk").first()
        return _("Goedgekeurd door de %(role)s; wacht nog op de %(missing)s.") % {
            "role": approval.get_role_display(),
            "missing": _(" en de ").join(missing),
        }
    return _("%(reference)s: status is nu “%(status)s”.") % {
        "reference": change.reference,
        "status": change.get_status_display(),
    }


def _links_url(change: ChangeRequest) -> str:
    return f"{change.get_absolute_url()}#incident-links"


class ChangeIncidentLinkCreateView(ChainMemberRequiredMixin, View):
    """POST from the change page: link an incident, named by its reference. An incident the user may
    not see is treated as unknown, so the answer does not reveal that it exists."""

    def post(self, request, pk: int):
        change = get_object_or_404(selectors.change_detail_queryset(request.user), pk=pk)
        if not rules.can_link_from_change(request.user, change):
            return refuse(request, PermissionDenied(LINK_REFUSAL), _links_url(change))
        form = ChangeIncidentLinkForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            incident = selectors.incident_by_reference(request.user, data["incident"])
            if incident is None:
                form.add_error("incident", _("Geen incident met dit kenmerk."))
            else:
                try:
                    services.change_incident_link(
                        actor=request.user, change=change, incident=incident, kind=data["kind"], reason=data["reason"]
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                except PermissionDenied as error:
                    messages.error(request, refusal_message(error))
                    return redirect(_links_url(change))
                else:
                    messages.success(request, _("%(reference)s is gekoppeld.") % {"reference": incident.reference})
                    return redirect(_links_url(change))
        messages.error(request, _("De koppeling is niet vastgelegd; zie de melding bij het formulier."))
        return render(request, "changes/changerequest_detail.html", detail_context(request, change, link_form=form))


class ChangeIncidentLinkDeleteView(ChainMemberRequiredMixin, View):
    """POST: remove a link (with an optional reason for the history)."""

    def post(self, request, pk: int):
        try:
            link = selectors.link_for_user(request.user, pk)
        except ChangeIncidentLink.DoesNotExist as missing:
            raise Http404 from missing
        if not rules.can_link(request.user, link.change, link.incident):
            return refuse(request, PermissionDenied(LINK_REFUSAL), _links_url(link.change))
        form = UnlinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("reason", [])))
            return redirect(_links_url(link.change))
        change, reference = link.change, link.incident.reference
        try:
            services.change_incident_unlink(actor=request.user, link=link, reason=form.cleaned_data["reason"])
        except PermissionDenied as error:
            messages.error(request, refusal_message(error))
        else:
            messages.success(request, _("De koppeling met %(reference)s is verwijderd.") % {"reference": reference})
        return redirect(_links_url(change))


class BoardView(ChainMemberRequiredMixin, TemplateView):
    """The Product Owner's triage board: the backlog in rank order."""

    template_name = "changes/board.html"

    def get_context_data(self, **kwargs):
        page = selectors.board(self.request.user, self.request.GET.get("page"))
        can_rank = rules.is_product_owner(self.request.user)
        return super().get_context_data(
            page=page,
            cards=list(zip(page.object_list, rendered_card_bodies(page.object_list, can_rank), strict=True)),
            can_rank=can_rank,
            bulk_candidates=[
                change
                for change in page.object_list
                if change.change_type == ChangeType.STANDARD and change.status == ChangeStatus.APPROVED
            ],
            **kwargs,
        )


class BacklogMoveView(ChainMemberRequiredMixin, View):
    """Move buttons (a plain POST, back to the board) and drag and drop (JSON answer)."""

    def post(self, request, pk: int):
        change = get_object_or_404(selectors.changes_for_list(request.user), pk=pk)
        form = MoveForm(request.POST)
        wants_json = "application/json" in request.headers.get("Accept", "")
        error = None
        if not form.is_valid():
            error = " ".join(form.errors.get("__all__", [])) or _("Ongeldige positie.")
        else:
            direction = form.cleaned_data["direction"]
            try:
                order = services.backlog_move(
                    actor=request.user,
                    change=change,
                    position=form.cleaned_data["position"],
                    offset={"up": -1, "down": 1}.get(direction),
                )
            except (DomainError, PermissionDenied) as refused:
                error = refusal_message(refused)
        if wants_json:
            if error:
                return JsonResponse({"detail": error}, status=409)
            return JsonResponse({"order": [row.reference for row in order]})
        if error:
            messages.error(request, error)
            position = change.rank or 1  # not moved: the backlog's ranks are its positions
        else:
            position = [row.pk for row in order].index(change.pk) + 1
        # Back to the page the change is on now.
        return redirect(f"{reverse('changes:board')}?page={selectors.board_page_of(position)}#change-{change.pk}")


class BulkScheduleView(ChainMemberRequiredMixin, View):
    """Bulk action on the board: schedule the selected approved standard changes in their proposed window."""

    def post(self, request):
        queryset = selectors.changes_for_list(request.user).filter(
            change_type=ChangeType.STANDARD, status=ChangeStatus.APPROVED
        )
        form = BulkScheduleForm(request.POST, queryset=queryset)
        if not form.is_valid():
            messages.error(request, _("Kies een of meer goedgekeurde standaardwijzigingen."))
            return redirect("changes:board")
        scheduled, refused = services.standard_changes_schedule(
            actor=request.user, changes=form.cleaned_data["changes"]
        )
        if scheduled:
            messages.success(
                request,
                _("Ingepland: %(references)s.") % {"references": ", ".join(change.reference for change in scheduled)},
            )
        for change, message in refused:
            messages.error(request, f"{change.reference}: {message}")
        return redirect("changes:board")


class CalendarMonthView(ChainMemberRequiredMixin, TemplateView):
    """Scheduled changes per day of a month (`?month=2026-05`), optionally for one component."""

    template_name = "changes/calendar_month.html"

    def get_context_data(self, **kwargs):
        form = CalendarForm(self.request.GET or None, user=self.request.user)
        form.is_valid()
        first = (form.cleaned_data.get("month") if form.is_bound else None) or timezone.localdate().replace(day=1)
        first = first.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        queryset = selectors.changes_for_list(self.request.user)
        component = form.cleaned_data.get("component") if form.is_bound else None
        if component:
            queryset = queryset.filter(components=component)
        start, end = selectors.local_day_bounds(first - timedelta(days=7), last + timedelta(days=7))
        changes = selectors.calendar_changes(self.request.user, start, end, queryset)
        blackouts = list(selectors.blackouts_between(self.request.user, start, end))
        return super().get_context_data(
            form=form,
            month=first,
            previous_month=(first - timedelta(days=1)).replace(day=1),
            next_month=last + timedelta(days=1),
            component=component,
            weeks=selectors.month_grid(first.year, first.month, changes, blackouts),
            **kwargs,
        )


class CalendarListView(ChainMemberRequiredMixin, TemplateView):
    """Scheduled changes in a period (default: the coming four weeks), in order of start."""

    template_name = "changes/calendar_list.html"

    def get_context_data(self, **kwargs):
        form = CalendarForm(self.request.GET or None, user=self.request.user)
        valid = form.is_valid()
        today = timezone.localdate()
        first: date = (form.cleaned_data.get("start") if valid else None) or today
        last: date = (form.cleaned_data.get("end") if valid else None) or first + timedelta(days=27)
        if last < first:
            messages.warning(self.request, _("Het einde ligt vóór het begin; de periode is omgedraaid."))
            first, last = last, first
        queryset = selectors.changes_for_list(self.request.user)
        component = form.cleaned_data.get("component") if valid else None
        if component:
            queryset = queryset.filter(components=component)
        start, end = selectors.local_day_bounds(first, last)
        return super().get_context_data(
            form=form,
            first=first,
            last=last,
            changes=selectors.calendar_changes(self.request.user, start, end, queryset),
            blackouts=selectors.blackouts_between(self.request.user, start, end),
            **kwargs,
        )


class PlannedMaintenanceView(LoginRequiredMixin, TemplateView):
    """Upcoming and running maintenance as anyone in the service (a GGD reporter too) may see it."""

    template_name = "changes/planned_maintenance.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(notices=selectors.planned_maintenance(self.request.user), **kwargs)


class BlackoutWindowListView(ChainMemberRequiredMixin, FormView):
    """Freeze periods, and for the Product Owner a form to add one."""

    template_name = "changes/blackoutwindow_list.html"
    form_class = BlackoutWindowForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            windows=BlackoutWindow.objects.visible_to(self.request.user),
            can_manage=rules.is_product_owner(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            services.blackout_save(actor=self.request.user, reason=data.pop("reason"), **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            messages.error(self.request, refusal_message(error))
        else:
            messages.success(self.request, _("Bevriezingsperiode vastgelegd."))
        return redirect("changes:blackoutwindow_list")


class BlackoutWindowDeleteView(ChainMemberRequiredMixin, View):
    def post(self, request, pk: int):
        window = get_object_or_404(BlackoutWindow.objects.visible_to(request.user), pk=pk)
        try:
            services.blackout_delete(actor=request.user, reason=_("Verwijderd door Product Owner"), window=window)
        except PermissionDenied as error:
            messages.error(request, refusal_message(error))
        else:
            messages.success(request, _("Bevriezingsperiode verwijderd."))
        return redirect("changes:blackoutwindow_list")
