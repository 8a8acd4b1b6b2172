from django.urls import path

from . import views

app_name = "problems"

urlpatterns = [
    path("", views.ProblemListView.as_view(), name="problem_list"),
    path("new/", views.ProblemCreateView.as_view(), name="problem_create"),
    path("proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/<slug:action>/", views.ProposalActionView.as_view(), name="proposal_action"),
    path("<int:pk>/", views.ProblemDetailView.as_view(), name="problem_detail"),
    path("<int:pk>/incidents/", views.ProblemLinkIncidentView.as_view(), name="problem_link_incident"),
    path("<int:pk>/<slug:action>/", views.ProblemActionView.as_view(), name="problem_action"),
]
