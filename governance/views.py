from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from parties.models import RoleAssignment


class HomeView(LoginRequiredMixin, TemplateView):
    """The user's first screen: what their role in the chain lets them do."""

    template_name = "governance/home.html"

    def get_context_data(self, **kwargs):
        assignments = (
            RoleAssignment.objects.active_on(timezone.localdate())
            .filter(user=self.request.user)
            .select_related("party")
        )
        return super().get_context_data(assignments=assignments, **kwargs)
