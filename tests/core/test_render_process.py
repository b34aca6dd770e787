"""The render process and its client, on real PDFs made here with PyMuPDF.

Nothing is mocked: a real spawned process renders; crashes are real SIGKILLs.
The heavy page is a generated stand-in (tens of thousands of stroked lines,
no content of any agenda) that takes MuPDF a noticeable time to draw.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import CancelledError
from multiprocessing import Pipe
from pathlib import Path

import pytest

from companion.core.pdf_render import PdfOpenError, PdfProblem, PixelFormat, RenderedPage
from companion.core.render_process import shared_pixels
from companion.core.render_process.client import RenderClient, WorkerDied, wait
from companion.core.render_process.protocol import Cancel, Request, Response, Stop
from companion.core.render_process.render import ScaleRule
from companion.core.render_process.server import serve
from tests.core.render_process_pdfs import make_heavy_pdf, make_text_pdf

WAIT_SECONDS = 60


@pytest.fixture(scope="module")
def heavy_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_heavy_pdf(tmp_path_factory.mktemp("pdf") / "heavy.pdf")


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_text_pdf(tmp_path_factory.mktemp("pdf") / "tekst.pdf", 12)


@pytest.fixture
def client() -> Iterator[RenderClient]:
    render_client = RenderClient()
    render_client.start()
    yield render_client
    render_client.close()


def our_segments(after: int = -1) -> list[str]:
    """This process's segments, only those named after segment number ``after``.

    Viewers of earlier tests stop their render processes in the background; a
    render they still finish has a segment for a moment (with a lower number).
    """
    prefix, _, _ = shared_pixels.new_name().rpartition("-")
    return [
        name
        for name in os.listdir("/dev/shm")
        if name.startswith(prefix.lstrip("/") + "-") and int(name.rpartition("-")[2]) > after
    ]


def has_ended(pid: int) -> bool:
    """Whether process ``pid`` is gone or a zombie (dead, not yet reaped by the client)."""
    try:
        return "State:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


def segment_number() -> int:
    """The number the next segment of this process gets (one is used up)."""
    return int(shared_pixels.new_name().rpartition("-")[2])


def test_render_comes_back_with_the_pixels_of_the_page(client: RenderClient, text_pdf: Path):
    rendered = wait(client.render_page(text_pdf, 3, 1.0, PixelFormat.BGRX), WAIT_SECONDS)
    assert isinstance(rendered, RenderedPage)
    assert (rendered.width, rendered.height) == (595, 842)
    assert len(rendered.samples) == rendered.stride * rendered.height
    assert bytes(rendered.samples[:4]) == b"\xff\xff\xff\xff"  # white paper, BGRX
    assert any(byte < 128 for byte in bytes(rendered.samples))  # and black text on it
    words = wait(client.page_words(text_pdf, 3), WAIT_SECONDS)
    assert [word[4] for word in words] == ["Side", "4", "af", "12"]


def test_open_reads_the_page_count_and_renders_the_page_at_the_rule(
    client: RenderClient, text_pdf: Path
):
    rule = ScaleRule(zoom=1.0, pixel_ratio=2.0, fit_pixels=297.5)
    opened = wait(client.open_document(text_pdf, 20, rule, PixelFormat.BGRX), WAIT_SECONDS)
    assert (opened.page_count, opened.page) == (12, 11)  # clamped to the last page
    assert opened.scale == pytest.approx(1.0)  # half the width, twice the pixels
    assert opened.rendered is not None and opened.rendered.width == 595
    chunk = wait(client.page_sizes(text_pdf, 10, 50), WAIT_SECONDS)
    assert (chunk.start, chunk.page_count, len(chunk.sizes)) == (10, 12, 2)


# a whole page, a tile, a tile cut by the page's right edge
@pytest.mark.parametrize("clip", [None, (0, 100, 512, 612), (256, 64, 1024, 576)])
def test_pixels_drawn_into_shared_memory_are_those_of_a_render_in_this_process(
    client: RenderClient, text_pdf: Path, clip: tuple[int, int, int, int] | None
):
    from companion.core import pdf_render

    here = pdf_render.render_page(text_pdf, 2, 1.5, pixel_format=PixelFormat.BGRX, clip=clip)
    there = wait(client.render_page(text_pdf, 2, 1.5, PixelFormat.BGRX, clip), WAIT_SECONDS)
    assert (there.width, there.height, there.stride) == (here.width, here.height, here.stride)
    assert bytes(there.samples) == bytes(here.samples)
    assert any(byte < 128 for byte in bytes(there.samples))  # text, not only paper
    pdf_render.release_documents()


# Windows sends pixels through the pipe (no segment to leave behind); CI is Linux.
@pytest.mark.skipif(not shared_pixels.AVAILABLE, reason="no POSIX shared memory (Windows)")
def test_no_shared_memory_is_left_behind(client: RenderClient, text_pdf: Path):
    first = segment_number()
    kept = [wait(client.render_page(text_pdf, page, 0.5, PixelFormat.BGRX)) for page in range(4)]
    cancelled = [client.render_page(text_pdf, page, 0.5, PixelFormat.BGRX) for page in range(4)]
    for call in cancelled:
        client.cancel(call)
    wait(client.render_page(text_pdf, 0, 0.2, PixelFormat.BGRX), WAIT_SECONDS)
    assert our_segments(after=first) == []  # names removed; the pixels live while mapped
    assert all(bytes(page.samples[:4]) == b"\xff" * 4 for page in kept)


def test_a_request_not_yet_started_is_dropped_by_the_server():
    """The server's loop on a real pipe with a real handler table: the cancel comes first."""
    ours, theirs = Pipe()
    ran: list[int] = []
    handlers = {"note": ran.append}
    for message in (Request(1, "note", (1,)), Request(2, "note", (2,)), Cancel(2)):
        ours.send(message)
    loop = threading.Thread(target=serve, args=(theirs, handlers))
    loop.start()
    answers = [ours.recv(), ours.recv()]
    ours.send(Stop())
    loop.join(WAIT_SECONDS)
    assert not loop.is_alive()
    assert ran == [1]
    assert Response(2, cancelled=True) in answers
    assert Response(1, result=None) in answers
    assert not ours.poll()


