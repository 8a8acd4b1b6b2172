import io

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from tests.timetravel import travel

pytest_plugins = ["tests.celery_worker", "tests.smtp"]  # the `real_broker` and `smtp_server` fixtures


class ChainSnapshot:
    """The rows `seed_demo --chain-only` writes, read once and written back per test in a few statements.

    Seeding through the services hashes passwords and seals every history row into the audit chain; doing
    that for each of several hundred tests was most of the suite's time. The seed now runs once per test
    process (per xdist worker), inside a transaction that is rolled back after its rows are read: the
    database stays empty between tests, so tests that build their own small chain from factories (with
    the same slugs and usernames) and tests of `seed_demo` itself see what they always saw.

    `restore()` writes the rows back as they were, with their ids, history dates and audit seals (so the
    audit chain verifies), in one transaction: foreign keys are checked at its end, so table order does not
    matter. It bypasses save() and signals; nothing is re-sealed. In a test that runs in a transaction
    (`db`) the rows go with the rollback; a transactional test (`transaction=True`, `live_server`) commits
    them, and the flush after it empties the tables again. Either way the next test that wants the chain
    gets it written back, whatever ran before it: no test depends on another having seeded.
    """

    def __init__(self, tables: list[tuple[type, list[str], list[tuple]]]):
        self.tables = tables

    @classmethod
    def take(cls) -> "ChainSnapshot":
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ]
        with transaction.atomic():
            before = {model: model._base_manager.count() for model in models}
            call_command("seed_demo", force=True, chain_only=True, stdout=io.StringIO())
            tables = []
            for model in models:
                if model._base_manager.count() == before[model]:
                    continue
                if before[model]:
                    raise RuntimeError(f"seed_demo changed {model._meta.db_table}, which was not empty before it")
                fields = [field.attname for field in model._meta.concrete_fields]
                rows = list(model._base_manager.order_by("pk").values_list(*fields))
                tables.append((model, fields, rows))
            transaction.set_rollback(True)
        return cls(tables)

    @property
    def models(self) -> list[type]:
        return [model for model, _fields, _rows in self.tables]

    def restore(self) -> None:
        with transaction.atomic():
            for model, fields, rows in self.tables:
                model._base_manager.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows])
            # Rows written with their ids leave PostgreSQL's sequences behind; SQLite keeps up by itself.
            statements = connection.ops.sequence_reset_sql(no_style(), self.models)
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)


@pytest.fixture(autouse=True)
def empty_cache():
    """Nothing cached (badges, standings, rendered filter forms) carries over from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def demo_chain_snapshot(django_db_setup, django_db_blocker) -> ChainSnapshot:
    with django_db_blocker.unblock():
        return ChainSnapshot.take()


@pytest.fixture
def demo_chain(demo_chain_snapshot, db):
    """The CoronaMelder reference chain and its demo users, as `make run` loads it (without the
    demo incidents and changes, so tests start from an empty workload). Seeded once per process
    and written back for each test that asks for it (ChainSnapshot)."""
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
