from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = _("Wijzigingen")

    def ready(self):
        from incidents import panels

        from .incident_links import linked_changes_panel

        panels.register(linked_changes_panel)

        from .mail import register_kinds

        register_kinds()
