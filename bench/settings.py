"""Production settings, plus the floor views' URLconf. Only for the benchmark (bench/run.py sets
SECRET_KEY, ALLOWED_HOSTS and SECURE_SSL_REDIRECT=0 in the environment before importing this)."""

from regie.settings.production import *  # noqa: F403
from regie.settings.production import BASE_DIR, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
# collectstatic writes here (the manifest the production storage needs), never into the tree.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
