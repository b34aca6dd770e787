"""PdfView on real PDFs made with PyMuPDF, real widgets and a real TaskRunner."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
import shiboken6
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from companion.core import pdf_render
from companion.ui.pdf_pages import PAGE_GAP, PAGE_MARGIN
from companion.ui.pdf_view import PdfView
from companion.ui.tasks import TaskRunner

WAIT_MS = 10_000

# The offscreen platform warns about every shown top-level window; nothing of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


A4 = (595, 842)
A4_LANDSCAPE = (842, 595)


def make_numbered_pdf(path: Path, pages: int, width: float = 595, height: float = 842) -> Path:
    """A PDF whose pages show their 1-based number in big black digits."""
    return make_sized_pdf(path, [(width, height)] * pages)


def make_sized_pdf(path: Path, sizes: list[tuple[float, float]]) -> Path:
    """A PDF with one numbered page per (width, height) in points."""
    document = pymupdf.open()
    for number, (width, height) in enumerate(sizes, start=1):
        page = document.new_page(width=width, height=height)
        page.insert_text((72, 90), "KKR Midtjylland - bilag", fontsize=20)
        page.insert_text((width * 0.25, height * 0.6), str(number), fontsize=height * 0.3)
    document.save(path)
    document.close()
    return path


@pytest.fixture(scope="module")
def pdf_30(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_numbered_pdf(tmp_path_factory.mktemp("pdf") / "bilag-30.pdf", 30)


@pytest.fixture(scope="module")
def pdf_500(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_numbered_pdf(tmp_path_factory.mktemp("pdf") / "dagsorden-500.pdf", 500)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait(WAIT_MS)
    pdf_render.release_documents()


@pytest.fixture
def view(qtbot: QtBot, runner: TaskRunner) -> PdfView:
    widget = PdfView(runner)
    qtbot.addWidget(widget)
    widget.resize(500, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_and_wait(qtbot: QtBot, view: PdfView, path: Path, page: int = 0) -> None:
    with qtbot.waitSignal(view.first_page_shown, timeout=WAIT_MS):
        view.open_document(path, page)


def canvas(view: PdfView):  # the scrolled page area (a private part, inspected in tests)
    return view._canvas


def page_image(view: PdfView, page: int) -> QImage:
    """What the viewport shows of ``page`` now (grabbed pixels)."""
    area = canvas(view)
    rect = area.page_rect_in_viewport(page).intersected(area.viewport().rect())
    return area.viewport().grab(rect).toImage()


def dark_pixels(image: QImage) -> int:
    """Pixels that are nearly black (text), sampled every 2 pixels."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if QColorValue(image.pixel(x, y)).is_dark():
                count += 1
    return count


class QColorValue:
    def __init__(self, argb: int) -> None:
        self.red, self.green, self.blue = (argb >> 16) & 255, (argb >> 8) & 255, argb & 255

    def is_dark(self) -> bool:
        return max(self.red, self.green, self.blue) < 60


def wait_for_render(qtbot: QtBot, view: PdfView, page: int) -> None:
    """Wait until ``page`` has a render at the current zoom."""

    def rendered_at_current_zoom() -> None:
        entry = canvas(view).cache.get(page)
        assert entry is not None
        assert entry.scale == pytest.approx(canvas(view).render_scale())

    qtbot.waitUntil(rendered_at_current_zoom, timeout=WAIT_MS)


# --- opening ---------------------------------------------------------------


