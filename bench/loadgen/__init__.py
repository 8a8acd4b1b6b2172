"""A large, realistic workload for the benchmark (`manage.py generate_load`, bench/management/commands).

Incidents and changes over the last years, with their clocks, assignments, holds, messages, SLA
events, approvals and the history rows of every record, written with PostgreSQL COPY in chunks
(one transaction per chunk, so memory stays flat and foreign keys are checked as we go).

Nothing here calls a service or the database per row: each incident's life is played through the
incident workflow's table with the services' bookkeeping (story.py), in business time read from the
calendar engine once per calendar and day (business_time.py); the chain's agreements, targets and
calendars are read once. Deterministic for a given seed and "now". Benchmark data only: it writes
rows directly, never through `QuerySet.update()`.

    chain.py      the demo chain, read once
    incidents.py  incidents and everything that hangs off them: the draws of each incident's life
    story.py      one incident's life, step by step, as the services write it
    business_time.py  the calendar engine's business time, as a table per calendar
    changes.py    changes, their assessments and approvals
    history.py    tracked records with their history rows, sealed into the audit chain
    writer.py     COPY text and the pipeline that copies chunks in
    draw.py       random draws both writers use

The clocks' rows per week (incidents.ClockWeek), which the services keep as they write a clock, are filled
from the clocks' history at the end, as a database upgraded to them is.
"""

import random
from contextlib import contextmanager
from datetime import UTC, datetime

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from core.auditchain.seal import CHAIN_LOCK_KEY
from incidents.clock_weeks import fill_from_history
from incidents.models import ClockWeek, SlaClock

from .chain import load_chain
from .changes import ChangeWriter
from .incidents import IncidentWriter

BULK_THRESHOLD = 100_000  # from this many incidents on, drop the secondary indexes while loading


def _secondary_indexes(cursor, tables: list[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes on these tables that back no constraint."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i'
        WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
        ORDER BY i.tablename, i.indexname
        """,
        [tables],
    )
    return cursor.fetchall()


@contextmanager
def _chains_held():
    """Hold the audit chains for the whole load, which spans many transactions: the lock every writer of
    history takes (auditchain.lock_chain), for the session rather than one transaction. SQLite (the tests'
    in-process load) has one writer at a time anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [CHAIN_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [CHAIN_LOCK_KEY])


def generate(*, incidents: int, changes: int, seed: int, years: float, now: datetime | None = None, progress=None):
    """Write the workload; returns (incidents written, changes written). `progress(kind, done, total)`.

    For a large load the secondary indexes of the tables written are dropped first and built again
    at the end (a sorted build is many times faster than maintaining them row by row)."""
    now = now or timezone.now().replace(microsecond=0)
    progress = progress or (lambda kind, done, total: None)
    chain = load_chain(now)
    moment = now.astimezone(UTC).timestamp()
    incident_writer = IncidentWriter(chain, random.Random(seed), moment, progress)  # noqa: S311 - deterministic
    change_writer = ChangeWriter(chain, random.Random(seed + 1), moment, progress)  # noqa: S311
    tables = [table.table for table in incident_writer.tables() + change_writer.tables()]
    clocks_before = SlaClock.objects.aggregate(last=Max("id"))["last"] or 0
    dropped = []
    if incidents >= BULK_THRESHOLD:
        with transaction.atomic(), connection.cursor() as cursor:
            dropped = _secondary_indexes(cursor, tables)
            for name, _definition in dropped:
                cursor.execute(f'DROP INDEX "{name}"')
    try:
        with _chains_held():
            written_incidents = incident_writer.write(incidents, years)
            written_changes = change_writer.write(changes, years)
    finally:
        if dropped:
            progress("indexes", 0, len(dropped))
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                for number, (_name, definition) in enumerate(dropped, start=1):
                    cursor.execute(definition)
                    progress("indexes", number, len(dropped))
    progress("clock weeks", 0, 1)
    fill_from_history(after=clocks_before)
    progress("clock weeks", 1, 1)
    tables.append(ClockWeek._meta.db_table)
    # Fresh statistics for the tables written, not the whole database (whose other tables may be large); one
    # table a statement, as SQLite takes them.
    analyse = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{analyse} {connection.ops.quote_name(table)}")
    return written_incidents, written_changes
