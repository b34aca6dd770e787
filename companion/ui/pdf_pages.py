"""Page geometry and rendering for the PDF viewer (`companion.ui.pdf_view`).

The layout of the stacked pages (`PageLayout`) and the zoom helpers, the LRU
cache of rendered pages bounded by bytes (`PageCache`), and the worker
functions that open, measure and render a PDF on the `TaskRunner`'s pool.
PyMuPDF is imported only inside the worker functions (through
`companion.core.pdf_render`), so importing this module stays cheap.

``zoom`` is logical pixels per PDF point: at 1.0 an A4 page is 595 pixels wide.
"""

from __future__ import annotations

import bisect
import logging
import sys
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from companion.core.pdf_render import OpenedDocument, PageSize, PixelFormat, RenderedPage

log = logging.getLogger(__name__)

MIN_ZOOM = 0.1
MAX_ZOOM = 6.0
PAGE_MARGIN = 12  # logical pixels around the pages
PAGE_GAP = 12  # logical pixels between two pages
DEFAULT_CACHE_BYTES = 200 * 1024 * 1024
#: Renders come as Qt's RGB32 bytes (no conversion) where the machine is little-endian.
NATIVE_RGB32 = sys.byteorder == "little"


# --- geometry --------------------------------------------------------------


def clamped_zoom(zoom: float) -> float:
    """``zoom`` kept within `MIN_ZOOM` .. `MAX_ZOOM`."""
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def fit_zoom(viewport_width: int, page_width: float, fallback: float) -> float:
    """The zoom at which a page ``page_width`` points wide fills the viewport's width."""
    if page_width <= 0:
        return fallback
    return (viewport_width - 2 * PAGE_MARGIN) / page_width


class PageLayout:
    """Where each page sits in the scrolled content at one zoom and width.

    Args:
        sizes: each page's (width, height) in points.
        zoom: logical pixels per point.
        viewport_width: the visible width; narrower pages are centred in it.
    """

    def __init__(self, sizes: Sequence[tuple[float, float]], zoom: float, viewport_width: int):
        widest = max((width for width, _ in sizes), default=0.0)
        self.width = round(widest * zoom) + 2 * PAGE_MARGIN
        centre = max(self.width, viewport_width) / 2
        self.rects: list[QRect] = []
        self._bottoms: list[int] = []  # each page's last row, gap below included
        in_pixels: dict[tuple[float, float], tuple[int, int, int]] = {}  # few distinct sizes
        top = PAGE_MARGIN
        for size in sizes:
            if size not in in_pixels:
                page_width = max(1, round(size[0] * zoom))
                in_pixels[size] = (
                    round(centre - page_width / 2),
                    page_width,
                    max(1, round(size[1] * zoom)),
                )
            left, page_width, page_height = in_pixels[size]
            self.rects.append(QRect(left, top, page_width, page_height))
            top += page_height + PAGE_GAP
            self._bottoms.append(top - 1)
        self.height = top - PAGE_GAP + PAGE_MARGIN if sizes else 0

    def page_at(self, y: int) -> int:
        """The page at content height ``y`` (the next one when ``y`` is in a gap)."""
        return min(bisect.bisect_left(self._bottoms, y), len(self.rects) - 1)

    def pages_between(self, top: int, bottom: int) -> range:
        """The pages that overlap the content rows ``top`` .. ``bottom``."""
        if not self.rects:
            return range(0)
        return range(self.page_at(top), self.page_at(bottom) + 1)

    def most_visible(self, top: int, bottom: int) -> int:
        """The page showing the most rows between ``top`` and ``bottom`` (earliest on ties)."""

        def visible_rows(page: int) -> int:
            rect = self.rects[page]
            return min(rect.bottom(), bottom) - max(rect.top(), top)

        return max(self.pages_between(top, bottom), key=visible_rows, default=0)


# --- the pixel cache -------------------------------------------------------


@dataclass
class Rendered:
    """A page's pixels and the scale (device pixels per point) they were rendered at."""

    scale: float
    image: QImage

    @property
    def size_in_bytes(self) -> int:
        return int(self.image.sizeInBytes())


