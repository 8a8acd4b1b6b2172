from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MajorIncidentsConfig(AppConfig):
    name = "majorincidents"
    verbose_name = _("Grote verstoringen")

    def ready(self):
        from core import inbox as home_inbox
        from incidents import evidence, outages, panels

        from . import inbox
        from .evidence import major_incident_section
        from .mail import register_kinds as register_mail_kinds
        from .models import MajorIncident, MajorIncidentReview, MajorIncidentUpdate, ReviewAction
        from .panels import PAGE_RELATIONS, major_incident_panel, open_major_outages

        panels.register(major_incident_panel, select_related=PAGE_RELATIONS)
        evidence.register_section("major_incident", major_incident_section)
        outages.register(open_major_outages)
        inbox.register_sections()
        home_inbox.forget_on_write(MajorIncident, MajorIncidentUpdate, MajorIncidentReview, ReviewAction)
        register_mail_kinds()
