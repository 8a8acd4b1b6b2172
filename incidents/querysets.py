"""Which incidents and messages a user may see (DESIGN §5)."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from parties.access import principal_for
from parties.models import Role


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        principal = principal_for(user)
        if principal.sees_everything:
            return self
        if not principal.is_authenticated:
            return self.none()
        condition = Q(reporter_party_id__in=principal.party_ids)
        if principal.reads_as_service_owner:
            # The owner of a service (GGD GHOR for Oplossing II) reads every incident on its components, with the
            # chain's internals (rules.sees_internals): its organisation's other reports only as their reporter.
            condition = Q(component__service_id__in=principal.owned_service_ids)
            if principal.has_role(Role.REPORTER):
                condition |= Q(reporter_party_id__in=principal.party_ids)
        if principal.is_chain_member:
            from .models import Assignment

            chain = principal.chain_party_ids
            ever_assigned = Assignment.objects.filter(incident_id=OuterRef("pk"), party_id__in=chain)
            condition |= (
                Q(assigned_party_id__in=chain)
                | Q(component__operating_party_id__in=chain)
                | Q(component__hosting_party_id__in=chain)
                | Q(component__monitoring_party_id__in=chain)
                | Exists(ever_assigned)
            )
        return self.filter(condition)

    def open(self):
        from .models import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)


class IncidentUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Messages on incidents the user sees; the reporter's side sees public replies only."""
        from .models import Incident, IncidentUpdate

        principal = principal_for(user)
        updates = self.filter(incident__in=Incident.objects.visible_to(user))
        if principal.is_chain_member or principal.reads_as_service_owner:
            return updates
        return updates.filter(visibility=IncidentUpdate.Visibility.PUBLIC)
