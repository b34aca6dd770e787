"""A real feed server on loopback, and feeds published from the real sample packages.

`FeedServer` is a `ThreadingHTTPServer` on 127.0.0.1 (port 0) serving a feed
folder with ETags, 304s and Range requests, the way nginx does. Tests can
require an Authorization header, slow the file bodies down (``drip``) or
inject a fault: ``server.fault`` is called for each request and may answer it
itself (returning True).

Revised packages are made from the real samples only: an item's text loses a
paragraph, an item of another real KKR agenda is added, an item is removed,
and the agenda PDF is rendered again for the new text. Nothing is invented.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import re
import socket
import ssl
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pymupdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from companion.core.agenda_pdf import render_agenda_pdf
from companion.core.model import AgendaItem, Meeting, stable_id
from companion.core.package import file_ref_for, read_package, write_package
from companion.core.samples import sample_packages
from companion.core.sources.feed.publish import publish

REVISED_ID = "kkr-midtjylland-2016-11-22"
DONOR_ID = "kkr-midtjylland-2020-02-05"
_RANGE = re.compile(r"^bytes=(\d+)-$")


@dataclass
class Hit:
    """One request the server saw (never the Authorization value itself)."""

    path: str
    range: str | None
    if_none_match: str | None
    authorized: bool
    status: int = 0
    sent: int = 0


class FeedHandler(BaseHTTPRequestHandler):
    """Serves the feed folder; consults the server's fault hook first."""

    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read `FeedServer.hits` instead."""

    def do_GET(self) -> None:
        feed = self.server.feed
        self.hit = Hit(
            path=urlsplit(self.path).path.lstrip("/"),
            range=self.headers.get("Range"),
            if_none_match=self.headers.get("If-None-Match"),
            authorized=self.headers.get("Authorization") is not None,
        )
        feed.record(self.hit)
        if feed.authorization is not None and (
            self.headers.get("Authorization") != feed.authorization
        ):
            self.send_status(401, {"WWW-Authenticate": 'Basic realm="feed"'})
            return
        if feed.fault is not None and feed.fault(self):
            return
        self.serve_file()

    def file_bytes(self) -> bytes | None:
        """The content of the requested file, or None if the feed lacks it."""
        file = self.server.feed.root / self.hit.path
        return file.read_bytes() if self.hit.path and file.is_file() else None

    def send_status(self, status: int, headers: dict[str, str] | None = None) -> None:
        """An answer without a body worth reading."""
        body = f"{status}\n".encode() if status != 304 else b""
        self.hit.status = status  # recorded before sending: the client may be quicker
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def serve_file(self) -> None:
        """The file with ETag, Last-Modified, 304 on a matching ETag, 206 on a Range."""
        data = self.file_bytes()
        if data is None:
            self.send_status(404)
            return
        feed = self.server.feed
        etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
        file = feed.root / self.hit.path
        headers = {"ETag": etag, "Last-Modified": formatdate(file.stat().st_mtime, usegmt=True)}
        if self.hit.if_none_match == etag:
            self.send_status(304, headers)
            return
        match = _RANGE.match(self.hit.range or "")
        start = int(match.group(1)) if match and feed.honour_range else 0
        if start:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        self.send_body(data[start:], headers, 206 if start else 200)

    def send_body(self, body: bytes, headers: dict[str, str], status: int = 200) -> None:
        """Send ``body``, dripped in chunks when the server is slowed down for files."""
        feed = self.server.feed
        self.hit.status = status
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        chunk, delay = feed.drip if self.hit.path.startswith("files/") else (len(body) or 1, 0.0)
        for offset in range(0, len(body), chunk):
            self.hit.sent += len(body[offset : offset + chunk])
            self.wfile.write(body[offset : offset + chunk])
            if delay:
                time.sleep(delay)

    def send_cut_short(self, body: bytes, count: int, reset: bool) -> None:
        """Promise all of ``body`` but send ``count`` bytes, then FIN (or RST if ``reset``)."""
        self.hit.status, self.hit.sent = 200, count
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:count])
        if reset:
            time.sleep(0.2)  # let the client read what was sent before the reset
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    feed: FeedServer

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (killed, cancelled) is expected; anything else is printed."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FeedServer:
    """A feed folder served on 127.0.0.1; ``url`` ends with a slash."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits: list[Hit] = []
        self.fault: Callable[[FeedHandler], bool] | None = None
        self.authorization: str | None = None
        self.drip: tuple[int, float] = (64 * 1024, 0.0)
        self.honour_range = True
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), FeedHandler)
        self._httpd.feed = self
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> None:
        self._thread.start()

    def use_tls(self, certificate: Path, key: Path) -> None:
        """Serve HTTPS with ``certificate`` (call before `start`)."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)
        self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self.url = self.url.replace("http:", "https:", 1).replace("127.0.0.1", "localhost")

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def reset_hits(self) -> None:
        with self._lock:
            self.hits.clear()

    def paths(self, prefix: str = "") -> list[str]:
        """Requested paths starting with ``prefix``, in order."""
        with self._lock:
            return [hit.path for hit in self.hits if hit.path.startswith(prefix)]

    def bytes_sent(self, prefix: str = "") -> int:
        with self._lock:
            return sum(hit.sent for hit in self.hits if hit.path.startswith(prefix))


@pytest.fixture
def feed_dir(tmp_path: Path) -> Path:
    """The four real sample packages, published as a feed (version 1 each)."""
    feed = tmp_path / "feed"
    publish(sample_packages(), feed)
    return feed


@pytest.fixture
def feed_server(feed_dir: Path) -> Iterator[FeedServer]:
    """`feed_dir` served on loopback; stopped afterwards."""
    server = FeedServer(feed_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The library folder of the syncing member."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def _debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    """Capture every log record, so secret checks see everything that was logged."""
    caplog.set_level(logging.DEBUG)


def sample(meeting_id: str) -> Path:
    """The shipped sample package of ``meeting_id``."""
    return next(path for path in sample_packages() if path.stem == meeting_id)


def load_meeting(package: Path) -> Meeting:
    with read_package(package) as loaded:
        return loaded.meeting


def revise(meeting: Meeting) -> Meeting:
    """A version 2 made of real text: one item shortened, one removed, one added.

    The added item is the last item of the real 2020-02-05 agenda (given an id
    of this meeting); the shortened item loses the last block of its longest
    section; the removed item is the last one of group 3.
    """
    revised = copy.deepcopy(meeting)
    revised.version = meeting.version + 1
    group = next(g for g in revised.groups if g.number == "3")
    removed = group.items.pop()
    changed = group.items[0]
    section = max(changed.sections, key=lambda s: len(s.blocks))
    section.blocks.pop()
    donor = load_meeting(sample(DONOR_ID)).items[-1]
    old_id = donor.id
    donor.id = f"{revised.id}/{stable_id(DONOR_ID, donor.title)}"
    for attachment in donor.attachments:
        attachment.id = attachment.id.replace(old_id, donor.id)
    donor.number = removed.number
    group.items.append(donor)
    return revised


def added_item(revised: Meeting) -> AgendaItem:
    """The item `revise` added."""
    return next(g for g in revised.groups if g.number == "3").items[-1]


def write_revision(meeting: Meeting, folder: Path, pdf: bytes | None = None) -> Path:
    """Write ``meeting`` as a package in ``folder`` with its agenda PDF ``pdf``.

    Without ``pdf`` the agenda is rendered again from the meeting's text.
    """
    folder.mkdir(parents=True, exist_ok=True)
    pdf_path = folder / f"{meeting.id}-v{meeting.version}-dagsorden.pdf"
    pdf_path.write_bytes(pdf if pdf is not None else render_agenda_pdf(meeting))
    assert meeting.agenda_pdf is not None
    meeting.agenda_pdf = file_ref_for(
        pdf_path, meeting.agenda_pdf.name, meeting.agenda_pdf.file_name
    )
    return write_package(
        meeting,
        {meeting.agenda_pdf.sha256: pdf_path},
        folder / f"{meeting.id}-v{meeting.version}.zip",
    )


def re_exported_pdf(package: Path, stamp: int) -> bytes:
    """The package's agenda PDF saved again with another modification date (new bytes)."""
    with read_package(package) as loaded:
        assert loaded.meeting.agenda_pdf is not None
        with loaded.open_file(loaded.meeting.agenda_pdf) as stream:
            data = stream.read()
    document = pymupdf.open(stream=data, filetype="pdf")
    document.set_metadata({**document.metadata, "modDate": f"D:2026{stamp:010d}"})
    return document.tobytes()


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def assert_secret_nowhere(secret: str, folder: Path, log_text: str) -> None:
    """``secret`` is in no file under ``folder`` and not in ``log_text``."""
    needle = secret.encode()
    for path in files_under(folder):
        try:
            content = path.read_bytes()
        except FileNotFoundError:  # a -wal/-shm file removed as its database closed
            continue
        assert needle not in content, f"secret found in {path}"
    assert secret not in log_text


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for ``localhost``: (certificate, key) files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    certificate_file, key_file = folder / "cert.pem", folder / "key.pem"
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certificate_file, key_file
