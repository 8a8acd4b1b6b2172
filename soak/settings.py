"""Production settings for the soak run (soak/run.py sets SECRET_KEY, ALLOWED_HOSTS and SECURE_SSL_REDIRECT=0
in the environment before importing this): only the static files go to a directory of their own."""

from regie.settings.production import *  # noqa: F403
from regie.settings.production import BASE_DIR

STATIC_ROOT = BASE_DIR / "var" / "soak-static"
