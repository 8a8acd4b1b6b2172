from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.IncidentListView.as_view(), name="incident_list"),
    path("new/", views.IncidentFileView.as_view(), name="incident_file"),
    path("<str:reference>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("<str:reference>/attachments/<int:pk>/", views.IncidentAttachmentView.as_view(), name="attachment"),
    path("<str:reference>/evidence/", views.IncidentEvidenceView.as_view(), name="incident_evidence"),
    path("<str:reference>/link-change/", views.IncidentLinkChangeView.as_view(), name="incident_link_change"),
    path("<str:reference>/<slug:action>/", views.IncidentActionView.as_view(), name="incident_action"),
]
