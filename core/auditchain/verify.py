"""Verifying the chains: walk each table, stop at the first row that does not fit, record the outcome."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from django.db import models
from django.utils import timezone

from core.history import tracked_models

from .canon import Canon, content_fields, seal_verification
from .seal import VERIFY_CHUNK, chained_models


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


STALE_AFTER = timedelta(hours=36)


def latest_verification() -> dict:
    """For the dashboard: the last verification and whether the nightly run seems to have stopped."""
    from core.models import AuditVerification

    latest = AuditVerification.objects.order_by("-finished_at").first()
    return {
        "audit_verification": latest,
        "audit_stale": latest is not None and latest.finished_at < timezone.now() - STALE_AFTER,
    }


def verify_live_rows(model: type[models.Model], using: str = "default") -> ChainResult:
    """Every live row of a tracked model must equal its latest history row: a row changed in SQL behind the
    application's back (which writes no history) does not. Streamed in chunks of VERIFY_CHUNK rows."""
    history = getattr(model, model._meta.simple_history_manager_attribute).model
    pk = model._meta.pk.attname
    recorded = {field.attname for field in history._meta.concrete_fields}
    names = [
        field.attname for field in model._meta.concrete_fields if field.attname in recorded and field.attname != pk
    ]
    result = ChainResult(table=model._meta.db_table)
    live = model._base_manager.using(using).order_by(pk).values_list(pk, *names).iterator(chunk_size=VERIFY_CHUNK)
    while chunk := list(islice(live, VERIFY_CHUNK)):
        latest = {}
        rows = history._base_manager.using(using).filter(**{f"{pk}__in": [row[0] for row in chunk]})
        for row_id, *values in rows.order_by(pk, "-audit_seq", "-history_id").values_list(pk, *names):
            latest.setdefault(row_id, values)
        for row_id, *values in chunk:
            if latest.get(row_id) != values:
                differs = [
                    name
                    for name, a, b in zip(names, values, latest.get(row_id) or [None] * len(names), strict=True)
                    if a != b
                ]
                result.finding = Finding(
                    result.table,
                    "altered",
                    row_id,
                    f"row {row_id} differs from its latest history row ({', '.join(differs)}): "
                    "changed behind the application's back",
                )
                return result
            result.rows += 1
    return result


def verify_verifications(using: str = "default", *, kept_seals=()) -> ChainResult:
    """The verification records are a chain of their own: each sealed over its content and the seal before it.

    `kept_seals` are seals of verifications kept outside the database (the weekly mail to the business owner):
    each must still be among the records, or the records were cut back and sealed again."""
    from core.models import AuditVerification

    table = AuditVerification._meta.db_table
    result = ChainResult(table=table)
    missing = set(kept_seals) - set(
        AuditVerification.objects.using(using).filter(seal__in=kept_seals).values_list("seal", flat=True)
    )
    if missing:
        result.finding = Finding(
            table,
            "deleted",
            None,
            f"the verification sealed {sorted(missing)[0]}, kept outside the database, is no longer recorded: "
            "the verification records were cut back",
        )
        return result
    previous = ""
    for verification in AuditVerification.objects.using(using).order_by("pk").iterator(chunk_size=VERIFY_CHUNK):
        if not hmac.compare_digest(seal_verification(previous, verification), verification.seal):
            result.finding = Finding(
                table,
                "altered",
                verification.pk,
                f"verification record {verification.pk} does not match its seal: "
                "it, or a record before it, was altered or deleted",
            )
            return result
        previous = verification.seal
        result.rows += 1
    return result


def recorded_heads(results: list[ChainResult], known_heads: dict) -> dict:
    """The heads to compare the next verification with. A recorded head never goes down: where a chain is now
    shorter than before or does not fit, the head recorded before is kept, so every later verification
    reports the same loss again instead of taking the shortened chain as the new normal."""
    heads = dict(known_heads)
    for result in results:
        known = known_heads.get(result.table)
        if known and (result.finding or result.head_seq < known.get("seq", 0)):
            continue
        if result.head_seq:
            heads[result.table] = {"seq": result.head_seq, "hash": result.head_hash}
    return heads


def verify_audit(*, progress=None, kept_seals=(), using: str = "default"):
    """Walk every chain, record the outcome as an AuditVerification and return it.

    `progress`, if given, is called with each table's ChainResult as it is done; `kept_seals` are seals of earlier
    verifications kept outside the database (see verify_verifications)."""
    from core.logging import log_security_event
    from core.models import AuditVerification

    previous = AuditVerification.objects.using(using).order_by("-finished_at").first()
    known_heads = previous.heads if previous else {}
    started = timezone.now()
    results = [verify_verifications(using, kept_seals=kept_seals)]
    if progress:
        progress(results[0])
    for model in chained_models():
        result = verify_chain(model, known_head=known_heads.get(model._meta.db_table), using=using)
        results.append(result)
        if progress:
            progress(result)
    live_tables = set()  # live rows are compared, not counted as history rows verified
    for model in tracked_models():
        result = verify_live_rows(model, using)
        live_tables.add(result.table)
        results.append(result)
        if progress:
            progress(result)
    findings = [result.finding.as_dict() for result in results if result.finding]
    last_seal = AuditVerification.objects.using(using).order_by("-pk").values_list("seal", flat=True).first() or ""
    verification = AuditVerification(
        started_at=started,
        finished_at=timezone.now(),
        intact=not findings,
        rows_checked=sum(result.rows for result in results if result.table not in live_tables),
        findings=findings,
        heads=recorded_heads(results, known_heads),
    )
    verification.seal = seal_verification(last_seal, verification)
    verification.save(using=using)
    # The heads also go to the log, outside the database, where whoever can rewrite the tables cannot reach them.
    log_security_event(
        "audit_verification",
        outcome="success" if verification.intact else "failure",
        rows_checked=verification.rows_checked,
        findings=len(findings),
        heads={table: f"{head['seq']}:{head['hash']}" for table, head in sorted(verification.heads.items())},
    )
    return verification
