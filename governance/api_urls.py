from django.urls import include, path
from rest_framework.routers import DefaultRouter

from parties.api.views import (
    AgreementViewSet,
    ComponentViewSet,
    PartyViewSet,
    RoleAssignmentViewSet,
    ServiceCalendarViewSet,
)

router = DefaultRouter()
router.register("parties", PartyViewSet, basename="party")
router.register("components", ComponentViewSet, basename="component")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("calendars", ServiceCalendarViewSet, basename="servicecalendar")

app_name = "api"
urlpatterns = [path("", include(router.urls))]
