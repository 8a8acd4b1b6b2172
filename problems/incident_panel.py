"""The incident page's side of problem management: the known errors (open problems, with their workaround) on
the incident's component, so whoever triages a new incident sees them, and a button to link it. Registered on
the incident page by this app (incidents.panels); incidents never imports problems."""

from django.template.loader import render_to_string

from incidents import rules as incident_rules
from incidents.models import Incident

from . import rules, selectors


def known_errors_panel(request, incident: Incident):
    user = request.user
    if not incident_rules.sees_internals(user):
        return None
    problems = selectors.known_errors_for(user, incident)
    linked = set(incident.problem_links.values_list("problem_id", flat=True))
    context = {
        "incident": incident,
        "known_errors": problems,
        "linked_ids": linked,
        "can_link": rules.manages_problems(user),
    }
    return render_to_string("problems/partials/_known_errors.html", context, request=request)
