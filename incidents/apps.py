from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidenten")

    def ready(self):
        from core import inbox as home_inbox

        from . import inbox
        from .mail import register_kinds as register_mail_kinds
        from .models import HoldPeriod, Incident, SlaEvent

        inbox.register_sections()
        home_inbox.forget_on_write(Incident, HoldPeriod, SlaEvent)
        register_mail_kinds()
