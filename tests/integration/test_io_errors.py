"""I/O errors from the disk (EIO on write and on fsync) end in a sentence and lose nothing.

As SQLite's own I/O-error tests do, faults are injected with Debian's libfiu: the
real ``companion`` command runs under ``fiu-run``, whose preloaded library makes
the chosen libc call fail with EIO (``failinfo=5``): ``fsync``/``fdatasync`` (every
durable write and SQLite's commits) or ``pwrite`` (SQLite's page writes). Each
command must exit non-zero with one line on stderr naming the read/write error,
and what was saved before must still be there when reopened.

fiu-run comes from the ``fiu-utils`` package, which ``.ci/run`` installs. Where it
is missing these tests FAIL with that message: never a silent skip.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.personal import PersonalStore, personal_db_path
from companion.core.samples import sample_packages
from companion.core.sources.feed.publish import publish

REPO = Path(__file__).resolve().parents[2]
SAMPLES = {path.stem: path for path in sample_packages()}
SAVED, NEW = "kkr-midtjylland-2015-04-20", "kkr-midtjylland-2016-11-22"
EIO = 5
#: The libc calls made to fail: a file's fsync (and SQLite's fdatasync), a page write.
FAULTS = {
    "fsync": ["posix/io/sync/fsync", "posix/io/sync/fdatasync"],
    "pwrite": ["posix/io/rw/pwrite"],
}
IO_SENTENCE = "the disk reported a read or write error"

NOTE_SAVER = """
import sys
from pathlib import Path
from companion.core.errors import MemberError
from companion.core.personal import PersonalStore
try:
    with PersonalStore(Path(sys.argv[1])) as store:
        store.set_note(sys.argv[2], None, sys.argv[3])
except MemberError as error:
    print(f"companion: {error}", file=sys.stderr)
    sys.exit(1)
"""


@pytest.fixture(scope="module", autouse=True)
def fiu_run() -> str:
    found = shutil.which("fiu-run")
    if found is None:
        pytest.fail(
            "fiu-run is missing, so the I/O-error tests cannot run: "
            "apt-get install fiu-utils libfiu0 (.ci/run installs them)"
        )
    return found


def _run(
    home: Path, *command: str, faults: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COMPANION_DATA_DIR=str(home / "data"))
    env["COMPANION_CONFIG_DIR"] = str(home / "config")
    env["PYTHONPATH"] = f"{REPO}{os.pathsep}{env.get('PYTHONPATH', '')}"
    prefix: list[str] = []
    for point in faults or []:
        prefix += ["-c", f"enable name={point},failinfo={EIO}"]
    if prefix:
        prefix = ["fiu-run", "-x", *prefix]
    return subprocess.run(
        [*prefix, sys.executable, *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def companion(
    home: Path, *args: str, faults: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return _run(home, "-m", "companion", *args, faults=faults)


def assert_one_sentence(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode != 0, done.stdout
    lines = done.stderr.splitlines()
    assert lines, "no message"
    assert "Traceback" not in done.stderr
    assert lines[-1].startswith("companion: "), done.stderr  # one sentence, last
    assert IO_SENTENCE in lines[-1], done.stderr
    assert [line for line in lines if line.startswith("companion: ")] == lines[-1:]


def library_state(home: Path) -> dict[str, int]:
    """Each meeting's version; and every blob file matches its sha256 (its name)."""
    with Library(home / "data") as library:
        versions = {summary.id: summary.version for summary in library.meetings()}
    blobs = [path for path in (home / "data" / "blobs").rglob("*") if path.is_file()]
    damaged = [b.name for b in blobs if hashlib.sha256(b.read_bytes()).hexdigest() != b.name]
    assert blobs and damaged == []
    return versions


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data folder holding one imported meeting (what must not be lost)."""
    done = companion(tmp_path, "import", str(SAMPLES[SAVED]))
    assert done.returncode == 0, done.stderr
    return tmp_path


@pytest.mark.parametrize("fault", FAULTS)
def test_an_import_failing_on_io_says_so_and_keeps_the_library(home: Path, fault: str) -> None:
    before = library_state(home)
    assert_one_sentence(companion(home, "import", str(SAMPLES[NEW]), faults=FAULTS[fault]))
    assert library_state(home) == before
    again = companion(home, "import", str(SAMPLES[NEW]))  # and the disk works again
    assert again.returncode == 0, again.stderr
    assert set(library_state(home)) == {SAVED, NEW}


@pytest.fixture
def feed_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample packages as a feed on a loopback HTTP server."""
    feed = tmp_path_factory.mktemp("feed")
    publish([SAMPLES[NEW]], feed)
    handler = partial(SimpleHTTPRequestHandler, directory=str(feed))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.mark.parametrize("fault", FAULTS)
def test_a_sync_failing_on_io_says_so_and_keeps_the_library(
    home: Path, feed_url: str, fault: str
) -> None:
    added = companion(home, "source", "add", feed_url, "--name", "KKR")
    assert added.returncode == 0, added.stderr
    before = library_state(home)
    assert_one_sentence(companion(home, "sync", faults=FAULTS[fault]))
    assert library_state(home) == before
    again = companion(home, "sync")
    assert again.returncode == 0, again.stderr
    assert set(library_state(home)) == {SAVED, NEW}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_note_failing_on_io_says_so_and_keeps_the_saved_notes(home: Path, fault: str) -> None:
    store = personal_db_path(home / "data")
    saved = _run(home, "-c", NOTE_SAVER, str(store), SAVED, "Spørg til tidsplanen")
    assert saved.returncode == 0, saved.stderr
    failed = _run(home, "-c", NOTE_SAVER, str(store), NEW, "Ny note", faults=FAULTS[fault])
    assert_one_sentence(failed)
    with PersonalStore(store) as reopened:
        kept = reopened.note(SAVED, None)
        lost = reopened.note(NEW, None)
    assert kept is not None and kept.body == "Spørg til tidsplanen"
    assert lost is None  # not acknowledged, not half there


def test_an_export_failing_on_fsync_says_so_and_keeps_the_earlier_file(home: Path) -> None:
    output = home / "noter.md"
    first = companion(home, "export", SAVED, "--all-items", "-o", str(output))
    assert first.returncode == 0, first.stderr
    earlier = output.read_bytes()
    failed = companion(home, "export", SAVED, "-o", str(output), faults=FAULTS["fsync"])
    assert_one_sentence(failed)
    assert output.read_bytes() == earlier
    assert sorted(path.name for path in home.iterdir() if path.name.startswith(".")) == []
