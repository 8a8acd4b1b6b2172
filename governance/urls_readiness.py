from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [
    path("", views.ReadinessListView.as_view(), name="readinessitem_list"),
    path("<slug:key>/", views.ReadinessItemView.as_view(), name="readinessitem_detail"),
]
