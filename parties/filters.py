"""One FilterSet per model, shared by list pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Agreement, Component, Party, RoleAssignment


class PartyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("naam bevat"))
    parent = django_filters.CharFilter(field_name="parent__slug", label=_("onderaannemer van (korte naam)"))

    class Meta:
        model = Party
        fields = ["kind", "is_active"]


class ComponentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("naam bevat"))
    operating_party = django_filters.CharFilter(field_name="operating_party__slug")
    hosting_party = django_filters.CharFilter(field_name="hosting_party__slug")
    monitoring_party = django_filters.CharFilter(field_name="monitoring_party__slug")
    service = django_filters.CharFilter(field_name="service__slug")

    class Meta:
        model = Component
        fields = ["is_active"]


class RoleAssignmentFilterSet(django_filters.FilterSet):
    party = django_filters.CharFilter(field_name="party__slug")
    user = django_filters.CharFilter(field_name="user__username")
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("actief op"))

    class Meta:
        model = RoleAssignment
        fields = ["role"]

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value)


class AgreementFilterSet(django_filters.FilterSet):
    provider = django_filters.CharFilter(field_name="provider__slug")
    customer = django_filters.CharFilter(field_name="customer__slug")
    component = django_filters.CharFilter(field_name="components__slug", distinct=True)
    in_force_on = django_filters.DateFilter(method="filter_in_force_on", label=_("geldig op"))

    class Meta:
        model = Agreement
        fields = ["kind"]

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force_on(value)
