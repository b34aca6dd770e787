"""Benchmark: from the highlight shortcut to the highlight drawn and committed (target 16 ms).

A real main window on a library of the four real sample meetings and a real
personal store (WAL, synchronous=FULL) in a temporary folder. Each run selects
a phrase of the item shown (the longest item of the 20-04-2015 agenda) and
presses Ctrl+H. Two times are taken from the key press:

- drawn: the highlight is set on the item view and the view has repainted
  (a synchronous repaint, so the paint is in the figure);
- committed: the background write of the annotation has returned (the
  transaction is committed) and its result is back on the GUI thread.

For reference: the same write alone (open the store, add the annotation,
close), as the background task does it. Each figure is the median of runs.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/highlight.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, Qt, QTimer, SignalInstance  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from companion.core.anchoring import item_anchor  # noqa: E402
from companion.core.library import Library  # noqa: E402
from companion.core.personal import PersonalStore  # noqa: E402
from companion.core.samples import import_samples  # noqa: E402
from companion.ui.app import PERSONAL_DB, create_window  # noqa: E402
from companion.ui.main_window import MainWindow  # noqa: E402
from companion.ui.tasks import TaskRunner  # noqa: E402

MEETING_ID = "kkr-midtjylland-2015-04-20"
TARGET_MS = 16.0
QUOTE_CHARS = 40
POLL_MS = 2


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the event loop until ``condition`` holds (checked every few ms).

    An event loop rather than a busy loop of ``processEvents``: with PySide6 6.12
    on Python 3.11 every call of a void Qt method from Python drops a reference
    to None, and a few thousand calls abort the interpreter.
    """
    if condition():
        return
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(POLL_MS)
    deadline = time.perf_counter() + timeout

    def check() -> None:
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not condition():
        raise TimeoutError("the window did not get there in time")


def wait_for_signal(signal: SignalInstance, timeout_ms: int = 30_000) -> None:
    """Run the event loop until ``signal`` is emitted."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def open_window(data_dir: Path, config_dir: Path) -> MainWindow:
    """The real window, showing the longest item of the 2015 meeting with its highlights."""
    window = create_window(TaskRunner(), data_dir, config_dir, seed=False)
    window.resize(1400, 900)
    window.show()
    window.start()
    wait_until(lambda: window.item_view.item is not None)
    window.open_meeting(MEETING_ID)
    wait_until(lambda: window._loaded is not None and window._loaded.meeting.id == MEETING_ID)
    meeting = window._loaded.meeting
    longest = max(meeting.items, key=lambda item: len(item.text))
    window.agenda_tree.select_item(longest.id)
    wait_until(lambda: window.text_highlights.loaded_item_id == longest.id)
    return window


def time_highlights(window: MainWindow, runs: int) -> tuple[list[float], list[float]]:
    """Milliseconds from Ctrl+H to drawn, and to committed, for ``runs`` highlights."""
    view = window.item_view
    text = view.document().toPlainText()
    committed_ids: list[str] = []
    window.text_highlights.saved.connect(committed_ids.append)
    drawn_ms: list[float] = []
    committed_ms: list[float] = []
    item_text = view.item.text if view.item else ""
    starts = [text.find(item_text[offset : offset + 20]) for offset in range(0, 4000, 97)]
    starts = [start for start in starts if start >= 0][:runs]
    for start in starts:
        cursor = view.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(start + QUOTE_CHARS, cursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        count = len(committed_ids)
        began = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
        view.viewport().repaint()
        drawn_ms.append((time.perf_counter() - began) * 1000)
        if len(committed_ids) == count:
            wait_for_signal(window.text_highlights.saved)
        committed_ms.append((time.perf_counter() - began) * 1000)
        if len(committed_ids) == count:
            raise TimeoutError("the highlight was not committed")
    return drawn_ms, committed_ms


def time_write_alone(data_dir: Path, window: MainWindow, runs: int) -> list[float]:
    """Milliseconds for the background task's work alone: open, add, close."""
    item = window.item_view.item
    assert item is not None
    anchor = item_anchor(item, 0, QUOTE_CHARS).to_dict()
    times: list[float] = []
    for _ in range(runs):
        began = time.perf_counter()
        store = PersonalStore(data_dir / PERSONAL_DB)
        store.add_annotation(MEETING_ID, item.id, "item", anchor)
        store.close()
        times.append((time.perf_counter() - began) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        data_dir, config_dir = Path(folder) / "data", Path(folder) / "config"
        data_dir.mkdir()
        config_dir.mkdir()
        with Library(data_dir) as library:
            import_samples(library)
        window = open_window(data_dir, config_dir)
        drawn_ms, committed_ms = time_highlights(window, args.runs)
        alone_ms = time_write_alone(data_dir, window, args.runs)
        window.close()
        app.processEvents()
    rows = [
        ("Ctrl+H until drawn (repainted)", statistics.median(drawn_ms)),
        ("Ctrl+H until committed (background)", statistics.median(committed_ms)),
        ("the write alone (open, add, close)", statistics.median(alone_ms)),
    ]
    print(f"{'measure':40} {'median':>10} {'target':>8}   runs={len(drawn_ms)}")
    for name, median in rows:
        verdict = "ok" if median <= TARGET_MS else "OVER"
        print(f"{name:40} {median:7.2f} ms {TARGET_MS:5.0f} ms  {verdict}")


if __name__ == "__main__":
    main()
