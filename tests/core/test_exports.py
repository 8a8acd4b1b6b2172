import csv
import io

import pytest

from core.exports import SafeWriter


@pytest.mark.parametrize(
    ("cell", "read_back"),
    [
        ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-1+1", "'-1+1"),
        ("\tcmd", "'\tcmd"),
        ("-3.5", "-3.5"),
        ("KPN", "KPN"),
        (12, "12"),
        (None, ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(cell, read_back):
    stream = io.StringIO()
    SafeWriter(stream).writerow([cell, "next"])
    assert next(csv.reader(io.StringIO(stream.getvalue()))) == [read_back, "next"]
