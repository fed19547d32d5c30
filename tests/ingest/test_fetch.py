"""Fetching by URL from a real local HTTP server and from httpx.MockTransport."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from khronika.errors import SourceError
from khronika.ingest.fetch import fetch_source

PAGE = "<!DOCTYPE html><html><head><title>Пикет</title></head><body><p>Пикет в Уральске.</p></body></html>".encode()
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
LIMIT = 1000


class _Handler(BaseHTTPRequestHandler):
    release: threading.Event  # set by the test once the slow request has timed out

    def do_GET(self) -> None:
        if self.path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/feed.xml":
            self._send(200, FEED, "application/rss+xml")
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big-declared":
            self._send(200, b"x" * (LIMIT + 1), "text/plain")
        elif self.path == "/big-streamed":
            # No Content-Length: the client learns the size only by reading.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(5):
                self.wfile.write(b"y" * 400)
        elif self.path == "/slow":
            self.release.wait(timeout=30)
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the slow handler writes to a socket the client has given up on


@pytest.fixture
def server() -> Iterator[tuple[str, threading.Event]]:
    release = threading.Event()
    handler = type("Handler", (_Handler,), {"release": release})
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", release
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_page(server: tuple[str, threading.Event]) -> None:
    base, _ = server
    source = fetch_source(f"{base}/page", timeout_s=5, max_bytes=LIMIT)
    assert (source.uri, source.data, source.media_type) == (f"{base}/page", PAGE, "text/html")


def test_feed(server: tuple[str, threading.Event]) -> None:
    base, _ = server
    source = fetch_source(f"{base}/feed.xml", timeout_s=5, max_bytes=LIMIT)
    assert (source.data, source.media_type) == (FEED, "application/rss+xml")


def test_redirect_is_followed_and_the_asked_url_kept(server: tuple[str, threading.Event]) -> None:
    base, _ = server
    source = fetch_source(f"{base}/moved", timeout_s=5, max_bytes=LIMIT)
    assert (source.uri, source.data) == (f"{base}/moved", PAGE)


def test_not_found(server: tuple[str, threading.Event]) -> None:
    base, _ = server
    with pytest.raises(SourceError) as caught:
        fetch_source(f"{base}/missing", timeout_s=5, max_bytes=LIMIT)
    assert str(caught.value) == f"{base}/missing: the server answered HTTP 404 Not Found; check the URL"


@pytest.mark.parametrize(
    ("path", "why"),
    [("/big-declared", "the server announces 1001 bytes"), ("/big-streamed", "the body goes on past it")],
)
def test_too_large(server: tuple[str, threading.Event], path: str, why: str) -> None:
    base, _ = server
    with pytest.raises(SourceError) as caught:
        fetch_source(f"{base}{path}", timeout_s=5, max_bytes=LIMIT)
    assert str(caught.value) == (
        f"{base}{path}: larger than the limit of 1000 bytes ({why}); raise KHRONIKA_FETCH_MAX_BYTES to read it"
    )


def test_slow_server_times_out(server: tuple[str, threading.Event]) -> None:
    base, release = server
    with pytest.raises(SourceError) as caught:
        fetch_source(f"{base}/slow", timeout_s=0.3, max_bytes=LIMIT)
    release.set()
    assert str(caught.value) == f"{base}/slow: timed out after 0.3 s; try again later or raise KHRONIKA_FETCH_TIMEOUT_S"


def test_connection_refused() -> None:
    # Bind a port and close it again so that nothing listens there.
    probe = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = probe.server_address[1]
    probe.server_close()
    url = f"http://127.0.0.1:{port}/page"
    with pytest.raises(SourceError) as caught:
        fetch_source(url, timeout_s=5, max_bytes=LIMIT)
    assert str(caught.value).startswith(f"{url}: could not fetch it (ConnectError: ")
    assert str(caught.value).endswith("); check the URL and the network")


@pytest.mark.parametrize("url", ["ftp://example.org/report.pdf", "file:///etc/passwd", "reports/a.txt"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(SourceError) as caught:
        fetch_source(url, timeout_s=5, max_bytes=LIMIT)
    scheme = url.split("://")[0] if "://" in url else "a bare path"
    assert str(caught.value) == f"{url}: only http and https URLs can be fetched, not {scheme!r}"


def test_redirect_to_another_scheme_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "ftp://example.org/x"})

    with pytest.raises(SourceError) as caught:
        fetch_source("https://example.org/a", timeout_s=5, max_bytes=LIMIT, transport=httpx.MockTransport(handler))
    assert str(caught.value) == (
        "https://example.org/a: could not fetch it (UnsupportedProtocol: a redirect leads to ftp://example.org/x, "
        "which is not http or https); check the URL and the network"
    )


def test_mock_transport_https_with_parameters_in_content_type() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["User-Agent"] == "khronika/0.1.0"
        return httpx.Response(200, content=b"%PDF-1.7", headers={"Content-Type": "Application/PDF; qs=0.9"})

    source = fetch_source("https://example.org/r", timeout_s=5, max_bytes=LIMIT, transport=httpx.MockTransport(handler))
    assert (source.uri, source.data, source.media_type) == ("https://example.org/r", b"%PDF-1.7", "application/pdf")


def test_server_error_after_redirect_names_the_final_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "https://example.org/new"})
        return httpx.Response(503)

    with pytest.raises(SourceError) as caught:
        fetch_source("https://example.org/old", timeout_s=5, max_bytes=LIMIT, transport=httpx.MockTransport(handler))
    assert str(caught.value) == (
        "https://example.org/old: the server answered HTTP 503 Service Unavailable "
        "(redirected to https://example.org/new); check the URL"
    )
