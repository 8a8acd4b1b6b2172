from django.urls import path

from . import pdf, records, views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("reports/weekly/", views.LatestWeeklyReportView.as_view(), name="weekly_latest"),
    path("reports/weekly/<str:label>/", views.WeeklyReportView.as_view(), name="weekly"),
    path("reports/weekly/<str:label>/incidents/", records.WeeklyRecordsView.as_view(), name="weekly_records"),
    path("reports/weekly/<str:label>/pdf/", pdf.WeeklyReportPdfView.as_view(), name="weekly_pdf"),
]
