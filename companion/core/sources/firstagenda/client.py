"""HTTP for one FirstAgenda Publication site, as the real server behaves.

- The first request of a client without cookies may be answered by a 302 to
  ``/Home/AnonymousAuthentication?callback=<the original URL>``, which sets an
  ``.AspNet.Cookies`` cookie and redirects back: redirects are followed and
  cookies kept (urllib with an ``http.cookiejar.CookieJar``).
- Polite: one request at a time per client, at least `FirstAgendaClient.delay`
  seconds apart; 429 and 503 wait for ``Retry-After`` (capped) before trying
  again, other 5xx, timeouts and dropped connections back off exponentially.
- Conditional requests when validators are given (``If-None-Match``,
  ``If-Modified-Since``); 304 comes back as a `JsonResponse` without data.
- A PDF is checked to be a PDF: an HTML page in its place (what the server
  sends a client without its cookie) is `NotAPdf`, naming the attachment.

Errors are the feed's (`companion.core.sources.http`): `TransientError`,
`SyncError`, `SyncCancelled`; every message names the URL. What reaches the
member is also a `MemberError` (a sentence the window translates): `SiteError`
when the site cannot be reached, keeps failing or is too slow after the
retries, or its certificate is wrong, and `NotAPdf` naming the attachment.
"""

from __future__ import annotations

import hashlib
import http.client
import http.cookiejar
import json
import logging
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar

from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError
from companion.core.sources.http import (
    CHUNK_SIZE,
    MAX_DOCUMENT_SIZE,
    RetryPolicy,
    SyncCancelled,
    SyncError,
    TransferStats,
    TransientError,
    Unreachable,
    wait_or_cancel,
)

log = logging.getLogger(__name__)

USER_AGENT = "kkr-companion-firstagenda/1"
#: Seconds between two requests to one site.
DEFAULT_DELAY = 0.25
#: The longest Retry-After honoured; a server asking for more is tried again after this.
MAX_RETRY_AFTER = 60.0
#: A PDF starts with this within its first KiB (the PDF specification allows junk before).
PDF_MAGIC = b"%PDF-"
_PDF_MAGIC_WINDOW = 1024
_RETRY_AFTER_STATUSES = {429, 503}

T = TypeVar("T")


SITE_UNREACHABLE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Could not connect to {site} ({detail}): check the internet connection and the "
    "site's address, then try again.",
)
SITE_SERVER_ERROR = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{site} answered {url} with a server error ({status}) {tries} times in a row: "
    "the site may be down for a while; try the sync again later.",
)
SITE_TOO_SLOW = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{site} did not answer {url} in time ({tries} tries, {seconds} s each): the site or "
    "the connection is slow; try the sync again later.",
)
SITE_CERTIFICATE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The certificate of {site} could not be verified ({detail}): check the site's "
    "address, it may not be the municipality's site.",
)
NOT_A_PDF_PAGE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The attachment “{title}” is not a PDF: {site} sent a web page instead ({url}); "
    "the meeting keeps its last good version, try the sync again later.",
)
NOT_A_PDF_OTHER = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The attachment “{title}” is not a PDF: {site} sent something else ({kind}) "
    "instead ({url}); the meeting keeps its last good version, try the sync again later.",
)


class SiteError(SyncError, MemberError):
    """The site could not be read after the retries (a sentence for the member)."""


class NotAPdf(SyncError, MemberError):
    """A download that should be a PDF is something else (an HTML page, say)."""


class NotFound(SyncError):
    """404 or 410: the server has nothing at the URL (``status``)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class NotJson(SyncError):
    """The server answered, but not with JSON (a web page, say)."""


class NoConnection(Unreachable):
    """No connection could be made to ``url``; ``detail`` is the system's reason."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"{url}: could not connect ({detail}).")
        self.detail = detail


