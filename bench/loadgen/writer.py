"""Rows as PostgreSQL COPY text, and the pipeline that copies them in, one transaction per chunk."""

import queue
import threading
import time

from django.db import connection, transaction

CHUNK = 5_000  # incidents (or changes) per transaction
N = r"\N"  # NULL in COPY text


# --- text formatting for COPY ---------------------------------------------------------------------


def esc(value: str) -> str:
    """Text as a COPY text column."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def ts(seconds: float | None) -> str:
    """A POSIX time as a UTC timestamp column (NULL for None)."""
    if seconds is None:
        return N
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(int(seconds)))


def nullable(value) -> str:
    """A value that may be None (an id, a number) as a column."""
    return N if value is None else str(value)


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
        columns = ", ".join(f'"{column}"' for column in self.columns)
        with cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
            copy.write("\n".join(lines) + "\n")
        self.written += len(lines)

    def fix_sequence(self, cursor) -> None:
        if self.pk:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', '{self.pk}'), "  # noqa: S608
                f'(SELECT GREATEST(COALESCE(MAX("{self.pk}"), 1), 1) FROM "{self.table}"))'
            )


def pipeline(tables: list[Table], count: int, make_one, kind: str, progress) -> int:
    """Generate chunks in a thread while the previous chunk is copied in: Python and PostgreSQL
    each keep one core busy. One transaction per chunk. As superuser, the load skips the foreign-key
    triggers (session_replication_role = replica): the generator hands out every id itself."""
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