def test_cancelled_render_behind_a_slow_one_never_runs(client: RenderClient, heavy_pdf: Path):
    slow = client.render_page(heavy_pdf, 0, 2.0, PixelFormat.BGRX)
    behind = client.render_page(heavy_pdf, 0, 1.5, PixelFormat.BGRX)
    client.cancel(behind)
    with pytest.raises(CancelledError):
        wait(behind, WAIT_SECONDS)
    assert not slow.future.done()  # dropped while the slow one was still drawing
    assert wait(slow, WAIT_SECONDS).width == 1190


def test_cancel_of_a_render_in_progress_discards_its_answer(client: RenderClient, heavy_pdf: Path):
    wait(client.page_words(heavy_pdf, 0), WAIT_SECONDS)  # the process is up, the file open
    running = client.render_page(heavy_pdf, 0, 2.0, PixelFormat.BGRX)
    time.sleep(0.1)
    client.cancel(running)
    with pytest.raises(CancelledError):
        wait(running, WAIT_SECONDS)
    assert wait(client.render_page(heavy_pdf, 0, 0.5, PixelFormat.BGRX)).width == 298


# Windows has no SIGKILL (TerminateProcess is another path); CI is Linux.
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_mid_render_fails_that_render_and_the_next_request_starts_a_new_process(
    client: RenderClient, heavy_pdf: Path
):
    wait(client.page_words(heavy_pdf, 0), WAIT_SECONDS)
    first_pid = client.pid
    assert first_pid is not None
    doomed = client.render_page(heavy_pdf, 0, 3.0, PixelFormat.BGRX)
    time.sleep(0.2)
    os.kill(first_pid, signal.SIGKILL)
    with pytest.raises(WorkerDied) as died:
        wait(doomed, WAIT_SECONDS)
    assert died.value.exit_code == -signal.SIGKILL
    rendered = wait(client.render_page(heavy_pdf, 0, 0.25, PixelFormat.BGRX), WAIT_SECONDS)
    assert rendered.width == 149
    assert client.pid not in (None, first_pid)


