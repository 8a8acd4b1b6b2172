from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        # Registers the system checks; connects the security-event signal receivers.
        from . import checks, logging  # noqa: F401
