"""The tamper-evident audit chain over every history table.

Each history row carries its position in its table's chain (`audit_seq`, 1, 2, 3, …) and a keyed
hash (`audit_hash`, HMAC-SHA256) over that position, the previous row's hash and every column of
the row. The row is sealed in the transaction that writes it, under a lock held until commit, so
the chain order is the commit order and two writers never fork it.

The lock is one for all history tables, not one per table: a transaction takes it at its first
history row, so two transactions can never hold chain locks in opposite orders (per-table locks,
taken in the order tables happen to be written, deadlocked under load). It serialises writing
transactions from their first history row to commit, which for these short transactions is a few
milliseconds.

Why one chain per table rather than one ledger across tables: a table can be verified, exported
or archived on its own, a finding names the table it is in, and appending needs only that table's
last row. What a single ledger would add, detecting a whole table's tail being cut off, comes from
the heads each verification records: the next run checks they are still there.

Why keyed: an attacker with only database access (a leaked dump, an injection, a careless
administrator) cannot recompute the hashes after altering a row; the key lives in the
application's environment (AUDIT_CHAIN_KEY, by default derived from SECRET_KEY).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

SEAL_FIELDS = ("audit_seq", "audit_hash")
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


def _key() -> bytes:
    return _derived_key(getattr(settings, "AUDIT_CHAIN_KEY", "") or settings.SECRET_KEY)


@functools.lru_cache(maxsize=4)
def _derived_key(secret: str) -> bytes:
    return hashlib.sha256(b"regie-audit-chain:" + secret.encode()).digest()


def content_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns a seal covers: all but the row's own id (given by the database after sealing) and the seal."""
    return sorted(
        (f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in SEAL_FIELDS),
        key=lambda f: f.attname,
    )


