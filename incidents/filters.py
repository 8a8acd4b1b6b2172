"""One FilterSet for the incident list page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from parties.models import Priority

from .models import OPEN_STATUSES, BreachState, Incident, Status


class IncidentFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Status.choices)
    open = django_filters.BooleanFilter(label=_("Alleen open"), method="filter_open")
    priority = django_filters.MultipleChoiceFilter(label=_("Prioriteit"), choices=Priority.choices)
    component = django_filters.CharFilter(label=_("Onderdeel"), field_name="component__slug")
    assigned_party = django_filters.CharFilter(label=_("Toegewezen aan"), field_name="assigned_party__slug")
    breach_state = django_filters.ChoiceFilter(label=_("Normstatus"), choices=BreachState.choices)
    ordering = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(("due_at", "due_at"), ("reported_at", "reported_at"), ("priority", "priority")),
        field_labels={"due_at": _("Oplostermijn"), "reported_at": _("Gemeld op"), "priority": _("Prioriteit")},
    )

    class Meta:
        model = Incident
        fields = ["status", "priority", "component", "assigned_party", "breach_state"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSES) if value else queryset.exclude(status__in=OPEN_STATUSES)
