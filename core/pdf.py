"""PDF downloads rendered on the server (WeasyPrint) from the portal's own templates, for briefings.

A PDF page extends `core/pdf_base.html` (through the page template's `base_template`), which prints with the
print stylesheets, page numbers and the time it was generated. Everything WeasyPrint asks for while rendering
goes through `StaticFilesFetcher`: the portal's static files are read from disk, anything else (another host, a
media upload, a page of the portal) is refused, so rendering never makes a network request."""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.auditchain.verify import latest_verification

PDF_BASE_TEMPLATE = "core/pdf_base.html"
CONTENT_TYPE = "application/pdf"


class StaticFilesFetcher(URLFetcher):
    """Serves WeasyPrint the static files of the portal at `base_url`, from disk; refuses every other URL."""

    def __init__(self, base_url: str):
        super().__init__(fail_on_errors=False)
        base = urlsplit(base_url)
        self.origin = (base.scheme, base.netloc)
        self.static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"

    def fetch(self, url, headers=None):
        path = static_file_path(url, self.origin, self.static_prefix)
        if path is None:
            raise ValueError(f"not a static file of the portal, not fetched: {url}")
        content_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type or "application/octet-stream"})


def static_file_path(url: str, origin: tuple[str, str], static_prefix: str) -> Path | None:
    """The file on disk behind a static URL of the portal at `origin`, or None."""
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != origin or not parts.path.startswith(static_prefix):
        return None
    name = posixpath.normpath(unquote(parts.path.removeprefix(static_prefix)))
    if name.startswith(("/", "..")) or "\x00" in name:
        return None
    # Collected files first (in production their names carry a content hash), then the source folders.
    if settings.STATIC_ROOT and Path(settings.STATIC_ROOT).is_dir() and staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    found = finders.find(name)
    return Path(found) if found else None


def pdf_response(request, template_name: str, context: dict, filename: str) -> HttpResponse:
    """The page `template_name`, rendered for this request in the reader's language, as a PDF download."""
    context = {
        **context,
        "base_template": PDF_BASE_TEMPLATE,
        "pdf_generated_at": timezone.localtime(),
        **latest_verification(),
    }
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/")
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(base_url))
    response = HttpResponse(document.write_pdf(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
