from .base import *  # noqa: F403
from .base import INSTALLED_APPS, REST_FRAMEWORK

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
SECOND_FACTOR_REQUIRED = False  # the tests of the second factor turn it on
WHITENOISE_AUTOREFRESH = True  # tests never run collectstatic

# The benchmark's tools (`manage.py generate_load`), which its tests use; never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

# No API throttling unless a test sets a rate: the suite makes far more requests per user than a person would.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": None, "anon": None}}
