"""Whether a request wrote anything: the permission matrix checks every refusal with it (test_permission_matrix)."""

from django.db import connection

from core.history import history_tracker, tracked_models

HISTORY_TABLES: list[str] = []


def tracked_tables() -> list[str]:
    """Every record that keeps history and every history table: a refusal writes to none."""
    if not HISTORY_TABLES:
        for model in tracked_models():
            tracker = history_tracker(model)
            HISTORY_TABLES.append(model._meta.db_table)
            HISTORY_TABLES.append(model.history.model._meta.db_table)
            HISTORY_TABLES.extend(m2m._meta.db_table for m2m in tracker.m2m_models.values())
    return HISTORY_TABLES


def row_counts() -> tuple:
    quote = connection.ops.quote_name
    # Table names from the app registry, quoted: no outside input reaches this statement.
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tracked_tables())  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return cursor.fetchone()


def _xact_writes() -> int:
    """Rows inserted, updated or deleted in any table so far in this transaction (savepoints included, rolled back
    or not), sessions excepted: PostgreSQL's own per-transaction statistics."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            " WHERE relname <> 'django_session'"
        )
        return cursor.fetchone()[0]


def writes_mark():
    """Changes whenever a row is written. PostgreSQL: one query on the transaction's statistics, which also see
    UPDATEs; elsewhere the row counts of the tracked tables."""
    return _xact_writes() if connection.vendor == "postgresql" else row_counts()
