"""One FilterSet for the incident list page and the API."""

from functools import partial

import django_filters
from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.filters import IsoDateTimeFilter
from core.inbox import waiting_choices, waiting_records
from parties.access import principal_for
from parties.models import Component, Priority

from . import rules
from .holds import waited_on_in
from .models import OPEN_STATUSES, BreachState, HoldPeriod, Incident, SlaClock, SlaEvent, Status


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
    breach_agreement = django_filters.CharFilter(
        method="filter_breached", label=_("Norm overschreden van (kenmerk afspraak)")
    )
    breach_target = django_filters.ChoiceFilter(
        method="filter_breached", label=_("Norm overschreden voor"), choices=SlaEvent.Target.choices
    )
    clock_party = django_filters.CharFilter(method="filter_clock", label=_("Klok van partij"))
    clock_agreement = django_filters.CharFilter(method="filter_clock", label=_("Klok van afspraak (kenmerk)"))
    clock_started_from = IsoDateTimeFilter(method="filter_clock", label=_("Klok gestart vanaf"))
    clock_started_before = IsoDateTimeFilter(method="filter_clock", label=_("Klok gestart vóór"))
    acknowledged_from = IsoDateTimeFilter(method="filter_clock", label=_("Reactie vanaf"))
    acknowledged_before = IsoDateTimeFilter(method="filter_clock", label=_("Reactie vóór"))
    waited_on = django_filters.CharFilter(
        method="filter_waited", label=_("Gewacht op (partij, of 'reporter' voor de melder)")
    )
    waited_from = IsoDateTimeFilter(method="filter_waited", label=_("In de wacht vanaf"))
    waited_before = IsoDateTimeFilter(method="filter_waited", label=_("In de wacht vóór"))
    # Exactly the incidents of one section of the user's home page ("Wat wacht op mij", core.inbox).
    waiting = django_filters.ChoiceFilter(
        label=_("Wat wacht op mij"),
        choices=partial(waiting_choices, "incidents:incident_list"),
        method="filter_waiting",
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(("due_at", "due_at"), ("reported_at", "reported_at"), ("priority", "priority")),
        # Every label given here, the descending ones too: django-filter would build those once, at import,
        # in whatever language was active then.
        field_labels={
            "due_at": _("Oplostermijn"),
            "-due_at": _("Oplostermijn (laatste eerst)"),
            "reported_at": _("Gemeld op"),
            "-reported_at": _("Gemeld op (nieuwste eerst)"),
            "priority": _("Prioriteit"),
            "-priority": _("Prioriteit (laagste eerst)"),
        },
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
        "breach_agreement",
        "breach_target",
        "clock_party",
        "clock_agreement",
        "clock_started_from",
        "clock_started_before",
        "acknowledged_from",
        "acknowledged_before",
        "waited_on",
        "waited_from",
        "waited_before",
    )
    CHAIN_ONLY = ("assigned_party", *SLA_ONLY)
    CHAIN_ONLY_ORDERINGS = ("due_at",)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        reporter_side = request is not None and not rules.sees_internals(request.user)
        if data is not None and reporter_side:
            data = data.copy()
            for name in self.CHAIN_ONLY:
                data.pop(name, None)
            data.setlist("ordering", self.orderings_for_reporter(data.getlist("ordering")))
        super().__init__(data, queryset, request=request, prefix=prefix)
        if reporter_side:
            for name in self.CHAIN_ONLY:
                del self.filters[name]
            ordering = self.filters.get("ordering")
            if ordering is None:
                return
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
    def orderings_for_reporter(cls, values):
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

    def filter_waited(self, queryset, name, value):
        # Applied together in `filter_queryset`: who was waited on and the period describe the same hold.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("waited_on") or data.get("waited_from") or data.get("waited_before"):
            holds = waited_on_in(data.get("waited_from"), data.get("waited_before"), data.get("waited_on"))
            queryset = queryset.filter(pk__in=holds.values("incident_id"))
        since, before, party = data.get("breached_from"), data.get("breached_before"), data.get("breach_party")
        agreement, target = data.get("breach_agreement"), data.get("breach_target")
        if since or before or party or agreement or target:
            events = SlaEvent.objects.filter(kind=SlaEvent.Kind.BREACH)
            if target:
                events = events.filter(target=target)
            if since:
                events = events.filter(raised_at__gte=since)
            if before:
                events = events.filter(raised_at__lt=before)
            if agreement:
                events = events.filter(clock__agreement_reference=agreement)
            if party:
                events = events.filter(clock__party__slug=party)
            elif not agreement:
                events = events.filter(clock__scope=SlaClock.Scope.SLA)
            queryset = queryset.filter(pk__in=events.values("clock__incident_id"))
        clock_conditions = {
            "party__slug": data.get("clock_party"),
            "agreement_reference": data.get("clock_agreement"),
            "started_at__gte": data.get("clock_started_from"),
            "started_at__lt": data.get("clock_started_before"),
            "responded_at__gte": data.get("acknowledged_from"),
            "responded_at__lt": data.get("acknowledged_before"),
        }
        clock_conditions = {lookup: value for lookup, value in clock_conditions.items() if value}
        if clock_conditions:
            if "party__slug" not in clock_conditions and "agreement_reference" not in clock_conditions:
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


