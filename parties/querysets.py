"""Reads of the chain, restricted per user (see parties.access for the rules)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from parties.access import principal_for


def overlapping_window(valid_from: date, valid_to: date | None) -> Q:
    """Records whose [valid_from, valid_to] window (open-ended when valid_to is null) meets the given one."""
    condition = Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    if valid_to is not None:
        condition &= Q(valid_from__lte=valid_to)
    return condition


class PartyQuerySet(models.QuerySet):
    def visible_to(self, user):
        principal = principal_for(user)
        if principal.is_chain_member:
            return self
        return self.filter(pk__in=principal.party_ids)


class ServiceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The chain sees every service; a service owner's viewers and representatives see the services it owns."""
        principal = principal_for(user)
        if principal.is_chain_member:
            return self
        return self.filter(pk__in=principal.owned_service_ids)


class ComponentQuerySet(models.QuerySet):
    def visible_to(self, user):
        principal = principal_for(user)
        if principal.is_chain_member:
            return self
        return self.filter(service_id__in=principal.owned_service_ids)

    def of_service(self, service):
        return self.filter(service=service)


class ComponentDependencyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Dependencies whose component the user sees (the component it needs may lie in another service)."""
        principal = principal_for(user)
        if principal.is_chain_member:
            return self
        return self.filter(component__service_id__in=principal.owned_service_ids)


class ServiceCalendarQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if principal_for(user).is_chain_member else self.none()


class RoleAssignmentQuerySet(models.QuerySet):
    def active_on(self, day: date):
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def people(self):
        """The active user accounts that hold these assignments."""
        return get_user_model().objects.filter(pk__in=self.values("user_id"), is_active=True)

    def overlapping(self, valid_from: date, valid_to: date | None):
        return self.filter(overlapping_window(valid_from, valid_to))

    def visible_to(self, user):
        principal = principal_for(user)
        if principal.sees_everything:
            return self
        if principal.is_chain_member:
            return self.filter(party_id__in=principal.chain_party_ids)
        return self.none()


class AgreementQuerySet(models.QuerySet):
    def overlapping(self, valid_from: date, valid_to: date | None):
        return self.filter(overlapping_window(valid_from, valid_to))

    def in_force_on(self, day: date):
        return self.overlapping(day, day)

    def visible_to(self, user):
        principal = principal_for(user)
        if principal.sees_everything:
            return self
        if principal.is_chain_member:
            chain = principal.chain_party_ids
            return self.filter(Q(provider_id__in=chain) | Q(customer_id__in=chain))
        return self.none()


class AgreementTargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Agreement

        return self.filter(agreement__in=Agreement.objects.visible_to(user))
