"""Incidents over the API: the same services, rules and visibility as the pages.
Each workflow move is an explicit POST action; a refused move answers 409."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import permissions, selectors, services
from ..filters import IncidentFilterSet
from ..models import Incident, IncidentUpdate
from . import serializers as s


class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "reference"
    lookup_value_regex = r"[-\w]+"  # a reference (INC-2026-000123); anything else, a NUL byte too, is 404
    filterset_class = IncidentFilterSet
    ordering_fields = ["due_at", "reported_at", "priority"]

    def get_queryset(self):
        incidents = selectors.incidents_for_list(self.request.user, scope=self.request.query_params.get("scope", "all"))
        return incidents.select_related("reporter_party", "duplicate_of")  # IncidentSerializer shows both

    def get_serializer_class(self):
        if self.action == "create":
            return s.IncidentCreateSerializer
        if getattr(self, "swagger_fake_view", False) or permissions.sees_internals(self.request.user):
            return s.IncidentSerializer
        return s.ReporterIncidentSerializer

    def _respond(self, incident, code=status.HTTP_200_OK):
        incident = selectors.incident_for_user(self.request.user, incident.reference)
        serializer_class = (
            s.IncidentSerializer if permissions.sees_internals(self.request.user) else s.ReporterIncidentSerializer
        )
        return Response(serializer_class(incident).data, status=code)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=s.IncidentCreateSerializer, responses={201: s.IncidentSerializer})
    def create(self, request):
        data = self._input(s.IncidentCreateSerializer)
        incident = services.incident_file(actor=request.user, **data)
        return self._respond(incident, status.HTTP_201_CREATED)

    @extend_schema(request=s.TriageSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def triage(self, request, reference=None):
        data = self._input(s.TriageSerializer)
        incident = services.incident_triage(
            actor=request.user,
            incident=self.get_object(),
            impact=data["impact"],
            urgency=data["urgency"],
            priority=data.get("priority"),
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return self._respond(incident)

    @extend_schema(request=s.AssignSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, reference=None):
        data = self._input(s.AssignSerializer)
        incident = services.incident_assign(
            actor=request.user,
            incident=self.get_object(),
            party=data["party"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return self._respond(incident)

    @extend_schema(request=s.VersionedSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, reference=None):
        data = self._input(s.VersionedSerializer)
        incident = services.incident_acknowledge(
            actor=request.user, incident=self.get_object(), expected_version=data.get("version")
        )
        return self._respond(incident)

    @extend_schema(request=s.HoldSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, reference=None):
        data = self._input(s.HoldSerializer)
        incident = services.incident_hold(
            actor=request.user,
            incident=self.get_object(),
            waiting_for=data["waiting_for"],
            waiting_for_party=data["waiting_for_party"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return self._respond(incident)

    @extend_schema(request=s.OptionalReasonSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, reference=None):
        data = self._input(s.OptionalReasonSerializer)
        incident = services.incident_resume(
            actor=request.user, incident=self.get_object(), reason=data["reason"], expected_version=data.get("version")
        )
        return self._respond(incident)

    @extend_schema(request=s.ResolveSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, reference=None):
        data = self._input(s.ResolveSerializer)
        incident = services.incident_resolve(
            actor=request.user,
            incident=self.get_object(),
            resolution_code=data["resolution_code"],
            resolution=data["resolution"],
            expected_version=data.get("version"),
        )
        return self._respond(incident)

    @extend_schema(request=s.VersionedSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, reference=None):
        data = self._input(s.VersionedSerializer)
        incident = services.incident_confirm(
            actor=request.user, incident=self.get_object(), expected_version=data.get("version")
        )
        return self._respond(incident)

    @extend_schema(request=s.ReasonSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, reference=None):
        data = self._input(s.ReasonSerializer)
        incident = services.incident_reopen(
            actor=request.user, incident=self.get_object(), reason=data["reason"], expected_version=data.get("version")
        )
        return self._respond(incident)

    @extend_schema(request=s.CancelSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, reference=None):
        data = self._input(s.CancelSerializer)
        incident = self.get_object()
        original = Incident.objects.visible_to(request.user).filter(reference=data["duplicate_of"].upper()).first()
        if original is None:
            return Response({"duplicate_of": ["No incident with that reference."]}, status=status.HTTP_400_BAD_REQUEST)
        incident = services.incident_cancel_duplicate(
            actor=request.user,
            incident=incident,
            duplicate_of=original,
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return self._respond(incident)

    @extend_schema(methods=["get"], responses=s.IncidentUpdateSerializer(many=True))
    @extend_schema(
        methods=["post"], request=s.IncidentUpdateCreateSerializer, responses={201: s.IncidentUpdateSerializer}
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def updates(self, request, reference=None):
        incident = self.get_object()
        internals = permissions.sees_internals(request.user)
        if request.method == "POST":
            data = self._input(s.IncidentUpdateCreateSerializer)
            update = services.incident_reply(actor=request.user, incident=incident, **data)
            return Response(
                s.IncidentUpdateSerializer(update, context={"internals": internals}).data,
                status=status.HTTP_201_CREATED,
            )
        updates = IncidentUpdate.objects.visible_to(request.user).filter(incident=incident)
        updates = updates.select_related("author", "incident")
        return Response(s.IncidentUpdateSerializer(updates, many=True, context={"internals": internals}).data)

    def get_object(self):
        try:
            return selectors.incident_for_user(self.request.user, self.kwargs["reference"])
        except Incident.DoesNotExist as missing:
            raise Http404 from missing
