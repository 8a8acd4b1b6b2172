"""One FilterSet per model, shared by list pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ChangeRequest, ChangeStatus
from .selectors import local_day_bounds


class ChangeRequestFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("kenmerk of titel bevat"))
    status = django_filters.MultipleChoiceFilter(choices=ChangeStatus.choices, label=_("status"))
    requesting_party = django_filters.CharFilter(field_name="requesting_party__slug", label=_("partij (korte naam)"))
    component = django_filters.CharFilter(method="filter_component", label=_("component (korte naam)"))
    start = django_filters.DateFilter(method="filter_period", label=_("venster vanaf"))
    end = django_filters.DateFilter(method="filter_period", label=_("venster tot en met"))

    class Meta:
        model = ChangeRequest
        fields = ["change_type", "risk"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value))

    def filter_component(self, queryset, name, value):
        return queryset.filter(
            pk__in=ChangeRequest.components.through.objects.filter(component__slug=value).values("changerequest_id")
        )

    def filter_period(self, queryset, name, value):
        # Both ends are applied together in `filter_queryset`; a lone bound is open on the other side.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        first, last = self.form.cleaned_data.get("start"), self.form.cleaned_data.get("end")
        if first or last:
            queryset = queryset.with_window()
        if first:
            queryset = queryset.filter(effective_end__gt=local_day_bounds(first, first)[0])
        if last:
            queryset = queryset.filter(effective_start__lt=local_day_bounds(last, last)[1])
        return queryset