class ServerAnswered(TransientError):
    """A 5xx (or 408, 425) answer: worth another try; ``status`` says which."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class RetryLater(ServerAnswered):
    """429 or 503: the server asked to wait ``retry_after`` seconds (None: not said)."""

    def __init__(self, message: str, status: int, retry_after: float | None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


@dataclass(frozen=True)
class JsonResponse:
    """A JSON document; ``status`` 304 means unchanged (``data`` is None)."""

    url: str
    status: int
    data: Any
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class DownloadedPdf:
    """A verified PDF on disk."""

    path: Path
    sha256: str
    size: int


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


class FirstAgendaClient:
    """One site's HTTP client: cookies kept, one request at a time, polite.

    Args:
        base_url: the site's root, e.g. ``https://dagsordener-referater.hvidovre.dk``.
        retry: attempts, backoff and the per-request timeout.
        delay: the least time between two requests, in seconds.
        cancel: set to stop; waits end at once with `SyncCancelled`.
        verify_tls: check the server's certificate.
    """

    def __init__(
        self,
        base_url: str,
        *,
        retry: RetryPolicy | None = None,
        delay: float = DEFAULT_DELAY,
        cancel: threading.Event | None = None,
        verify_tls: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.retry = retry or RetryPolicy()
        self.delay = delay
        self.cancel = cancel
        self.stats = TransferStats()
        self.cookies = http.cookiejar.CookieJar()
        self._lock = threading.Lock()
        self._last_request_end = 0.0
        handlers: list[urllib.request.BaseHandler] = [
            urllib.request.HTTPCookieProcessor(self.cookies)
        ]
        if self.base_url.startswith("https:"):
            context = ssl.create_default_context()
            if not verify_tls:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self._opener = urllib.request.build_opener(*handlers)

    @property
    def site(self) -> str:
        """The site's root without the trailing slash, for messages."""
        return self.base_url.rstrip("/")

    def url_of(self, path: str) -> str:
        """The absolute URL of a site-relative ``path``."""
        return self.base_url + path.lstrip("/")

    # -- requests

    def get_json(
        self, path: str, etag: str | None = None, since: str | None = None
    ) -> JsonResponse:
        """GET a JSON document, conditionally when ``etag`` or ``since`` is given.

        Raises:
            SyncError: the server refused or failed after the retries, or the body is
                not JSON; SyncCancelled when cancelled.
        """
        headers = {"Accept": "application/json"}
        if etag:
            headers["If-None-Match"] = etag
        if since:
            headers["If-Modified-Since"] = since
        url = self.url_of(path)

        def attempt() -> JsonResponse:
            with self._request(url, headers) as response:
                status = response.status
                if status == 304:
                    return JsonResponse(url, 304, None, etag, since)
                body = _read_all(response, url, self.stats)
                final_url = response.geturl()
                validators = (response.headers.get("ETag"), response.headers.get("Last-Modified"))
            try:
                data = json.loads(body.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise NotJson(
                    f"{url}: the server did not answer with JSON ({error}); "
                    f"it sent {_describe_body(body)} from {final_url}."
                ) from None
            return JsonResponse(url, status, data, *validators)

        return self._with_retries(url, attempt)

    def download_pdf(self, path: str, dest_dir: Path, title: str) -> DownloadedPdf:
        """Download the PDF at ``path`` into ``dest_dir``, checked to be a PDF.

        ``title`` names the document for messages (the bilag's title).

        Raises:
            NotAPdf: the server sent something else (an HTML page, ...).
            SyncError: the download failed after the retries; SyncCancelled.
        """
        url = self.url_of(path)
        dest_dir.mkdir(parents=True, exist_ok=True)
        part = dest_dir / (path.rstrip("/").rsplit("/", 1)[-1] + ".part")

        def attempt() -> DownloadedPdf:
            digest = hashlib.sha256()
            size = 0
            with self._request(url, {"Accept": "application/pdf"}) as response:
                content_type = response.headers.get("Content-Type", "")
                declared = response.headers.get("Content-Length")
                head = b""
                with part.open("wb") as out:
                    while True:
                        self._check_cancel()
                        chunk = _read1(response, url)
                        if not chunk:
                            break
                        self.stats.add_bytes(len(chunk))
                        if len(head) < _PDF_MAGIC_WINDOW:
                            head += chunk[: _PDF_MAGIC_WINDOW - len(head)]
                        out.write(chunk)
                        digest.update(chunk)
                        size += len(chunk)
            if declared is not None and declared.isdigit() and size < int(declared):
                raise TransientError(
                    f"{url}: the download stopped after {size} of {declared} bytes."
                )
            if PDF_MAGIC not in head:
                part.unlink(missing_ok=True)
                kind = content_type.split(";")[0].strip() or "no content type"
                page = _describe_body(head) == "an HTML page" or kind == "text/html"
                raise NotAPdf(
                    NOT_A_PDF_PAGE if page else NOT_A_PDF_OTHER,
                    Cause.INVALID,
                    title=title,
                    site=self.site,
                    url=url,
                    kind=kind,
                )
            sha256 = digest.hexdigest()
            target = dest_dir / sha256
            part.replace(target)
            return DownloadedPdf(target, sha256, size)

        try:
            return self._with_retries(url, attempt)
        finally:
            part.unlink(missing_ok=True)

    # -- the machinery

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncCancelled("The sync was cancelled.")

    def _with_retries(self, url: str, action: Callable[[], T]) -> T:
        """One request at a time, retried after transient failures (Retry-After honoured)."""
        for attempt in range(self.retry.attempts):
            self._check_cancel()
            with self._lock:
                wait_or_cancel(
                    max(0.0, self._last_request_end + self.delay - time.monotonic()), self.cancel
                )
                try:
                    return action()
                except TransientError as error:
                    if attempt + 1 >= self.retry.attempts:
                        raise self._gave_up(url, error) from error
                    pause = self.retry.delay(attempt)
                    if isinstance(error, RetryLater) and error.retry_after is not None:
                        pause = min(MAX_RETRY_AFTER, error.retry_after)
                    log.warning("%s Trying again in %.1f s.", error, pause)
                finally:
                    self._last_request_end = time.monotonic()
            wait_or_cancel(pause, self.cancel)
        raise AssertionError("unreachable: attempts must be at least 1")

    def _gave_up(self, url: str, error: TransientError) -> SiteError:
        """The sentence for the member once the retries at ``url`` are spent on ``error``."""
        tries = self.retry.attempts
        if isinstance(error, NoConnection):
            return SiteError(SITE_UNREACHABLE, Cause.OTHER, site=self.site, detail=error.detail)
        if isinstance(error, ServerAnswered):
            return SiteError(
                SITE_SERVER_ERROR,
                Cause.OTHER,
                site=self.site,
                url=url,
                status=error.status,
                tries=tries,
            )
        return SiteError(
            SITE_TOO_SLOW,
            Cause.OTHER,
            site=self.site,
            url=url,
            tries=tries,
            seconds=f"{self.retry.timeout:g}",
        )

    def _request(self, url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
        """Open ``url`` (redirects followed, cookies kept); 2xx and 304, else a classified error."""
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
        self.stats.add_request()
        try:
            response: http.client.HTTPResponse = self._opener.open(
                request, timeout=self.retry.timeout
            )
            return response
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return error  # type: ignore[return-value]  # file-like, with headers
            retry_after = parse_retry_after(error.headers.get("Retry-After"))
            error.close()
            answer = f"{error.code} {error.reason}".strip()
            message = f"{url}: the server answered {answer}."
            if error.code in _RETRY_AFTER_STATUSES:
                raise RetryLater(message, error.code, retry_after) from None
            if error.code >= 500 or error.code in (408, 425):
                raise ServerAnswered(message, error.code) from None
            if error.code in (404, 410):
                raise NotFound(f"{url}: not found on the server ({answer}).", error.code) from None
            raise SyncError(message) from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, ssl.SSLCertVerificationError):
                raise SiteError(
                    SITE_CERTIFICATE,
                    Cause.INVALID,
                    site=self.site,
                    detail=reason.verify_message,
                    url=url,
                ) from None
            raise NoConnection(url, str(reason)) from None
        except TimeoutError:
            raise TransientError(
                f"{url}: the server did not answer within {self.retry.timeout:g} s."
            ) from None
        except (OSError, http.client.HTTPException) as error:
            raise NoConnection(url, str(error)) from None


def _read1(response: http.client.HTTPResponse, url: str) -> bytes:
    try:
        return response.read1(CHUNK_SIZE)
    except TimeoutError:
        raise TransientError(f"{url}: the server stopped sending (timed out).") from None
    except (OSError, http.client.HTTPException) as error:
        raise TransientError(f"{url}: the connection broke ({error}).") from None


def _read_all(response: http.client.HTTPResponse, url: str, stats: TransferStats) -> bytes:
    parts: list[bytes] = []
    size = 0
    while chunk := _read1(response, url):
        stats.add_bytes(len(chunk))
        size += len(chunk)
        if size > MAX_DOCUMENT_SIZE:
            raise SyncError(f"{url}: larger than {MAX_DOCUMENT_SIZE} bytes; not an agenda.")
        parts.append(chunk)
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and size < int(declared):
        raise TransientError(f"{url}: the body stopped after {size} of {declared} bytes.")
    return b"".join(parts)


def _describe_body(head: bytes) -> str:
    """A few words on what a body is, for messages ("an HTML page", "an empty answer")."""
    start = head.lstrip()[:64].lower()
    if not start:
        return "an empty answer"
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512].lower():
        return "an HTML page"
    return "something else"
