"""Reading the portal's CSV exports back as a Dutch (or English) spreadsheet would."""

import csv
import io

from core.exports import BYTE_ORDER_MARK


def read_rows(content: bytes, delimiter: str = ";") -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith(BYTE_ORDER_MARK), "without a byte order mark Excel reads the file as Windows-1252"
    return list(csv.reader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK)), delimiter=delimiter))


def read_records(content: bytes, delimiter: str = ";") -> list[dict[str, str]]:
    header, *rows = read_rows(content, delimiter)
    return [dict(zip(header, row, strict=True)) for row in rows]
