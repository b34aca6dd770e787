"""The PDF viewer's scroll area that paints the laid-out pages (`_PageCanvas`).

It scrolls, zooms and paints cached renders (placeholders until they come) and
reports the mouse, wheel and keys as signals; `PdfView` decides what they do.
The class keeps its original name: ``self.tr()`` takes its translation context
from the class name, and the Danish translations are filed under it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QRegion,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from companion.ui.pdf_pages import DEFAULT_CACHE_BYTES, PAGE_GAP, PageCache, PageLayout, fit_zoom
from companion.ui.pdf_tiles import TileCache, is_tiled, tile_target, visible_tiles

# The desk the pages lie on, a viewer's grey whatever the palette (pages stay white paper).
BACKGROUND = QColor(0x6B, 0x6F, 0x75)
PLACEHOLDER_TEXT = QColor(0xC8, 0xC8, 0xC8)


def draw_image(painter: QPainter, target: QRectF, image: QImage) -> None:
    """Draw ``image`` into ``target``: unscaled if it is within a pixel of its size.

    MuPDF rounds a page's pixels up, the layout rounds to the nearest: a render
    one row taller than its place would be drawn scaled, with smoothing, some 6
    ms for a page instead of 0.5 ms for a copy (most of a scroll's paint).
    Drawn unscaled, the extra row is cut off, a missing one left white.
    """
    ratio = image.devicePixelRatio()
    width, height = image.width() / ratio, image.height() / ratio
    if abs(width - target.width()) > 1.0 or abs(height - target.height()) > 1.0:
        painter.drawImage(target, image)  # another scale (a placeholder): stretched
        return
    if width < target.width() or height < target.height():
        painter.fillRect(target, Qt.GlobalColor.white)
    source = QRectF(0, 0, min(width, target.width()) * ratio, min(height, target.height()) * ratio)
    painter.drawImage(target.topLeft(), image, source)


class _PageCanvas(QAbstractScrollArea):
    """Paints the laid-out pages; knows nothing about files or threads."""

    view_moved = Signal()  # scrolled, resized or re-laid out
    user_scrolled = Signal()  # the scroll position changed not by our own call
    zoom_requested = Signal(int, QPoint)  # wheel steps (+ in, - out), anchor in the viewport
    page_key = Signal(int)  # Qt.Key of PgUp / PgDn / Home / End
    pixels_painted = Signal()  # a real render was painted (not by paint_now)
    screen_scale_changed = Signal()
    #: The left button pressed on a page (page, point in points, viewport point).
    tool_pressed = Signal(int, QPointF, QPoint)
    tool_moved = Signal(int, QPointF)  # dragged; the point is clamped to the pressed page
    tool_released = Signal(int, QPointF)
    mark_key = Signal(int)  # Qt.Key of Delete / Backspace / F2 / Enter (acts on the chosen mark)
    menu_requested = Signal(QPoint, QPoint)  # a context menu: viewport and global points

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Pages of the file"))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # no fit loop
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)  # paintEvent fills it
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        # Without pages the viewport is hidden and Qt alone fills the area: no
        # paintEvent, so no wait for a worker thread that holds the GIL.
        self.viewport().hide()
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), BACKGROUND)
        self.setPalette(palette)
        self.sizes: list[tuple[float, float]] = []
        self._widest = 0.0
        self._widest_of: list[tuple[float, float]] | None = None
        self.zoom = 1.0
        self.layout_ = PageLayout([], self.zoom, 0)
        self.cache = PageCache(DEFAULT_CACHE_BYTES)
        self.tiles = TileCache()  # parts of pages at a high zoom (companion/ui/pdf_tiles.py)
        self.broken_pages: set[int] = set()
        self._moving = False
        self._painting_now = False
        self._drew_pixels = False
        #: Draws over a page after its pixels: (painter, page, page rect in the viewport).
        self.overlay: Callable[[QPainter, int, QRect], None] | None = None
        #: The tooltip for a viewport point (None: no tooltip).
        self.tooltip_for: Callable[[QPoint], str | None] | None = None
        self.tool = ""  # "", or pdf_view's HIGHLIGHT_TOOL or NOTE_TOOL
        self._tool_page: int | None = None
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)

    # layout and scrolling

    def set_pages(self, sizes: Sequence[tuple[float, float]], zoom: float | None = None) -> None:
        """Show a new document's pages (all placeholders) at ``zoom``, scrolled to the top."""
        self.sizes = list(sizes)
        self.zoom = self.zoom if zoom is None else zoom
        self.cache.clear()
        self.tiles.clear()
        self.broken_pages.clear()
        self.viewport().setVisible(bool(self.sizes))
        self._relayout()
        self.scroll_to(0, 0)

    def set_zoom(self, zoom: float, anchor: QPoint | None = None) -> None:
        """Re-lay out at ``zoom``, keeping the point under ``anchor`` (default: top centre)."""
        self._relayout_around(anchor, zoom, self.sizes)

    def correct_page_sizes(self, sizes: Sequence[tuple[float, float]], zoom: float) -> None:
        """Lay the pages out with their real ``sizes`` at ``zoom``, keeping the view in place.

        Renders of pages whose size changed are dropped: they have the old shape.
        """
        sizes = list(sizes)
        for page in range(max(len(sizes), len(self.sizes))):
            if page >= len(sizes) or page >= len(self.sizes) or sizes[page] != self.sizes[page]:
                self.cache.discard(page)
        self.tiles.clear()
        self.broken_pages.intersection_update(range(len(sizes)))
        self._relayout_around(None, zoom, sizes)

    def _relayout_around(
        self, anchor: QPoint | None, zoom: float, sizes: list[tuple[float, float]]
    ) -> None:
        """Re-lay out; the point under ``anchor`` (default: top centre) stays under it."""
        anchor = anchor or QPoint(self.viewport().width() // 2, 0)
        page, fraction_x, fraction_y = self._point_on_page(anchor)
        self.zoom = zoom
        self.sizes = sizes
        self._relayout()
        if not self.layout_.rects:
            return
        rect = self.layout_.rects[min(page, len(self.layout_.rects) - 1)]
        x = rect.left() + round(fraction_x * rect.width()) - anchor.x()
        y = rect.top() + round(fraction_y * rect.height()) - anchor.y()
        self.scroll_to(x, y)

    def scroll_to_page(self, page: int) -> None:
        """Put the top of ``page`` at the top of the viewport (as far as scrolling allows)."""
        top = 0 if page == 0 else self.layout_.rects[page].top() - PAGE_GAP // 2
        self.scroll_to(self.horizontalScrollBar().value(), top)

    def scroll_to(self, x: int, y: int) -> None:
        """Scroll without counting it as the user's scroll."""
        self._moving = True
        try:
            self.horizontalScrollBar().setValue(x)
            self.verticalScrollBar().setValue(y)
        finally:
            self._moving = False
        self.view_moved.emit()

    def visible_rows(self) -> tuple[int, int]:
        """The content rows shown in the viewport."""
        top = self.verticalScrollBar().value()
        return top, top + self.viewport().height()

    def visible_pages(self) -> range:
        return self.layout_.pages_between(*self.visible_rows())

    def most_visible_page(self) -> int:
        return self.layout_.most_visible(*self.visible_rows())

    def page_rect_in_viewport(self, page: int) -> QRect:
        """Where ``page`` is drawn, in viewport coordinates."""
        offset = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        return self.layout_.rects[page].translated(-offset)

    def page_point(self, point: QPoint, page: int | None = None) -> tuple[int, QPointF] | None:
        """The page under a viewport ``point`` and the point on it in PDF points.

        With ``page`` given, the point is taken on that page, clamped to its edges;
        otherwise None when ``point`` is not on a page.
        """
        if not self.layout_.rects:
            return None
        x = point.x() + self.horizontalScrollBar().value()
        y = point.y() + self.verticalScrollBar().value()
        if page is None:
            page = self.layout_.page_at(y)
            if not self.layout_.rects[page].contains(x, y):
                return None
        rect = self.layout_.rects[page]
        width, height = self.sizes[page]
        scale = rect.width() / width
        in_points = QPointF(
            min(max((x - rect.left()) / scale, 0.0), width),
            min(max((y - rect.top()) / scale, 0.0), height),
        )
        return page, in_points

    def fit_width_zoom(self) -> float:
        """The zoom at which the widest page fills the viewport's width."""
        if self._widest_of is not self.sizes:  # measured once per list of sizes
            self._widest = max((width for width, _ in self.sizes), default=0.0)
            self._widest_of = self.sizes
        return fit_zoom(self.viewport().width(), self._widest, self.zoom)

    def paint_now(self) -> bool:
        """Paint the viewport at once instead of on a later event-loop pass.

        Returns whether a rendered page was drawn (`pixels_painted` is not
        emitted for this paint). Nothing is painted while the view is hidden.
        """
        self._painting_now, self._drew_pixels = True, False
        try:
            self.viewport().repaint()
        finally:
            self._painting_now = False
        return self._drew_pixels

    def render_scale(self) -> float:
        """Device pixels per point for renders at the current zoom."""
        return self.zoom * self.viewport().devicePixelRatioF()

    def is_tiled(self, page: int) -> bool:
        """Whether ``page`` is rendered in tiles at the current zoom."""
        return is_tiled(self.sizes[page], self.render_scale())

    def tiles_in_view(self, page: int) -> list[tuple[int, int, int]]:
        """The tiles of ``page`` (tiled at the current zoom) that the viewport shows."""
        rect = self.page_rect_in_viewport(page)
        return visible_tiles(
            page, self.sizes[page], self.render_scale(), rect, self.viewport().rect()
        )

    def is_sharp(self, page: int) -> bool:
        """Whether ``page`` shows pixels at the current zoom (all its visible tiles, if tiled)."""
        scale = self.render_scale()
        if self.is_tiled(page):
            return all(self.tiles.get(key, scale) for key in self.tiles_in_view(page))
        rendered = self.cache.get(page)
        return rendered is not None and abs(rendered.scale - scale) < 1e-6

    def _relayout(self) -> None:
        self.layout_ = PageLayout(self.sizes, self.zoom, self.viewport().width())
        self._update_scroll_ranges()
        self.viewport().update()

    def _update_scroll_ranges(self) -> None:
        viewport = self.viewport().size()
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        vertical.setRange(0, max(0, self.layout_.height - viewport.height()))
        vertical.setPageStep(viewport.height())
        vertical.setSingleStep(40)
        horizontal.setRange(0, max(0, self.layout_.width - viewport.width()))
        horizontal.setPageStep(viewport.width())
        horizontal.setSingleStep(40)

    def _point_on_page(self, point: QPoint) -> tuple[int, float, float]:
        """The page under a viewport point and the point's relative place on it."""
        if not self.layout_.rects:
            return 0, 0.0, 0.0
        x = point.x() + self.horizontalScrollBar().value()
        y = point.y() + self.verticalScrollBar().value()
        page = self.layout_.page_at(y)
        rect = self.layout_.rects[page]
        return page, (x - rect.left()) / rect.width(), (y - rect.top()) / rect.height()

    def _scrolled(self) -> None:
        self.viewport().update()
        if not self._moving:
            self.user_scrolled.emit()
            self.view_moved.emit()

    # Qt events

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._relayout()
        self.view_moved.emit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self.screen_scale_changed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        pages = self.visible_pages()
        painter.setClipRegion(self._ground(pages, event.rect()))
        painter.fillRect(event.rect(), BACKGROUND)
        painter.setClipping(False)
        painted_pixels = False
        for page in pages:
            target = self.page_rect_in_viewport(page)
            if not target.intersects(event.rect()):
                continue
            rendered = self.cache.get(page)
            if rendered is not None:
                draw_image(painter, QRectF(target), rendered.image)  # stretched under tiles
                painted_pixels = True
            else:
                self._paint_placeholder(painter, page, target)
            painted_pixels |= self._paint_tiles(painter, page, target, event.rect())
            if self.overlay is not None:
                self.overlay(painter, page, target)
        painter.end()
        self._drew_pixels = painted_pixels
        if painted_pixels and not self._painting_now:
            self.pixels_painted.emit()

    def _ground(self, pages: range, dirty: QRect) -> QRegion:
        """The parts of ``dirty`` to paint grey: not those a rendered page will cover.

        A page's render covers its place (`draw_image`), so filling it grey first
        would write its pixels twice (~0.4 ms of a fit-width page's first paint).
        At a fractional device pixel ratio an edge pixel could stay uncovered:
        everything is filled there.
        """
        ratio = self.viewport().devicePixelRatioF()
        ground = QRegion(dirty)
        if ratio != int(ratio):
            return ground
        for page in pages:
            if self.cache.get(page) is not None:
                ground -= QRegion(self.page_rect_in_viewport(page))
        return ground

    def _paint_tiles(self, painter: QPainter, page: int, target: QRect, dirty: QRect) -> bool:
        """Draw ``page``'s tiles at the current scale over it; whether there were any."""
        scale = self.render_scale()
        tiles = self.tiles.of_page(page, scale) if len(self.tiles) else []
        if not tiles:
            return False
        ratio = self.viewport().devicePixelRatioF()
        painter.save()
        painter.setClipRect(target)  # an edge tile may be a pixel larger than the page's place
        for (_, column, row), tile in tiles:
            place = tile_target(self.sizes[page], scale, column, row, target, ratio)
            if place.intersects(dirty.toRectF()):
                draw_image(painter, place, tile.image)
        painter.restore()
        return True

    def _paint_placeholder(self, painter: QPainter, page: int, target: QRect) -> None:
        painter.fillRect(target, Qt.GlobalColor.white)
        painter.setPen(PLACEHOLDER_TEXT)
        if page in self.broken_pages:
            text = self.tr("Page {number} cannot be shown.").format(number=page + 1)
        else:
            text = str(page + 1)
        painter.drawText(target, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_for(event.pos()) if self.tooltip_for is not None else None
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        hit = self.page_point(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            self._tool_page = hit[0]
            self.tool_pressed.emit(hit[0], hit[1], event.position().toPoint())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        hit = self._tool_point(event)
        if hit is not None:
            self.tool_moved.emit(*hit)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        hit = self._tool_point(event)
        self._tool_page = None
        if hit is not None:
            self.tool_released.emit(*hit)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _tool_point(self, event: QMouseEvent) -> tuple[int, QPointF] | None:
        """Where a drag begun with a tool is, on the page it began on."""
        if self._tool_page is None or self._tool_page >= len(self.sizes):
            return None
        return self.page_point(event.position().toPoint(), self._tool_page)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() // 120 or (1 if event.angleDelta().y() > 0 else -1)
            if event.angleDelta().y():
                self.zoom_requested.emit(steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End):
            self.page_key.emit(event.key())
            event.accept()
            return
        mark_keys = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_F2, Qt.Key.Key_Return)
        if event.key() in (*mark_keys, Qt.Key.Key_Enter) and not event.modifiers():
            self.mark_key.emit(event.key())
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        self.menu_requested.emit(event.pos(), event.globalPos())
        event.accept()
