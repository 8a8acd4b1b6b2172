"""CSV exports, in one place: every cell that a spreadsheet would read as a formula is written as text.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel and LibreOffice (CSV
injection); such a cell gets a leading quote. Numbers (a week-over-week change of -3.5) stay numbers."""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if not isinstance(value, str) or value[:1] not in FORMULA_STARTS:
        return value
    try:
        float(value)
    except ValueError:
        return f"'{value}"
    return value


class SafeWriter:
    """csv.writer whose rows are made spreadsheet-safe cell by cell."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class Echo:
    """A file-like object that hands back what is written: for streaming a CSV row by row."""

    def write(self, value):
        return value
