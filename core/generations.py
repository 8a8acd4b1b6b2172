"""Cache generations: cached figures are stored under a generation that every write to the records they read
replaces, so what was stored before a write is never read after it (with a shared cache; with per-process memory
another worker may read it until its timeout).

A generation is replaced at once (for this process's next read) and again when the transaction commits (so no
other process stores, under the new generation, what it read before the commit)."""

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


class Generation:
    """One generation in the cache, named `name`; `enabled` says whether its cache is in use at all (while it is
    not, writes replace nothing)."""

    def __init__(self, name: str, enabled: Callable[[], bool] = lambda: True):
        self.name, self.key, self.enabled = name, f"{name}:generation", enabled

    def current(self) -> str:
        generation = cache.get(self.key)
        if generation is None:
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            generation = cache.get(self.key)
        return generation

    def replace(self) -> None:
        if not self.enabled():
            return
        cache.set(self.key, uuid.uuid4().hex, timeout=None)
        transaction.on_commit(lambda: cache.set(self.key, uuid.uuid4().hex, timeout=None))

    def _on_write(self, sender, **kwargs) -> None:
        self.replace()

    def replace_on_write(self, *models) -> None:
        """Any save or delete of these models, or change of their many-to-many relations, replaces the generation
        (call it from an AppConfig.ready)."""
        for model in models:
            label = model._meta.label_lower
            post_save.connect(self._on_write, sender=model, weak=False, dispatch_uid=f"{self.name}-{label}-save")
            post_delete.connect(self._on_write, sender=model, weak=False, dispatch_uid=f"{self.name}-{label}-delete")
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    self._on_write,
                    sender=field.remote_field.through,
                    weak=False,
                    dispatch_uid=f"{self.name}-{label}-{field.name}",
                )
