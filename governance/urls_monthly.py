from django.urls import path

from . import views

app_name = "monthly"

urlpatterns = [
    path("", views.MonthlySummaryLatestView.as_view(), name="monthly_summary_latest"),
    path("<str:month>/", views.MonthlySummaryView.as_view(), name="monthly_summary"),
]
