from django.urls import path

from . import exports, incident_links, views

app_name = "changes"

urlpatterns = [
    path("", views.ChangeRequestListView.as_view(), name="changerequest_list"),
    path("export.csv", exports.ChangeRequestExportView.as_view(), name="changerequest_export"),
    path("new/", views.ChangeRequestCreateView.as_view(), name="changerequest_create"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("board/bulk-schedule/", views.BulkScheduleView.as_view(), name="board_bulk_schedule"),
    path("calendar/", views.CalendarMonthView.as_view(), name="calendar_month"),
    path("calendar/list/", views.CalendarListView.as_view(), name="calendar_list"),
    path("planned-maintenance/", views.PlannedMaintenanceView.as_view(), name="planned_maintenance"),
    path("blackouts/", views.BlackoutWindowListView.as_view(), name="blackoutwindow_list"),
    path("blackouts/<int:pk>/delete/", views.BlackoutWindowDeleteView.as_view(), name="blackoutwindow_delete"),
    path(
        "incidents/<slug:reference>/link/",
        incident_links.IncidentLinkChangeView.as_view(),
        name="incident_link_change",
    ),
    path("links/<int:pk>/delete/", views.ChangeIncidentLinkDeleteView.as_view(), name="changeincidentlink_delete"),
    path("<int:pk>/", views.ChangeRequestDetailView.as_view(), name="changerequest_detail"),
    path("<int:pk>/links/", views.ChangeIncidentLinkCreateView.as_view(), name="changeincidentlink_create"),
    path("<int:pk>/move/", views.BacklogMoveView.as_view(), name="changerequest_move"),
    path("<int:pk>/<slug:action>/", views.ChangeActionView.as_view(), name="changerequest_action"),
]
