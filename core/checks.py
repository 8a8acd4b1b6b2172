"""System checks: every model of this project keeps history (the audit promise), the client address is read only
through the trusted proxies, and single sign-on, when on, is fully configured."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks

# More proxies than this in front of one portal is a configuration mistake, not a deployment.
MAX_TRUSTED_PROXIES = 5


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


CLIENT_IP = "core.logging.client_ip"


@checks.register(checks.Tags.security)
def client_address_from_trusted_proxies_only(app_configs, **kwargs):
    """X-Forwarded-For can be written by anyone; the portal reads it only through TRUSTED_PROXY_COUNT (the number
    of proxies of its own that append to it), and log-in throttling must use that same reading."""
    errors = []
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_TRUSTED_PROXIES:
        errors.append(
            checks.Error(
                f"TRUSTED_PROXY_COUNT must be a whole number from 0 to {MAX_TRUSTED_PROXIES}, not {count!r}.",
                hint="Set it to the number of reverse proxies of your own in front of the portal (0: none).",
                id="core.E002",
            )
        )
    if getattr(settings, "AXES_CLIENT_IP_CALLABLE", None) != CLIENT_IP:
        errors.append(
            checks.Error(
                "Log-in throttling does not read the client address through TRUSTED_PROXY_COUNT.",
                hint=f'Set AXES_CLIENT_IP_CALLABLE = "{CLIENT_IP}".',
                id="core.E003",
            )
        )
    return errors


SSO_SETTINGS = (
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)


@checks.register(checks.Tags.security)
def single_sign_on_fully_configured(app_configs, **kwargs):
    """With OIDC_RP_CLIENT_ID set, single sign-on is on and needs the provider's endpoints and the client secret."""
    if not getattr(settings, "OIDC_RP_CLIENT_ID", ""):
        return []
    missing = [name for name in SSO_SETTINGS if not getattr(settings, name, "")]
    if not missing:
        return []
    return [
        checks.Error(
            f"Single sign-on is on (OIDC_RP_CLIENT_ID is set) but {', '.join(missing)} is not.",
            hint="Set them from the provider's discovery document, or unset OIDC_RP_CLIENT_ID.",
            id="core.E004",
        )
    ]
