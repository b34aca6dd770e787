"""Benchmarks of the reader (issue 2): prints a table, compares with references.

Not part of the test run. Each figure is the median of repeated runs, and each
is set against a reference measured in the same run on the same machine:

- cold start to the first painted window, with 50 meetings in the library,
  against a bare PySide6 window started the same way (target: within 1.5x);
- item switch: selecting the next item until the item view has repainted
  (target: under 30 ms);
- the first page of a 500-page PDF shown in the viewer, against PyMuPDF
  opening the file and rendering that page alone (target: within 2x).

The 50 meetings are the four real sample meetings plus copies of them under
other ids and dates (the content stays the real agendas' text).

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/run.py [--runs N]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MEETINGS_IN_LIBRARY = 50
PDF_PAGES = 500


@dataclasses.dataclass
class Figure:
    """One measured figure against its reference and target ratio."""

    name: str
    measured_ms: float
    reference_name: str
    reference_ms: float | None
    target: str
    ok: bool


# -- a library with 50 meetings ------------------------------------------------


def build_library(data_dir: Path, work_dir: Path) -> int:
    """Fill ``data_dir`` with the samples plus copies up to 50 meetings."""
    from companion.core.library import Library
    from companion.core.package import write_package
    from companion.core.samples import import_samples

    with Library(data_dir) as library:
        import_samples(library)
        originals = [library.meeting(summary.id) for summary in library.meetings()]
        copy = 0
        while len(library.meetings()) < MEETINGS_IN_LIBRARY:
            source = originals[copy % len(originals)]
            copy += 1
            meeting = dataclasses.replace(
                source,
                id=f"{source.id}-copy-{copy}",
                start=source.start - timedelta(days=7 * copy) if source.start else None,
            )
            files = {ref.sha256: library.blob_path(ref.sha256) for ref in meeting.files()}
            package = write_package(meeting, files, work_dir / f"{meeting.id}.zip")
            library.import_path(package)
        return len(library.meetings())


# -- cold start (child processes) -------------------------------------------------

CHILD = r"""
import sys, time
spawned = float(sys.argv[1]); mode = sys.argv[2]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
if mode == "bare":
    window = QMainWindow()
    window.resize(1400, 860)
else:
    from pathlib import Path
    from companion.ui.app import create_window
    from companion.ui.tasks import TaskRunner
    runner = TaskRunner()
    window = create_window(runner, Path(sys.argv[3]), Path(sys.argv[4]), seed=False, deferred=True)
painted = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in painted:
            widget = obj if hasattr(obj, "window") else None
            if widget is not None and widget.window() is window:
                painted["paint"] = time.time() - spawned
                if mode == "bare":
                    QTimer.singleShot(0, app.quit)
        return False

watcher = FirstPaint()
app.installEventFilter(watcher)

def poll_item():
    tree = getattr(window, "agenda_tree", None)
    if tree is not None and tree.current_item is not None and "paint" in painted:
        painted["item"] = time.time() - spawned
        app.quit()
    else:
        QTimer.singleShot(2, poll_item)

if mode != "bare":
    QTimer.singleShot(0, poll_item)
QTimer.singleShot(20000, app.quit)
window.show()
app.exec()
print(painted.get("paint", -1), painted.get("item", -1))
"""


def start_once(mode: str, data_dir: Path, config_dir: Path) -> tuple[float, float]:
    """Seconds from spawn to first paint (and to the first item shown) in a child."""
    shutil.rmtree(config_dir, ignore_errors=True)
    spawned = time.time()
    output = subprocess.run(
        [sys.executable, "-c", CHILD, repr(spawned), mode, str(data_dir), str(config_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    return float(output[0]), float(output[1])


def bench_cold_start(data_dir: Path, config_dir: Path, runs: int) -> list[Figure]:
    """Median cold start of the app against a bare window, alternating runs."""
    bare: list[float] = []
    app_paint: list[float] = []
    app_item: list[float] = []
    start_once("app", data_dir, config_dir)  # warm the disk cache once for both
    for _ in range(runs):
        bare.append(start_once("bare", data_dir, config_dir)[0])
        paint, item = start_once("app", data_dir, config_dir)
        app_paint.append(paint)
        app_item.append(item)
    bare_ms = statistics.median(bare) * 1000
    paint_ms = statistics.median(app_paint) * 1000
    item_ms = statistics.median(app_item) * 1000
    return [
        Figure(
            "cold start to first paint (50 meetings)",
            paint_ms,
            "bare PySide6 window",
            bare_ms,
            "<= 1.5x",
            paint_ms <= 1.5 * bare_ms,
        ),
        Figure(
            "cold start to first item shown",
            item_ms,
            "bare PySide6 window",
            bare_ms,
            "(info)",
            True,
        ),
    ]


# -- item switch and first PDF page (in process) ------------------------------------


def wait_until(app: object, condition: object, timeout: float = 30.0) -> None:
    """Process events until ``condition()`` is true."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        QApplication.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark condition not reached")
        time.sleep(0.001)


