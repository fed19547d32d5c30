"""Fetching a source by URL: http and https only, with a time limit and a size limit."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import httpx

from khronika import __version__
from khronika.errors import SourceError
from khronika.ingest.registry import Source

USER_AGENT = f"khronika/{__version__}"


def fetch_source(url: str, *, timeout_s: float, max_bytes: int, transport: httpx.BaseTransport | None = None) -> Source:
    """Download `url` (following redirects) into a Source; any failure is a SourceError naming the URL."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise SourceError(url, f"only http and https URLs can be fetched, not {scheme or 'a bare path'!r}")
    deadline = time.monotonic() + timeout_s
    try:
        with (
            httpx.Client(
                transport=transport,
                follow_redirects=True,
                timeout=timeout_s,
                headers={"User-Agent": USER_AGENT},
                event_hooks={"request": [_refuse_other_schemes]},
            ) as client,
            client.stream("GET", url) as response,
        ):
            _check_status(url, response)
            data = _read_body(url, response, max_bytes=max_bytes, deadline=deadline, timeout_s=timeout_s)
            content_type = response.headers.get("Content-Type", "")
    except httpx.TimeoutException as err:
        raise SourceError(url, _timed_out(timeout_s)) from err
    except httpx.TooManyRedirects as err:
        raise SourceError(
            url, f"too many redirects ({err}); open the URL in a browser to find the real address"
        ) from err
    except httpx.HTTPError as err:  # connection refused, DNS failure, TLS error, broken transfer
        raise SourceError(
            url, f"could not fetch it ({type(err).__name__}: {err}); check the URL and the network"
        ) from err
    media_type = content_type.split(";", 1)[0].strip().lower() or None
    return Source(uri=url, data=data, media_type=media_type)


def _refuse_other_schemes(request: httpx.Request) -> None:
    # Every transport must refuse a redirect to file:, ftp: and the like, not only the default one.
    if request.url.scheme not in ("http", "https"):
        raise httpx.UnsupportedProtocol(f"a redirect leads to {request.url}, which is not http or https")


def _check_status(url: str, response: httpx.Response) -> None:
    if response.is_success:
        return
    where = f" (redirected to {response.url})" if str(response.url) != url else ""
    raise SourceError(
        url, f"the server answered HTTP {response.status_code} {response.reason_phrase}{where}; check the URL"
    )


def _read_body(url: str, response: httpx.Response, *, max_bytes: int, deadline: float, timeout_s: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(url, _too_large(max_bytes, f"the server announces {int(declared)} bytes"))
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise SourceError(url, _too_large(max_bytes, "the body goes on past it"))
        # The httpx timeout limits each read; this limits the whole download of a server that trickles.
        if time.monotonic() > deadline:
            raise SourceError(url, _timed_out(timeout_s))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(max_bytes: int, why: str) -> str:
    return f"larger than the limit of {max_bytes} bytes ({why}); raise KHRONIKA_FETCH_MAX_BYTES to read it"


def _timed_out(timeout_s: float) -> str:
    return f"timed out after {timeout_s:g} s; try again later or raise KHRONIKA_FETCH_TIMEOUT_S"
