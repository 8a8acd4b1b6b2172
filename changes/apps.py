from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = _("Wijzigingen")

    def ready(self):
        from core import inbox as home_inbox
        from core import second_factor
        from incidents import panels

        from . import inbox
        from .incident_links import linked_changes_panel
        from .mail import register_kinds as register_mail_kinds
        from .models import Approval, BlackoutWindow, ChangeRequest
        from .rules import approves_changes

        panels.register(linked_changes_panel)
        inbox.register_sections()
        home_inbox.forget_on_write(ChangeRequest, Approval, BlackoutWindow)
        second_factor.register_requirement(approves_changes)
        register_mail_kinds()
