"""Settings for the Celery workers of the fault tests (tests/faults/): the test settings, plus

- mail written to files in $REGIE_TEST_MAIL_DIR, so the test can count what a worker in another
  process sent;
- a short Redis visibility timeout, so a task whose worker was killed is delivered again within
  seconds instead of an hour;
- tests.faults.worker_hooks, which can hold the weekly report computation open (see there).
"""

import os

from regie.settings.test import *  # noqa: F403
from regie.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS

if os.environ.get("REGIE_TEST_MAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["REGIE_TEST_MAIL_DIR"]

CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_IMPORTS = ["tests.faults.worker_hooks"]
