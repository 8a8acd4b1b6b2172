"""The incident page's side of problem management: the known errors (open problems, with their workaround) on
the incident's component, so whoever triages a new incident sees them, and a button to link it. Registered on
the incident page by this app (incidents.panels); incidents never imports problems."""

from django.template.loader import render_to_string

from incidents import rules as incident_rules
from incidents.models import Incident
from parties.access import principal_for

from . import rules
from .known_errors import open_problems_on


def sees_problems_on(user, component) -> bool:
    """The same rule as ProblemQuerySet.visible_to, for one component already loaded."""
    principal = principal_for(user)
    if principal.sees_everything:
        return True
    parties = {component.operating_party_id, component.hosting_party_id, component.monitoring_party_id}
    return principal.is_chain_member and bool(parties & principal.chain_party_ids)


def known_errors_panel(request, incident: Incident):
    user = request.user
    if not incident_rules.sees_internals(user):
        return None
    problems = open_problems_on(incident.component_id) if sees_problems_on(user, incident.component) else []
    context = {
        "incident": incident,
        "known_errors": [{**problem, "linked": incident.pk in problem["incident_ids"]} for problem in problems],
        "can_link": rules.manages_problems(user),
    }
    return render_to_string("problems/partials/_known_errors.html", context, request=request)
