"""System checks that keep the audit promise: every model of this project keeps history, unless it says why not."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks


def project_app_configs():
    """The apps of this project (not Django's or a library's): those whose code lives beside the settings."""
    root = Path(settings.BASE_DIR).resolve()
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if path.is_relative_to(root) and "site-packages" not in path.parts:
            yield app_config


@checks.register()
def governance_models_keep_history(app_configs, **kwargs):
    errors = []
    for app_config in project_app_configs():
        for model in app_config.get_models():
            if model.__name__.startswith("Historical") or getattr(model, "history_not_needed", False):
                continue
            if not hasattr(model, "history"):
                errors.append(
                    checks.Error(
                        f"{model._meta.label} records governance but keeps no history.",
                        hint="Declare `history = tracked_history()` on the model, or `history_not_needed = True` "
                        "with a docstring that says why.",
                        obj=model,
                        id="core.E001",
                    )
                )
    return errors
