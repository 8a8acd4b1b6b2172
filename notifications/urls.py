from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [path("", views.MailPreferencesView.as_view(), name="preferences")]
