"""Change API: list, filter and create changes; each transition and decision is an explicit action
calling the same service as the pages. Refusals: 409 (workflow, stale version), 403 (not permitted),
400 (bad input, per field)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from changes import selectors, services
from changes.filters import ChangeRequestFilterSet
from changes.models import BlackoutWindow, ChangeIncidentLink, ChangeRequest, Decision, StandardChangeTemplate
from incidents import permissions as incident_permissions
from incidents import selectors as incident_selectors
from incidents.models import Incident

from .serializers import (
    AssessmentInputSerializer,
    BlackoutWindowSerializer,
    CalendarEntrySerializer,
    CalendarQuerySerializer,
    ChangeIncidentLinkInputSerializer,
    ChangeIncidentLinkSerializer,
    ChangeRequestCreateSerializer,
    ChangeRequestDetailSerializer,
    ChangeRequestSerializer,
    DecisionInputSerializer,
    MoveInputSerializer,
    ReviewInputSerializer,
    ScheduleInputSerializer,
    StandardChangeTemplateSerializer,
    TransitionSerializer,
    UnlinkInputSerializer,
)

REFUSALS = {
    400: OpenApiResponse(description="Bad input, per field."),
    403: OpenApiResponse(description="Your role does not allow this on this change."),
    404: OpenApiResponse(description="No such change, or not visible to you."),
    409: OpenApiResponse(description="Not allowed in the change's state, or a stale version."),
}


def transition_action(name: str, url_path: str, description: str):
    """An action that only needs a version and a reason: start, complete, fail, roll back, close, cancel."""

    def move(self, request, pk=None):
        return self.act(
            TransitionSerializer,
            lambda change, version, reason: services.change_transition(
                actor=request.user, change=change, name=name, version=version, reason=reason
            ),
        )

    # The router maps the HTTP method to the function's name, so it is named before decorating.
    move.__name__ = move.__qualname__ = name
    move.__doc__ = description
    move = extend_schema(request=TransitionSerializer, responses={200: ChangeRequestDetailSerializer, **REFUSALS})(move)
    return action(detail=True, methods=["post"], url_path=url_path, url_name=url_path)(move)


class ChangeRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = ChangeRequest.objects.none()  # for the schema; requests use get_queryset
    filterset_class = ChangeRequestFilterSet
    ordering_fields = ["rank", "proposed_start", "planned_start", "reference"]

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

    def detail_response(self, change, status_code=status.HTTP_200_OK):
        change = get_object_or_404(self.get_queryset(), pk=change.pk)
        selectors.flag_conflicts(self.request.user, [change])
        return Response(ChangeRequestDetailSerializer(change, context=self.get_serializer_context()).data, status_code)

    def act(self, input_serializer, call):
        change = self.get_object()
        data = input_serializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        try:
            updated = call(change, **data.validated_data)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        return self.detail_response(updated)

    @extend_schema(request=ChangeRequestCreateSerializer, responses={201: ChangeRequestDetailSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        """Request a change for one of your parties; submitted at once unless `submit` is false."""
        data = ChangeRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        try:
            change = services.change_create(
                actor=request.user, components=fields.pop("components"), submit=fields.pop("submit"), **fields
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        return self.detail_response(change, status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses={200: ChangeRequestDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft. A standard change is approved at once by its template."""
        return self.act(
            TransitionSerializer,
            lambda change, version, reason: services.change_submit(
                actor=request.user, change=change, version=version, reason=reason
            ),
        )

    @extend_schema(request=AssessmentInputSerializer, responses={200: ChangeRequestDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        """The System Architect's risk questionnaire; yields low / medium / high."""
        return self.act(
            AssessmentInputSerializer,
            lambda change, version, **answers: services.change_assess(
                actor=request.user, change=change, version=version, **answers
            ),
        )

    @extend_schema(request=TransitionSerializer, responses={200: ChangeRequestDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"], url_path="request-approval", url_name="request-approval")
    def request_approval(self, request, pk=None):
        """Send to the approvers its risk (or emergency type) requires."""
        return self.act(
            TransitionSerializer,
            lambda change, version, reason: services.change_request_approval(
                actor=request.user, change=change, version=version, reason=reason
            ),
        )

    @extend_schema(request=DecisionInputSerializer, responses={200: ChangeRequestDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve in one of your roles; approved once every required role has approved."""
        return self.decide(Decision.APPROVED)

    @extend_schema(request=DecisionInputSerializer, responses={200: ChangeRequestDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject (with a comment): any rejection rejects the change."""
        return self.decide(Decision.REJECTED)

    def decide(self, decision):
        return self.act(
            DecisionInputSerializer,
            lambda change, version, comment, role: services.change_decide(
                actor=self.request.user, change=change, version=version, decision=decision, comment=comment, role=role
            ),
        )

    @extend_schema(request=ScheduleInputSerializer, responses={200: ChangeRequestDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        """Plan an approved change (default: its proposed window); refused inside a freeze period."""
        return self.act(
            ScheduleInputSerializer,
            lambda change, version, planned_start, planned_end: services.change_schedule(
                actor=request.user, change=change, version=version, planned_start=planned_start, planned_end=planned_end
            ),
        )

    @extend_schema(request=ReviewInputSerializer, responses={200: ChangeRequestDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The post-implementation review, required before closing emergency and failed changes."""
        return self.act(
            ReviewInputSerializer,
            lambda change, version, what_happened, follow_up: services.change_review(
                actor=request.user, change=change, version=version, what_happened=what_happened, follow_up=follow_up
            ),
        )

    @extend_schema(request=MoveInputSerializer, responses={200: ChangeRequestSerializer(many=True), **REFUSALS})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move a backlog change to a position (1 = top); returns the new backlog order."""
        change = self.get_object()
        data = MoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            order = services.backlog_move(actor=request.user, change=change, position=data.validated_data["position"])
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
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
        try:
            link = services.change_incident_link(
                actor=request.user,
                change=change,
                incident=incident,
                kind=data.validated_data["kind"],
                reason=data.validated_data["reason"],
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
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
        try:
            services.change_incident_unlink(actor=request.user, link=link, reason=data.validated_data["reason"])
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    start = transition_action("start", "start", "Start implementing a scheduled change.")
    complete = transition_action("complete", "complete", "Report the implementation as successful.")
    fail = transition_action("fail", "fail", "Report the implementation as failed.")
    roll_back = transition_action("roll_back", "roll-back", "Report a failed change as rolled back.")
    close = transition_action("close", "close", "Close a completed (or reviewed) change.")
    cancel = transition_action("cancel", "cancel", "Cancel before implementation (a reason is required).")


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
        if not incident_permissions.sees_internals(request.user):
            raise Http404
        links = selectors.links_for_incident(request.user, incident)
        return Response(ChangeIncidentLinkSerializer(links, many=True).data)
