from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "parties"
    verbose_name = _("Ketenpartijen")

    def ready(self):
        from core import second_factor

        from . import signals  # noqa: F401 - connects the receivers
        from .access import manages_agreements

        second_factor.register_requirement(manages_agreements)
