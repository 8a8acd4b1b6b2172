"""Reads of changes, restricted per user (DESIGN §5)."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from parties.access import principal_for


def overlapping(start_field: str, end_field: str, start, end) -> Q:
    """Rows whose half-open [start, end) window overlaps the given one; touching is not overlapping."""
    return Q(**{f"{start_field}__lt": end, f"{end_field}__gt": start})


class ChangeRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Regie and business owner see all; an operator party the changes it (or a subcontractor)
        requested or that touch a component it (or a subcontractor) operates, hosts or monitors.
        Drafts stay with the requesting party. Reporters see no changes, only planned maintenance."""
        from .models import ChangeStatus

        principal = principal_for(user)
        if principal.is_superuser:
            return self
        if principal.reads_as_service_owner:
            # The owner of a service (GGD GHOR for Oplossing II) reads the changes on its components.
            touching_owned = self.model.components.through.objects.filter(
                component__service_id__in=principal.owned_service_ids
            ).values("changerequest_id")
            return self.filter(pk__in=touching_owned).exclude(status=ChangeStatus.DRAFT)
        if not principal.is_chain_member:
            return self.none()
        own_drafts = Q(status=ChangeStatus.DRAFT, requesting_party_id__in=principal.party_ids)
        if principal.sees_everything:
            return self.filter(~Q(status=ChangeStatus.DRAFT) | own_drafts)
        chain = principal.chain_party_ids
        touching = self.model.components.through.objects.filter(
            Q(component__operating_party_id__in=chain)
            | Q(component__hosting_party_id__in=chain)
            | Q(component__monitoring_party_id__in=chain)
        ).values("changerequest_id")
        routed = Q(requesting_party_id__in=chain) | Q(pk__in=touching)
        return self.filter(routed).filter(~Q(status=ChangeStatus.DRAFT) | own_drafts)

    def backlog(self):
        from .models import BACKLOG_STATES

        return self.filter(status__in=BACKLOG_STATES)

    def with_window(self):
        """Annotate the window that counts: planned once scheduled, proposed before."""
        return self.annotate(
            effective_start=Coalesce("planned_start", "proposed_start"),
            effective_end=Coalesce("planned_end", "proposed_end"),
        )

    def in_window(self, start, end):
        return self.with_window().filter(overlapping("effective_start", "effective_end", start, end))


class ChangeIncidentLinkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Links whose change and incident the user may both see: a link never reveals a record
        the user could not open (a reporter sees none, as it sees no changes)."""
        from incidents.models import Incident

        from .models import ChangeRequest

        principal = principal_for(user)
        if not principal.is_chain_member:
            return self.none()
        if principal.is_superuser:
            return self
        return self.filter(
            change__in=ChangeRequest.objects.visible_to(user), incident__in=Incident.objects.visible_to(user)
        )


class StandardChangeTemplateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if principal_for(user).is_chain_member else self.none()


class BlackoutWindowQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if principal_for(user).is_chain_member else self.none()

    def overlapping(self, start, end):
        return self.filter(overlapping("starts_at", "ends_at", start, end))
