"""Reads of problems, restricted per user (DESIGN §5)."""

from django.db import models
from django.db.models import Q

from parties.access import principal_for


def _chain_components(principal) -> Q:
    chain = principal.chain_party_ids
    return (
        Q(component__operating_party_id__in=chain)
        | Q(component__hosting_party_id__in=chain)
        | Q(component__monitoring_party_id__in=chain)
    )


class ProblemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Regie and the business owner see every problem; an operator party the problems on components it
        (or a subcontractor) operates, hosts or monitors; a reporter's organisation none."""
        principal = principal_for(user)
        if principal.sees_everything:
            return self
        if not principal.is_chain_member:
            return self.none()
        return self.filter(_chain_components(principal))

    def open(self):
        from .models import OPEN_PROBLEM_STATES

        return self.filter(status__in=OPEN_PROBLEM_STATES)


class ProblemIncidentLinkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Links whose problem and incident the user may both see."""
        from incidents.models import Incident

        from .models import Problem

        principal = principal_for(user)
        if principal.is_superuser:
            return self
        if not principal.is_chain_member:
            return self.none()
        return self.filter(problem__in=Problem.objects.visible_to(user), incident__in=Incident.objects.visible_to(user))


class RecurrenceProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Proposals are the regie's work (the System Architect decides them); the business owner reads them."""
        principal = principal_for(user)
        return self if principal.sees_everything else self.none()
