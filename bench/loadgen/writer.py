"""Rows as PostgreSQL COPY text, and the pipeline that copies them in, one transaction per chunk."""

import functools
import queue
import re
import threading
import time
from datetime import UTC, datetime

from django.apps import apps
from django.db import connection, transaction

CHUNK = 1_000  # incidents (or changes) per transaction: small enough that copying overlaps generating in a small load
N = r"\N"  # NULL in COPY text


# --- text formatting for COPY ---------------------------------------------------------------------


def esc(value: str) -> str:
    """Text as a COPY text column."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@functools.lru_cache(maxsize=65536)  # a record's rows repeat its moments, and its steps share theirs
def ts(seconds: float | None) -> str:
    """A POSIX time as a UTC timestamp column (NULL for None)."""
    if seconds is None:
        return N
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(int(seconds)))


def nullable(value) -> str:
    """A value that may be None (an id, a number) as a column."""
    return N if value is None else str(value)


_ESCAPED = re.compile(r"\\[\\tnr]")
_UNESCAPED = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def unesc(text: str) -> str:
    """The inverse of esc."""
    return _ESCAPED.sub(lambda match: _UNESCAPED[match.group()], text) if "\\" in text else text


# --- the same rows for SQLite (the tests' in-process load): executemany instead of COPY ---------------

_MODELS: dict[str, type] = {}


def _sqlite_timestamp(text: str) -> str:
    """A timestamp column as Django's SQLite backend stores it: naive UTC text."""
    return datetime.fromisoformat(text).astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


_SQLITE_VALUE = {"BooleanField": {"t": 1, "f": 0}.__getitem__, "DateTimeField": _sqlite_timestamp}


def _sqlite_converters(table: str, columns: list[str]) -> list:
    """Per column, the function that turns its COPY text into the value SQLite stores (None for NULL)."""
    if not _MODELS:
        _MODELS.update({model._meta.db_table: model for model in apps.get_models(include_auto_created=True)})
    fields = {field.column: field for field in _MODELS[table]._meta.concrete_fields}
    found = []
    for column in columns:
        field = fields[column]
        convert = _SQLITE_VALUE.get((field.target_field if field.is_relation else field).get_internal_type(), unesc)
        found.append(lambda text, convert=convert: None if text == N else convert(text))
    return found


# --- tables and the pipeline that copies them in -----------------------------------------------------


class Table:
    """Rows for one table, as COPY text lines; ids handed out from max(id) + 1."""

    def __init__(self, model_or_table, columns: list[str], pk: str | None = "id"):
        self.table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
        self.columns = columns
        self.pk = pk
        self.lines: list[str] = []
        self.next_id = 1
        self.written = 0
        self.sqlite_converters = None

    def start(self, cursor) -> None:
        if self.pk:
            cursor.execute(f'SELECT COALESCE(MAX("{self.pk}"), 0) FROM "{self.table}"')  # noqa: S608
            self.next_id = cursor.fetchone()[0] + 1

    def new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def add(self, values) -> None:
        self.lines.append("\t".join(values))

    def take(self) -> list[str]:
        lines, self.lines = self.lines, []
        return lines

    def flush(self, cursor, lines: list[str]) -> None:
        if not lines:
            return
        if connection.vendor == "sqlite":
            if self.sqlite_converters is None:
                self.sqlite_converters = _sqlite_converters(self.table, self.columns)
            rows = [
                [read(text) for read, text in zip(self.sqlite_converters, line.split("\t"), strict=True)]
                for line in lines
            ]
            names = ", ".join(f'"{column}"' for column in self.columns)
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f'INSERT INTO "{self.table}" ({names}) VALUES ({marks})', rows)  # noqa: S608
            self.written += len(lines)
            return
        columns = ", ".join(f'"{column}"' for column in self.columns)
        with cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
            copy.write("\n".join(lines) + "\n")
        self.written += len(lines)

    def fix_sequence(self, cursor) -> None:
        if self.pk and connection.vendor == "postgresql":  # SQLite keeps up by itself
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', '{self.pk}'), "  # noqa: S608
                f'(SELECT GREATEST(COALESCE(MAX("{self.pk}"), 1), 1) FROM "{self.table}"))'
            )


def pipeline(tables: list[Table], count: int, make_one, kind: str, progress) -> int:
    """Generate chunks in a thread while the previous chunk is copied in: Python and PostgreSQL
    each keep one core busy. One transaction per chunk, committed without waiting for its WAL to reach
    the disk: the writer's last transaction (the sequences) waits, and its flush carries every chunk
    before it. As superuser, the load skips the foreign-key triggers (session_replication_role =
    replica): the generator hands out every id itself."""
    chunks: queue.Queue = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def produce() -> None:
        try:
            for offset in range(0, count, CHUNK):
                end = min(offset + CHUNK, count)
                for index in range(offset, end):
                    make_one(index)
                chunks.put((end, [table.take() for table in tables]))
        except BaseException as error:  # noqa: BLE001 - handed to the consumer and raised there
            failure.append(error)
        finally:
            chunks.put(None)

    superuser = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = cursor.fetchone()[0]
    producer = threading.Thread(target=produce, name="loadgen", daemon=True)
    producer.start()
    done = 0
    try:
        while (item := chunks.get()) is not None:
            done, lines = item
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET LOCAL synchronous_commit = off")
                if superuser:
                    cursor.execute("SET LOCAL session_replication_role = replica")
                for table, rows in zip(tables, lines, strict=True):
                    table.flush(cursor, rows)
            progress(kind, done, count)
    finally:
        while producer.is_alive():
            try:
                chunks.get(timeout=0.1)
            except queue.Empty:
                pass
    if failure:
        raise failure[0]
    return done
