"""`companion source`, `sync`, `publish` and `keygen` as real subprocesses.

The feed is published from the real sample packages and served by a real
ThreadingHTTPServer on 127.0.0.1 that wants a bearer token. This machine has no
keyring backend, so the token is kept with --insecure-file (the member's knowing
choice); the keyring itself is tested in test_credentials.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from companion.cli import main
from companion.cli.sync import _ProgressPrinter
from companion.core.credentials import KEYRING_SERVICE
from companion.core.samples import sample_packages
from companion.core.sources.feed.publish import publish
from tests.core.test_credentials import MemoryKeyring, keyring_backend

TOKEN = "kkr-bearer-token-5f2a9c"
WRONG_TOKEN = "not-the-token-0000"
SAMPLE_IDS = sorted(path.stem for path in sample_packages())


@dataclass
class FeedServer:
    """A feed served over HTTP on loopback, and the Authorization headers it saw."""

    url: str
    root: Path
    authorizations: list[str | None] = field(default_factory=list)


class _TokenHandler(SimpleHTTPRequestHandler):
    """Serves the feed folder to requests that carry the right bearer token."""

    server_state: FeedServer

    def do_GET(self) -> None:
        authorization = self.headers.get("Authorization")
        self.server_state.authorizations.append(authorization)
        if authorization != f"Bearer {TOKEN}":
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Bearer realm="kkr"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture(scope="module")
def feed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    feed = tmp_path_factory.mktemp("feed")
    publish(sample_packages(), feed)
    return feed


@pytest.fixture
def feed_server(feed_dir: Path) -> Iterator[FeedServer]:
    state = FeedServer(url="", root=feed_dir)
    handler = type("Handler", (_TokenHandler,), {"server_state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(feed_dir)))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def companion(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m companion ARGS`` with its folders in ``home``; stdin is no TTY."""
    env = dict(os.environ)
    env["COMPANION_DATA_DIR"] = str(home / "data")
    env["COMPANION_CONFIG_DIR"] = str(home / "config")
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def add_token_source(home: Path, url: str, token: str = TOKEN) -> str:
    """Add ``url`` with a bearer token kept in the insecure file; returns the source id."""
    added = companion(
        home,
        "source", "add", url, "--name", "KKR", "--token", "--secret-stdin", "--insecure-file",
        stdin=token + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "NOT encrypted" in added.stderr
    assert token not in added.stdout + added.stderr
    return "kkr"


def files_holding(root: Path, text: str) -> list[Path]:
    """Every file under ``root`` whose bytes contain ``text``."""
    needle = text.encode()
    return sorted(p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes())


def test_sync_with_a_token_fills_the_library_and_keeps_the_token_secret(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    source_id = add_token_source(tmp_path, feed_server.url)

    synced = companion(tmp_path, "--verbose", "sync")  # debug logs must not leak it either
    assert synced.returncode == 0, synced.stderr
    assert "DEBUG" in synced.stderr or "INFO" in synced.stderr
    for meeting_id in SAMPLE_IDS:
        assert f"{source_id}: {meeting_id} version 1: added" in synced.stdout
    assert f"Bearer {TOKEN}" in feed_server.authorizations
    assert None not in feed_server.authorizations

    listed = companion(tmp_path, "meetings")
    assert sorted(line.split("\t")[0] for line in listed.stdout.splitlines()) == SAMPLE_IDS

    again = companion(tmp_path, "sync", source_id)
    assert again.returncode == 0, again.stderr
    assert "added" not in again.stdout

    sources = json.loads((tmp_path / "config" / "sources.json").read_text(encoding="utf-8"))
    assert sources["sources"][0]["last_sync_result"] == "ok"
    assert files_holding(tmp_path, TOKEN) == [tmp_path / "config" / "secrets" / source_id]
    for output in (synced, listed, again):
        assert TOKEN not in output.stdout + output.stderr


def test_progress_in_a_log_is_plain_lines(tmp_path: Path, feed_server: FeedServer) -> None:
    add_token_source(tmp_path, feed_server.url)
    synced = companion(tmp_path, "sync")
    assert synced.returncode == 0, synced.stderr
    assert "\r" not in synced.stderr
    lines = synced.stderr.splitlines()
    assert "kkr: index" in lines
    assert len(lines) == len(set(lines))  # one line per phase and meeting, no repeats


def test_a_wrong_token_exits_3_with_a_clear_message(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    add_token_source(tmp_path, feed_server.url, token=WRONG_TOKEN)
    synced = companion(tmp_path, "sync")
    assert synced.returncode == 3, synced.stdout + synced.stderr
    assert "source kkr" in synced.stderr and "refused" in synced.stderr
    assert "Traceback" not in synced.stderr
    assert WRONG_TOKEN not in synced.stdout + synced.stderr
    assert f"Bearer {WRONG_TOKEN}" in feed_server.authorizations
    assert "authentication needed" in (tmp_path / "config" / "sources.json").read_text()


def test_an_unreachable_source_exits_4(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{closed_port}/feed/"
    assert companion(tmp_path, "source", "add", url).returncode == 0
    synced = companion(tmp_path, "sync", "--tries", "1")
    assert synced.returncode == 4, synced.stdout + synced.stderr
    assert f"127.0.0.1:{closed_port}" in synced.stderr
    assert "Traceback" not in synced.stderr


def test_a_secret_asked_at_every_sync_needs_a_terminal(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    added = companion(tmp_path, "source", "add", feed_server.url, "--token", "--ask")
    assert added.returncode == 0, added.stderr
    assert not (tmp_path / "config" / "secrets").exists()
    synced = companion(tmp_path, "sync")
    assert synced.returncode == 3
    assert "no terminal to ask on" in synced.stderr
    assert feed_server.authorizations == []  # nothing was sent without the token


def test_without_a_keyring_add_says_what_to_do_and_keeps_nothing(tmp_path: Path) -> None:
    added = companion(
        tmp_path, "source", "add", "https://feed.example.dk/", "--token", stdin=TOKEN + "\n"
    )
    assert added.returncode == 2
    assert "No usable keyring" in added.stderr
    assert "--insecure-file" in added.stderr and "--ask" in added.stderr
    assert not (tmp_path / "config" / "sources.json").exists()
    assert files_holding(tmp_path, TOKEN) == []


def test_source_list_and_remove_take_the_secret_along(tmp_path: Path) -> None:
    add_token_source(tmp_path, "https://feed.example.dk/kkr/")
    basic = companion(tmp_path, "source", "add", "https://x.example.dk/", "--basic", "mette",
                      "--ask")  # fmt: skip
    assert basic.returncode == 0, basic.stderr
    listed = companion(tmp_path, "source", "list")
    assert listed.returncode == 0
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["kkr", "x-example-dk"]
    assert "basic auth as mette" in listed.stdout and "never synced" in listed.stdout

    removed = companion(tmp_path, "source", "remove", "kkr")
    assert removed.returncode == 0, removed.stderr
    assert not (tmp_path / "config" / "secrets" / "kkr").exists()
    assert "kkr\t" not in companion(tmp_path, "source", "list").stdout
    missing = companion(tmp_path, "source", "remove", "kkr")
    assert missing.returncode == 2 and "no source 'kkr'" in missing.stderr


def test_usage_and_config_errors_exit_2(tmp_path: Path) -> None:
    nothing = companion(tmp_path, "sync")
    assert nothing.returncode == 2 and "source add" in nothing.stderr
    add_token_source(tmp_path, "https://feed.example.dk/kkr/")
    unknown = companion(tmp_path, "sync", "nope")
    assert unknown.returncode == 2 and "no source 'nope'" in unknown.stderr
    sources_file = tmp_path / "config" / "sources.json"
    sources_file.write_text("{damaged", encoding="utf-8")
    damaged = companion(tmp_path, "sync")
    assert damaged.returncode == 2
    assert str(sources_file) in damaged.stderr and "damaged" in damaged.stderr
    assert sources_file.read_text(encoding="utf-8") == "{damaged"
    flags = companion(tmp_path, "source", "add", "https://y.dk/", "--insecure-file")
    assert flags.returncode == 2 and "need --basic USER or --token" in flags.stderr


def test_keygen_publish_signed_and_sync_with_the_public_key(tmp_path: Path) -> None:
    key = tmp_path / "publisher.pem"
    made = companion(tmp_path, "keygen", str(key))
    assert made.returncode == 0, made.stderr
    public_key = made.stdout.strip()
    assert len(public_key) == 44 and "PRIVATE" not in made.stdout
    again = companion(tmp_path, "keygen", str(key))
    assert again.returncode == 1 and "never replaced" in again.stderr

    feed = tmp_path / "feed"
    samples = [str(path) for path in sample_packages()]
    published = companion(tmp_path, "publish", *samples, "--to", str(feed), "--sign", str(key))
    assert published.returncode == 0, published.stderr
    assert published.stdout.count("published") == len(samples)
    assert list(feed.glob("meetings/*/1.json.sig"))

    added = companion(tmp_path, "source", "add", str(feed), "--public-key", public_key)
    assert added.returncode == 0, added.stderr
    synced = companion(tmp_path, "sync")
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.count("version 1: added") == len(samples)


def test_publish_of_a_broken_package_publishes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_text("not a zip")
    feed = tmp_path / "feed"
    published = companion(tmp_path, "publish", str(broken), "--to", str(feed))
    assert published.returncode == 1
    assert "broken.zip" in published.stderr and "nothing was published" in published.stderr
    assert not feed.exists()


def test_a_package_file_source_imports_it(tmp_path: Path) -> None:
    package = sample_packages()[0]
    assert companion(tmp_path, "source", "add", str(package), "--name", "USB").returncode == 0
    synced = companion(tmp_path, "sync", "usb")
    assert synced.returncode == 0, synced.stderr
    assert f"usb: {package.stem} version 1: added" in synced.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@dataclass(frozen=True)
class _Step:
    phase: str
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    meeting_id: str | None = None


def test_the_progress_bar_redraws_one_line_on_a_terminal() -> None:
    terminal = _Terminal()
    printer = _ProgressPrinter("kkr", terminal)
    printer(_Step("files", 0, 4, 0, 4_000_000, "m1"))
    printer(_Step("files", 4, 4, 4_000_000, 4_000_000, "m1"))
    printer(_Step("done", 4, 4, 4_000_000, 4_000_000))
    printer.finish()
    text = terminal.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    assert "[" + "#" * _ProgressPrinter.BAR_WIDTH + "]" in text
    assert "4/4 files 4.0/4.0 MB" in text


def test_source_and_inspect_commands_load_neither_qt_nor_the_network_code(tmp_path: Path) -> None:
    agenda = sorted((Path(__file__).parents[2] / "resources" / "agendas").glob("*.txt"))[0]
    code = (
        "import sys; from companion.cli import main; "
        "main(['source', 'list']); "
        f"main(['inspect', {str(agenda)!r}]); "
        "network = ('PySide6', 'companion.core.sources.feed', 'companion.core.sources.http'); "
        "loaded = [m for m in sys.modules if m.startswith(network)]; "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    env = dict(os.environ, COMPANION_CONFIG_DIR=str(tmp_path / "config"))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _wait_for_output(stream: int, text: bytes, seconds: float) -> bytes:
    """Read ``stream`` (a pipe's file descriptor) until ``text`` shows up, within ``seconds``."""
    seen = b""
    deadline = time.monotonic() + seconds
    while text not in seen:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([stream], [], [], max(remaining, 0))
        if not ready:
            raise AssertionError(f"{text!r} did not appear; got {seen!r}")
        chunk = os.read(stream, 4096)
        if not chunk:
            raise AssertionError(f"the process ended before {text!r}; got {seen!r}")
        seen += chunk
    return seen


def test_a_secret_asked_at_every_sync_is_read_from_the_terminal(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    added = companion(
        tmp_path, "source", "add", feed_server.url, "--token", "--ask", "--name", "KKR"
    )
    assert added.returncode == 0, added.stderr
    env = dict(
        os.environ,
        COMPANION_DATA_DIR=str(tmp_path / "data"),
        COMPANION_CONFIG_DIR=str(tmp_path / "config"),
    )
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "companion", "sync"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # no controlling terminal: getpass reads the stdin terminal
    )
    try:
        prompt = _wait_for_output(process.stderr.fileno(), b"Token for KKR", 20)  # type: ignore[union-attr]
        os.write(controller, f"{TOKEN}\n".encode())
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait(timeout=5)
        os.close(terminal)
        os.close(controller)
    assert process.returncode == 0, err
    assert f"Bearer {TOKEN}" in feed_server.authorizations
    assert TOKEN.encode() not in prompt + out + err
    assert out.count(b"version 1: added") == len(SAMPLE_IDS)
    assert files_holding(tmp_path, TOKEN) == []


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The stand-in for an OS keyring (see `MemoryKeyring`), restored afterwards."""
    with keyring_backend(MemoryKeyring()) as backend:
        yield backend


def test_with_a_keyring_the_secret_goes_there_and_leaves_with_the_source(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # In-process, so the keyring backend can be the stand-in: no OS keyring daemon here.
    monkeypatch.setenv("COMPANION_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(TOKEN + "\n"))
    url = "https://feed.example.dk/kkr/"
    assert main(["source", "add", url, "--name", "KKR", "--token", "--secret-stdin"]) == 0
    assert memory_keyring.entries == {(KEYRING_SERVICE, "kkr"): TOKEN}
    assert files_holding(tmp_path, TOKEN) == []
    assert "secret: keyring" in _run_main(capsys, "source", "list")

    assert main(["source", "remove", "kkr"]) == 0
    assert memory_keyring.entries == {}
    assert TOKEN not in "".join(capsys.readouterr())


def _run_main(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_a_damaged_file_is_fetched_again_by_the_next_sync(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    add_token_source(tmp_path, feed_server.url)
    assert companion(tmp_path, "sync").returncode == 0
    blobs = sorted((tmp_path / "data" / "blobs").glob("*/*"))
    damaged = blobs[0]
    size = damaged.stat().st_size
    damaged.write_bytes(b"\0" * size)  # what a power cut can leave: the right size, zeros

    again = companion(tmp_path, "sync")
    assert again.returncode == 0, again.stderr
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == damaged.name
