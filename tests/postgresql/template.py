"""With xdist on PostgreSQL the migrations run once per test run, not once per worker.

Migrating an empty database takes 20 to 30 seconds of processor time, nearly all of it Django rendering the
model states between operations. The controlling process migrates a template database in a subprocess while
the workers start and collect; each worker then creates its test database as a copy of it (Django's
TEST["TEMPLATE"], a file copy in PostgreSQL: a tenth of a second), after which its own `migrate` finds
nothing to apply. The controller drops the template at the end of the run.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.db import connection

DIRECTORY = "REGIE_TEST_TEMPLATE_DIR"  # shared with the workers: the template's name and how its migration ended
WAIT_SECONDS = 600
_KEY = pytest.StashKey[tuple[Path, subprocess.Popen]]()
ROOT = Path(__file__).resolve().parents[2]


def start(config) -> None:
    """In the controlling process of an xdist run on PostgreSQL: create the template and migrate it meanwhile."""
    controller = not hasattr(config, "workerinput") and config.getoption("numprocesses", None)
    if not controller or connection.vendor != "postgresql":
        return
    database = settings.DATABASES["default"]
    name = f"{database['TEST'].get('NAME') or 'test_' + database['NAME']}_template"
    directory = Path(tempfile.mkdtemp(prefix="regie-template-"))
    (directory / "name").write_text(name)
    with _maintenance() as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}"')
        maintenance.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(os.environ["DATABASE_URL"])
    environment = {**os.environ, "DATABASE_URL": urlunsplit(url._replace(path=f"/{name}"))}
    log = (directory / "migrate.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=environment, stdout=log, stderr=log
    )

    def finish():
        outcome = "done" if process.wait() == 0 else "failed"
        log.close()
        (directory / outcome).touch()

    threading.Thread(target=finish, daemon=True).start()
    os.environ[DIRECTORY] = str(directory)
    config.stash[_KEY] = (directory, process)


def use() -> None:
    """In a worker, before its test database is created: wait for the template, then copy it."""
    directory = os.environ.get(DIRECTORY)
    if not directory:
        return
    directory = Path(directory)
    deadline = time.monotonic() + WAIT_SECONDS
    while not (directory / "done").exists():
        if (directory / "failed").exists():
            raise RuntimeError(f"Migrating the template database failed:\n{(directory / 'migrate.log').read_text()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"The template database was not migrated within {WAIT_SECONDS} seconds")
        time.sleep(0.1)
    settings.DATABASES["default"]["TEST"]["TEMPLATE"] = (directory / "name").read_text()


def drop(config) -> None:
    """In the controlling process at the end of the run (a migration still running when the run is cut short is
    stopped first)."""
    if _KEY not in config.stash:
        return
    directory, process = config.stash[_KEY]
    if process.poll() is None:
        process.terminate()
    process.wait()
    with _maintenance() as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{(directory / "name").read_text()}"')
    shutil.rmtree(directory, ignore_errors=True)


def _maintenance() -> psycopg.Connection:
    database = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        autocommit=True,
    )
