"""CSV exports, in one place: files that open correctly in the reader's spreadsheet.

Excel picks the separator and the decimal mark from the computer's regional settings: a Dutch Excel reads
`;` between cells and a decimal comma, an English one `,` and a decimal point. The export follows the
language the reader chose in the portal, starts with a byte order mark (without it Excel reads UTF-8 as
Windows-1252 and "ë" becomes "Ã«"), and writes every cell that a spreadsheet would run as a formula as text.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel and LibreOffice (CSV
injection); such a cell gets a leading quote. Numbers (a week-over-week change of -3.5) stay numbers."""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import formats, numberformat, timezone, translation
from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def spreadsheet_safe(value):
    if not isinstance(value, str) or value[:1] not in FORMULA_STARTS:
        return value
    try:
        float(value)
    except ValueError:
        return f"'{value}"
    return value


class SafeWriter:
    """csv.writer in the spreadsheet dialect of the active language, its rows made spreadsheet-safe cell by cell."""

    def __init__(self, stream):
        self.decimal_separator = formats.get_format("DECIMAL_SEPARATOR")
        self._writer = csv.writer(stream, delimiter=";" if self.decimal_separator == "," else ",")

    def writerow(self, row):
        return self._writer.writerow([self._cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)

    def _cell(self, value):
        if value is None:
            return ""
        if isinstance(value, float | Decimal):
            return numberformat.format(value, self.decimal_separator)
        return spreadsheet_safe(value)


@dataclass(frozen=True)
class Column:
    """One column of a list export: its header (translated as the file is written) and how to read its cell."""

    header: str | Promise
    value: Callable[[object], object]


def table_rows(records: Iterable, columns: Iterable[Column]) -> Iterator[list]:
    """The header row, then one row per record: for `streaming_csv_response`."""
    columns = tuple(columns)
    yield [str(column.header) for column in columns]
    for record in records:
        yield [column.value(record) for column in columns]


def local_moment(value: datetime | None) -> str:
    """A moment in the portal's time zone (Europe/Amsterdam) as "2026-03-02 09:00": read as a date and time by
    a Dutch and an English spreadsheet alike."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def csv_response(filename: str) -> HttpResponse:
    """An empty CSV download to write rows into (with SafeWriter)."""
    response = HttpResponse(BYTE_ORDER_MARK, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def streaming_csv_response(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """A CSV download written row by row as the rows are read: for exports too large to hold in memory."""
    writer = SafeWriter(_Echo())
    lines = (writer.writerow(row) for row in rows)
    response = StreamingHttpResponse(_in_language(translation.get_language(), lines), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _in_language(language, lines):
    """The rows are read and written after the view has returned, when the request's language has ended."""
    with translation.override(language):
        yield BYTE_ORDER_MARK
        yield from lines


class _Echo:
    """A file-like object that hands back what is written: for streaming a CSV row by row."""

    def write(self, value):
        return value
