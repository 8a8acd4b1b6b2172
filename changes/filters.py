"""One FilterSet per model, shared by list pages and the API."""

from functools import partial

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IsoDateTimeFilter, validate_period_day
from core.inbox import waiting_choices, waiting_records
from parties.access import principal_for

from .models import Approval, ChangeRequest, ChangeStatus, Decision
from .selectors import local_day_bounds


class ChangeRequestFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("kenmerk of titel bevat"))
    status = django_filters.MultipleChoiceFilter(choices=ChangeStatus.choices, label=_("status"))
    requesting_party = django_filters.CharFilter(field_name="requesting_party__slug", label=_("partij (korte naam)"))
    component = django_filters.CharFilter(method="filter_component", label=_("component (korte naam)"))
    service = django_filters.CharFilter(method="filter_service", label=_("dienst (korte naam)"))
    start = django_filters.DateFilter(
        method="filter_period", label=_("venster vanaf"), validators=[validate_period_day]
    )
    end = django_filters.DateFilter(
        method="filter_period", label=_("venster tot en met"), validators=[validate_period_day]
    )
    # Exactly the changes of one section of the user's home page ("Wat wacht op mij", core.inbox).
    waiting = django_filters.ChoiceFilter(
        label=_("wat wacht op mij"),
        choices=partial(waiting_choices, "changes:changerequest_list"),
        method="filter_waiting",
    )
    # Period filters, so each figure of a weekly report links to exactly the changes behind it.
    submitted_from = IsoDateTimeFilter(field_name="submitted_at", lookup_expr="gte")
    submitted_before = IsoDateTimeFilter(field_name="submitted_at", lookup_expr="lt")
    approved_from = IsoDateTimeFilter(field_name="approved_at", lookup_expr="gte")
    approved_before = IsoDateTimeFilter(field_name="approved_at", lookup_expr="lt")
    ended_from = IsoDateTimeFilter(field_name="actual_end", lookup_expr="gte")
    ended_before = IsoDateTimeFilter(field_name="actual_end", lookup_expr="lt")
    reached = django_filters.ChoiceFilter(choices=ChangeStatus.choices, method="filter_reached")
    reached_from = IsoDateTimeFilter(method="filter_reached")
    reached_before = IsoDateTimeFilter(method="filter_reached")
    rejected_from = IsoDateTimeFilter(method="filter_rejected")
    rejected_before = IsoDateTimeFilter(method="filter_rejected")

    PERIOD_FILTERS = (
        "submitted_from",
        "submitted_before",
        "approved_from",
        "approved_before",
        "ended_from",
        "ended_before",
        "reached",
        "reached_from",
        "reached_before",
        "rejected_from",
        "rejected_before",
    )

    class Meta:
        model = ChangeRequest
        fields = ["change_type", "risk"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value))

    def filter_component(self, queryset, name, value):
        return queryset.filter(
            pk__in=ChangeRequest.components.through.objects.filter(component__slug=value).values("changerequest_id")
        )

    def filter_service(self, queryset, name, value):
        through = ChangeRequest.components.through.objects
        return queryset.filter(pk__in=through.filter(component__service__slug=value).values("changerequest_id"))

    def filter_waiting(self, queryset, name, value: str):
        user = self.request.user if self.request is not None else None
        return queryset.filter(pk__in=waiting_records(value, user, principal_for(user)).values("pk"))

    def filter_reached(self, queryset, name, value):
        # Applied together in `filter_queryset`: the status and its period describe one history row.
        return queryset

    def filter_rejected(self, queryset, name, value):
        # Applied together in `filter_queryset`: both bounds describe one rejection.
        return queryset

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
        data = self.form.cleaned_data
        if data.get("reached"):
            moves = ChangeRequest.history.filter(status=data["reached"])
            if data.get("reached_from"):
                moves = moves.filter(history_date__gte=data["reached_from"])
            if data.get("reached_before"):
                moves = moves.filter(history_date__lt=data["reached_before"])
            queryset = queryset.filter(pk__in=moves.values("id"))
        if data.get("rejected_from") or data.get("rejected_before"):
            rejections = Approval.objects.filter(decision=Decision.REJECTED)
            if data.get("rejected_from"):
                rejections = rejections.filter(decided_at__gte=data["rejected_from"])
            if data.get("rejected_before"):
                rejections = rejections.filter(decided_at__lt=data["rejected_before"])
            queryset = queryset.filter(pk__in=rejections.values("change_id"))
        return queryset
