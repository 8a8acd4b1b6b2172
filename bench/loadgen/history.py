"""Tracked records with their history rows, sealed into the audit chain as they are generated.

A history row is copied in with its audit_seq and audit_hash; to seal it, its COPY text is read back
as the Python value PostgreSQL would give back for the column (the chain's canon seals those values).
A record's history rows repeat most of its values, so each column keeps the canon's fragment of the
message for the texts it saw last: most values are read and encoded once, not once per row."""

import functools
import json
import operator
from datetime import date, datetime
from decimal import Decimal

from core.auditchain.canon import SEAL_FIELDS, Canon
from core.auditchain.seal import BASE_FIELDS, chain_head

from .writer import N, Table, esc, nullable, ts, unesc

REASON = "Load generator"  # history_change_reason of the rows no service writes (changes, approvals)

# The Python value PostgreSQL gives back for a column written as this COPY text, by the column's type.
_FROM_COPY_TEXT = {
    **dict.fromkeys(
        (
            "AutoField",
            "BigAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
        ),
        int,
    ),
    # A plain str: the stories write choices as their enum members, which the canon takes the slow path for.
    **dict.fromkeys(("CharField", "TextField", "SlugField"), lambda text: str.__str__(unesc(text))),
    "BooleanField": {"t": True, "f": False}.__getitem__,
    "DateTimeField": datetime.fromisoformat,  # writer.ts writes UTC with its offset
    "DateField": date.fromisoformat,
    "DecimalField": Decimal,
    "JSONField": lambda text: json.loads(unesc(text)),
}


FRAGMENTS_KEPT = 4096  # per column: the texts of the rows of the last few records, and every repeated value


def _fragment_of_copy_text(canon: Canon, index: int):
    """The canon's fragment of the message for content column `index`, from the column's COPY text: the text
    read back as the value the canon expects (None for NULL), encoded; kept for the texts seen last."""
    model_field = canon.fields[index]
    internal = (model_field.target_field if model_field.is_relation else model_field).get_internal_type()
    if internal not in _FROM_COPY_TEXT:
        raise TypeError(f"generate_load cannot seal a {internal} column ({model_field}): add it to _FROM_COPY_TEXT")
    parse = _FROM_COPY_TEXT[internal]

    @functools.lru_cache(maxsize=FRAGMENTS_KEPT)
    def fragment(text: str) -> str:
        return canon.fragment(index, None if text == N else parse(text))

    return fragment


class SealedTable(Table):
    """A history table whose rows are sealed into its audit chain as they are added, so they are copied in
    with their audit_seq and audit_hash. Rows are added in id order (`new_id` just before `add`), which is
    the chain's order. A content column not copied is NULL (the API token)."""

    def __init__(self, model, columns: list[str], pk: str):
        super().__init__(model, [*columns, *SEAL_FIELDS], pk)
        self.model = model
        self.canon = Canon.of(model)
        position = {column: index for index, column in enumerate(columns)}
        unwritten = [f for f in self.canon.fields if f.column not in position]
        assert all(f.null and not f.has_default() for f in unwritten), (model, unwritten)
        # The texts of the content columns in the canon's order (an unwritten column reads the NULL appended to
        # the row), and per content column its fragments.
        positions = [position.get(f.column, len(columns)) for f in self.canon.fields]
        assert len(positions) > 1, (model, "itemgetter gives a tuple from two columns on")
        self.content_texts = operator.itemgetter(*positions)
        self.fragments = [_fragment_of_copy_text(self.canon, index) for index in range(len(positions))]
        self.seq, self.previous = 0, ""

    def start(self, cursor) -> None:
        """Continue the chain from its head (generate holds the chains, so the head stays the head)."""
        super().start(cursor)
        self.seq, self.previous = chain_head(self.model)

    def add(self, values) -> None:
        self.seq += 1
        fragments = list(map(operator.call, self.fragments, self.content_texts([*values, N])))
        self.previous = self.canon.seal_fragments(self.seq, self.previous, fragments)
        super().add([*values, str(self.seq), self.previous])


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


HISTORY_TAIL = ("history_date", "history_change_reason", "history_type", "history_user_id")


class Tracked:
    """A tracked model's table and its historical table; `add` writes the record and its "+" row."""

    def __init__(self, model):
        self.model = model
        self.columns = _columns(model)
        self.rows = Table(model, self.columns)
        history_model = model.history.model
        self.history_columns = [*self.columns, "history_id", *HISTORY_TAIL]
        # The columns of the history base: no API token, and the seals are added by SealedTable.
        known = {f.column for f in history_model._meta.concrete_fields if f.attname not in BASE_FIELDS}
        assert set(self.history_columns) == known, (model, set(self.history_columns) ^ known)
        self.history = SealedTable(history_model, self.history_columns, pk="history_id")

    def tables(self):
        return [self.rows, self.history]

    def add(self, values: dict, at: float, history_type: str = "+", user=None, reason: str = REASON) -> None:
        line = [values[column] for column in self.columns]
        self.rows.add(line)
        self.add_history(line, at, history_type, user, reason)

    def add_history(self, line: list[str], at: float, history_type: str = "~", user=None, reason: str = REASON) -> None:
        """A history row of the record as `line` holds it, by `user` (an id; None: the system) for `reason`."""
        self.history.add([*line, str(self.history.new_id()), ts(at), esc(reason), history_type, nullable(user)])


class Record:
    """One tracked record as its services change it: each change writes a history row of the whole record;
    the record's own row, with its last values, is written by `write`."""

    __slots__ = ("tracked", "values")

    def __init__(self, tracked: Tracked, values: dict):
        self.tracked, self.values = tracked, values

    def created(self, at: float, user, reason: str) -> None:
        self.tracked.add_history(self.line(), at, "+", user, reason)

    def changed(self, at: float, user, reason: str, **values) -> None:
        self.values.update(values)
        self.tracked.add_history(self.line(), at, "~", user, reason)

    def line(self) -> list[str]:
        return [self.values[column] for column in self.tracked.columns]

    def write(self) -> None:
        self.tracked.rows.add(self.line())
