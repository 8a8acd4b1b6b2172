from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from core.inbox import forget_on_write

        from . import inbox
        from .analysis import inbox as analysis_inbox
        from .mail import register_kinds as register_mail_kinds
        from .models import ReportAction, WeeklyReport

        inbox.register_sections()
        analysis_inbox.register_sections()
        forget_on_write(WeeklyReport, ReportAction)
        register_mail_kinds()
