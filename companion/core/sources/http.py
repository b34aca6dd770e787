"""Reading a feed: one request at a time over HTTP(S), or from a local folder.

A `Transport` fetches a feed-relative path (``index.json``, a manifest, a
file) and classifies every failure: `TransientError` (5xx, connection
refused/reset, timeout, short body: worth another try, see `with_retries`),
`AuthenticationRequired` (401/403) or `SyncError` (404, a bad certificate, ...).
Every message names the URL; credentials go only into the Authorization
header, never into a URL, a message or a log, and never over plain http to
another machine unless the member allowed it for the source
(`sends_secret_in_clear`, `InsecureHttpRefused`).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import logging
import re
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError
from companion.core.plain_http import sends_secret_in_clear

log = logging.getLogger(__name__)

USER_AGENT = "kkr-companion-sync/1"
CHUNK_SIZE = 256 * 1024
#: The largest index or manifest read into memory.
MAX_DOCUMENT_SIZE = 64 * 1024**2
_RETRY_STATUSES = {408, 425, 429}
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")

T = TypeVar("T")


class SyncError(Exception):
    """A sync that cannot go on; the message is a sentence naming the URL and the problem."""


class AuthenticationRequired(SyncError):
    """The server refused the credentials (401/403): ask the member for them again."""


class SyncCancelled(SyncError):
    """The member cancelled the sync; partial downloads are kept for the next one."""


class TransientError(SyncError):
    """A failure worth trying again: 5xx, a dropped connection, a timeout, a short body."""


class Unreachable(TransientError):
    """The server could not be reached at all: the member is probably offline."""


class InsecureHttpRefused(SyncError, MemberError):
    """A password or token would have gone over plain http to another machine: not sent."""


INSECURE_HTTP_REFUSED = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{url} is not encrypted (http), so your password or token was not sent: change the "
    "source to its https:// address, or add it again allowing an unencrypted sign-in.",
)


@dataclass(frozen=True)
class Credentials:
    """What a request needs to authenticate; the secrets never appear in a repr."""

    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def authorization(self) -> str | None:
        """The Authorization header value: a bearer token, else basic auth, else None."""
        if self.token:
            return f"Bearer {self.token}"
        if self.username is None and self.password is None:
            return None
        pair = f"{self.username or ''}:{self.password or ''}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to try again; ``timeout`` applies to every request."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    timeout: float = 30.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (0-based)."""
        return float(min(self.max_delay, self.base_delay * 2**attempt))


def with_retries(
    action: Callable[[], T], policy: RetryPolicy, cancel: threading.Event | None = None
) -> T:
    """Run ``action``, trying again with exponential backoff after a `TransientError`.

    Raises:
        SyncError: the last transient failure, after ``policy.attempts`` tries.
        SyncCancelled: ``cancel`` was set while waiting.
    """
    for attempt in range(policy.attempts):
        try:
            return action()
        except TransientError as error:
            if attempt + 1 >= policy.attempts:
                raise SyncError(f"{error} Gave up after {policy.attempts} tries.") from error
            delay = policy.delay(attempt)
            log.warning("%s Trying again in %.1f s.", error, delay)
            wait_or_cancel(delay, cancel)
    raise AssertionError("unreachable: attempts must be at least 1")


def wait_or_cancel(seconds: float, cancel: threading.Event | None) -> None:
    """Sleep ``seconds``; raise `SyncCancelled` as soon as ``cancel`` is set."""
    if cancel is None:
        time.sleep(seconds)
    elif cancel.wait(seconds):
        raise SyncCancelled("The sync was cancelled.")


