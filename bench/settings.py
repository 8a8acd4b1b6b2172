"""Production settings, plus the floor views' URLconf. Only for the benchmark (bench/run.py sets
SECRET_KEY, ALLOWED_HOSTS and SECURE_SSL_REDIRECT=0 in the environment before importing this)."""

from regie.settings.production import *  # noqa: F403
from regie.settings.production import BASE_DIR, CACHES, DATABASES, INSTALLED_APPS, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
# collectstatic writes here (the manifest the production storage needs), never into the tree.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
# The same hashed names as production, without WhiteNoise's gzip and Brotli copies: the benchmark requests pages
# and the API, never a static file, and compressing the 39 MB of static files took 23 s of every run.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
# The sizes' databases share one cache server: each database keys its own entries, so that nothing cached from one
# (a user's standing, a clock's SLA terms) is read for the other.
CACHES = {**CACHES, "default": {**CACHES["default"], "KEY_PREFIX": DATABASES["default"]["NAME"]}}
