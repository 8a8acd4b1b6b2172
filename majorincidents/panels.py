"""What this app adds to the incidents app from above (incidents.panels, incidents.outages), so incidents never
imports it: the major-incident panel on the incident page and the known outages a reporter sees when filing."""

from django.template.loader import render_to_string
from django.utils import timezone

from incidents import rules as incident_rules
from incidents.outages import KnownOutage

from . import rules, selectors
from .models import Audience, MajorIncident, MajorStatus


def major_incident_panel(request, incident):
    """The chain: the major incident the incident is or follows, or the form to declare it. The reporter's side:
    the public updates of the outage her report belongs to, nothing else."""
    user = request.user
    major = major_of(incident)
    internals = incident_rules.sees_internals(user)
    if not internals:
        if major is None:
            return None
        context = {"major": major, "public_updates": selectors.public_updates(major, Audience.REPORTERS)}
        return render_to_string("majorincidents/partials/_reporter_panel.html", context, request=request)
    # The incident itself the user sees; the outage a report follows may be outside the user's part of the chain.
    followed = major is not None and major.incident_id != incident.pk
    if followed and not MajorIncident.objects.visible_to(user).filter(pk=major.pk).exists():
        major = None
    may_declare = major is None and incident.is_open and incident.known_outage_id is None and rules.can_declare(user)
    if major is None and not may_declare:
        return None
    context = {
        "incident": incident,
        "major": major,
        "cadence": selectors.cadence(major, timezone.now()) if major is not None else None,
        "may_declare": may_declare,
    }
    return render_to_string("majorincidents/partials/_incident_panel.html", context, request=request)


def major_of(incident) -> MajorIncident | None:
    """The major incident the incident is, or the one it follows, read with the incident (PAGE_RELATIONS)."""
    own = getattr(incident, "major_incident", None)
    if own is not None or incident.known_outage_id is None:
        return own
    return getattr(incident.known_outage, "major_incident", None)


# Read with the incident on its page (incidents.panels): no query of its own for the panel.
PAGE_RELATIONS = ("major_incident", "known_outage__major_incident")


def open_major_outages(component=None) -> list[KnownOutage]:
    """The declared major incidents as known outages, in public words (incidents.outages)."""
    majors = MajorIncident.objects.filter(status=MajorStatus.DECLARED).select_related("incident")
    if component is not None:
        majors = majors.filter(incident__component=component)
    outages = []
    for major in majors.prefetch_related("updates"):
        public = selectors.public_updates(major, Audience.REPORTERS)
        outages.append(
            KnownOutage(
                incident_id=major.incident_id,
                component_id=major.incident.component_id,
                title=major.public_title,
                since=major.declared_at,
                latest_public_text=public[-1].public_text if public else "",
            )
        )
    return outages
