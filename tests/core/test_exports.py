import io
from decimal import Decimal

import pytest
from django.utils import translation

from core.exports import SafeWriter, csv_response, streaming_csv_response
from tests.spreadsheets import read_rows


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
    response = csv_response("x.csv")
    SafeWriter(response).writerow([cell, "next"])
    assert read_rows(response.content) == [[read_back, "next"]]


def test_dutch_excel_reads_semicolons_and_a_decimal_comma():
    with translation.override("nl"):
        response = csv_response("cijfers.csv")
        SafeWriter(response).writerow(["Gëmeld", 97.5, Decimal("-3.25"), 1200])

    assert response["Content-Disposition"] == 'attachment; filename="cijfers.csv"'
    assert response.content.decode("utf-8") == "\ufeffGëmeld;97,5;-3,25;1200\r\n"


def test_english_excel_reads_commas_and_a_decimal_point():
    with translation.override("en"):
        response = csv_response("figures.csv")
        SafeWriter(response).writerow(["Reported", 97.5])

    assert response.content.decode("utf-8") == "\ufeffReported,97.5\r\n"


def test_a_streamed_export_keeps_the_readers_language_after_the_view_returned():
    with translation.override("en"):
        response = streaming_csv_response(([translation.gettext("maand"), 1.5] for _ in range(2)), "x.csv")
    with translation.override("nl"):
        content = b"".join(response.streaming_content)

    assert read_rows(content, delimiter=",") == [["month", "1.5"], ["month", "1.5"]]


def test_the_safe_writer_writes_to_any_stream():
    stream = io.StringIO()
    with translation.override("nl"):
        SafeWriter(stream).writerows([["a", 0.5], ["b", None]])
    assert stream.getvalue() == "a;0,5\r\nb;\r\n"
