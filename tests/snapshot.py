"""The demo's rows, seeded once and written back per test (SeedSnapshot), and the subprocess that seeds them once
for a whole xdist run on PostgreSQL: `python -m tests.snapshot DIRECTORY` (tests/postgresql/template.py starts it).
"""

import io
import pickle
import sys
from pathlib import Path

import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import TestCase, override_settings

from tests.timetravel import local

SEED_MAIL = "django.core.mail.backends.dummy.EmailBackend"


class SeedSnapshot:
    """The rows `seed_demo` writes, read once and written back per test in a few statements.

    Seeding through the services hashes passwords and seals every history row into the audit chain; doing
    that for each of several hundred tests was most of the suite's time. The seed runs once per test run
    (or once per process without xdist or on SQLite), inside a transaction rolled back after its rows are read: the
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

    def __getstate__(self) -> dict:
        # Models by label: the ones Django creates for many-to-many fields cannot be pickled as classes.
        return {"tables": [(model._meta.label, columns, rows) for model, columns, rows in self.tables]}

    def __setstate__(self, state: dict) -> None:
        self.tables = [(apps.get_model(label), columns, rows) for label, columns, rows in state["tables"]]

    @property
    def models(self) -> list[type]:
        return [model for model, _columns, _rows in self.tables]

    def restore(self) -> None:
        """The stored values as they were (auto_now times included): per table one COPY on PostgreSQL (a quarter of
        the time of INSERTs for the whole demo), one multi-row INSERT per ROWS_PER_STATEMENT rows elsewhere."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for model, columns, rows in self.tables:
                # Table and column names come from the models; the values are parameters or copied data.
                into = f"{quote(model._meta.db_table)} ({', '.join(map(quote, columns))})"
                if connection.vendor == "postgresql":
                    with cursor.copy(f"COPY {into} FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                    continue
                row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
                for start in range(0, len(rows), self.ROWS_PER_STATEMENT):
                    chunk = rows[start : start + self.ROWS_PER_STATEMENT]
                    params = [value for row in chunk for value in row]
                    cursor.execute(f"INSERT INTO {into} VALUES " + ", ".join([row_sql] * len(chunk)), params)  # noqa: S608
            # Rows written with their ids leave PostgreSQL's sequences behind; SQLite keeps up by itself.
            statements = connection.ops.sequence_reset_sql(no_style(), self.models)
            if statements:
                cursor.execute("\n".join(statements))


# When the whole demo is loaded: a Wednesday morning. seed_demo places its records relative to now, so tests
# that read what it loaded travel to an instant after this one and see the same records whatever day they run.
DEMO_LOADED = local(2026, 3, 4, 9, 0)


def take_chain() -> SeedSnapshot:
    """The reference chain and its users."""
    return SeedSnapshot.take(chain_only=True)


def take_demo() -> SeedSnapshot:
    """The whole demo, as `make run` loads it, at DEMO_LOADED."""
    with time_machine.travel(DEMO_LOADED, tick=False):
        return SeedSnapshot.take()


SNAPSHOTS = {"chain": take_chain, "demo": take_demo}


def main(directory: Path) -> None:
    """Take each snapshot and write it to DIRECTORY/<name>.pickle, the chain first: the workers need it first."""
    import django

    django.setup()
    for name, take in SNAPSHOTS.items():
        partial = directory / f"{name}.partial"
        partial.write_bytes(pickle.dumps(take()))
        partial.rename(directory / f"{name}.pickle")


if __name__ == "__main__":
    from tests.snapshot import main as main_of_the_module  # pickled under tests.snapshot, not __main__

    main_of_the_module(Path(sys.argv[1]))