class TransferStats:
    """Requests made and body bytes received, counted from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.bytes_received = 0

    def add_request(self) -> None:
        with self._lock:
            self.requests += 1

    def add_bytes(self, count: int) -> None:
        with self._lock:
            self.bytes_received += count


@dataclass(frozen=True)
class Response:
    """A small document read in full; status 304 means "not modified" (empty body)."""

    url: str
    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


class Stream(Protocol):
    """A body being read: ``read1`` returns what is there (b"" at the end)."""

    def read1(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


@dataclass
class RangedBody:
    """The body of a file from ``start`` on (0 when the server ignored the Range)."""

    url: str
    start: int
    stream: Stream


class Transport(Protocol):
    """A feed's location: a URL prefix or a local folder."""

    stats: TransferStats

    def url_of(self, path: str) -> str:
        """The full URL (or file path) of a feed-relative ``path``, for messages."""
        ...

    def fetch(self, path: str, etag: str | None = None, since: str | None = None) -> Response:
        """Read a document in full, conditionally when ``etag`` or ``since`` is given."""
        ...

    def open_from(self, path: str, offset: int) -> RangedBody:
        """Open a file's body from byte ``offset`` (or from 0 if that is all there is)."""
        ...


# --- HTTP ------------------------------------------------------------------------------


class _CountingStream:
    """A response body that counts bytes and turns read failures into `TransientError`."""

    def __init__(self, response: http.client.HTTPResponse, url: str, stats: TransferStats):
        self._response = response
        self._url = url
        self._stats = stats

    def read1(self, size: int = -1, /) -> bytes:
        try:
            data = self._response.read1(size)
        except (OSError, http.client.HTTPException) as error:
            raise TransientError(
                f"{self._url}: the connection broke ({_describe(error)})."
            ) from None
        self._stats.add_bytes(len(data))
        return data

    def close(self) -> None:
        self._response.close()


class HttpTransport:
    """A feed served over HTTP(S) with urllib: TLS verified unless told otherwise.

    Raises:
        InsecureHttpRefused: ``credentials`` would go over plain http to another
            machine and ``allow_insecure_http`` is False; nothing was sent.
    """

    def __init__(
        self,
        base_url: str,
        credentials: Credentials | None = None,
        verify_tls: bool = True,
        timeout: float = 30.0,
        *,
        allow_insecure_http: bool = False,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self.stats = TransferStats()
        authorization = credentials.authorization() if credentials else None
        if authorization and sends_secret_in_clear(self.base_url) and not allow_insecure_http:
            raise InsecureHttpRefused(
                INSECURE_HTTP_REFUSED, Cause.INVALID, url=_without_query(self.base_url)
            )
        self._authorization = authorization
        handlers: list[urllib.request.BaseHandler] = []
        if self.base_url.startswith("https:"):  # loading the CA store costs ~20 ms
            context = ssl.create_default_context()
            if not verify_tls:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self._opener = urllib.request.build_opener(*handlers)

    def url_of(self, path: str) -> str:
        return self.base_url + path

    def _open(self, path: str, headers: Mapping[str, str]) -> http.client.HTTPResponse:
        """One request; returns 2xx and 304 responses, raises a classified error otherwise."""
        url = self.url_of(path)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
        if self._authorization:
            # Unredirected: a redirect to another host never receives the secret.
            request.add_unredirected_header("Authorization", self._authorization)
        self.stats.add_request()
        try:
            response: http.client.HTTPResponse = self._opener.open(request, timeout=self.timeout)
            return response
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return error  # type: ignore[return-value]  # file-like, with headers
            error.close()
            raise _status_error(url, error.code, error.reason) from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, ssl.SSLCertVerificationError):
                raise SyncError(
                    f"{url}: the server's TLS certificate could not be verified "
                    f"({reason.verify_message}). Check the address, or ask the secretariat."
                ) from None
            raise Unreachable(f"{url}: could not connect ({_describe(reason)}).") from None
        except (OSError, http.client.HTTPException) as error:
            raise Unreachable(f"{url}: the connection failed ({_describe(error)}).") from None

    def fetch(self, path: str, etag: str | None = None, since: str | None = None) -> Response:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if since:
            headers["If-Modified-Since"] = since
        url = self.url_of(path)
        response = self._open(path, headers)
        with response:
            status = getattr(response, "status", None) or response.getcode()
            body = b"" if status == 304 else self._read_all(response, url)
            return Response(
                url,
                status,
                body,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )

    def _read_all(self, response: http.client.HTTPResponse, url: str) -> bytes:
        stream = _CountingStream(response, url, self.stats)
        declared = response.headers.get("Content-Length")
        parts: list[bytes] = []
        size = 0
        while chunk := stream.read1(CHUNK_SIZE):
            size += len(chunk)
            if size > MAX_DOCUMENT_SIZE:
                raise SyncError(
                    f"{url}: larger than {MAX_DOCUMENT_SIZE} bytes; not a feed document."
                )
            parts.append(chunk)
        if declared is not None and declared.isdigit() and size < int(declared):
            raise TransientError(f"{url}: the body stopped after {size} of {declared} bytes.")
        return b"".join(parts)

    def open_from(self, path: str, offset: int) -> RangedBody:
        url = self.url_of(path)
        headers = {"Range": f"bytes={offset}-"} if offset > 0 else {}
        response = self._open(path, headers)
        start = 0
        if response.status == 206:
            start = _range_start(response.headers.get("Content-Range", ""), url, response)
        elif response.status != 200:
            response.close()
            raise SyncError(f"{url}: unexpected answer {response.status} to a download.")
        return RangedBody(url, start, _CountingStream(response, url, self.stats))


