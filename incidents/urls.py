from django.urls import path

from . import exports, views

app_name = "incidents"

# References are slugs (INC-2026-000123): anything else, a NUL byte too (PostgreSQL refuses it in a query), is 404.
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="incident_list"),
    path("export.csv", exports.IncidentExportView.as_view(), name="incident_export"),
    path("new/", views.IncidentFileView.as_view(), name="incident_file"),
    path("<slug:reference>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("<slug:reference>/attachments/<int:pk>/", views.IncidentAttachmentView.as_view(), name="attachment"),
    path("<slug:reference>/evidence/", views.IncidentEvidenceView.as_view(), name="incident_evidence"),
    path("<slug:reference>/evidence/pdf/", exports.IncidentEvidencePdfView.as_view(), name="incident_evidence_pdf"),
    path("<slug:reference>/<slug:action>/", views.IncidentActionView.as_view(), name="incident_action"),
]
