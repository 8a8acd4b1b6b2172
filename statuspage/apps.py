from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatuspageConfig(AppConfig):
    name = "statuspage"
    verbose_name = _("Statuspagina")

    def ready(self):
        from changes.models import ChangeRequest, RiskAssessment
        from incidents.models import Incident
        from majorincidents.models import MajorIncident, MajorIncidentUpdate
        from parties.models import Component, Service

        from .cache import forget_on_write

        forget_on_write(Incident, ChangeRequest, RiskAssessment, Component, Service, MajorIncident, MajorIncidentUpdate)
