"""Reading the portal's PDF downloads back as text, as a reader's PDF viewer would show it."""

import io

from pypdf import PdfReader


def pdf_pages(content: bytes) -> list[str]:
    assert content.startswith(b"%PDF-"), "not a PDF"
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    """All pages' text, with line breaks folded into spaces (a table cell may wrap)."""
    return " ".join(" ".join(pdf_pages(content)).split())
