"""Render a Django template to a tagged PDF with WeasyPrint, offline.

Everything the document needs (the stylesheet ``static/css/pdf.css`` and the Noto Sans fonts it names)
is read from the project's static directory. The URL fetcher refuses every other address: an image or
stylesheet address typed into a note can never make the server open a network connection.

The PDF is PDF/UA-1 (tagged), A4 (set in pdf.css) and takes its title and language from the
template's ``<title>`` and ``<html lang="nl">``. With ``WONEN_EERST_PDF_PROCESSES`` the conversion runs in
processes of its own beside the web worker (``html_to_pdf``).
"""

import gc
import hashlib
import logging
import mimetypes
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
logger = logging.getLogger(__name__)


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
    stylesheet = (static_dir() / PDF_STYLESHEET).stat().st_mtime_ns
    key = f"pdf:{stylesheet}:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, cache_seconds)
    return pdf


_renderers = threading.local()


def _renderer() -> tuple[LocalFileFetcher, FontConfiguration, CSS]:
    """The fetcher, font configuration and parsed stylesheet of this thread, made once and reused.

    WeasyPrint lets documents share a FontConfiguration; doing so saves loading the system fonts, decoding
    the web fonts and parsing pdf.css for every PDF (about 30 ms each). A changed pdf.css is read again.
    """
    path = static_dir() / PDF_STYLESHEET
    version = path.stat().st_mtime_ns
    cached = getattr(_renderers, "current", None)
    if cached is None or cached[0] != version:
        fetcher = LocalFileFetcher(allowed_protocols=("file", "data"))
        fonts = FontConfiguration()
        stylesheet = CSS(filename=str(path), url_fetcher=fetcher, font_config=fonts)
        cached = _renderers.current = (version, fetcher, fonts, stylesheet)
    return cached[1:]


class _FewerCollections:
    """While any conversion runs, the garbage collector's first generation waits for ``YOUNG`` new objects
    instead of 700. A conversion makes hundreds of thousands of short-lived objects; with the default, the
    frequent collections (and the older-generation ones they set off) cost about a tenth of its time. The
    previous threshold comes back when the last conversion in the process ends."""

    YOUNG = 10_000

    def __init__(self):
        self._lock = threading.Lock()
        self._running = 0
        self._saved = gc.get_threshold()

    def __enter__(self):
        with self._lock:
            if self._running == 0:
                self._saved = gc.get_threshold()
                gc.set_threshold(max(self.YOUNG, self._saved[0]), *self._saved[1:])
            self._running += 1

    def __exit__(self, *exc_info):
        with self._lock:
            self._running -= 1
            if self._running == 0:
                gc.set_threshold(*self._saved)


_fewer_collections = _FewerCollections()


def convert(html: str) -> bytes:
    """HTML to tagged PDF, in this thread."""
    fetcher, fonts, stylesheet = _renderer()
    with _fewer_collections:
        document = HTML(string=html, base_url=static_dir().as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1")


def _lower_priority(nice: int) -> None:
    """Run in each converter process as it starts: lower its CPU priority by ``nice``."""
    if nice > 0:
        os.nice(nice)


_pool: ProcessPoolExecutor | None = None
_pool_pid: int | None = None  # the process that started the pool: a forked child (gunicorn --preload) starts its own
_pool_lock = threading.Lock()


def _converter_pool() -> ProcessPoolExecutor:
    """This web worker's converter processes (``WONEN_EERST_PDF_PROCESSES``), started on first use.

    They are started fresh ("spawn"), not forked from a web worker that may hold open connections and threads;
    they inherit the environment, so they read the same settings. They run ``WONEN_EERST_PDF_NICE`` steps
    below the web worker's CPU priority, so that a busy machine serves pages before it finishes a report.
    """
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(
                max_workers=settings.WONEN_EERST_PDF_PROCESSES,
                mp_context=context,
                initializer=_lower_priority,
                initargs=(settings.WONEN_EERST_PDF_NICE,),
            )
            _pool_pid = os.getpid()
        return _pool


WARM_UP = '<html lang="nl"><head><title>Opwarmen</title></head><body><p>Wonen Eerst</p></body></html>'


def start_converters() -> None:
    """Start the converter processes (if configured) and let each convert a small page, so that loading
    WeasyPrint, the fonts and pdf.css happens when the web worker starts rather than in a user's request."""
    if settings.WONEN_EERST_PDF_PROCESSES > 0:
        pool = _converter_pool()
        for _ in range(settings.WONEN_EERST_PDF_PROCESSES):
            pool.submit(convert, WARM_UP)


def shutdown_converters() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(cancel_futures=True)


def html_to_pdf(html: str) -> bytes:
    """HTML to tagged PDF: in a converter process when ``WONEN_EERST_PDF_PROCESSES`` is set, else here.

    While a converter process works, the waiting thread does not hold the interpreter lock, so the web
    worker's other threads go on serving pages. If a converter process dies, the pool is started again on the
    next PDF and this one is converted in the thread itself.
    """
    if settings.WONEN_EERST_PDF_PROCESSES > 0:
        try:
            return _converter_pool().submit(convert, html).result()
        except BrokenProcessPool:
            logger.exception("PDF: een conversieproces is gestopt; de pool wordt opnieuw gestart")
            shutdown_converters()
    return convert(html)


def pdf_response(pdf: bytes, filename: str, *, as_attachment: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Content-Length"] = str(len(pdf))
    return response