def _canonical(field: models.Field, value):
    """One value as the database gives it back, whatever Python type it was written with."""
    if value is None:
        return None
    if isinstance(value, FieldFile):
        return value.name or ""
    value = field.to_python(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        return str(value.quantize(Decimal(1).scaleb(-places)) if places is not None else value.normalize())
    if isinstance(value, timedelta):
        return value // timedelta(microseconds=1)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


# Values of these types come back from the database as they were written; anything else goes through the
# field's to_python first (a "5" written to an integer field is read back as 5).
_PLAIN_TYPES = {
    "CharField": str,
    "TextField": str,
    "SlugField": str,
    "EmailField": str,
    "URLField": str,
    "BooleanField": bool,
    "IntegerField": int,
    "BigIntegerField": int,
    "SmallIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveBigIntegerField": int,
    "PositiveSmallIntegerField": int,
    "AutoField": int,
    "BigAutoField": int,
}


def _encoder(field: models.Field):
    """The canonical form of one column's values, with a fast path for values already of the column's type."""
    internal = (field.target_field if field.is_relation else field).get_internal_type()
    plain = _PLAIN_TYPES.get(internal)

    def encode(value):
        if value is None or type(value) is plain:
            return value
        if type(value) is datetime and value.tzinfo is not None:
            return value.astimezone(UTC).isoformat(timespec="microseconds")
        return _canonical(field, value)

    return encode


class Canon:
    """How one history table's rows are put into canonical form for sealing: its content columns in a fixed
    order, each with its encoder (built once per table, not per row)."""

    _of_model: dict[type[models.Model], Canon] = {}

    @classmethod
    def of(cls, model: type[models.Model]) -> Canon:
        """The canon of an application model, built on its first history row and kept (the hot path)."""
        if model not in cls._of_model:
            cls._of_model[model] = cls(model)
        return cls._of_model[model]

    def __init__(self, model: type[models.Model]):
        self.fields = content_fields(model)
        self.attnames = [f.attname for f in self.fields]
        self.encoders = [_encoder(f) for f in self.fields]

    def seal(self, seq: int, previous_hash: str, values) -> str:
        content = {
            name: encode(value) for name, encode, value in zip(self.attnames, self.encoders, values, strict=True)
        }
        message = json.dumps([seq, previous_hash, content], sort_keys=True, separators=(",", ":"), default=str)
        return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


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


@dataclass
class Finding:
    """The first thing wrong in one table's chain."""

    table: str
    kind: str  # altered | inserted | deleted
    row_id: int | None
    detail: str

    def as_dict(self) -> dict:
        return {"table": self.table, "kind": self.kind, "row_id": self.row_id, "detail": self.detail}


@dataclass
class ChainResult:
    table: str
    rows: int = 0
    head_seq: int = 0
    head_hash: str = ""
    finding: Finding | None = None


def _rows(model: type[models.Model], using: str) -> Iterator[tuple]:
    pk = model._meta.pk.attname
    names = ["audit_seq", "audit_hash", pk, *(f.attname for f in content_fields(model))]
    # Sealed rows in chain order first, then any row without a seal.
    ordered = model._base_manager.using(using).order_by(models.F("audit_seq").asc(nulls_last=True), pk)
    return ordered.values_list(*names).iterator(chunk_size=VERIFY_CHUNK)


def verify_chain(model: type[models.Model], *, known_head: dict | None = None, using: str = "default") -> ChainResult:
    """Walk one table's chain and stop at the first row that does not fit.

    `known_head` is this table's head at the previous verification ({"seq": …, "hash": …}): a
    chain that no longer reaches it lost rows at its end since then."""
    table = model._meta.db_table
    canon = Canon(model)
    result = ChainResult(table=table)
    expected_seq, previous = 1, ""
    for seq, stored_hash, row_id, *values in _rows(model, using):
        if seq is None:
            result.finding = Finding(
                table, "inserted", row_id, f"row {row_id} has no seal: written behind the application's back"
            )
            return result
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
            result.finding = Finding(
                table, "deleted", row_id, f"chain position {missing} missing before row {row_id}: rows were deleted"
            )
            return result
        if not hmac.compare_digest(canon.seal(seq, previous, values), stored_hash):
            result.finding = Finding(
                table,
                "altered",
                row_id,
                f"row {row_id} (chain position {seq}) does not match its seal: altered, or inserted with a forged seal",
            )
            return result
        result.rows += 1
        result.head_seq, result.head_hash = seq, stored_hash
        previous = stored_hash
        expected_seq += 1
    if known_head:
        known_seq, known_hash = known_head.get("seq", 0), known_head.get("hash", "")
        if result.head_seq < known_seq:
            result.finding = Finding(
                table,
                "deleted",
                None,
                f"the chain ends at position {result.head_seq} but reached {known_seq} at the previous verification: "
                "rows were deleted from its end",
            )
        elif known_seq and not _still_there(model, known_seq, known_hash, using):
            result.finding = Finding(
                table, "altered", None, f"chain position {known_seq} differs from the previous verification"
            )
    return result


def _still_there(model: type[models.Model], seq: int, seal: str, using: str) -> bool:
    return model._base_manager.using(using).filter(audit_seq=seq, audit_hash=seal).exists()


def seal_existing_rows(app_label: str):
    """A RunPython step for the migration that adds the seal columns: seal the rows already there."""

    def forward(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            if {"audit_seq", "audit_hash"} <= {f.name for f in model._meta.concrete_fields}:
                seal_unsealed(model, using=schema_editor.connection.alias)

    return forward


STALE_AFTER = timedelta(hours=36)


def latest_verification() -> dict:
    """For the dashboard: the last verification and whether the nightly run seems to have stopped."""
    from .models import AuditVerification

    latest = AuditVerification.objects.order_by("-finished_at").first()
    return {
        "audit_verification": latest,
        "audit_stale": latest is not None and latest.finished_at < timezone.now() - STALE_AFTER,
    }


def verify_audit(*, progress=None, using: str = "default"):
    """Walk every chain, record the outcome as an AuditVerification and return it.

    `progress`, if given, is called with each table's ChainResult as it is done."""
    from .logging import log_security_event
    from .models import AuditVerification

    previous = AuditVerification.objects.using(using).order_by("-finished_at").first()
    known_heads = previous.heads if previous else {}
    started = timezone.now()
    results = []
    for model in chained_models():
        result = verify_chain(model, known_head=known_heads.get(model._meta.db_table), using=using)
        results.append(result)
        if progress:
            progress(result)
    findings = [result.finding.as_dict() for result in results if result.finding]
    verification = AuditVerification.objects.using(using).create(
        started_at=started,
        finished_at=timezone.now(),
        intact=not findings,
        rows_checked=sum(result.rows for result in results),
        findings=findings,
        heads={r.table: {"seq": r.head_seq, "hash": r.head_hash} for r in results if r.head_seq},
    )
    log_security_event(
        "audit_verification",
        outcome="success" if verification.intact else "failure",
        rows_checked=verification.rows_checked,
        findings=len(findings),
    )
    return verification


def wrote_history(user) -> bool:
    """Whether any history row names this user as the one who made the change."""
    return any(
        model._base_manager.filter(history_user_id=user.pk).exists()
        for model in chained_models()
        if "history_user_id" in {f.attname for f in model._meta.concrete_fields}
    )


def protect_history_authors(sender, instance, **kwargs) -> None:
    """Deleting a user would blank the author on every history row they wrote (and break those rows' seals):
    someone who wrote history is deactivated instead."""
    if instance.pk is not None and wrote_history(instance):
        raise models.ProtectedError(
            f"{instance} wrote history rows; deactivate the account instead of deleting it.", {instance}
        )
