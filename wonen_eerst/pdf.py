"""Render a Django template to a tagged PDF with WeasyPrint, offline.

Everything the document needs (the stylesheet ``static/css/pdf.css`` and the Noto Sans fonts it names)
is read from the project's static directory. The URL fetcher refuses every other address: an image or
stylesheet address typed into a note can never make the server open a network connection.

The PDF is PDF/UA-1 (tagged), A4 (set in pdf.css) and takes its title and language from the
template's ``<title>`` and ``<html lang="nl">``.
"""

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_STYLESHEET = Path("css") / "pdf.css"


class RefusedURL(ValueError):
    """An address the PDF renderer will not open."""


def static_dir() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


class LocalFileFetcher(URLFetcher):
    """Serve ``file:`` URLs inside the static directory and ``data:`` URLs; refuse everything else.

    WeasyPrint catches the refusal, logs it and leaves the resource out; the document still renders.
    """

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme.lower() == "data":
            return super().fetch(url, headers)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"PDF: adres buiten het portaal wordt niet opgehaald: {url[:200]}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(static_dir()) or not path.is_file():
            raise RefusedURL(f"PDF: bestand buiten de statische map wordt niet gelezen: {path}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def render_pdf(template_name: str, context: dict, *, cache_seconds: int = 0) -> bytes:
    """The template rendered to PDF bytes; the template sets <title> and <html lang>.

    With ``cache_seconds`` the PDF is kept in Django's cache under a hash of the HTML it was made from:
    the same content is converted once; a change in the content or the stylesheet makes a new PDF at once.
    """
    html = render_to_string(template_name, context)
    if not cache_seconds:
        return html_to_pdf(html)
    key = "pdf:" + pdf_hash(html)
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, cache_seconds)
    return pdf


def pdf_hash(html: str) -> str:
    """A hash of everything a PDF is made from: the HTML and the stylesheet. The same on every machine."""
    digest = hashlib.sha256((static_dir() / PDF_STYLESHEET).read_bytes())
    digest.update(html.encode())
    return digest.hexdigest()


def html_to_pdf(html: str) -> bytes:
    """HTML to tagged PDF, with the stylesheet and fonts from local files only."""
    fetcher = LocalFileFetcher(allowed_protocols=("file", "data"))
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(static_dir() / PDF_STYLESHEET), url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=static_dir().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1")


def pdf_response(pdf: bytes, filename: str, *, as_attachment: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Content-Length"] = str(len(pdf))
    return response
