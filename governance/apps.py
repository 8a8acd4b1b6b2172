from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from core.inbox import forget_on_write

        from . import inbox
        from .models import WeeklyReport

        inbox.register_sections()
        forget_on_write(WeeklyReport)
