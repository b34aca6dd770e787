"""The viewer's part that renders whole pages and reads page sizes (`PdfPageRendering`).

The visible pages and one on each side are rendered by the render process at
the current scale (`_schedule_renders`); renders of pages scrolled past or of
another zoom are cancelled before they start, and the canvas's page cache is
kept within what is left of the memory target (`_fit_cache`), pages farthest
from the view dropped first. A tiled page (a high zoom) gets only a low
resolution whole render here; its tiles come from `PdfTileRendering`.

The document opens with every page laid out at the first page's size; the real
sizes are read afterwards in chunks of `SIZES_PER_REQUEST` (renders go in
between) and the layout is corrected if any page differs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.ui.pdf_pages import MemoryTarget, Rendered, pixel_format, points, to_image
from companion.ui.pdf_tiles import base_scale, is_tiled
from companion.ui.pdf_view_render import as_exception

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from companion.core.pdf_render import DocumentInfo, PageSize
    from companion.core.render_process.client import Call
    from companion.core.render_process.render import SizesChunk
    from companion.ui.pdf_canvas import _PageCanvas
    from companion.ui.pdf_view_render import RenderRequests

log = logging.getLogger(__name__)

#: Page sizes read per request: renders of visible pages go in between.
SIZES_PER_REQUEST = 100

# The part's methods use the viewer's widgets: to mypy it is an Any (like the other parts).
_ViewPart: Any = object


class PdfPageRendering(_ViewPart):  # type: ignore[misc]
    """Renders the pages around the view and corrects the layout with the real page sizes."""

    _canvas: _PageCanvas
    _requests: RenderRequests
    _path: Path | None
    _info: DocumentInfo | None
    _generation: int
    _current_page: int
    _renders_held: bool
    _wanted: frozenset[int]
    _visible: frozenset[int]
    _pending: dict[int, tuple[float, Call]]
    _sizes_call: Call | None
    _fixed_cache_bytes: int | None
    _memory_target: MemoryTarget
    _is_current: Callable[[int], bool]

    # page sizes

    def _start_reading_sizes(self, generation: int, sizes: tuple[PageSize, ...] = ()) -> None:
        """Read the real size of the pages after ``sizes`` (the layout assumed one size)."""
        assert self._path is not None
        start = len(sizes)
        call = self.render_client.page_sizes(self._path, start, start + SIZES_PER_REQUEST)
        self._sizes_call = self._requests.watch(
            call, partial(self._sizes_answered, generation, sizes)
        )

    def _sizes_answered(
        self, generation: int, sizes: tuple[PageSize, ...], future: Future[Any]
    ) -> None:
        if not self._is_current(generation) or future.cancelled():
            return
        self._sizes_call = None
        error = future.exception()
        if error is not None:
            self._sizes_failed(generation, as_exception(error))
            return
        chunk: SizesChunk = future.result()
        sizes += chunk.sizes
        if len(sizes) < chunk.page_count and chunk.sizes:
            self._start_reading_sizes(generation, sizes)
        else:
            self._sizes_read(generation, sizes)

    def _sizes_read(self, generation: int, sizes: tuple[PageSize, ...] | None) -> None:
        if not self._is_current(generation) or sizes is None or self._info is None:
            return
        if sizes == self._info.page_sizes:
            return
        from companion.core.pdf_render import DocumentInfo

        self._info = DocumentInfo(self._info.path, sizes)
        pages = points(sizes)
        self._canvas.correct_page_sizes(pages, self._zoom_for(pages))
        self._update_zoom_label()
        self._current_page = min(self._current_page, self.page_count - 1)
        self._update_controls()
        self._schedule_renders()

    def _sizes_failed(self, generation: int, error: Exception) -> None:
        if self._is_current(generation):
            log.warning("cannot read all page sizes, pages keep the first one's: %s", error)

    # rendering

    def _schedule_renders(self) -> None:
        """Render the visible pages that lack a current render, and one on each side.

        The pages on each side are left out when they would not fit in the
        cache's budget beside the visible ones, or when a visible page is tiled
        (at a high zoom only the visible tiles of a page are rendered, over a
        low-resolution render of the whole page: `companion.ui.pdf_tiles`).
        """
        if self._info is None or self._path is None or self._renders_held:
            return
        visible = self._canvas.visible_pages()
        self._visible = frozenset(visible)
        scale = self._canvas.render_scale()
        sizes = self._canvas.sizes
        tiled = [page for page in visible if is_tiled(sizes[page], scale)]
        if not tiled and self._neighbours_fit(visible, scale):
            wanted = range(max(0, visible.start - 1), min(self.page_count, visible.stop + 1))
        else:
            wanted = visible
        self._wanted = frozenset(wanted)
        # a tiled page's whole render is only its placeholder, at a low scale
        whole = {
            page: base_scale(sizes[page], scale) if page in tiled else scale for page in wanted
        }
        for page, (pending_scale, call) in list(self._pending.items()):
            if page not in self._wanted or abs(pending_scale - whole[page]) > 1e-6:
                self.render_client.cancel(call)  # scrolled past, or zoomed since
                del self._pending[page]
        for page in wanted:
            if page in self._canvas.broken_pages:
                continue
            if page in tiled:
                if self._canvas.cache.get(page) is None and page not in self._pending:
                    self._start_render(page, whole[page])  # any earlier render will do
            elif not self._has_render(page, scale):
                self._start_render(page, scale)
        self._schedule_tiles(
            [page for page in tiled if page not in self._canvas.broken_pages], scale
        )
        self._request_words(wanted)

    def _neighbours_fit(self, visible: range, scale: float) -> bool:
        """Whether the visible pages and one on each side fit in the cache's budget."""
        sizes = self._canvas.sizes
        pages = range(max(0, visible.start - 1), min(len(sizes), visible.stop + 1))
        needed = sum(sizes[page][0] * sizes[page][1] * scale * scale * 4 for page in pages)
        return needed <= self._canvas.cache.budget

    def _has_render(self, page: int, scale: float) -> bool:
        rendered = self._canvas.cache.get(page)
        current = rendered is not None and abs(rendered.scale - scale) < 1e-6
        pending = self._pending.get(page)
        return current or (pending is not None and abs(pending[0] - scale) < 1e-6)

    def _start_render(self, page: int, scale: float) -> None:
        assert self._path is not None
        call = self.render_client.render_page(self._path, page, scale, pixel_format())
        self._pending[page] = (scale, call)
        pixel_ratio = self._canvas.viewport().devicePixelRatioF()
        answered = partial(self._render_answered, self._generation, page, scale, pixel_ratio)
        self._requests.watch(call, answered)

    def _render_answered(
        self, generation: int, page: int, scale: float, pixel_ratio: float, future: Future[Any]
    ) -> None:
        if not self._is_current(generation) or future.cancelled():
            return  # the pending entry went with the cancel
        error = future.exception()
        if error is not None:
            self._page_failed(generation, page, scale, as_exception(error))
        else:
            self._page_rendered(generation, page, scale, to_image(future.result(), pixel_ratio))

    def _page_rendered(self, generation: int, page: int, scale: float, image: QImage) -> None:
        if not self._is_current(generation):
            return
        self._forget_pending(page, scale)
        self._canvas.cache.put(page, Rendered(scale, image), self._visible, self._current_page)
        self._fit_cache()
        self._canvas.viewport().update(self._canvas.page_rect_in_viewport(page))

    def _fit_cache(self) -> None:
        """Bring the cache within what is left of the memory target, far pages first."""
        cache = self._canvas.cache
        if self._fixed_cache_bytes is None:
            cache.budget = self._memory_target.budget(cache.used, self.render_client.pid)
        cache.trim(self._visible, focus=self._current_page)

    def _page_failed(self, generation: int, page: int, scale: float, error: Exception) -> None:
        if not self._is_current(generation):
            return
        self._forget_pending(page, scale)
        log.warning("cannot render page %d of %s: %s", page + 1, self._path, error)
        self._canvas.broken_pages.add(page)
        self._canvas.viewport().update()

    def _forget_pending(self, page: int, scale: float) -> None:
        pending = self._pending.get(page)
        if pending is not None and abs(pending[0] - scale) < 1e-6:
            del self._pending[page]
