"""One FilterSet for the incident list page and the API."""

from functools import partial

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IsoDateTimeFilter
from core.inbox import waiting_choices, waiting_records
from parties.access import principal_for
from parties.models import Priority

from . import rules
from .models import OPEN_STATUSES, BreachState, Incident, SlaClock, SlaEvent, Status


class IncidentFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Status.choices)
    open = django_filters.BooleanFilter(label=_("Alleen open"), method="filter_open")
    priority = django_filters.MultipleChoiceFilter(label=_("Prioriteit"), choices=Priority.choices)
    component = django_filters.CharFilter(label=_("Onderdeel"), field_name="component__slug")
    service = django_filters.CharFilter(label=_("Dienst"), field_name="component__service__slug")
    assigned_party = django_filters.CharFilter(label=_("Toegewezen aan"), field_name="assigned_party__slug")
    breach_state = django_filters.ChoiceFilter(label=_("Normstatus"), choices=BreachState.choices)
    # Period filters, so every figure on a dashboard or report links to exactly the incidents behind it.
    reported_from = IsoDateTimeFilter(field_name="reported_at", lookup_expr="gte", label=_("Gemeld vanaf"))
    reported_before = IsoDateTimeFilter(field_name="reported_at", lookup_expr="lt", label=_("Gemeld vóór"))
    resolved_from = IsoDateTimeFilter(field_name="resolved_at", lookup_expr="gte", label=_("Opgelost vanaf"))
    resolved_before = IsoDateTimeFilter(field_name="resolved_at", lookup_expr="lt", label=_("Opgelost vóór"))
    open_at = IsoDateTimeFilter(method="filter_open_at", label=_("Open op"))
    breached_from = IsoDateTimeFilter(method="filter_breached", label=_("Norm overschreden vanaf"))
    breached_before = IsoDateTimeFilter(method="filter_breached", label=_("Norm overschreden vóór"))
    breach_party = django_filters.CharFilter(method="filter_breached", label=_("Norm overschreden door (partij)"))
    clock_party = django_filters.CharFilter(method="filter_clock", label=_("Klok van partij"))
    clock_started_from = IsoDateTimeFilter(method="filter_clock", label=_("Klok gestart vanaf"))
    clock_started_before = IsoDateTimeFilter(method="filter_clock", label=_("Klok gestart vóór"))
    acknowledged_from = IsoDateTimeFilter(method="filter_clock", label=_("Reactie vanaf"))
    acknowledged_before = IsoDateTimeFilter(method="filter_clock", label=_("Reactie vóór"))
    # Exactly the incidents of one section of the user's home page ("Wat wacht op mij", core.inbox).
    waiting = django_filters.ChoiceFilter(
        label=_("Wat wacht op mij"),
        choices=partial(waiting_choices, "incidents:incident_list"),
        method="filter_waiting",
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(("due_at", "due_at"), ("reported_at", "reported_at"), ("priority", "priority")),
        field_labels={"due_at": _("Oplostermijn"), "reported_at": _("Gemeld op"), "priority": _("Prioriteit")},
    )

    class Meta:
        model = Incident
        fields = ["status", "priority", "component", "assigned_party", "breach_state"]

    # Who in the chain works on an incident and how it stands against the norms (clocks, breaches,
    # acknowledgements, due times) are not for the reporter's side (DESIGN §5). For them these filters and
    # orderings do not exist: the parameters are ignored, so they cannot be used to probe.
    SLA_ONLY = (
        "breach_state",
        "breached_from",
        "breached_before",
        "breach_party",
        "clock_party",
        "clock_started_from",
        "clock_started_before",
        "acknowledged_from",
        "acknowledged_before",
    )
    CHAIN_ONLY = ("assigned_party", *SLA_ONLY)
    CHAIN_ONLY_ORDERINGS = ("due_at",)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        reporter_side = request is not None and not rules.sees_internals(request.user)
        if data is not None and reporter_side:
            data = data.copy()
            for name in self.CHAIN_ONLY:
                data.pop(name, None)
            data.setlist("ordering", self._orderings_for_reporter(data.getlist("ordering")))
        super().__init__(data, queryset, request=request, prefix=prefix)
        if reporter_side:
            for name in self.CHAIN_ONLY:
                del self.filters[name]
            ordering = self.filters["ordering"]
            ordering.param_map = {
                param: field for param, field in ordering.param_map.items() if param not in self.CHAIN_ONLY_ORDERINGS
            }
            ordering.extra["choices"] = [
                (value, label)
                for value, label in ordering.extra["choices"]
                if value.lstrip("-") not in self.CHAIN_ONLY_ORDERINGS
            ]
            # The form field is built once from the choices and kept on the filter; one built before (the API
            # schema reads the class's filters) would still offer every ordering.
            ordering.__dict__.pop("_field", None)

    @classmethod
    def _orderings_for_reporter(cls, values):
        kept = []
        for value in values:
            terms = [term for term in value.split(",") if term.strip().lstrip("-") not in cls.CHAIN_ONLY_ORDERINGS]
            if terms:
                kept.append(",".join(terms))
        return kept

    def filter_open_at(self, queryset, name, value):
        """Open at that instant: the backlog of a week is the incidents open at its end."""
        return queryset.filter(reported_at__lt=value).filter(
            (Q(resolved_at__isnull=True) | Q(resolved_at__gte=value))
            & (Q(closed_at__isnull=True) | Q(closed_at__gte=value))
        )

    def filter_breached(self, queryset, name, value):
        # Applied together in `filter_queryset`, so that period and party describe the same breach.
        return queryset

    def filter_clock(self, queryset, name, value):
        # Applied together in `filter_queryset`, so that all conditions describe the same clock.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        since, before, party = data.get("breached_from"), data.get("breached_before"), data.get("breach_party")
        if since or before or party:
            events = SlaEvent.objects.filter(kind=SlaEvent.Kind.BREACH)
            if since:
                events = events.filter(raised_at__gte=since)
            if before:
                events = events.filter(raised_at__lt=before)
            if party:
                events = events.filter(clock__party__slug=party)
            else:
                events = events.filter(clock__scope=SlaClock.Scope.SLA)
            queryset = queryset.filter(pk__in=events.values("clock__incident_id"))
        clock_conditions = {
            "party__slug": data.get("clock_party"),
            "started_at__gte": data.get("clock_started_from"),
            "started_at__lt": data.get("clock_started_before"),
            "responded_at__gte": data.get("acknowledged_from"),
            "responded_at__lt": data.get("acknowledged_before"),
        }
        clock_conditions = {lookup: value for lookup, value in clock_conditions.items() if value}
        if clock_conditions:
            if "party__slug" not in clock_conditions:
                clock_conditions["scope"] = SlaClock.Scope.SLA
            queryset = queryset.filter(pk__in=SlaClock.objects.filter(**clock_conditions).values("incident_id"))
        return queryset

    def filter_waiting(self, queryset, name, value: str):
        user = self.request.user if self.request is not None else None
        return queryset.filter(pk__in=waiting_records(value, user, principal_for(user)).values("pk"))

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSES) if value else queryset.exclude(status__in=OPEN_STATUSES)
