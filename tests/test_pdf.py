"""wonen_eerst.pdf: local files only, the network refused, tagged output, and the cache for public PDFs."""

import io
import logging
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
