from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("reports/weekly/<str:label>/findings/", views.FindingCreateView.as_view(), name="finding_create"),
    path("reports/weekly/<str:label>/actions/", views.ActionCreateView.as_view(), name="action_create"),
    path("reports/weekly/<str:label>/problem/", views.AnomalyProblemView.as_view(), name="anomaly_problem"),
    path("analysis/actions/<int:pk>/complete/", views.ActionCompleteView.as_view(), name="action_complete"),
]
