"""PDF documents (certificates, monthly activity reports, annual reports) with WeasyPrint.

Templates are ordinary Django templates with print CSS; ``static`` and ``media`` URLs resolve to
files on disk (no HTTP round trip, nothing from outside). WeasyPrint needs Pango (Debian:
``libpango-1.0-0 libpangoft2-1.0-0``), which ``.ci/run`` installs.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _pengambil():
    """A WeasyPrint URL fetcher serving /static/ and /media/ from disk and refusing every other
    URL: a PDF never makes a network request (nothing leaks, nothing hangs)."""
    from weasyprint.urls import URLFetcher

    class Pengambil(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = unquote(urlsplit(url).path)
            found = None
            if ".." not in path:
                if path.startswith(settings.STATIC_URL):
                    found = finders.find(path.removeprefix(settings.STATIC_URL))
                elif path.startswith(settings.MEDIA_URL):
                    found = Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)
            if found and Path(found).is_file():
                return super().fetch(Path(found).as_uri(), headers)
            raise ValueError(f"PDF: URL not allowed: {url[:80]}")

    return Pengambil(allowed_protocols=("file", "data", "http", "https"))


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    return html_ke_pdf(render_to_string(template, context, request=request), request=request)


def html_ke_pdf(html: str, *, request=None) -> bytes:
    from weasyprint import HTML

    base = request.build_absolute_uri("/") if request else settings.SIMPUL_SITE_URL + "/"
    return HTML(string=html, base_url=base, url_fetcher=_pengambil()).write_pdf()


def pdf_response(template: str, context: dict, *, nama_berkas: str, request=None,
                 lampiran: bool = True) -> HttpResponse:
    resp = HttpResponse(render_pdf(template, context, request=request), content_type="application/pdf")
    jenis = "attachment" if lampiran else "inline"
    resp["Content-Disposition"] = f'{jenis}; filename="{nama_berkas}"'
    return resp
