"""Incidents over the API: the same services, rules and visibility as the pages.
Each workflow move is an explicit POST action from the incident's action registry; a refused move
answers 409."""

from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ActionViewSetMixin, action_endpoint
from core.pagination import KeysetPagination

from .. import rules, selectors, services
from ..actions import INCIDENT_ACTIONS
from ..filters import ApiIncidentFilterSet
from ..models import Incident, IncidentUpdate
from . import serializers as s


def incident_action(name: str):
    return action_endpoint(INCIDENT_ACTIONS, name, responses=s.IncidentSerializer)


class IncidentViewSet(ActionViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "reference"
    lookup_value_regex = r"[-\w]+"  # a reference (INC-2026-000123); anything else, a NUL byte too, is 404
    # Filtering and ordering both come from the FilterSet, which decides what each side may use.
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiIncidentFilterSet
    pagination_class = KeysetPagination
    cursor_orderings = ("-reported_at", "reported_at")  # on the reported_at index
    registry = INCIDENT_ACTIONS

    def get_queryset(self):
        incidents = selectors.incidents_for_list(self.request.user, scope=self.request.query_params.get("scope", "all"))
        return incidents.select_related(
            "reporter_party", "duplicate_of", "known_outage"
        )  # IncidentSerializer shows both

    def requested_ordering(self) -> str:
        """The `ordering` asked for, less what the reporter's side may not sort on (ignored, as its FilterSet does)."""
        requested = self.request.query_params.getlist("ordering")
        if not rules.sees_internals(self.request.user):
            requested = ApiIncidentFilterSet.orderings_for_reporter(requested)
        return ",".join(requested)

    def get_serializer_class(self):
        if self.action == "create":
            return s.IncidentCreateSerializer
        if getattr(self, "swagger_fake_view", False) or rules.sees_internals(self.request.user):
            return s.IncidentSerializer
        return s.ReporterIncidentSerializer

    def action_response(self, incident, code=status.HTTP_200_OK):
        incident = selectors.incident_for_user(self.request.user, incident.reference)
        serializer_class = (
            s.IncidentSerializer if rules.sees_internals(self.request.user) else s.ReporterIncidentSerializer
        )
        return Response(serializer_class(incident).data, status=code)

    @extend_schema(request=s.IncidentCreateSerializer, responses={201: s.IncidentSerializer})
    def create(self, request):
        data = s.IncidentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = services.incident_file(actor=request.user, **data.validated_data)
        return self.action_response(incident, status.HTTP_201_CREATED)

    triage = incident_action("triage")
    assign = incident_action("assign")
    acknowledge = incident_action("acknowledge")
    hold = incident_action("hold")
    resume = incident_action("resume")
    resolve = incident_action("resolve")
    confirm = incident_action("confirm")
    reopen = incident_action("reopen")
    cancel = incident_action("cancel")
    link_outage = incident_action("link_outage")
    detach_outage = incident_action("detach_outage")

    @extend_schema(methods=["get"], responses=s.IncidentUpdateSerializer(many=True))
    @extend_schema(
        methods=["post"], request=s.IncidentUpdateCreateSerializer, responses={201: s.IncidentUpdateSerializer}
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def updates(self, request, reference=None):
        incident = self.get_object()
        internals = rules.sees_internals(request.user)
        if request.method == "POST":
            data = s.IncidentUpdateCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            update = INCIDENT_ACTIONS.run("reply", request.user, incident, data.validated_data)
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
