import pytest
from django.core.cache import cache
from xdist.scheduler import LoadScopeScheduling

from tests.postgresql import template
from tests.snapshot import SNAPSHOTS, SeedSnapshot
from tests.timetravel import travel

pytest_plugins = ["tests.celery_worker", "tests.smtp"]  # the `real_broker` and `smtp_server` fixtures

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


def _snapshot(name: str, django_db_blocker) -> SeedSnapshot:
    """Seeded once per run by a subprocess under xdist on PostgreSQL (tests/postgresql/template.py), otherwise
    once per process, in its test database."""
    shared = template.snapshot(name)
    if shared is not None:
        return shared
    with django_db_blocker.unblock():
        return SNAPSHOTS[name]()


@pytest.fixture(scope="session")
def demo_chain_snapshot(django_db_setup, django_db_blocker) -> SeedSnapshot:
    return _snapshot("chain", django_db_blocker)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> SeedSnapshot:
    """The whole demo as `make run` loads it (the chain, twelve weeks of incidents and changes up to then, their
    reports, problems and analysis), loaded at DEMO_LOADED (tests/snapshot.py)."""
    return _snapshot("demo", django_db_blocker)


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
