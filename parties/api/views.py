"""Read-only API over the chain's records; every list starts from the user's visible set."""

from django.db.models import Prefetch
from rest_framework import viewsets

from parties.filters import AgreementFilterSet, ComponentFilterSet, PartyFilterSet, RoleAssignmentFilterSet
from parties.models import Agreement, AgreementTarget, Component, Party, RoleAssignment, ServiceCalendar

from .serializers import (
    AgreementSerializer,
    ComponentSerializer,
    PartySerializer,
    RoleAssignmentSerializer,
    ServiceCalendarSerializer,
)


class PartyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PartySerializer
    filterset_class = PartyFilterSet
    ordering_fields = ["name", "kind"]

    def get_queryset(self):
        return Party.objects.visible_to(self.request.user).select_related("parent")


class ComponentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ComponentSerializer
    filterset_class = ComponentFilterSet
    ordering_fields = ["name"]

    def get_queryset(self):
        return Component.objects.visible_to(self.request.user).select_related(
            "operating_party", "hosting_party", "monitoring_party", "service"
        )


class RoleAssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet
    ordering_fields = ["valid_from", "role"]

    def get_queryset(self):
        return RoleAssignment.objects.visible_to(self.request.user).select_related("user", "party")


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = ["reference", "valid_from"]

    def get_queryset(self):
        return (
            Agreement.objects.visible_to(self.request.user)
            .select_related("provider", "customer")
            .prefetch_related(
                "components",
                Prefetch("targets", queryset=AgreementTarget.objects.select_related("agreement__calendar", "calendar")),
            )
        )


class ServiceCalendarViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ServiceCalendarSerializer
    ordering_fields = ["name"]

    def get_queryset(self):
        return ServiceCalendar.objects.visible_to(self.request.user)