def test_first_page_is_painted_with_real_pixels(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    with (
        qtbot.waitSignal(view.document_loaded, timeout=WAIT_MS) as loaded,
        qtbot.waitSignal(view.first_page_shown, timeout=WAIT_MS),
    ):
        view.open_document(pdf_30)
        assert not view.first_page_painted  # opening

    assert view.first_page_painted
    assert loaded.args == [30]
    assert view.page_count == 30
    assert view.current_page == 0
    assert view.document_path == pdf_30
    image = page_image(view, 0)
    assert image.width() > 400
    assert dark_pixels(image) > 500  # the "1" and the heading are drawn
    view.go_to_page(5)  # a move within the document shown: still painted
    assert view.first_page_painted


def test_the_first_page_arrives_rendered_at_the_zoom_it_is_shown_at(
    qtbot: QtBot, view: PdfView, pdf_30: Path
) -> None:
    open_and_wait(qtbot, view, pdf_30, page=4)

    entry = canvas(view).cache.get(4)
    assert entry is not None  # rendered by the open task itself
    assert entry.scale == pytest.approx(canvas(view).render_scale())
    assert entry.image.width() == canvas(view).page_rect_in_viewport(4).width()
    assert view._fit_width_action.isChecked()


def test_the_desk_is_grey_around_a_rendered_page_and_the_page_is_paper(
    qtbot: QtBot, view: PdfView, pdf_30: Path
) -> None:
    from companion.ui.pdf_canvas import BACKGROUND

    open_and_wait(qtbot, view, pdf_30)
    area = canvas(view)
    area.verticalScrollBar().setValue(area.layout_.rects[1].top() - 200)  # the gap in view
    wait_for_render(qtbot, view, 1)
    qtbot.waitUntil(lambda: area.cache.get(0) is not None, timeout=WAIT_MS)
    grabbed = area.viewport().grab().toImage()
    above, below = area.page_rect_in_viewport(0), area.page_rect_in_viewport(1)
    grey = BACKGROUND.rgb()
    for y in (above.bottom() - 5, below.top() + 5):  # beside each page: the desk
        assert grabbed.pixel(above.left() - 3, y) == grey
        assert grabbed.pixel(above.right() + 3, y) == grey
    for x in (above.left() + 2, above.center().x(), above.right() - 2):  # the gap between
        assert grabbed.pixel(x, above.bottom() + PAGE_GAP // 2) == grey
        assert grabbed.pixel(x, above.bottom() - 2) == 0xFFFFFFFF  # paper, not desk
        assert grabbed.pixel(x, below.top() + 2) == 0xFFFFFFFF


def test_placeholder_before_render_has_no_dark_pixels(qtbot: QtBot, view: PdfView) -> None:
    area = canvas(view)
    area.set_pages([(595, 842)])

    image = page_image(view, 0)

    assert image.width() > 400
    assert dark_pixels(image) == 0


def test_the_toolbar_shows_page_and_count(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30, page=2)

    assert view._page_entry.value() == 3
    assert view._page_total.text() == "/ 30"
    assert view.current_page == 2


def test_controls_have_tooltips(view: PdfView) -> None:
    buttons = view.findChildren(QToolButton)

    assert len(buttons) == 6  # zoom out, zoom in, fit width, highlight, note, more (folded zoom)
    assert all(button.toolTip() for button in buttons)
    assert any("Ctrl+0" in button.toolTip() for button in buttons)
    assert view._page_entry.toolTip()


def test_a_500_page_document_shows_its_first_page_fast(
    qtbot: QtBot, view: PdfView, pdf_500: Path
) -> None:
    with qtbot.waitSignal(view.first_page_shown, timeout=5_000):
        view.open_document(pdf_500)

    assert view.page_count == 500
    visible = canvas(view).visible_pages()
    rendered = [page for page in range(500) if canvas(view).cache.get(page) is not None]
    assert set(rendered) <= set(range(visible.start - 1, visible.stop + 1))
    layout = canvas(view).layout_
    assert len(layout.rects) == 500  # every page has its placeholder
    assert layout.height > 500 * layout.rects[499].height()


def test_a_mixed_size_document_gets_its_real_page_sizes(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    path = make_sized_pdf(tmp_path / "bilag-mixed.pdf", [A4] * 8 + [A4_LANDSCAPE])
    area = canvas(view)

    open_and_wait(qtbot, view, path)  # laid out as nine A4 pages at first
    qtbot.waitUntil(lambda: area.layout_.rects[8].width() > area.layout_.rects[8].height())

    portrait, landscape = area.layout_.rects[0], area.layout_.rects[8]
    assert landscape.width() / landscape.height() == pytest.approx(842 / 595, rel=0.01)
    assert portrait.height() / portrait.width() == pytest.approx(842 / 595, rel=0.01)
    fitted = area.viewport().width() - 2 * PAGE_MARGIN
    assert landscape.width() == pytest.approx(fitted, abs=1)  # fit width: the widest page
    assert view.page_count == 9
    view.go_to_page(8)
    wait_for_render(qtbot, view, 8)
    image = area.cache.get(8).image
    assert image.width() > image.height()  # rendered in its own shape, not stretched
    assert dark_pixels(page_image(view, 8)) > 200  # the "9" is drawn


def test_correcting_page_sizes_keeps_the_current_page_in_place(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    sizes = [A4] * 5 + [A4_LANDSCAPE] + [A4] * 5
    path = make_sized_pdf(tmp_path / "dagsorden-mixed.pdf", sizes)
    area = canvas(view)

    open_and_wait(qtbot, view, path, page=5)  # laid out as eleven landscape pages at first
    assert area.layout_.rects[0].width() > area.layout_.rects[0].height()
    qtbot.waitUntil(lambda: area.layout_.rects[0].height() > area.layout_.rects[0].width())

    assert view.current_page == 5
    assert 0 <= area.page_rect_in_viewport(5).top() <= PAGE_MARGIN
    assert view._page_entry.value() == 6


def test_module_import_does_not_load_pymupdf() -> None:
    code = (
        "import sys, companion.ui.pdf_view\n"
        "loaded = {'fitz', 'pymupdf'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr


# --- navigation ------------------------------------------------------------


def test_go_to_page_scrolls_and_reports(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)

    with qtbot.waitSignal(view.page_changed, timeout=WAIT_MS) as changed:
        view.go_to_page(20)

    assert changed.args == [20]
    assert view.current_page == 20
    assert view._page_entry.value() == 21
    assert canvas(view).page_rect_in_viewport(20).top() <= PAGE_MARGIN
    wait_for_render(qtbot, view, 20)
    assert dark_pixels(page_image(view, 20)) > 500


def test_go_to_page_is_clamped(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)

    view.go_to_page(99)
    assert view.current_page == 29
    view.go_to_page(-4)
    assert view.current_page == 0


def test_page_entry_jumps_to_the_typed_page(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)

    with qtbot.waitSignal(view.page_changed, timeout=WAIT_MS) as changed:
        view._page_entry.setValue(7)

    assert changed.args == [6]
    assert view.current_page == 6


def test_scrolling_updates_the_current_page(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    area = canvas(view)
    target = area.layout_.rects[10].top()

    with qtbot.waitSignal(view.page_changed, timeout=WAIT_MS) as changed:
        area.verticalScrollBar().setValue(target)

    assert changed.args == [10]
    assert view.current_page == 10


def test_page_keys_move_by_page(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    area = canvas(view)

    qtbot.keyClick(area, Qt.Key.Key_PageDown)
    qtbot.keyClick(area, Qt.Key.Key_PageDown)
    assert view.current_page == 2
    qtbot.keyClick(area, Qt.Key.Key_PageUp)
    assert view.current_page == 1
    qtbot.keyClick(area, Qt.Key.Key_End)
    assert view.current_page == 29
    qtbot.keyClick(area, Qt.Key.Key_Home)
    assert view.current_page == 0


# --- zoom ------------------------------------------------------------------


def test_fit_width_fills_the_viewport(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    area = canvas(view)

    page_width = area.page_rect_in_viewport(0).width()

    assert page_width == pytest.approx(area.viewport().width() - 2 * PAGE_MARGIN, abs=1)
    assert view._fit_width_action.isChecked()


def test_fit_width_refits_on_resize(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    area = canvas(view)
    before = view.zoom

    view.resize(800, 700)
    qtbot.waitUntil(lambda: view.zoom > before, timeout=WAIT_MS)

    assert area.page_rect_in_viewport(0).width() == pytest.approx(
        area.viewport().width() - 2 * PAGE_MARGIN, abs=1
    )
    wait_for_render(qtbot, view, 0)


def test_zoom_in_renders_a_wider_image(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    wait_for_render(qtbot, view, 0)
    width_before = canvas(view).cache.get(0).image.width()
    zoom_before = view.zoom

    view.zoom_in()
    wait_for_render(qtbot, view, 0)

    assert view.zoom == pytest.approx(zoom_before * 1.25)
    assert canvas(view).cache.get(0).image.width() == pytest.approx(width_before * 1.25, abs=2)
    assert not view._fit_width_action.isChecked()
    assert canvas(view).horizontalScrollBar().maximum() > 0  # wider than the viewport


def test_zoom_out_then_fit_width_again(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    fitted = view.zoom

    view.zoom_out()
    view.zoom_out()
    assert view.zoom == pytest.approx(fitted / 1.25**2)
    assert view._zoom_label.text() == f"{round(view.zoom * 100)} %"
    view.fit_width()

    assert view.zoom == pytest.approx(fitted)


def test_set_zoom_is_clamped(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)

    view.set_zoom(100)
    assert view.zoom == 6.0
    view.set_zoom(0.001)
    assert view.zoom == 0.1


def test_zoom_keeps_the_current_page_in_view(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30, page=12)

    view.set_zoom(view.zoom * 2)

    assert 12 in canvas(view).visible_pages()


def test_ctrl_wheel_zooms(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    before = view.zoom
    viewport = canvas(view).viewport()
    position = QPointF(100, 100)

    event = QWheelEvent(
        position,
        QPointF(viewport.mapToGlobal(position.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)

    assert view.zoom == pytest.approx(before * 1.25)


def test_zoom_shortcuts(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    view.activateWindow()
    canvas(view).setFocus()
    qtbot.waitUntil(lambda: canvas(view).hasFocus(), timeout=WAIT_MS)
    fitted = view.zoom

    qtbot.keyClick(canvas(view), Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(fitted * 1.25)
    qtbot.keyClick(canvas(view), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(canvas(view), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(fitted / 1.25)
    qtbot.keyClick(canvas(view), Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(fitted)


# --- damaged files, switching and closing ---------------------------------


def _damaged(tmp_path: Path, kind: str, good: Path) -> Path:
    path = tmp_path / f"{kind}.pdf"
    if kind == "random":
        path.write_bytes(os.urandom(8000))
    elif kind == "zero":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[:3000])
    return path  # "missing": never written


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("random", "is not a valid PDF"),
        ("zero", "is empty"),
        ("truncated", "is not a valid PDF"),
        ("missing", "does not exist"),
    ],
)
def test_damaged_pdf_fails_clearly_and_the_next_one_opens(
    qtbot: QtBot, view: PdfView, pdf_30: Path, tmp_path: Path, kind: str, reason: str
) -> None:
    damaged = _damaged(tmp_path, kind, pdf_30)

    with qtbot.waitSignal(view.failed, timeout=WAIT_MS) as failed:
        view.open_document(damaged)

    message = failed.args[0]
    assert message == f"The file cannot be opened: {damaged.name} {reason}."
    shown = view.findChildren(QLabel)
    assert any(label.isVisible() and label.text() == message for label in shown)
    assert view.page_count == 0
    assert view.document_path is None
    assert not view._zoom_in_action.isEnabled()

    open_and_wait(qtbot, view, pdf_30)
    assert view.page_count == 30
    assert dark_pixels(page_image(view, 0)) > 500


def test_a_new_document_replaces_one_still_opening(
    qtbot: QtBot, view: PdfView, pdf_30: Path, pdf_500: Path
) -> None:
    loaded: list[int] = []
    view.document_loaded.connect(loaded.append)

    view.open_document(pdf_500)
    open_and_wait(qtbot, view, pdf_30)
    view._runner.wait(WAIT_MS)
    qtbot.wait(50)  # let any stale result arrive (and be dropped)

    assert loaded == [30]
    assert view.page_count == 30
    assert view.document_path == pdf_30


def test_stale_renders_do_not_reach_the_new_document(
    qtbot: QtBot, view: PdfView, pdf_30: Path, tmp_path: Path
) -> None:
    open_and_wait(qtbot, view, pdf_30, page=5)
    other = make_numbered_pdf(tmp_path / "small.pdf", 2, width=300, height=300)

    view.go_to_page(20)  # starts renders for pages 19..21 of the old file
    open_and_wait(qtbot, view, other)
    view._runner.wait(WAIT_MS)
    qtbot.wait(50)

    cached = [page for page in range(30) if canvas(view).cache.get(page) is not None]
    assert set(cached) <= {0, 1}


def test_opening_the_same_document_only_moves(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    loaded: list[int] = []
    view.document_loaded.connect(loaded.append)

    view.open_document(pdf_30, page=4)

    assert view.current_page == 4
    assert loaded == []


def test_close_document_empties_the_view(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)

    view.close_document()

    assert view.page_count == 0
    assert view.document_path is None
    assert canvas(view).cache.used == 0
    assert not view._page_entry.isEnabled()
    open_and_wait(qtbot, view, pdf_30)  # and it opens again
    assert view.page_count == 30


# --- the cache -------------------------------------------------------------


def test_cache_stays_within_its_budget(qtbot: QtBot, runner: TaskRunner, pdf_30: Path) -> None:
    small = PdfView(runner, cache_bytes=6 * 1024 * 1024)  # room for ~4 pages
    qtbot.addWidget(small)
    small.resize(500, 700)
    small.show()
    open_and_wait(qtbot, small, pdf_30)

    for page in range(0, 30, 3):
        small.go_to_page(page)
        wait_for_render(qtbot, small, page)

    cache = small._canvas.cache
    assert cache.used <= cache.budget
    assert cache.get(27) is not None  # the latest page survives
    assert cache.get(0) is None  # the oldest was evicted


def test_renders_match_the_device_pixel_ratio(qtbot: QtBot, view: PdfView, pdf_30: Path) -> None:
    open_and_wait(qtbot, view, pdf_30)
    wait_for_render(qtbot, view, 0)
    image = canvas(view).cache.get(0).image
    ratio = canvas(view).viewport().devicePixelRatioF()

    assert image.devicePixelRatio() == ratio
    assert image.width() == pytest.approx(595 * view.zoom * ratio, abs=1)


def test_pages_that_cannot_render_get_a_placeholder(
    qtbot: QtBot, view: PdfView, pdf_30: Path, tmp_path: Path
) -> None:
    doomed = tmp_path / "deleted-after-opening.pdf"
    doomed.write_bytes(pdf_30.read_bytes())
    open_and_wait(qtbot, view, doomed)
    doomed.unlink()

    view.go_to_page(20)
    qtbot.waitUntil(lambda: 20 in canvas(view).broken_pages, timeout=WAIT_MS)

    assert view.page_count == 30
    assert dark_pixels(page_image(view, 20)) == 0
    view.open_document(pdf_30)  # and the view still works
    qtbot.waitUntil(lambda: view.page_count == 30 and not canvas(view).broken_pages)


def test_results_arriving_after_the_view_is_deleted_are_ignored(
    qtbot: QtBot, runner: TaskRunner, pdf_500: Path
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    doomed = PdfView(runner, holder)
    holder.show()
    doomed.open_document(pdf_500)

    shiboken6.delete(doomed)
    runner.wait(WAIT_MS)
    qtbot.wait(50)  # deliver the results: pytest-qt fails the test on an exception

    assert not runner.busy
