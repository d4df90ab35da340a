"""wonen_eerst.pdf: local files only, the network refused, tagged output, and the cache for public PDFs."""

import gc
import io
import logging
import multiprocessing
import os
import signal
import socket

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from wonen_eerst import pdf
from wonen_eerst.pdf import LocalFileFetcher, RefusedURL, html_to_pdf, render_pdf


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        pytest.fail(f"a network connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/font.woff",
        "ftp://example.org/x.css",
        "//example.org/x.png",
        "file://example.org/work/main/static/css/pdf.css",
        "file:///etc/passwd",
        "file:///etc/hostname",
    ],
)
def test_fetcher_refuses_everything_outside_the_static_directory(url, no_network):
    with pytest.raises(RefusedURL):
        LocalFileFetcher().fetch(url)


def test_fetcher_refuses_a_path_that_climbs_out_of_the_static_directory(no_network):
    escape = (pdf.static_dir() / ".." / "manage.py").as_uri()
    assert (pdf.static_dir().parent / "manage.py").exists()
    with pytest.raises(RefusedURL):
        LocalFileFetcher().fetch(escape)


def test_fetcher_serves_static_files_and_data_urls(no_network):
    css = LocalFileFetcher().fetch((pdf.static_dir() / "css" / "pdf.css").as_uri())
    assert css.content_type == "text/css" and b"@font-face" in css.read()
    font = LocalFileFetcher().fetch((pdf.static_dir() / "vendor/noto-sans/noto-sans-latin-400-normal.woff").as_uri())
    assert font.read(4) == b"wOFF"
    assert LocalFileFetcher().fetch("data:text/plain,hallo").read() == b"hallo"


def test_remote_image_in_html_is_refused_and_never_fetched(no_network, caplog):
    """Even HTML that does hold a remote <img> (the templates escape notes, so they never do) stays offline."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    html = (
        '<html lang="nl"><head><title>Proef</title><link rel="stylesheet" href="https://example.org/x.css"></head>'
        '<body><p>Tekst</p><img src="http://127.0.0.1:9/spion.png" alt="spion"></body></html>'
    )
    document = html_to_pdf(html)
    assert document.startswith(b"%PDF-")
    refused = [r.getMessage() for r in caplog.records if "wordt niet opgehaald" in r.getMessage()]
    assert any("127.0.0.1:9" in message for message in refused)
    assert any("example.org/x.css" in message for message in refused)


def test_hello_pdf_is_tagged_dutch_and_titled(no_network, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    document = render_pdf("pdf/hello.html", {"title": "Hallo"})
    reader = PdfReader(io.BytesIO(document))
    assert reader.metadata.title == "Hallo"
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    fonts = {font.get_object()["/BaseFont"] for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts and all("Noto" in str(font) for font in fonts)  # the vendored font, embedded
    assert [r for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_cached_render_converts_the_same_content_once(monkeypatch):
    cache.clear()
    calls = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: calls.append(html) or real(html))
    first = render_pdf("pdf/hello.html", {"title": "Hallo"}, cache_seconds=60)
    assert render_pdf("pdf/hello.html", {"title": "Hallo"}, cache_seconds=60) == first
    assert len(calls) == 1
    render_pdf("pdf/hello.html", {"title": "Hallo, anders"}, cache_seconds=60)
    assert len(calls) == 2
    cache.clear()


def test_a_conversion_collects_garbage_less_often_and_restores_the_collector(monkeypatch):
    seen = []
    real = pdf.HTML.write_pdf

    def write_pdf(self, *args, **kwargs):
        seen.append(gc.get_threshold())
        return real(self, *args, **kwargs)

    before = gc.get_threshold()
    monkeypatch.setattr(pdf.HTML, "write_pdf", write_pdf)
    assert pdf.convert(pdf.WARM_UP).startswith(b"%PDF-")
    assert seen == [(pdf._FewerCollections.YOUNG, *before[1:])] and gc.get_threshold() == before

    def fails(self, *args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(pdf.HTML, "write_pdf", fails)
    with pytest.raises(RuntimeError):
        pdf.convert(pdf.WARM_UP)
    assert gc.get_threshold() == before


@pytest.fixture
def converter_process(settings):
    settings.WONEN_EERST_PDF_PROCESSES = 1
    pdf.shutdown_converters()
    yield
    pdf.shutdown_converters()


def test_converter_process_makes_the_same_tagged_pdf_outside_this_process(converter_process):
    html = (
        '<html lang="nl"><head><title>Proef</title></head>'
        '<body><p>Tekst uit een ander proces</p><img src="http://127.0.0.1:9/spion.png" alt="spion"></body></html>'
    )
    document = html_to_pdf(html)
    converters = list(pdf._converter_pool()._processes)
    assert converters and os.getpid() not in converters
    reader = PdfReader(io.BytesIO(document))
    assert reader.metadata.title == "Proef" and reader.trailer["/Root"]["/Lang"] == "nl"
    assert "Tekst uit een ander proces" in reader.pages[0].extract_text()


def test_a_converter_process_that_dies_costs_no_pdf(converter_process, caplog):
    html_to_pdf('<html lang="nl"><head><title>Eerst</title></head><body><p>Een</p></body></html>')
    for pid in list(pdf._converter_pool()._processes):
        os.kill(pid, signal.SIGKILL)
    document = html_to_pdf('<html lang="nl"><head><title>Daarna</title></head><body><p>Twee</p></body></html>')
    assert PdfReader(io.BytesIO(document)).metadata.title == "Daarna"
    assert any("conversieproces is gestopt" in r.getMessage() for r in caplog.records)
    assert html_to_pdf('<html lang="nl"><head><title>Weer</title></head><body></body></html>').startswith(b"%PDF-")


def test_converters_start_warm_with_the_web_worker(converter_process):
    pdf.start_converters()
    pool = pdf._converter_pool()
    assert pool.submit(os.getpid).result() != os.getpid()  # the pool is up, in a process of its own
    assert html_to_pdf(pdf.WARM_UP).startswith(b"%PDF-")


def test_converters_run_at_a_lower_cpu_priority_than_the_web_worker(converter_process, settings):
    """A busy machine serves pages before it finishes a report: the converters are niced below the worker."""
    settings.WONEN_EERST_PDF_NICE = 7
    assert pdf._converter_pool().submit(os.nice, 0).result() == min(19, os.nice(0) + 7)  # 19 is the lowest
    pdf.shutdown_converters()
    settings.WONEN_EERST_PDF_NICE = 0
    assert pdf._converter_pool().submit(os.nice, 0).result() == os.nice(0)


def _convert_in_forked_child(queue):
    queue.put(html_to_pdf(pdf.WARM_UP)[:5])


def test_a_forked_web_worker_starts_converters_of_its_own(converter_process):
    """As with gunicorn --preload: the pool was started before the fork; the child must not use it."""
    pdf.start_converters()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_convert_in_forked_child, args=(queue,))
    child.start()
    try:
        assert queue.get(timeout=60) == b"%PDF-"
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
    assert html_to_pdf(pdf.WARM_UP).startswith(b"%PDF-")  # and the parent's pool still works
