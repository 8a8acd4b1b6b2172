"""The canonical form of a history row and its keyed seal (HMAC-SHA256 over position, previous seal and content)."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

SEAL_FIELDS = ("audit_seq", "audit_hash")


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
        self.keys = [_dumps(name) + ":" for name in self.attnames]  # each column's key in the content, as JSON

    def seal(self, seq: int, previous_hash: str, values) -> str:
        content = {
            name: encode(value) for name, encode, value in zip(self.attnames, self.encoders, values, strict=True)
        }
        return _hmac(_dumps([seq, previous_hash, content]))

    # A writer that seals many rows repeating the same values (the load generator) keeps each column's
    # fragment of the message instead of encoding and serialising every value of every row again.

    def fragment(self, index: int, value) -> str:
        """The part of a row's canonical message for the content column at `index` and this value."""
        return self.keys[index] + _dumps(self.encoders[index](value))

    def seal_fragments(self, seq: int, previous_hash: str, fragments: list[str]) -> str:
        """`seal` of the values whose fragments these are, in the order of `fields` (the same message: the keys
        of the content are the sorted attnames)."""
        return _hmac(f"[{seq},{_dumps(previous_hash)},{{{','.join(fragments)}}}]")


_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode  # json.dumps with these options


def _hmac(message: str) -> str:
    # The digest named as a string: OpenSSL's HMAC in one call, several times faster than hmac.new with a constructor.
    return hmac.digest(_key(), message.encode(), "sha256").hex()


def seal_verification(previous_seal: str, verification) -> str:
    """The seal of one verification record, chained to the one before it: editing a record's outcome or heads,
    or deleting a record between two others, no longer fits."""
    message = json.dumps(
        [
            previous_seal,
            verification.started_at.astimezone(UTC).isoformat(),
            verification.finished_at.astimezone(UTC).isoformat(),
            verification.intact,
            verification.rows_checked,
            verification.findings,
            verification.heads,
        ],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()
