"""Development: the embedded mode `make run` uses. DEBUG defaults to on here."""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-development-key-only-for-local-use"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo logs in with a password only (README, "Sign-in and security"); production asks staff and approvers for more.
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", False)

# The benchmark's tools (`manage.py generate_load`): for development only, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