class PageCache:
    """Rendered pages, least recently used evicted first, bounded by bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._entries: OrderedDict[int, Rendered] = OrderedDict()

    def get(self, page: int) -> Rendered | None:
        """The page's latest render (any scale), marked as recently used."""
        entry = self._entries.get(page)
        if entry is not None:
            self._entries.move_to_end(page)
        return entry

    def put(self, page: int, entry: Rendered, keep: frozenset[int]) -> None:
        """Store ``entry``; evict old pages, but never those in ``keep``."""
        self._drop(page)
        self._entries[page] = entry
        self.used += entry.size_in_bytes
        for candidate in list(self._entries):
            if self.used <= self.budget:
                break
            if candidate not in keep and candidate != page:
                self._drop(candidate)

    def discard(self, page: int) -> None:
        """Forget ``page``'s render, if any."""
        self._drop(page)

    def clear(self) -> None:
        self._entries.clear()
        self.used = 0

    def _drop(self, page: int) -> None:
        entry = self._entries.pop(page, None)
        if entry is not None:
            self.used -= entry.size_in_bytes


# --- worker functions (run on the pool, import PyMuPDF there) --------------


@dataclass(frozen=True)
class Screen:
    """What the open task needs to know of the viewport, read on the GUI thread."""

    viewport_width: int
    device_pixel_ratio: float
    zoom: float
    fit_width: bool

    def zoom_for(self, page_width: float) -> float:
        """The zoom the view will show a document at whose widest page is ``page_width``."""
        if not self.fit_width:
            return self.zoom
        return clamped_zoom(fit_zoom(self.viewport_width, page_width, self.zoom))

    def render_scale(self, size: PageSize) -> float:
        """Device pixels per point for a document whose pages all have ``size``."""
        return self.zoom_for(size.width) * self.device_pixel_ratio


@dataclass(frozen=True)
class Opened:
    """The open task's result: the document and its first page as an image."""

    document: OpenedDocument
    image: QImage | None


def open_pdf(path: Path, page: int, screen: Screen) -> Opened:
    """Open ``path`` and render ``page`` at the scale ``screen`` will show it (worker thread)."""
    from companion.core import pdf_render

    document = pdf_render.open_document(
        path, page, screen.render_scale, pixel_format=_pixel_format()
    )
    rendered = document.rendered
    image = None if rendered is None else _to_image(rendered, screen.device_pixel_ratio)
    return Opened(document, image)


def read_sizes(path: Path, wanted: Callable[[], bool]) -> tuple[PageSize, ...] | None:
    """Every page's size, or None when nobody wants them any more (worker thread)."""
    from companion.core import pdf_render

    return pdf_render.read_page_sizes(path, wanted)


def render_image(
    path: Path, page: int, scale: float, pixel_ratio: float, wanted: Callable[[], bool]
) -> QImage | None:
    """Render ``page`` to a QImage, or None when nobody wants it any more."""
    if not wanted():
        return None
    from companion.core import pdf_render

    rendered = pdf_render.render_page(path, page, scale, pixel_format=_pixel_format())
    return _to_image(rendered, pixel_ratio)


def _pixel_format() -> PixelFormat:
    from companion.core.pdf_render import PixelFormat

    return PixelFormat.BGRX if NATIVE_RGB32 else PixelFormat.RGB


def _to_image(rendered: RenderedPage, pixel_ratio: float) -> QImage:
    """The rendered pixels as an RGB32 image (the format painted fastest)."""
    pixels = (rendered.samples, rendered.width, rendered.height, rendered.stride)
    if rendered.bytes_per_pixel == 4:  # BGRX: already RGB32; the image keeps the bytes alive
        image = QImage(*pixels, QImage.Format.Format_RGB32)
    else:
        image = QImage(*pixels, QImage.Format.Format_RGB888)
        image = image.convertToFormat(QImage.Format.Format_RGB32)  # a copy that owns its pixels
    image.setDevicePixelRatio(pixel_ratio)
    return image


def release_documents() -> None:
    """Close the files PyMuPDF keeps open; run on the pool, nothing to report back."""
    from companion.core import pdf_render

    try:
        pdf_render.release_documents()
    except Exception:  # nobody waits for this: log it rather than lose it
        log.exception("cannot close the PDF files kept open")


def points(sizes: Sequence[PageSize]) -> list[tuple[float, float]]:
    """Page sizes as (width, height) pairs in points."""
    return [(size.width, size.height) for size in sizes]
