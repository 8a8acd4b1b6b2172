import io

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import TestCase, override_settings
from xdist.scheduler import LoadScopeScheduling

from tests.postgresql import template
from tests.timetravel import local, travel

pytest_plugins = ["tests.celery_worker", "tests.smtp"]  # the `real_broker` and `smtp_server` fixtures

SEED_MAIL = "django.core.mail.backends.dummy.EmailBackend"


class SeedSnapshot:
    """The rows `seed_demo` writes, read once and written back per test in a few statements.

    Seeding through the services hashes passwords and seals every history row into the audit chain; doing
    that for each of several hundred tests was most of the suite's time. The seed now runs once per test
    process (per xdist worker), inside a transaction that is rolled back after its rows are read: the
    database stays empty between tests, so tests that build their own small chain from factories (with
    the same slugs and usernames) and tests of `seed_demo` itself see what they always saw. What the seed
    leaves to run after its commit (notifications' delivery, cache invalidation) runs before the rows are
    read, as it would after a real commit.

    `restore()` writes the rows back as they were, with their ids, creation times, history dates and audit
    seals (so the audit chain verifies), in one transaction: foreign keys are checked at its end, so table
    order does not matter. It bypasses save() and signals; nothing is re-sealed. In a test that runs in a
    transaction (`db`) the rows go with the rollback; a transactional test (`transaction=True`,
    `live_server`) commits them, and the flush after it empties the tables again. Either way the next test
    that wants them gets them written back, whatever ran before it: no test depends on another having seeded.
    """

    # 500 rows of the widest seeded table stay under SQLite's limit of 32,766 parameters a statement.
    ROWS_PER_STATEMENT = 500

    def __init__(self, tables: list[tuple[type, list[str], list[tuple]]]):
        self.tables = tables

    @classmethod
    def take(cls, **seed_options) -> "SeedSnapshot":
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ]
        with transaction.atomic():
            before = {model: model._base_manager.count() for model in models}
            # As in seed_demo itself, mail raised while loading goes nowhere.
            with override_settings(EMAIL_BACKEND=SEED_MAIL), TestCase.captureOnCommitCallbacks(execute=True):
                call_command("seed_demo", force=True, stdout=io.StringIO(), **seed_options)
            tables = []
            for model in models:
                if model._base_manager.count() == before[model]:
                    continue
                if before[model]:
                    raise RuntimeError(f"seed_demo changed {model._meta.db_table}, which was not empty before it")
                fields = model._meta.concrete_fields
                rows = model._base_manager.order_by("pk").values_list(*(field.attname for field in fields))
                # Kept as the database takes them (JSON encoded, times adapted), so restoring adapts nothing.
                prepared = [
                    tuple(field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True))
                    for row in rows
                ]
                tables.append((model, [field.column for field in fields], prepared))
            transaction.set_rollback(True)
        return cls(tables)

    @property
    def models(self) -> list[type]:
        return [model for model, _columns, _rows in self.tables]

    def restore(self) -> None:
        """One multi-row INSERT per table, the stored values as they were (auto_now times included)."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for model, columns, rows in self.tables:
                # Table and column names come from the models, the values are parameters.
                insert = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "  # noqa: S608
                row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
                for start in range(0, len(rows), self.ROWS_PER_STATEMENT):
                    chunk = rows[start : start + self.ROWS_PER_STATEMENT]
                    params = [value for row in chunk for value in row]
                    cursor.execute(insert + ", ".join([row_sql] * len(chunk)), params)
            # Rows written with their ids leave PostgreSQL's sequences behind; SQLite keeps up by itself.
            statements = connection.ops.sequence_reset_sql(no_style(), self.models)
            if statements:
                cursor.execute("\n".join(statements))


# Modules whose tests share one long computation (a session- or module-scoped fixture): with xdist their tests go
# together to one worker, so it is paid once. Not the browser tests: a unit of them handed out first would run
# before the worker's other tests, and Playwright's event loop, kept for the session, refuses Django's async_to_sync
# (the health check) in every test after it.
ONE_WORKER_MODULES = {"tests/governance/test_generated_figures.py", "tests/governance/test_page_queries.py"}


class OneTestAtATimeScheduling(LoadScopeScheduling):
    """xdist hands out the tests one at a time (a module of ONE_WORKER_MODULES as one unit), in the collection
    order, to whichever worker is nearly done, so neither waits on the other at the end, as `--dist load` can
    leave it when it has already handed a long test and many others to one worker. Each worker runs its tests
    in the collection order (the database groups of `_database_use` kept)."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return module if module in ONE_WORKER_MODULES else nodeid


def pytest_configure(config):
    template.start(config)


def pytest_unconfigure(config):
    template.drop(config)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """pytest-django's hook before the test database is created: on PostgreSQL under xdist it is a copy of the
    template the controlling process migrated (tests/postgresql/template.py)."""
    template.use()


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") in ("load", "loadgroup"):
        config.option.loadscopereorder = False  # not the units of several tests first: the collection order
        return OneTestAtATimeScheduling(config, log)
    return None


def _database_use(item: pytest.Item) -> int:
    """Tests without a database (0) first: under xdist on PostgreSQL they run while the template database is
    migrated (tests/postgresql/template.py). Then pytest-django's order: tests in a transaction (1), then
    transactional tests (2); a transactional test's flush must not come before a test that expects the migrated
    state."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or {
        "transactional_db",
        "live_server",
    } & set(fixtures):
        return 2
    return 1 if marker or "db" in fixtures else 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests marked `long_running` go first within their database group, in their random order; the rest
    keep theirs. With xdist, a test of a minute that started last would leave the other worker idle that long;
    started first, the other worker runs the short ones meanwhile. The generated set's tests, which share one
    computation per process, stay together and so on one worker."""
    items.sort(key=lambda item: (_database_use(item), item.get_closest_marker("long_running") is None))


@pytest.fixture(autouse=True)
def empty_cache():
    """Nothing cached (badges, standings, rendered filter forms) carries over from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def demo_chain_snapshot(django_db_setup, django_db_blocker) -> SeedSnapshot:
    with django_db_blocker.unblock():
        return SeedSnapshot.take(chain_only=True)


# When the whole demo is loaded: a Wednesday morning. seed_demo places its records relative to now, so tests
# that read what it loaded travel to an instant after this one and see the same records whatever day they run.
DEMO_LOADED = local(2026, 3, 4, 9, 0)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> SeedSnapshot:
    """The whole demo as `make run` loads it (the chain, twelve weeks of incidents and changes up to then, their
    reports, problems and analysis), loaded at DEMO_LOADED once per process when a test first asks for it."""
    with django_db_blocker.unblock(), time_machine.travel(DEMO_LOADED, tick=False):
        return SeedSnapshot.take()


@pytest.fixture
def demo_chain(demo_chain_snapshot, db):
    """The CoronaMelder reference chain and its demo users, as `make run` loads it (without the
    demo incidents and changes, so tests start from an empty workload). Seeded once per process
    and written back for each test that asks for it (SeedSnapshot)."""
    demo_chain_snapshot.restore()


@pytest.fixture
def demo_user(demo_chain, django_user_model):
    def get(username: str):
        return django_user_model.objects.get(username=username)

    return get


@pytest.fixture
def at():
    """Move the clock: `with at(2026, 3, 6, 10, 0): ...` (Europe/Amsterdam wall-clock time)."""
    return travel
