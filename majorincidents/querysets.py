"""Which major incidents a user may see: the chain members who see the incident behind it (DESIGN §5). The
reporter's side reads the public updates on its own reports' pages only, never these records."""

from django.db import models

from parties.access import principal_for


class MajorIncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from incidents.models import Incident

        principal = principal_for(user)
        if not principal.is_authenticated or not principal.is_chain_member:
            return self.none()
        if principal.sees_everything:
            return self
        return self.filter(incident__in=Incident.objects.visible_to(user))

    def open(self):
        from .models import MajorStatus

        return self.exclude(status=MajorStatus.CLOSED)
