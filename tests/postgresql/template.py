"""With xdist on PostgreSQL the migrations run, and the demo is seeded, once per test run, not once per worker.

Migrating an empty database takes some 15 seconds of processor time, nearly all of it Django rendering the
model states between operations. The controlling process migrates a template database in a subprocess while
the workers start and collect; each worker then creates its test database as a copy of it (Django's
TEST["TEMPLATE"], a file copy in PostgreSQL: a tenth of a second), after which its own `migrate` finds
nothing to apply. Meanwhile a second subprocess seeds the demo chain and the whole demo in another copy and
writes their snapshots to files (tests/snapshot.py), which the workers read instead of seeding themselves. The
controller drops both databases at the end of the run.
"""

import os
import pickle
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

DIRECTORY = "REGIE_TEST_TEMPLATE_DIR"  # shared with the workers: the template's name, the snapshots, how it went
WAIT_SECONDS = 600
_KEY = pytest.StashKey[tuple[Path, list[subprocess.Popen]]]()
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
    processes = [_run(["manage.py", "migrate", "--noinput", "-v0"], name, directory / "migrate.log")]

    def finish():
        if processes[0].wait() != 0:
            (directory / "failed").touch()
            return
        try:
            with _maintenance() as maintenance:  # before the workers copy the template too
                maintenance.execute(f'CREATE DATABASE "{name}_seed" TEMPLATE "{name}"')
        except psycopg.Error as error:  # the template is fine: the workers copy it and read why there is no seed
            (directory / "seed.log").write_text(f"Copying the template to seed in failed: {error}")
            (directory / "seed-failed").touch()
            (directory / "done").touch()
            return
        processes.append(_run(["-m", "tests.snapshot", str(directory)], f"{name}_seed", directory / "seed.log"))
        (directory / "done").touch()
        if processes[1].wait() != 0:
            (directory / "seed-failed").touch()

    threading.Thread(target=finish, daemon=True).start()
    os.environ[DIRECTORY] = str(directory)
    config.stash[_KEY] = (directory, processes)


def _run(arguments: list[str], database: str, log: Path) -> subprocess.Popen:
    """This interpreter with the arguments, on the named database of the test server; its output to the log."""
    url = urlsplit(os.environ["DATABASE_URL"])
    environment = {**os.environ, "DATABASE_URL": urlunsplit(url._replace(path=f"/{database}"))}
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603 - this interpreter and our own arguments
            [sys.executable, *arguments], cwd=ROOT, env=environment, stdout=output, stderr=output
        )


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


def snapshot(name: str):
    """In a worker: the SeedSnapshot the seeding subprocess wrote as `name` (tests/snapshot.py), once it is there;
    None when this run has no seeding subprocess (no xdist, or SQLite)."""
    directory = os.environ.get(DIRECTORY)
    if not directory:
        return None
    path = Path(directory) / f"{name}.pickle"
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        if (path.parent / "seed-failed").exists():
            raise RuntimeError(f"Seeding the demo failed:\n{(path.parent / 'seed.log').read_text()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"The demo was not seeded within {WAIT_SECONDS} seconds")
        time.sleep(0.1)
    return pickle.loads(path.read_bytes())  # noqa: S301 - written by this run's own subprocess


def drop(config) -> None:
    """In the controlling process at the end of the run (a migration or seed still running when the run is cut
    short is stopped first)."""
    if _KEY not in config.stash:
        return
    directory, processes = config.stash[_KEY]
    for process in list(processes):
        if process.poll() is None:
            process.terminate()
        process.wait()
    name = (directory / "name").read_text()
    with _maintenance() as maintenance:
        for database in (f"{name}_seed", name):
            maintenance.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
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
