"""Shared steps for the problem tests: incidents that recur, and a change taken to its review."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from changes import services as change_services
from changes.models import ChangeRequest
from parties.models import Component
from tests.factories import ChangeFactory, IncidentFactory, sent_for_approval

TITLES = [
    "Inloggen mislukt met certificaatfout",
    "Certificaatfout bij inloggen op portaal",
    "Inloggen: certificaatfout",
]


def user(username: str):
    return get_user_model().objects.get(username=username)


def recurring_incidents(at, week_monday, component_slug: str = "infrastructuur") -> list:
    """Three incidents with similar titles on one component, on three days of the week starting `week_monday`."""
    component = Component.objects.get(slug=component_slug)
    incidents = []
    for day, title in enumerate(TITLES):
        moment = week_monday + timedelta(days=day)
        with at(moment.year, moment.month, moment.day, 10, 0):
            incidents.append(IncidentFactory(title=title, component=component))
    return incidents


def scheduled_change(**fields) -> ChangeRequest:
    """A normal low-risk change by KPN on the infrastructure, approved and scheduled."""
    change = sent_for_approval(ChangeFactory(**fields))
    po = user("po")
    change = change_services.change_approve(actor=po, change=change, version=change.version)
    return change_services.change_schedule(actor=po, change=change, version=change.version)


def implemented(change: ChangeRequest, *, succeeded: bool = True) -> ChangeRequest:
    kpn = user("kpn")
    change = change_services.change_transition(actor=kpn, change=change, name="start", version=change.version)
    name = "complete" if succeeded else "fail"
    return change_services.change_transition(actor=kpn, change=change, name=name, version=change.version)


def reviewed(change: ChangeRequest) -> ChangeRequest:
    return change_services.change_review(
        actor=user("kpn"), change=change, version=change.version, what_happened="Uitgevoerd volgens plan"
    )
