from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "problems"
    verbose_name = _("Problemen")

    def ready(self):
        from changes.signals import change_reviewed
        from core import inbox as home_inbox
        from incidents import panels

        from . import inbox
        from .incident_panel import known_errors_panel
        from .known_errors import forget_on_write as forget_known_errors_on_write
        from .models import Problem, ProblemIncidentLink, RecurrenceProposal
        from .services import close_problems_solved_by

        panels.register(known_errors_panel)
        inbox.register_sections()
        home_inbox.forget_on_write(Problem, ProblemIncidentLink, RecurrenceProposal)
        forget_known_errors_on_write(Problem, ProblemIncidentLink)
        change_reviewed.connect(close_problems_solved_by, dispatch_uid="problems-close-on-review")
