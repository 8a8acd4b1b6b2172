from django.urls import path

from . import views

app_name = "parties"

urlpatterns = [
    path("parties/", views.PartyListView.as_view(), name="party_list"),
    path("parties/<slug:slug>/", views.PartyDetailView.as_view(), name="party_detail"),
    path("components/", views.ComponentListView.as_view(), name="component_list"),
    path("components/<slug:slug>/", views.ComponentDetailView.as_view(), name="component_detail"),
    path("services/", views.ServiceListView.as_view(), name="service_list"),
    path("services/<slug:slug>/", views.ServiceDetailView.as_view(), name="service_detail"),
    path("responsibilities/", views.ResponsibilityMatrixView.as_view(), name="responsibility_matrix"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("calendars/<int:pk>/", views.ServiceCalendarDetailView.as_view(), name="calendar_detail"),
]
