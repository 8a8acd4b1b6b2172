from django.urls import include, path
from rest_framework.routers import DefaultRouter

from changes.api.views import (
    BlackoutWindowViewSet,
    ChangeRequestViewSet,
    IncidentChangesView,
    StandardChangeTemplateViewSet,
)
from governance.analysis.api import ReportAnalysisView
from governance.reports.api import WeeklyReportViewSet
from incidents.api.views import IncidentViewSet
from majorincidents.api.views import MajorIncidentViewSet
from parties.api.views import (
    AgreementViewSet,
    ComponentViewSet,
    PartyViewSet,
    RoleAssignmentViewSet,
    ServiceCalendarViewSet,
)
from problems.api.views import ProblemViewSet, RecurrenceProposalViewSet

router = DefaultRouter()
router.register("parties", PartyViewSet, basename="party")
router.register("components", ComponentViewSet, basename="component")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("calendars", ServiceCalendarViewSet, basename="servicecalendar")
router.register("changes", ChangeRequestViewSet, basename="changerequest")
router.register("change-templates", StandardChangeTemplateViewSet, basename="standardchangetemplate")
router.register("blackout-windows", BlackoutWindowViewSet, basename="blackoutwindow")
router.register("problems", ProblemViewSet, basename="problem")
router.register("problem-proposals", RecurrenceProposalViewSet, basename="recurrenceproposal")
router.register("incidents", IncidentViewSet, basename="incident")
router.register("major-incidents", MajorIncidentViewSet, basename="majorincident")
router.register("reports/weekly", WeeklyReportViewSet, basename="weeklyreport")

app_name = "api"
urlpatterns = [
    path("incidents/<str:reference>/changes/", IncidentChangesView.as_view(), name="incident-changes"),
    path("reports/weekly/<str:label>/analysis/", ReportAnalysisView.as_view(), name="weeklyreport-analysis"),
    path("", include(router.urls)),
]
