"""Sync from a real nginx serving a published feed, with basic auth and ETags.

nginx is installed by `make test` (apt-get); a missing nginx fails this test
rather than skipping it, so CI can never pass without exercising it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.sync.client import (
    AuthenticationRequired,
    Credentials,
    SyncSource,
    sync,
)
from companion.core.sync.publish import publish

USER = "member"
PASSWORD = "nginx-test-secret-7c1f"


@dataclass
class Nginx:
    """A running nginx on loopback and where its files are."""

    url: str
    access_log: Path

    def requests_logged(self) -> list[str]:
        return self.access_log.read_text().splitlines() if self.access_log.exists() else []

    def lines_after(self, count: int, timeout: float = 5.0) -> list[str]:
        """The log lines after the first ``count`` (nginx logs just after it answers)."""
        deadline = time.monotonic() + timeout
        while len(self.requests_logged()) <= count and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)  # any further line would be logged by now
        return self.requests_logged()[count:]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ssha(password: str) -> str:
    """An RFC 2307 salted SHA-1 password line, which nginx's auth_basic reads."""
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def _config(feed: Path, work: Path, port: int) -> str:
    return f"""
user root;
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {work}/access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    types {{ application/json json; }}
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        root {feed};
        etag on;
        auth_basic "KKR feed";
        auth_basic_user_file {work}/htpasswd;
        location = /index.json {{ add_header Cache-Control "no-cache"; }}
        location /files/ {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    }}
}}
"""


@pytest.fixture
def nginx_feed(tmp_path: Path) -> Iterator[Nginx]:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx is not installed: run `make test`, which installs it"
    feed = tmp_path / "feed"
    publish(sample_packages(), feed)
    work = tmp_path / "nginx"
    work.mkdir()
    (work / "htpasswd").write_text(f"{USER}:{_ssha(PASSWORD)}\n")
    port = _free_port()
    conf = work / "nginx.conf"
    conf.write_text(_config(feed, work, port))
    process = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(work)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    raise RuntimeError(f"nginx did not start: {output}") from None
                time.sleep(0.05)
        yield Nginx(url=f"http://127.0.0.1:{port}/", access_log=work / "access.log")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_sync_from_nginx_with_basic_auth_then_a_304(nginx_feed: Nginx, tmp_path: Path) -> None:
    source = SyncSource(nginx_feed.url, credentials=Credentials(username=USER, password=PASSWORD))
    with Library(tmp_path / "data") as library:
        first = sync(source, library)
        assert {outcome.status for outcome in first.meetings} == {"added"}
        assert len(library.meetings()) == len(sample_packages())
        logged_before = len(nginx_feed.lines_after(0))

        again = sync(source, library)
        assert again.not_modified
        assert again.requests == 1
        new_lines = nginx_feed.lines_after(logged_before)
        assert (
            len(new_lines) == 1 and '"GET /index.json' in new_lines[0] and " 304 " in new_lines[0]
        )


def test_wrong_password_asks_for_credentials_again(nginx_feed: Nginx, tmp_path: Path) -> None:
    source = SyncSource(nginx_feed.url, credentials=Credentials(username=USER, password="wrong"))
    with Library(tmp_path / "data") as library:
        with pytest.raises(AuthenticationRequired) as raised:
            sync(source, library)
        assert nginx_feed.url in str(raised.value)
        assert "wrong" not in str(raised.value)
        assert library.meetings() == []