def bench_item_switch(data_dir: Path, config_dir: Path, switches: int) -> Figure:
    """Median time from selecting the next item to the repainted item view."""
    from PySide6.QtWidgets import QApplication

    from companion.ui.app import create_window
    from companion.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    runner = TaskRunner()
    window = create_window(runner, data_dir, config_dir, seed=False)
    window.show()
    window.start()
    wait_until(app, lambda: window.agenda_tree.current_item is not None)
    window.open_meeting("kkr-midtjylland-2015-04-20")
    wait_until(
        app,
        lambda: (
            (item := window.agenda_tree.current_item) is not None
            and item.id.startswith("kkr-midtjylland-2015-04-20/")
        ),
    )
    times: list[float] = []
    for step in range(switches):
        direction = 1 if (step // 10) % 2 == 0 else -1
        started = time.perf_counter()
        window.agenda_tree.step(direction)
        QApplication.processEvents()
        window.item_view.viewport().repaint()
        times.append(time.perf_counter() - started)
    window.close()
    runner.wait(5000)
    median_ms = statistics.median(times) * 1000
    return Figure(
        "item switch (select + repaint)", median_ms, "target", 30.0, "< 30 ms", median_ms < 30
    )


def make_big_pdf(path: Path, pages: int) -> None:
    """A text PDF of ``pages`` A4 pages (generated, nothing invented: page numbers)."""
    import pymupdf

    document = pymupdf.open()
    for number in range(1, pages + 1):
        page = document.new_page(width=595, height=842)
        page.insert_text((72, 100), f"Side {number} af {pages}", fontsize=28)
        for line in range(40):
            page.insert_text((72, 140 + line * 16), f"Linje {line + 1} " + "-" * 60, fontsize=10)
    document.save(path)


def bench_first_page(work_dir: Path, runs: int) -> Figure:
    """Median time to the first page shown in PdfView, against a bare PyMuPDF render."""
    import pymupdf
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from companion.ui.pdf_view import PdfView
    from companion.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    source = work_dir / "big.pdf"
    make_big_pdf(source, PDF_PAGES)
    runner = TaskRunner()
    view = PdfView(runner)
    view.resize(800, 1000)
    view.show()
    wait_until(app, view.isVisible)
    bare: list[float] = []
    shown: list[float] = []
    seen: list[bool] = []
    view.first_page_shown.connect(lambda: seen.append(True))
    for run in range(runs):
        # A fresh copy each time, so no open document or cached page helps.
        copy = work_dir / f"big-{run}.pdf"
        shutil.copyfile(source, copy)
        started = time.perf_counter()
        document = pymupdf.open(copy)
        page = document[0]
        zoom = (view.width() - 40) / page.rect.width
        pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
        QImage(
            pixmap.samples, pixmap.width, pixmap.height, pixmap.stride, QImage.Format.Format_RGB888
        ).copy()
        document.close()
        bare.append(time.perf_counter() - started)

        copy2 = work_dir / f"big-view-{run}.pdf"
        shutil.copyfile(source, copy2)
        seen.clear()
        started = time.perf_counter()
        view.open_document(copy2)
        wait_until(app, lambda: bool(seen))
        shown.append(time.perf_counter() - started)
        view.close_document()
    view.close()
    runner.wait(5000)
    bare_ms = statistics.median(bare) * 1000
    shown_ms = statistics.median(shown) * 1000
    return Figure(
        f"first page of a {PDF_PAGES}-page PDF shown",
        shown_ms,
        "PyMuPDF open + render alone",
        bare_ms,
        "<= 2x",
        shown_ms <= 2 * bare_ms,
    )


def print_table(figures: list[Figure]) -> None:
    """Print the figures as a plain table."""
    print(f"{'measure':45} {'median':>10}  {'reference':30} {'ref':>10} {'ratio':>6}  target   ok")
    for figure in figures:
        ref = f"{figure.reference_ms:.1f} ms" if figure.reference_ms is not None else "-"
        ratio = f"{figure.measured_ms / figure.reference_ms:.2f}" if figure.reference_ms else "-"
        print(
            f"{figure.name:45} {figure.measured_ms:8.1f} ms  {figure.reference_name:30} "
            f"{ref:>10} {ratio:>6}  {figure.target:8} {'yes' if figure.ok else 'NO'}"
        )


def compile_bytecode() -> None:
    """Compile the app's modules, as an installed package has them compiled."""
    import compileall

    import companion

    compileall.compile_dir(Path(companion.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repeats per figure (median)")
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as tmp:
        work = Path(tmp)
        data_dir, config_dir = work / "data", work / "config"
        (work / "packages").mkdir()
        count = build_library(data_dir, work / "packages")
        print(f"library: {count} meetings; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
        figures = bench_cold_start(data_dir, config_dir, args.runs)
        figures.append(bench_item_switch(data_dir, config_dir, switches=max(40, args.runs * 10)))
        figures.append(bench_first_page(work, args.runs))
        print_table(figures)
    return 0 if all(figure.ok for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
