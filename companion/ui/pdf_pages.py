"""Page geometry and rendering for the PDF viewer (`companion.ui.pdf_view`).

The layout of the stacked pages (`PageLayout`) and the zoom helpers, the cache
of rendered pages (`PageCache`) with its budget under a total for the window
and its render process (`MemoryTarget`), and what goes to and comes back from
the render process (`Screen`, `to_image`). PyMuPDF is never imported here: it
runs in the render process (`companion.core.render_process`).

``zoom`` is logical pixels per PDF point: at 1.0 an A4 page is 595 pixels wide.
"""

from __future__ import annotations

import bisect
import logging
import sys
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from companion.core.pdf_render import OpenedDocument, PageSize, PixelFormat, RenderedPage
    from companion.core.render_process.render import ScaleRule

log = logging.getLogger(__name__)

MIN_ZOOM = 0.1
MAX_ZOOM = 6.0
PAGE_MARGIN = 12  # logical pixels around the pages
PAGE_GAP = 12  # logical pixels between two pages
#: The cache's budget where the process's memory cannot be measured.
DEFAULT_CACHE_BYTES = 96 * 1024 * 1024
#: What the window and its render process should hold together (issue 14's goal).
TOTAL_MEMORY_TARGET = 250 * 1000 * 1000
#: The cache keeps at least this much, whatever the rest of the window holds (the
#: visible pages are kept in any case; 8 MiB is their neighbours at fit width).
#: 24 MiB before tiles, when the rest already passed the target.
MIN_CACHE_BYTES = 8 * 1024 * 1024
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


class PageRects(Sequence[QRect]):
    """Each page's place in the content as a `QRect`, made when asked for.

    A 500-page document's layout is made at its first paint: 500 `QRect`
    objects cost ~0.7 ms there, plain tuples a fraction of it.
    """

    def __init__(self, places: list[tuple[int, int, int, int]]) -> None:
        self._places = places  # (left, top, width, height)

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, index: int) -> QRect: ...

    @overload
    def __getitem__(self, index: slice) -> list[QRect]: ...

    def __getitem__(self, index: int | slice) -> QRect | list[QRect]:
        if isinstance(index, slice):
            return [QRect(*place) for place in self._places[index]]
        return QRect(*self._places[index])


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
        places: list[tuple[int, int, int, int]] = []
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
            places.append((left, top, page_width, page_height))
            top += page_height + PAGE_GAP
            self._bottoms.append(top - 1)
        self.rects = PageRects(places)
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
    """Rendered pages within a byte budget; pages farthest from the view are dropped first.

    Without a ``focus`` page the least recently used go first.
    """

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

    def put(
        self, page: int, entry: Rendered, keep: frozenset[int], focus: int | None = None
    ) -> None:
        """Store ``entry``; drop others over the budget, never those in ``keep``."""
        self._drop(page)
        self._entries[page] = entry
        self.used += entry.size_in_bytes
        self.trim(keep | {page}, focus)

    def trim(self, keep: frozenset[int], focus: int | None = None) -> None:
        """Drop pages (not in ``keep``) until within the budget, farthest from ``focus`` first."""
        candidates = [page for page in self._entries if page not in keep]
        if focus is not None:
            candidates.sort(key=lambda page: abs(page - focus), reverse=True)
        for candidate in candidates:
            if self.used <= self.budget:
                break
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


@dataclass(frozen=True)
class MemoryTarget:
    """The cache's budget: what is left under ``total`` bytes for the window and its render process.

    The window's own memory (without the cache) and the render process's are
    measured each time; the cache never gets less than ``floor``. Where memory
    cannot be measured the budget is ``fallback``.
    """

    total: int = TOTAL_MEMORY_TARGET
    floor: int = MIN_CACHE_BYTES
    fallback: int = DEFAULT_CACHE_BYTES

    def budget(self, cache_used: int, render_pid: int | None) -> int:
        """The cache's budget now, given the bytes it holds and the render process's id."""
        from companion.core.render_process.memory import resident_bytes

        window = resident_bytes()
        if window is None:
            return self.fallback
        helper = (resident_bytes(render_pid) or 0) if render_pid is not None else 0
        others = max(0, window - cache_used) + helper
        return max(self.floor, self.total - others)


# --- what the render process needs, and what comes back ------------------


@dataclass(frozen=True)
class Screen:
    """What opening needs to know of the viewport, read on the GUI thread."""

    viewport_width: int
    device_pixel_ratio: float
    zoom: float
    fit_width: bool

    def zoom_for(self, page_width: float) -> float:
        """The zoom the view will show a document at whose widest page is ``page_width``."""
        if not self.fit_width:
            return self.zoom
        return clamped_zoom(fit_zoom(self.viewport_width, page_width, self.zoom))

    def scale_rule(self) -> ScaleRule:
        """The rule the render process picks the first page's scale by (same as `zoom_for`)."""
        from companion.core.render_process.render import ScaleRule

        fit = self.viewport_width - 2 * PAGE_MARGIN if self.fit_width else None
        return ScaleRule(self.zoom, self.device_pixel_ratio, fit, MIN_ZOOM, MAX_ZOOM)


@dataclass(frozen=True)
class Opened:
    """A document just opened: its page count, its first page and that page as an image."""

    document: OpenedDocument
    image: QImage | None


def opened_with_image(document: OpenedDocument, pixel_ratio: float) -> Opened:
    """``document`` and its rendered page as an image (no copy of the pixels)."""
    rendered = document.rendered
    return Opened(document, None if rendered is None else to_image(rendered, pixel_ratio))


def pixel_format() -> PixelFormat:
    """The pixels asked of the render process: Qt's RGB32 bytes where they are native."""
    from companion.core.pdf_render import PixelFormat

    return PixelFormat.BGRX if NATIVE_RGB32 else PixelFormat.RGB


def to_image(rendered: RenderedPage, pixel_ratio: float) -> QImage:
    """The rendered pixels as an RGB32 image (the format painted fastest).

    BGRX pixels are wrapped, not copied: the image keeps their memory (shared
    with the render process, or a bytes object) alive.
    """
    pixels = (rendered.samples, rendered.width, rendered.height, rendered.stride)
    if rendered.bytes_per_pixel == 4:  # BGRX: already RGB32
        image = QImage(*pixels, QImage.Format.Format_RGB32)
    else:
        image = QImage(*pixels, QImage.Format.Format_RGB888)
        image = image.convertToFormat(QImage.Format.Format_RGB32)  # a copy that owns its pixels
    image.setDevicePixelRatio(pixel_ratio)
    return image


def points(sizes: Sequence[PageSize]) -> list[tuple[float, float]]:
    """Page sizes as (width, height) pairs in points."""
    return [(size.width, size.height) for size in sizes]
