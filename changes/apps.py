from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = _("Wijzigingen")

    def ready(self):
        from core import second_factor
        from incidents import panels

        from .incident_links import linked_changes_panel
        from .rules import approves_changes

        panels.register(linked_changes_panel)
        second_factor.register_requirement(approves_changes)
