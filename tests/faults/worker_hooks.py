"""Imported by the fault tests' workers only (worker_settings.CELERY_IMPORTS).

With REGIE_TEST_STALL_REPORT=<path> in the worker's environment, the weekly report computation stops
right after it has written the report row, inside its transaction and before the commit: it writes
its process id to <path> and sleeps. The test then kills that process with SIGKILL, the moment a
real crash would do the most harm. Without the variable this module does nothing.
"""

import os
import time
from pathlib import Path

from django.db.models.signals import post_save

from governance.models import WeeklyReport

STALL_FILE = os.environ.get("REGIE_TEST_STALL_REPORT")


def _stall(sender, instance, **kwargs):
    Path(STALL_FILE).write_text(str(os.getpid()))
    time.sleep(300)


if STALL_FILE:
    post_save.connect(_stall, sender=WeeklyReport, dispatch_uid="regie-test-stall-report")