def test_a_request_right_after_an_idle_process_died_is_answered_by_a_new_one(
    client: RenderClient, text_pdf: Path
):
    """The request is written at once to a process that is gone: it goes to a new one."""
    wait(client.page_words(text_pdf, 0), WAIT_SECONDS)
    first_pid = client.pid
    assert first_pid is not None
    os.kill(first_pid, signal.SIGKILL)
    deadline = time.monotonic() + WAIT_SECONDS
    while not has_ended(first_pid):
        assert time.monotonic() < deadline, "the killed process did not end"
        time.sleep(0.001)

    rendered = wait(client.render_page(text_pdf, 0, 0.25, PixelFormat.BGRX), WAIT_SECONDS)

    assert rendered.width == 149
    assert client.pid not in (None, first_pid)


def test_damaged_pdf_gives_the_open_errors_through_the_process(
    client: RenderClient, text_pdf: Path, tmp_path: Path
):
    truncated = tmp_path / "bilag-afkortet.pdf"
    truncated.write_bytes(text_pdf.read_bytes()[:300])
    not_pdf = tmp_path / "bilag.pdf"
    not_pdf.write_text("Dette er ikke en PDF.")
    empty = tmp_path / "tom.pdf"
    empty.touch()
    rule = ScaleRule(zoom=1.0, pixel_ratio=1.0)
    expected = {
        truncated: PdfProblem.INVALID,
        not_pdf: PdfProblem.INVALID,
        empty: PdfProblem.EMPTY,
        tmp_path / "mangler.pdf": PdfProblem.MISSING,
    }
    for path, problem in expected.items():
        with pytest.raises(PdfOpenError) as raised:
            wait(client.open_document(path, 0, rule, PixelFormat.BGRX), WAIT_SECONDS)
        assert (raised.value.path, raised.value.problem) == (path, problem)
    assert wait(client.page_sizes(text_pdf, 0, 1), WAIT_SECONDS).page_count == 12


def test_close_stops_the_process(text_pdf: Path):
    render_client = RenderClient()
    wait(render_client.page_words(text_pdf, 0), WAIT_SECONDS)
    pid = render_client.pid
    assert pid is not None
    render_client.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(RuntimeError, match="closed"):
        wait(render_client.page_words(text_pdf, 0), WAIT_SECONDS)


CHILDREN_SCRIPT = """
import os, sys
from pathlib import Path
from companion.core.pdf_render import PixelFormat
from companion.core.render_process.client import RenderClient, wait

def children():
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if parent == os.getpid():
                found.append(int(entry))
    return found

if __name__ == "__main__":
    client = RenderClient()
    rendered = wait(client.render_page(Path(sys.argv[1]), 0, 1.0, PixelFormat.BGRX), 60)
    assert rendered.width == 595
    print("CHILDREN", sorted(children()), "RENDER", client.pid)
    client.close()
"""


# Only where /proc does not exist (macOS, Windows: there is no resource tracker to avoid on
# Windows either); CI runs on Linux, where this runs.
@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads child processes from /proc (CI: Linux)"
)
def test_the_render_process_is_the_only_child_no_resource_tracker(text_pdf: Path, tmp_path: Path):
    """multiprocessing's spawn would also start its resource tracker (13 MB): not here."""
    import subprocess

    script = tmp_path / "children.py"
    script.write_text(CHILDREN_SCRIPT, encoding="utf-8")
    output = subprocess.run(
        [sys.executable, str(script), str(text_pdf)],
        capture_output=True,
        text=True,
        check=True,
        timeout=WAIT_SECONDS,
        env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)},
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("CHILDREN"))
    children, render_pid = line.removeprefix("CHILDREN ").split(" RENDER ")
    assert children == f"[{render_pid}]"


def test_the_render_process_loads_no_openssl() -> None:
    """hashlib's libcrypto is ~3.7 MB of the render process's memory, for nothing it does."""
    import subprocess

    code = (
        "import sys\n"
        "from companion.core.render_process import render, server\n"
        "render.handlers()\n"
        "print(sorted(name for name in ('_hashlib', '_ssl') if name in sys.modules))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert output.strip() == "[]"
