from django.urls import path

from . import views

app_name = "majorincidents"

urlpatterns = [
    path("", views.MajorIncidentListView.as_view(), name="major_list"),
    path("declare/<slug:reference>/", views.MajorIncidentDeclareView.as_view(), name="major_declare"),
    path("<int:pk>/", views.MajorIncidentDetailView.as_view(), name="major_detail"),
    path("<int:pk>/<slug:action>/", views.MajorIncidentActionView.as_view(), name="major_action"),
]
