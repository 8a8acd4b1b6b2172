"""Reads of the architect's analysis, restricted per user: the regie (the Product Owner among them) and the
business owner (VWS) read every finding and action; anyone else only the actions they own."""

from django.db import models

from parties.access import principal_for


class ReportFindingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if principal_for(user).sees_everything else self.none()


class ReportActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        principal = principal_for(user)
        if principal.sees_everything:
            return self
        if not principal.is_chain_member:
            return self.none()
        return self.filter(owner_id=user.pk)


def still_open_at(moment) -> models.Q:
    """Actions open now, or done only at or after `moment`: what a report starting then carries over."""
    return models.Q(status="open") | models.Q(done_at__gte=moment)
