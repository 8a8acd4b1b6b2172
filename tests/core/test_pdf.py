"""The PDF renderer reads the portal's static files from disk and fetches nothing else (core/pdf.py)."""

import pytest
from weasyprint import HTML

from core.pdf import StaticFilesFetcher

BASE_URL = "http://testserver/"


def test_a_static_file_of_the_portal_is_read_from_disk():
    response = StaticFilesFetcher(BASE_URL).fetch("http://testserver/static/css/pdf.css")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def no_network(*args, **kwargs):
    raise AssertionError("a network request")


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/static/css/pdf.css",  # another host
        "https://testserver/static/css/pdf.css",  # another scheme
        "http://testserver/incidents/",  # a page of the portal
        "http://testserver/media/attachments/melding.txt",  # an upload
        "http://testserver/static/../regie/settings/base.py",  # out of the static folders
        "http://testserver/static/%2e%2e/manage.py",
        "http://testserver/static/css/missing.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_everything_else_is_refused_without_a_request(url, monkeypatch):
    monkeypatch.setattr("urllib.request.OpenerDirector.open", no_network)

    with pytest.raises(ValueError, match="not fetched"):
        StaticFilesFetcher(BASE_URL).fetch(url)


def test_a_document_asking_for_an_outside_image_renders_without_it(monkeypatch):
    monkeypatch.setattr("urllib.request.OpenerDirector.open", no_network)
    asked = []
    fetcher = StaticFilesFetcher(BASE_URL)
    original = fetcher.fetch
    monkeypatch.setattr(fetcher, "fetch", lambda url, headers=None: asked.append(url) or original(url, headers))
    html = '<link rel="stylesheet" href="/static/css/pdf.css"><p>Tekst</p><img src="https://tracker.example/p.png">'

    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()

    assert pdf.startswith(b"%PDF-")
    assert asked == ["http://testserver/static/css/pdf.css", "https://tracker.example/p.png"]
