"""The incident page's side of the links between changes and incidents: its "linked changes" panel and the
form that links a change from there. Registered on the incident page by this app (incidents.panels)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.feedback import refuse, report_form_errors
from incidents import rules as incident_rules
from incidents.models import Incident
from incidents.views import IncidentVisibleMixin

from . import rules, selectors, services
from .forms import IncidentChangeLinkForm


def linked_changes_panel(request, incident: Incident):
    """The changes linked to the incident, and the form to link one; for the chain only."""
    user = request.user
    if not incident_rules.sees_internals(user):
        return None
    context = {
        "incident": incident,
        "change_links": selectors.links_for_incident(user, incident),
        "link_change_form": IncidentChangeLinkForm() if rules.can_link_from_incident(user, incident) else None,
    }
    return render_to_string("changes/partials/_linked_changes.html", context, request=request)


class IncidentLinkChangeView(LoginRequiredMixin, IncidentVisibleMixin, View):
    """POST: link a change, named by its reference, to this incident (the chain only; the reporter's
    side gets 404). A change the user may not see is treated as unknown. The changes service decides."""

    def post(self, request, reference):
        incident = self.get_incident()
        if not incident_rules.sees_internals(request.user):
            raise Http404(_("Geen incident met dit kenmerk."))
        url = reverse("incidents:incident_detail", kwargs={"reference": incident.reference}) + "#change-links"
        if not rules.can_link_from_incident(request.user, incident):
            return refuse(request, PermissionDenied(_("U mag geen wijzigingen aan dit incident koppelen.")), url)
        form = IncidentChangeLinkForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect(url)
        change = selectors.change_by_reference(request.user, form.cleaned_data["change"])
        if change is None:
            messages.error(request, _("Geen wijziging met dit kenmerk."))
            return redirect(url)
        try:
            services.change_incident_link(
                actor=request.user,
                change=change,
                incident=incident,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as error:
            return refuse(request, error, url)
        else:
            messages.success(request, _("%(reference)s is gekoppeld.") % {"reference": change.reference})
        return redirect(url)
