"""A render in progress does not block the GUI thread (issue 14).

The slow render is real: the PDF is a generated stand-in whose page holds tens
of thousands of stroked lines (`make_heavy_pdf`), which MuPDF takes a few
hundred milliseconds to draw. While it draws, a timer set on the GUI thread
must fire within 50 ms of its time. With PyMuPDF on a worker thread of the
window's own interpreter this fails: MuPDF holds the interpreter lock for the
whole page, and the timer fires only when the page is done.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from companion.ui.pdf_view import PdfView  # noqa: E402
from companion.ui.tasks import TaskRunner  # noqa: E402
from tests.core.render_process_pdfs import make_heavy_pdf  # noqa: E402

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WAIT_MS = 60_000
#: When the probe is set, after the render was asked for.
PROBE_AFTER_MS = 40
#: How late the probe may fire (the issue's bound).
LATE_MS = 50
#: The render must still be running when the probe is due, with room to spare.
SLOW_RENDER_MS = PROBE_AFTER_MS + 2 * LATE_MS


@pytest.fixture(scope="module")
def heavy_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_heavy_pdf(tmp_path_factory.mktemp("pdf") / "heavy.pdf", lines=60_000, pages=2)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait(WAIT_MS)


@pytest.fixture
def view(qtbot: QtBot, runner: TaskRunner) -> PdfView:
    widget = PdfView(runner)
    qtbot.addWidget(widget)
    widget.resize(500, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


class Probe:
    """A timer set on the GUI thread; records how late it fired."""

    def __init__(self, after_ms: int) -> None:
        self.due = time.perf_counter() + after_ms / 1000
        self.late_ms: float | None = None
        QTimer.singleShot(after_ms, self._fired)

    def _fired(self) -> None:
        self.late_ms = (time.perf_counter() - self.due) * 1000


def test_opening_a_slow_page_leaves_the_gui_thread_free(
    qtbot: QtBot, view: PdfView, heavy_pdf: Path
):
    shown: list[float] = []
    view.first_page_shown.connect(lambda: shown.append(time.perf_counter()))
    started = time.perf_counter()
    view.open_document(heavy_pdf)
    probe = Probe(PROBE_AFTER_MS)
    qtbot.waitUntil(lambda: bool(shown) and probe.late_ms is not None, timeout=WAIT_MS)
    assert (shown[0] - started) * 1000 > SLOW_RENDER_MS  # the render really was in progress
    assert probe.late_ms is not None and probe.late_ms < LATE_MS


def test_zooming_into_a_slow_page_leaves_the_gui_thread_free(
    qtbot: QtBot, view: PdfView, heavy_pdf: Path
):
    with qtbot.waitSignal(view.first_page_shown, timeout=WAIT_MS):
        view.open_document(heavy_pdf)
    canvas = view.findChild(type(view._canvas))
    assert canvas is not None
    cached = canvas.cache.get(0)
    assert cached is not None
    started = time.perf_counter()
    view.set_zoom(3.0)
    probe = Probe(PROBE_AFTER_MS)

    def zoomed_page_arrived() -> bool:
        rendered = canvas.cache.get(0)
        return rendered is not None and rendered.scale > cached.scale

    qtbot.waitUntil(lambda: zoomed_page_arrived() and probe.late_ms is not None, timeout=WAIT_MS)
    rendered_ms = (time.perf_counter() - started) * 1000
    assert rendered_ms > SLOW_RENDER_MS  # the render really was in progress
    assert probe.late_ms is not None and probe.late_ms < LATE_MS
