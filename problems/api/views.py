"""Problem API: list, read and record problems, each move an explicit action calling the same service as the
pages; the incidents linked to a problem; recurrence proposals to accept or dismiss. Refusals: 409 (workflow,
stale version), 403 (not permitted), 400 (bad input, per field), 404 (not visible)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ActionViewSetMixin, action_endpoint
from problems import selectors, services
from problems.actions import PROBLEM_ACTIONS, PROPOSAL_ACTIONS
from problems.models import Problem, RecurrenceProposal

from .serializers import (
    LinkIncidentInputSerializer,
    ProblemCreateSerializer,
    ProblemDetailSerializer,
    ProblemIncidentLinkSerializer,
    ProblemSerializer,
    RecurrenceProposalSerializer,
)

REFUSALS = {
    400: OpenApiResponse(description="Bad input, per field."),
    403: OpenApiResponse(description="Your role does not allow this."),
    404: OpenApiResponse(description="No such record, or not visible to you."),
    409: OpenApiResponse(description="Not allowed in the record's state, or a stale version."),
}


def problem_action(name: str, description: str):
    return action_endpoint(
        PROBLEM_ACTIONS, name, responses={200: ProblemDetailSerializer, **REFUSALS}, description=description
    )


def proposal_action(name: str, description: str):
    return action_endpoint(
        PROPOSAL_ACTIONS, name, responses={200: RecurrenceProposalSerializer, **REFUSALS}, description=description
    )


class ProblemViewSet(
    ActionViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Problem.objects.none()  # for the schema; requests use get_queryset
    registry = PROBLEM_ACTIONS
    filterset_fields = ["status", "component__slug", "source"]
    ordering_fields = ["created_at", "reference"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.problems_for_list(self.request.user)
        return selectors.problem_detail_queryset(self.request.user)

    def get_serializer_class(self):
        return ProblemSerializer if self.action == "list" else ProblemDetailSerializer

    def action_response(self, problem, status_code=status.HTTP_200_OK):
        problem = get_object_or_404(self.get_queryset(), pk=problem.pk)
        return Response(ProblemDetailSerializer(problem, context=self.get_serializer_context()).data, status_code)

    @extend_schema(request=ProblemCreateSerializer, responses={201: ProblemDetailSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        """Record a problem (System Architect, Product Owner), optionally with incidents by reference."""
        data = ProblemCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        references = fields.pop("incidents")
        incidents = [selectors.incident_by_reference(request.user, reference) for reference in references]
        if None in incidents:
            unknown = [ref for ref, found in zip(references, incidents, strict=True) if found is None]
            return Response({"incidents": [f"No incident with reference {ref}." for ref in unknown]}, status=400)
        problem = services.problem_create(actor=request.user, incidents=incidents, **fields)
        return self.action_response(problem, status.HTTP_201_CREATED)

    record_analysis = problem_action("record_analysis", "Record root cause and workaround: a known error.")
    link_change = problem_action(
        "link_change", "Name the change that solves it; it closes when that change is reviewed as successful."
    )
    withdraw = problem_action("withdraw", "Withdraw the problem (a reason is required).")

    @extend_schema(methods=["get"], responses={200: ProblemIncidentLinkSerializer(many=True), 404: REFUSALS[404]})
    @extend_schema(
        methods=["post"],
        request=LinkIncidentInputSerializer,
        responses={201: ProblemIncidentLinkSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["get", "post"], filterset_fields=None, pagination_class=None)
    def incidents(self, request, pk=None):
        """GET: the incidents linked to this problem that you may see. POST: link one by reference."""
        problem = self.get_object()
        if request.method == "GET":
            return Response(ProblemIncidentLinkSerializer(problem.visible_links, many=True).data)
        data = LinkIncidentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = selectors.incident_by_reference(request.user, data.validated_data["incident"])
        if incident is None:
            return Response({"incident": ["No incident with that reference."]}, status=status.HTTP_400_BAD_REQUEST)
        link = services.problem_link_incident(
            actor=request.user, problem=problem, incident=incident, reason=data.validated_data["reason"]
        )
        return Response(ProblemIncidentLinkSerializer(link).data, status=status.HTTP_201_CREATED)


class RecurrenceProposalViewSet(ActionViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = RecurrenceProposal.objects.none()  # for the schema; requests use get_queryset
    registry = PROPOSAL_ACTIONS
    serializer_class = RecurrenceProposalSerializer
    filterset_fields = ["status", "kind", "week"]
    ordering_fields = ["proposed_at"]

    def get_queryset(self):
        return selectors.proposals_for_list(self.request.user)

    def action_response(self, proposal):
        proposal = get_object_or_404(self.get_queryset(), pk=proposal.pk)
        return Response(RecurrenceProposalSerializer(proposal, context=self.get_serializer_context()).data)

    accept = proposal_action("accept", "Accept: a problem is recorded with the proposal's incidents.")
    dismiss = proposal_action("dismiss", "Dismiss, with a reason that stays on record.")
