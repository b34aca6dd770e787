"""Start a real nginx on a free loopback port serving a folder (tests and benchmarks).

nginx comes from Debian (`make test` installs it). The server runs in the
foreground as a child process with its own config, logs and temp folders
under ``work``, and is stopped when the context ends.
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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Nginx:
    """A running nginx on loopback and where its access log is."""

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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ssha(password: str) -> str:
    """An RFC 2307 salted SHA-1 password, which nginx's auth_basic_user_file reads."""
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def _config(root: Path, work: Path, port: int, with_auth: bool) -> str:
    auth = f'auth_basic "KKR feed"; auth_basic_user_file {work}/htpasswd;' if with_auth else ""
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
    sendfile on;
    types {{ application/json json; }}
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        etag on;
        {auth}
        location = /index.json {{ add_header Cache-Control "no-cache"; }}
        location /files/ {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    }}
}}
"""


@contextmanager
def running_nginx(root: Path, work: Path, users: dict[str, str] | None = None) -> Iterator[Nginx]:
    """Serve ``root`` with nginx (basic auth for ``users`` when given) until the end."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise RuntimeError(
            "nginx is not installed: `make test` installs it (apt-get install nginx)"
        )
    work.mkdir(parents=True, exist_ok=True)
    if users:
        lines = [f"{name}:{ssha(password)}" for name, password in users.items()]
        (work / "htpasswd").write_text("\n".join(lines) + "\n")
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(_config(root, work, port, bool(users)))
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
