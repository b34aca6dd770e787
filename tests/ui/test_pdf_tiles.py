"""Tiles at a high zoom: real PDFs rendered by the real render process into a real PdfView."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from companion.core import pdf_render
from companion.core.pdf_render import PixelFormat
from companion.ui.pdf_tiles import (
    TILE_PIXELS,
    Tile,
    TileCache,
    is_tiled,
    page_pixels,
    tile_clip,
    visible_tiles,
)
from companion.ui.pdf_view import PdfView
from companion.ui.tasks import TaskRunner
from tests.ui.test_pdf_view import make_numbered_pdf, open_and_wait

WAIT_MS = 20_000

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def view(qtbot: QtBot) -> PdfView:
    runner = TaskRunner()
    widget = PdfView(runner)
    widget._test_runner = runner  # kept alive with the view
    qtbot.addWidget(widget)
    widget.resize(500, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def differing_pixels(shown: QImage, expected: QImage) -> int:
    """Pixels whose colour differs by more than 40 in a channel (sampled every 2 pixels)."""
    count = 0
    for y in range(0, expected.height(), 2):
        for x in range(0, expected.width(), 2):
            a, b = shown.pixel(x, y), expected.pixel(x, y)
            if any(abs(((a >> s) & 255) - ((b >> s) & 255)) > 40 for s in (0, 8, 16)):
                count += 1
    return count


def dark_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if (image.pixel(x, y) & 0xFFFFFF) < 0x404040
    )


def test_at_6x_the_visible_tiles_show_the_page_as_mupdf_draws_it(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    pdf = make_numbered_pdf(tmp_path / "bilag.pdf", 3)
    open_and_wait(qtbot, view, pdf)
    area = view._canvas
    view.set_zoom(6.0)
    page_rect = area.layout_.rects[0]
    area.scroll_to(page_rect.left() + 72 * 6 - 40, page_rect.top() + 60 * 6)  # the heading
    qtbot.waitUntil(lambda: area.is_sharp(0), timeout=WAIT_MS)

    scale = area.render_scale()
    assert area.is_tiled(0)
    whole = area.cache.get(0)
    assert whole is not None and whole.scale < scale  # the placeholder, not a 6x page
    width, height = page_pixels(area.sizes[0], scale)
    assert area.tiles.used + area.cache.used < width * height * 4 / 4  # a quarter of one page
    shown_rect = area.page_rect_in_viewport(0).intersected(area.viewport().rect())
    shown = area.viewport().grab(shown_rect).toImage().convertToFormat(QImage.Format.Format_RGB32)
    on_page = shown_rect.translated(-area.page_rect_in_viewport(0).topLeft())
    clip = (on_page.left(), on_page.top(), on_page.right() + 1, on_page.bottom() + 1)
    assert (width, height) == (page_rect.width(), page_rect.height())  # device = logical px
    rendered = pdf_render.render_page(pdf, 0, scale, pixel_format=PixelFormat.BGRX, clip=clip)
    samples = bytes(rendered.samples)
    expected = QImage(
        samples, rendered.width, rendered.height, rendered.stride, QImage.Format.Format_RGB32
    ).copy()
    assert dark_pixels(expected) > 200  # the heading is in this part
    assert differing_pixels(shown, expected) < 0.01 * expected.width() * expected.height() / 4


def test_scrolling_at_6x_renders_the_new_tiles_and_keeps_within_the_budget(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    pdf = make_numbered_pdf(tmp_path / "bilag.pdf", 3)
    open_and_wait(qtbot, view, pdf)
    area = view._canvas
    view.set_zoom(6.0)
    bar = area.verticalScrollBar()
    for _ in range(12):  # down through page 1 into page 2
        bar.setValue(bar.value() + area.viewport().height())
        page = area.most_visible_page()
        qtbot.waitUntil(lambda page=page: area.is_sharp(page), timeout=WAIT_MS)
        assert area.tiles.used <= area.tiles.budget
    assert area.most_visible_page() >= 1
    assert not view._pending_tiles  # nothing left waiting once all is shown


def test_a_page_is_tiled_only_above_the_threshold() -> None:
    a4 = (595.0, 842.0)
    assert not is_tiled(a4, 1.5)  # fit width in a wide window
    assert is_tiled(a4, 6.0)


def test_visible_tiles_cover_the_visible_part_and_no_more() -> None:
    size, scale = (595.0, 842.0), 6.0
    width, height = page_pixels(size, scale)
    page_rect = QRect(12, 12, width, height)
    viewport = QRect(600, 1000, 500, 700)
    keys = visible_tiles(0, size, scale, page_rect, viewport)
    columns = {column for _, column, _ in keys}
    rows = {row for _, _, row in keys}
    assert columns == set(range((600 - 12) // TILE_PIXELS, (1099 - 12) // TILE_PIXELS + 1))
    assert rows == set(range((1000 - 12) // TILE_PIXELS, (1699 - 12) // TILE_PIXELS + 1))
    last = tile_clip(size, scale, width // TILE_PIXELS, height // TILE_PIXELS)
    assert (last[2], last[3]) == (width, height)  # the edge tiles end at the page's edge


def one_mib_tile(scale: float) -> Tile:
    image = QImage(512, 512, QImage.Format.Format_RGB32)
    return Tile(scale, image)


def test_tile_cache_drops_other_scales_then_the_farthest_tiles() -> None:
    cache = TileCache(budget=3 * 1024 * 1024)
    cache.put((0, 0, 0), one_mib_tile(2.0), keep=frozenset())
    cache.put((0, 0, 0), one_mib_tile(6.0), keep=frozenset())
    assert cache.get((0, 0, 0), 2.0) is None and cache.get((0, 0, 0), 6.0) is not None
    for row in range(1, 5):
        cache.put((0, 0, row), one_mib_tile(6.0), keep=frozenset({(0, 0, row)}))
    assert cache.used <= cache.budget
    assert cache.get((0, 0, 4), 6.0) is not None  # kept: in view
    assert cache.get((0, 0, 0), 6.0) is None  # farthest from the view: dropped first


def striped(width: int, height: int) -> QImage:
    """Black and white rows, one pixel each: any smoothing scale greys them."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    for y in range(height):
        for x in range(width):
            image.setPixel(x, y, 0xFF000000 if y % 2 else 0xFFFFFFFF)
    return image


@pytest.mark.parametrize("place_height", [59, 60, 61])
def test_a_render_a_pixel_off_its_place_is_copied_unscaled(qapp, place_height: int) -> None:
    """MuPDF rounds page pixels up, the layout to the nearest: no smooth scaling for that."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter

    from companion.ui.pdf_canvas import draw_image

    source = striped(40, 60)
    canvas = QImage(50, 70, QImage.Format.Format_RGB32)
    canvas.fill(0xFF808080)
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    draw_image(painter, QRectF(5, 5, 40, place_height), source)
    painter.end()

    for y in range(place_height):
        expected = 0xFF000000 if y % 2 else 0xFFFFFFFF
        if y == 60:  # the row the render lacks: white paper
            expected = 0xFFFFFFFF
        assert {canvas.pixel(x, 5 + y) for x in range(5, 45)} == {expected}, y
    assert canvas.pixel(20, 5 + place_height) == 0xFF808080  # nothing below the place
