"""The portal's URLs plus /bench-floor/…: the floor views the benchmark compares each page with."""

from django.urls import path

from regie.urls import urlpatterns as portal

from . import floor

urlpatterns = [
    path("bench-floor/incidents/", floor.incident_list, name="floor_incident_list"),
    path("bench-floor/incidents/<str:reference>/", floor.incident_detail, name="floor_incident_detail"),
    path("bench-floor/board/", floor.board, name="floor_board"),
    path("bench-floor/dashboard/", floor.dashboard, name="floor_dashboard"),
    path("bench-floor/weekly/<str:label>/", floor.weekly, name="floor_weekly"),
    path("bench-floor/api/incidents/", floor.api_incidents, name="floor_api_incidents"),
    path("bench-floor/api/changes/", floor.api_changes, name="floor_api_changes"),
    *portal,
]
