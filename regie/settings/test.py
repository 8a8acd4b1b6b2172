from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
LANGUAGE_CODE = "nl"
WHITENOISE_AUTOREFRESH = True  # tests never run collectstatic

# The benchmark's tools (`manage.py generate_load`), which its tests use; never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
