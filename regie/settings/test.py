from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, REST_FRAMEWORK

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

# Test databases are thrown away: on PostgreSQL a commit does not wait for its write-ahead log to reach the disk
# (other connections see it at once, as before). Migrations, transactional tests and the workers commit often.
# The flush after a transactional test deletes rows instead of truncating the tables (tests/postgresql/base.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].get("OPTIONS", {})
    DATABASES = {
        "default": {
            **DATABASES["default"],
            "ENGINE": "tests.postgresql",
            "OPTIONS": {**_options, "options": f"{_options.get('options', '')} -c synchronous_commit=off".strip()},
        }
    }
