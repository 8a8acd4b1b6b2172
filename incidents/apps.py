from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidenten")

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from core import inbox as home_inbox

        from . import clock_terms, clock_weeks, inbox
        from .mail import register_kinds as register_mail_kinds
        from .models import HoldPeriod, Incident, SlaClock, SlaEvent

        inbox.register_sections()
        home_inbox.forget_on_write(Incident, HoldPeriod, SlaEvent)
        register_mail_kinds()
        clock_terms.forget_on_write()
        post_create_historical_record.connect(
            clock_weeks.record_week, sender=SlaClock.history.model, dispatch_uid="clock-weeks"
        )
