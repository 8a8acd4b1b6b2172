"""Major incidents over the API: the same services, rules and visibility as the pages. Declaring is a POST on the
list; each other step an explicit POST action from the action registry (refused by state: 409, by who you are:
403, bad input: 400, an unseen record: 404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from core.api import ActionViewSetMixin, action_endpoint

from .. import rules, selectors, services
from ..actions import MAJOR_ACTIONS
from ..models import MajorIncident
from . import serializers as s


def major_action(name: str):
    return action_endpoint(MAJOR_ACTIONS, name, responses=s.MajorIncidentSerializer)


class MajorIncidentViewSet(
    ActionViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.MajorIncidentSerializer
    registry = MAJOR_ACTIONS

    def get_queryset(self):
        return selectors.majors_for_list(self.request.user).prefetch_related("updates__author")

    def get_object(self):
        try:
            return selectors.major_for_user(self.request.user, self.kwargs["pk"])
        except (MajorIncident.DoesNotExist, ValueError) as missing:
            raise Http404 from missing

    def action_response(self, result, code=status.HTTP_200_OK):
        major = selectors.major_for_user(self.request.user, self.kwargs.get("pk") or result.pk)
        return Response(s.MajorIncidentSerializer(major).data, status=code)

    @extend_schema(request=s.DeclareSerializer, responses={201: s.MajorIncidentSerializer})
    def create(self, request):
        if not rules.can_declare(request.user):
            raise PermissionDenied("Only the regie party (CIBG) declares a major incident.")
        data = s.DeclareSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        major = services.major_declare(actor=request.user, **data.validated_data)
        return self.action_response(major, status.HTTP_201_CREATED)

    post_update = major_action("post_update")
    link_report = major_action("link_report")
    change_coordinator = major_action("change_coordinator")
    stand_down = major_action("stand_down")
    file_review = major_action("file_review")
    close = major_action("close")
    complete_action = major_action("complete_action")