class ApiIncidentFilterSet(IncidentFilterSet):
    """The API's filters: the page's, sorted only on what the API's cursor pages run on (core.pagination)."""

    ordering = django_filters.OrderingFilter(
        label=_("Sorteren"), fields=(("reported_at", "reported_at"),), field_labels={"reported_at": _("Gemeld op")}
    )


class ReporterIncidentFilterSet(IncidentFilterSet):
    """The reporter's list ("Mijn meldingen"): a few plain choices that fit a phone, every one with a sensible
    default, and the incidents that wait for her on top, then the open ones, then the finished ones.
    The dashboard's period filters and the home page's `?waiting=` links still narrow the list."""

    class Shown:
        OPEN, DONE, ALL = "open", "done", "all"

    class Sort:
        NEWEST, OLDEST, PRIORITY = "newest", "oldest", "priority"

    status = None
    open = None
    ordering = None
    shown = django_filters.ChoiceFilter(
        label=_("Welke meldingen"),
        choices=[(Shown.OPEN, _("Open")), (Shown.DONE, _("Afgerond")), (Shown.ALL, _("Alle"))],
        empty_label=None,
        widget=forms.RadioSelect,
        method="filter_shown",
    )
    component = django_filters.ChoiceFilter(
        label=_("Onderdeel"), field_name="component__slug", empty_label=_("Alle onderdelen")
    )
    priority = django_filters.ChoiceFilter(label=_("Prioriteit"), choices=Priority.choices, empty_label=_("Alle"))
    sort = django_filters.ChoiceFilter(
        label=_("Volgorde"),
        choices=[
            (Sort.NEWEST, _("Nieuwste eerst")),
            (Sort.OLDEST, _("Oudste eerst")),
            (Sort.PRIORITY, _("Hoogste prioriteit eerst")),
        ],
        empty_label=None,
        method="filter_sort",
    )
    DEFAULTS = {"shown": Shown.ALL, "sort": Sort.NEWEST}
    SORT_FIELDS = {Sort.NEWEST: ("-reported_at",), Sort.OLDEST: ("reported_at",), Sort.PRIORITY: ("priority",)}

    class Meta:
        model = Incident
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Always bound: with nothing chosen, the defaults apply (all incidents, the newest first).
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, value in self.DEFAULTS.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, queryset, request=request, prefix=prefix)
        # The components she can report on, by the names she knows them by (as on the filing form).
        self.filters["component"].extra["choices"] = list(
            Component.objects.filter(is_active=True).order_by("public_name").values_list("slug", "public_name")
        )

    def filter_shown(self, queryset, name, value):
        if value == self.Shown.OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == self.Shown.DONE:
            return queryset.exclude(status__in=OPEN_STATUSES)
        return queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by("attention", *self.SORT_FIELDS[value], "-pk")

    def filter_queryset(self, queryset):
        return super().filter_queryset(with_attention(queryset))


def with_attention(incidents):
    """Each incident's place on the reporter's list: 0 waiting for her (a question to answer, a resolution to
    confirm), 1 open, 2 finished; and whether a question waits for her answer (`waits_for_answer`)."""
    question = HoldPeriod.objects.filter(
        incident_id=OuterRef("pk"), ended_at__isnull=True, waiting_for=HoldPeriod.WaitingFor.REPORTER
    )
    return incidents.annotate(waits_for_answer=Exists(question)).annotate(
        attention=Case(
            When(Q(waits_for_answer=True, status=Status.ON_HOLD) | Q(status=Status.RESOLVED), then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def listed(filterset: IncidentFilterSet):
    """A valid list filter's incidents in the list's order: the chosen ordering, else newest first (the reporter's
    plain filters order their own)."""
    incidents = filterset.qs
    if isinstance(filterset, ReporterIncidentFilterSet) or (
        filterset.is_bound and filterset.form.cleaned_data.get("ordering")
    ):
        return incidents
    return incidents.order_by("-reported_at")


def list_filterset(request, queryset, *, reporter_side: bool) -> IncidentFilterSet:
    """The list's filters (the page and its CSV export): the reporter's plain ones, always bound as each has a
    default, or the chain's."""
    if reporter_side:
        return ReporterIncidentFilterSet(request.GET, queryset=queryset, request=request)
    return IncidentFilterSet(request.GET or None, queryset=queryset, request=request)


def shown_value(bound_field, value: str):
    """A filter's value as the list names it when filtered on it: a choice by its label."""
    return dict(getattr(bound_field.field, "choices", None) or ()).get(value, value)
