"""API conventions shared by all apps: domain refusals are 409, validation errors 400 per field, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE 413; the JSON parser is
core.parsers.JSONParser."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .actions import ActionRegistry
from .errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response({"detail": str(exc.message), "code": type(exc).__name__}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RequestDataTooBig):  # Django would answer with its HTML error page
        return Response(
            {"detail": _("De aanvraag is te groot."), "code": "request_too_large"},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, DjangoValidationError):
        body = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def action_endpoint(registry: ActionRegistry, name: str, *, responses=None, description: str = ""):
    """The POST endpoint of one registered action on a record (`<record>/<pk>/<name>/`, dashes for
    underscores); the viewset's `act(name)` handles it."""

    def endpoint(self, request, *args, **kwargs):
        return self.act(name)

    # The router maps the HTTP method to the function's name, so it is named before decorating.
    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = description
    endpoint = extend_schema(request=registry[name].serializer, responses=responses)(endpoint)
    path = name.replace("_", "-")
    return action(detail=True, methods=["post"], url_path=path, url_name=path)(endpoint)


class ActionViewSetMixin:
    """Runs the registered actions of `registry` on the viewset's object: refused moves answer 409 (DomainError),
    refusals for who you are 403, bad input 400 and a record you may not see 404."""

    registry: ActionRegistry

    def act(self, name: str):
        obj = self.get_object()
        data = self.registry[name].serializer(data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return self.action_response(self.registry.run(name, self.request.user, obj, data.validated_data))

    def action_response(self, obj):
        raise NotImplementedError
