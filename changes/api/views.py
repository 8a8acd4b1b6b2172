"""Change API: list, filter and create changes; each transition and decision is an explicit action
calling the same service as the pages. Refusals: 409 (workflow, stale version), 403 (not permitted),
400 (bad input, per field)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from changes import selectors, services
from changes.actions import CHANGE_ACTIONS
from changes.filters import ChangeRequestFilterSet
from changes.models import BlackoutWindow, ChangeIncidentLink, ChangeRequest, StandardChangeTemplate
from core.api import ActionViewSetMixin, action_endpoint
from core.pagination import KeysetPagination
from incidents import rules as incident_rules
from incidents import selectors as incident_selectors
from incidents.models import Incident

from .serializers import (
    BlackoutWindowSerializer,
    CalendarEntrySerializer,
    CalendarQuerySerializer,
    ChangeIncidentLinkInputSerializer,
    ChangeIncidentLinkSerializer,
    ChangeRequestCreateSerializer,
    ChangeRequestDetailSerializer,
    ChangeRequestSerializer,
    MoveInputSerializer,
    StandardChangeTemplateSerializer,
    UnlinkInputSerializer,
)

REFUSALS = {
    400: OpenApiResponse(description="Bad input, per field."),
    403: OpenApiResponse(description="Your role does not allow this on this change."),
    404: OpenApiResponse(description="No such change, or not visible to you."),
    409: OpenApiResponse(description="Not allowed in the change's state, or a stale version."),
}


def change_action(name: str, description: str):
    return action_endpoint(
        CHANGE_ACTIONS, name, responses={200: ChangeRequestDetailSerializer, **REFUSALS}, description=description
    )


class ChangeRequestViewSet(
    ActionViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = ChangeRequest.objects.none()  # for the schema; requests use get_queryset
    registry = CHANGE_ACTIONS
    filterset_class = ChangeRequestFilterSet
    pagination_class = KeysetPagination
    cursor_orderings = ("-created_at", "created_at", "reference", "-reference")  # on changes_created_desc_idx, unique
    ordering_fields = ["created_at", "reference"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.changes_for_list(self.request.user)
        return selectors.change_detail_queryset(self.request.user)

    def get_serializer_class(self):
        return ChangeRequestSerializer if self.action == "list" else ChangeRequestDetailSerializer

    def get_object(self):
        change = super().get_object()
        selectors.flag_conflicts(self.request.user, [change])
        return change

    def action_response(self, change, status_code=status.HTTP_200_OK):
        change = get_object_or_404(self.get_queryset(), pk=change.pk)
        selectors.flag_conflicts(self.request.user, [change])
        return Response(ChangeRequestDetailSerializer(change, context=self.get_serializer_context()).data, status_code)

    @extend_schema(request=ChangeRequestCreateSerializer, responses={201: ChangeRequestDetailSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        """Request a change for one of your parties; submitted at once unless `submit` is false."""
        data = ChangeRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        change = services.change_create(
            actor=request.user, components=fields.pop("components"), submit=fields.pop("submit"), **fields
        )
        return self.action_response(change, status.HTTP_201_CREATED)

    submit = change_action("submit", "Submit a draft. A standard change is approved at once by its template.")
    assess = change_action("assess", "The System Architect's risk questionnaire; yields low / medium / high.")
    request_approval = change_action("request_approval", "Send to the approvers its risk (or emergency type) requires.")
    approve = change_action("approve", "Approve in one of your roles; approved once every required role has approved.")
    reject = change_action("reject", "Reject (with a comment): any rejection rejects the change.")
    schedule = change_action(
        "schedule", "Plan an approved change (default: its proposed window); refused inside a freeze period."
    )
    start = change_action("start", "Start implementing a scheduled change.")
    complete = change_action("complete", "Report the implementation as successful.")
    fail = change_action("fail", "Report the implementation as failed.")
    roll_back = change_action("roll_back", "Report a failed change as rolled back.")
    review = change_action(
        "review", "The post-implementation review, required before closing emergency and failed changes."
    )
    close = change_action("close", "Close a completed (or reviewed) change.")
    cancel = change_action("cancel", "Cancel before implementation (a reason is required).")

    @extend_schema(request=MoveInputSerializer, responses={200: ChangeRequestSerializer(many=True), **REFUSALS})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move a backlog change to a position (1 = top); returns the new backlog order."""
        change = self.get_object()
        data = MoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.backlog_move(actor=request.user, change=change, position=data.validated_data["position"])
        return Response(ChangeRequestSerializer(order, many=True, context=self.get_serializer_context()).data)

    @extend_schema(parameters=[CalendarQuerySerializer], responses={200: CalendarEntrySerializer(many=True)})
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def calendar(self, request):
        """Scheduled changes whose planned window meets the period, with their collisions."""
        query = CalendarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        queryset = selectors.changes_for_list(request.user)
        if query.validated_data.get("component"):
            queryset = queryset.filter(components=query.validated_data["component"])
        start, end = selectors.local_day_bounds(query.validated_data["start"], query.validated_data["end"])
        changes = selectors.calendar_changes(request.user, start, end, queryset)
        return Response(CalendarEntrySerializer(changes, many=True, context=self.get_serializer_context()).data)

    @extend_schema(methods=["get"], responses={200: ChangeIncidentLinkSerializer(many=True), 404: REFUSALS[404]})
    @extend_schema(
        methods=["post"],
        request=ChangeIncidentLinkInputSerializer,
        responses={
            201: ChangeIncidentLinkSerializer,
            400: OpenApiResponse(description="Bad input, an unknown (or invisible) incident, or a duplicate link."),
            403: OpenApiResponse(description="You may not link this change and this incident."),
            404: REFUSALS[404],
        },
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def links(self, request, pk=None):
        """GET: the change's links to incidents you may see. POST: link an incident by reference,
        as fixed by this change (`fixes`) or caused by it (`caused_by`), with a reason."""
        change = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            links = selectors.links_for_change(request.user, change)
            return Response(ChangeIncidentLinkSerializer(links, many=True, context=context).data)
        data = ChangeIncidentLinkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = selectors.incident_by_reference(request.user, data.validated_data["incident"])
        if incident is None:
            return Response({"incident": ["No incident with that reference."]}, status=status.HTTP_400_BAD_REQUEST)
        link = services.change_incident_link(
            actor=request.user,
            change=change,
            incident=incident,
            kind=data.validated_data["kind"],
            reason=data.validated_data["reason"],
        )
        return Response(ChangeIncidentLinkSerializer(link, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=UnlinkInputSerializer,
        parameters=[OpenApiParameter("link_pk", int, OpenApiParameter.PATH, description="The link's id.")],
        responses={
            204: OpenApiResponse(description="Link removed."),
            403: OpenApiResponse(description="You may not unlink this change and this incident."),
            404: OpenApiResponse(description="No such link on this change, or not visible to you."),
        },
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"links/(?P<link_pk>[0-9]+)",
        url_name="link-detail",
        filterset_class=None,
    )
    def unlink(self, request, pk=None, link_pk=None):
        """Remove a link, with an optional reason for the history."""
        change = self.get_object()
        try:
            link = selectors.link_for_user(request.user, int(link_pk))
        except ChangeIncidentLink.DoesNotExist as missing:
            raise Http404 from missing
        if link.change_id != change.pk:
            raise Http404
        data = UnlinkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.change_incident_unlink(actor=request.user, link=link, reason=data.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlackoutWindowViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BlackoutWindowSerializer
    ordering_fields = ["starts_at"]

    def get_queryset(self):
        return BlackoutWindow.objects.visible_to(self.request.user)


class StandardChangeTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StandardChangeTemplateSerializer
    ordering_fields = ["title"]

    def get_queryset(self):
        return StandardChangeTemplate.objects.visible_to(self.request.user).prefetch_related("components")


class IncidentChangesView(APIView):
    """GET /api/incidents/<reference>/changes/: the changes linked to this incident that you may see
    (fixed by / caused by). The chain only: the reporter's side gets 404."""

    @extend_schema(responses={200: ChangeIncidentLinkSerializer(many=True)}, operation_id="incidents_changes_list")
    def get(self, request, reference):
        try:
            incident = incident_selectors.incident_for_user(request.user, reference)
        except Incident.DoesNotExist as missing:
            raise Http404 from missing
        if not incident_rules.sees_internals(request.user):
            raise Http404
        links = selectors.links_for_incident(request.user, incident)
        return Response(ChangeIncidentLinkSerializer(links, many=True).data)
