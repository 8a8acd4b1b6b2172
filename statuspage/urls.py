from django.urls import path

from . import views

app_name = "statuspage"

urlpatterns = [
    path("", views.StatusPageView.as_view(), name="status_page"),
    path("feed/", views.StatusFeed(), name="status_feed"),
]