def _without_query(url: str) -> str:
    """The URL without its query or fragment (a token may hide there)."""
    parts = urlsplit(url)
    return parts._replace(query="", fragment="").geturl()


def _range_start(content_range: str, url: str, response: http.client.HTTPResponse) -> int:
    match = _CONTENT_RANGE.match(content_range.strip())
    if match is None:
        response.close()
        raise TransientError(f"{url}: the server sent a malformed Content-Range {content_range!r}.")
    return int(match.group(1))


def _status_error(url: str, status: int, reason: str) -> SyncError:
    answer = f"{status} {reason}".strip()
    if status in (401, 403):
        return AuthenticationRequired(
            f"{url}: the server refused access ({answer}). "
            "Check the user name and password or the token of this source."
        )
    if status in (404, 410):
        return SyncError(f"{url}: not found on the server ({answer}).")
    if status >= 500 or status in _RETRY_STATUSES:
        return TransientError(f"{url}: the server answered {answer}.")
    return SyncError(f"{url}: the server answered {answer}.")


def _describe(error: object) -> str:
    if isinstance(error, BaseException):
        text = str(error) or type(error).__name__
        return f"{type(error).__name__}: {text}" if text != type(error).__name__ else text
    return str(error)


# --- local folder ----------------------------------------------------------------------


class FolderTransport:
    """A feed in a local folder (USB stick, network share): the same paths as files.

    The ETag of a document is its sha256, so an unchanged index is recognised
    exactly as over HTTP.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.stats = TransferStats()

    def url_of(self, path: str) -> str:
        return str(self.root.joinpath(*path.split("/")))

    def _file(self, path: str) -> Path:
        file = self.root.joinpath(*path.split("/"))
        if not file.is_file():
            raise SyncError(f"{file}: missing from the feed folder.")
        return file

    def fetch(self, path: str, etag: str | None = None, since: str | None = None) -> Response:
        file = self._file(path)
        self.stats.add_request()
        try:
            if file.stat().st_size > MAX_DOCUMENT_SIZE:
                raise SyncError(f"{file}: larger than {MAX_DOCUMENT_SIZE} bytes.")
            body = file.read_bytes()
        except OSError as error:
            raise TransientError(f"{file}: cannot be read ({error.strerror}).") from None
        current = f'"{hashlib.sha256(body).hexdigest()}"'
        modified = formatdate(file.stat().st_mtime, usegmt=True)
        if etag == current:
            return Response(str(file), 304, b"", current, modified)
        self.stats.add_bytes(len(body))
        return Response(str(file), 200, body, current, modified)

    def open_from(self, path: str, offset: int) -> RangedBody:
        file = self._file(path)
        self.stats.add_request()
        try:
            stream = file.open("rb")
            stream.seek(offset)
        except OSError as error:
            raise TransientError(f"{file}: cannot be read ({error.strerror}).") from None
        return RangedBody(str(file), offset, _CountingFile(stream, self.stats))


class _CountingFile:
    """A local file read like a response body, counting bytes."""

    def __init__(self, stream: Stream, stats: TransferStats) -> None:
        self._stream = stream
        self._stats = stats

    def read1(self, size: int = -1, /) -> bytes:
        data = self._stream.read1(size)
        self._stats.add_bytes(len(data))
        return data

    def close(self) -> None:
        self._stream.close()
