from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "parties"
    verbose_name = _("Ketenpartijen")

    def ready(self):
        from core import second_factor
        from core.inbox import forget_on_write

        from . import signals  # noqa: F401 - connects the receivers
        from .access import manages_agreements
        from .models import Party, RoleAssignment

        # Who someone is in the chain decides which sections of "Wat wacht op mij" they get.
        forget_on_write(Party, RoleAssignment)
        second_factor.register_requirement(manages_agreements)
