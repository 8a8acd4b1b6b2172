from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "parties"
    verbose_name = _("Ketenpartijen")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
