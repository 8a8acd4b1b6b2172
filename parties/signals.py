"""Cached principals (parties.access) go stale the moment a role assignment or the party tree changes:
after every committed save or delete of either, whether through parties.services, the admin or anything
else that saves a model instance."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from parties.access import forget_principals

from .models import Party, RoleAssignment


@receiver(post_save, sender=RoleAssignment, dispatch_uid="principal_role_assignment_saved")
@receiver(post_delete, sender=RoleAssignment, dispatch_uid="principal_role_assignment_deleted")
@receiver(post_save, sender=Party, dispatch_uid="principal_party_saved")
@receiver(post_delete, sender=Party, dispatch_uid="principal_party_deleted")
def principal_inputs_changed(sender, **kwargs) -> None:
    transaction.on_commit(forget_principals)
