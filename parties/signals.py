"""Cached principals (parties.access) go stale the moment a role assignment, the party tree or a service's
owner changes: after every committed save or delete of any of them, whether through parties.services, the
admin or anything else that saves a model instance."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from parties.access import forget_principals

from .catalogue import forget_snapshot
from .models import Component, ComponentDependency, Party, RoleAssignment, Service


@receiver(post_save, sender=RoleAssignment, dispatch_uid="principal_role_assignment_saved")
@receiver(post_delete, sender=RoleAssignment, dispatch_uid="principal_role_assignment_deleted")
@receiver(post_save, sender=Party, dispatch_uid="principal_party_saved")
@receiver(post_delete, sender=Party, dispatch_uid="principal_party_deleted")
@receiver(post_save, sender=Service, dispatch_uid="principal_service_saved")
@receiver(post_delete, sender=Service, dispatch_uid="principal_service_deleted")
def principal_inputs_changed(sender, **kwargs) -> None:
    transaction.on_commit(forget_principals)


@receiver(post_save, sender=Service, dispatch_uid="catalogue_service_saved")
@receiver(post_delete, sender=Service, dispatch_uid="catalogue_service_deleted")
@receiver(post_save, sender=Component, dispatch_uid="catalogue_component_saved")
@receiver(post_delete, sender=Component, dispatch_uid="catalogue_component_deleted")
@receiver(post_save, sender=ComponentDependency, dispatch_uid="catalogue_dependency_saved")
@receiver(post_delete, sender=ComponentDependency, dispatch_uid="catalogue_dependency_deleted")
@receiver(post_save, sender=Party, dispatch_uid="catalogue_party_saved")
def catalogue_changed(sender, **kwargs) -> None:
    """The cached catalogue (parties.catalogue.snapshot) is dropped at once, and again when the write commits,
    so a reader between the two cannot keep what the write replaced."""
    forget_snapshot()
    transaction.on_commit(forget_snapshot)
