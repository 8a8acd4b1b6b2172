"""System checks that keep the audit promise: every governance model keeps history."""

from django.apps import apps
from django.core import checks

GOVERNANCE_APPS = ("parties", "incidents", "changes", "governance")


@checks.register()
def governance_models_keep_history(app_configs, **kwargs):
    errors = []
    for model in apps.get_models():
        if model._meta.app_label not in GOVERNANCE_APPS:
            continue
        if model.__name__.startswith("Historical") or getattr(model, "history_not_needed", False):
            continue
        if not hasattr(model, "history"):
            errors.append(
                checks.Error(
                    f"{model._meta.label} records governance but keeps no history.",
                    hint="Declare `history = tracked_history()` on the model.",
                    obj=model,
                    id="governance.E001",
                )
            )
    return errors
