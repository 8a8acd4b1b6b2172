"""Sealing history rows into their table's chain as they are written, under one chain lock."""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.db import connections, models, router, transaction

from .canon import SEAL_FIELDS, Canon

VERIFY_CHUNK = 5000


class AuditChained(models.Model):
    """Base of every history model: the API token a write came through (if any), and the row's place in its
    table's chain and its seal."""

    history_api_token_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    audit_seq = models.PositiveBigIntegerField(null=True, unique=True, editable=False)
    audit_hash = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding or self.audit_seq is not None:
            raise ValueError("History rows are written once and never changed.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # A transaction, so the chain's lock is held until the row is committed; no savepoint of its own: a
        # history row that fails to insert fails the write it records.
        with transaction.atomic(using=using, savepoint=False):
            seal_new_rows(type(self), [self], using=using)
            super().save(*args, **kwargs)


# The columns this base adds to every history table.
BASE_FIELDS = frozenset(f.attname for f in AuditChained._meta.local_fields)


def chained_models() -> list[type[models.Model]]:
    """Every history table in the chain, in a stable order."""
    found = [model for model in apps.get_models() if issubclass(model, AuditChained)]
    return sorted(found, key=lambda model: model._meta.db_table)


# The advisory lock every writer of history takes (see the module docstring for why there is one).
CHAIN_LOCK_KEY = int.from_bytes(hashlib.blake2b(b"regie-audit-chain", digest_size=8).digest(), "big", signed=True)


def chain_head(model: type[models.Model], using: str = "default") -> tuple[int, str]:
    """The position and seal of the table's last sealed row ((0, "") for an empty chain); read it under the lock."""
    last = (
        model._base_manager.using(using)
        .filter(audit_seq__isnull=False)
        .order_by("-audit_seq")
        .values_list("audit_seq", "audit_hash")
        .first()
    )
    return last or (0, "")


def lock_chain(using: str) -> None:
    """Hold the chains until the transaction ends (PostgreSQL; SQLite writes one at a time anyway)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


# Lock the chains and read a table's head in one round trip: a PL/pgSQL statement after the lock sees
# what the previous holder committed (a single SELECT would read from a snapshot taken before it waited).
HEAD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_chain_head(lock_key bigint, history_table regclass, OUT seq bigint, OUT seal text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    EXECUTE format(
        'SELECT audit_seq, audit_hash FROM %s WHERE audit_seq IS NOT NULL ORDER BY audit_seq DESC LIMIT 1',
        history_table
    ) INTO seq, seal;
END
$$
"""


def create_head_function(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(HEAD_FUNCTION, params=None)


def drop_head_function(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_chain_head(bigint, regclass)")


def _locked_head(model: type[models.Model], using: str) -> tuple[int, str]:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return chain_head(model, using)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, seal FROM audit_chain_head(%s, %s::regclass)", [CHAIN_LOCK_KEY, table])
        seq, seal = cursor.fetchone()
    return seq or 0, seal or ""


def seal_new_rows(model: type[models.Model], rows: list[models.Model], using: str = "default") -> None:
    """Give unsaved history rows the next places in their table's chain, inside the caller's transaction."""
    if not rows:
        return
    seq, previous = _locked_head(model, using)
    canon = Canon.of(model)
    for row in rows:
        seq += 1
        row.audit_seq = seq
        row.audit_hash = canon.seal(seq, previous, [f.value_from_object(row) for f in canon.fields])
        previous = row.audit_hash


def seal_m2m_rows(sender, rows, **kwargs) -> None:
    """simple-history writes many-to-many history with bulk_create, which skips save(): seal them here."""
    if rows and issubclass(sender, AuditChained):
        seal_new_rows(sender, rows, using=router.db_for_write(sender))


def seal_unsealed(model: type[models.Model], using: str = "default") -> int:
    """Seal rows written without a seal, in id order: rows present before the chain existed (the migrations
    that introduced it). Never called on rows written by the application."""
    pk = model._meta.pk.attname
    canon = Canon(model)
    on_postgresql = connections[using].vendor == "postgresql"
    with transaction.atomic(using=using):
        writer = (_PostgresSealWriter if on_postgresql else _SealWriter)(model, using)
        lock_chain(using)
        seq, previous = chain_head(model, using)
        pending = model._base_manager.using(using).filter(audit_seq__isnull=True).order_by(pk)
        for values in pending.values_list(pk, *canon.attnames).iterator(chunk_size=VERIFY_CHUNK):
            seq += 1
            previous = canon.seal(seq, previous, values[1:])
            writer.add(values[0], seq, previous)
        writer.finish()
    return writer.written


class _SealWriter:
    """Writes computed seals back in batches (any database; for small tables)."""

    batch_size = VERIFY_CHUNK

    def __init__(self, model: type[models.Model], using: str):
        self.model, self.using, self.batch, self.written = model, using, [], 0

    def add(self, row_id: int, seq: int, seal: str) -> None:
        self.batch.append((row_id, seq, seal))
        if len(self.batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        pk = self.model._meta.pk.attname
        rows = [self.model(**{pk: row_id, "audit_seq": seq, "audit_hash": seal}) for row_id, seq, seal in self.batch]
        self.model._base_manager.using(self.using).bulk_update(rows, SEAL_FIELDS)
        self.written += len(self.batch)
        self.batch = []

    def finish(self) -> None:
        if self.batch:
            self.flush()


class _PostgresSealWriter(_SealWriter):
    """Copies the seals into a temporary table and updates the history table from it in one statement:
    millions of rows in minutes rather than hours."""

    batch_size = 100_000

    def __init__(self, model: type[models.Model], using: str):
        super().__init__(model, using)
        self.connection = connections[using]
        with self.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS audit_seal_pending")
            cursor.execute(
                "CREATE TEMPORARY TABLE audit_seal_pending (row_id bigint PRIMARY KEY, seq bigint, seal text) "
                "ON COMMIT DROP"
            )

    def flush(self) -> None:
        with self.connection.cursor() as cursor, cursor.copy("COPY audit_seal_pending FROM STDIN") as copy:
            for row in self.batch:
                copy.write_row(row)
        self.written += len(self.batch)
        self.batch = []

    def finish(self) -> None:
        super().finish()
        table, pk = self.model._meta.db_table, self.model._meta.pk.column
        with self.connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{table}" AS t SET audit_seq = p.seq, audit_hash = p.seal '  # noqa: S608 - our own table names
                f'FROM audit_seal_pending AS p WHERE t."{pk}" = p.row_id'
            )
            cursor.execute("DROP TABLE audit_seal_pending")


def seal_existing_rows(app_label: str):
    """A RunPython step for the migration that adds the seal columns: seal the rows already there."""

    def forward(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            if {"audit_seq", "audit_hash"} <= {f.name for f in model._meta.concrete_fields}:
                seal_unsealed(model, using=schema_editor.connection.alias)

    return forward
