"""The viewer's part that asks for tiles of pages shown at a high zoom (`PdfTileRendering`).

A page whose render would pass `pdf_tiles.TILE_ABOVE_PIXELS` gets only its
visible tiles rendered (the render process draws each with a clip); tiles
scrolled away or of another zoom are cancelled before they start, and the
canvas's `TileCache` keeps the rest within its budget. See `companion.ui.pdf_tiles`.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.ui.pdf_pages import pixel_format, to_image
from companion.ui.pdf_tiles import Tile, TileKey, tile_clip, tile_target

if TYPE_CHECKING:
    from companion.core.render_process.client import Call
    from companion.ui.pdf_canvas import _PageCanvas
    from companion.ui.pdf_view_render import RenderRequests

log = logging.getLogger(__name__)

# The part's methods use the viewer's widgets: to mypy it is an Any (like the other parts).
_ViewPart: Any = object


class PdfTileRendering(_ViewPart):  # type: ignore[misc]
    """Requests and keeps the tiles of the visible tiled pages."""

    _canvas: _PageCanvas
    _requests: RenderRequests
    _path: Path | None
    _generation: int

    def _init_tiles(self) -> None:
        self._pending_tiles: dict[TileKey, tuple[float, Call]] = {}
        self._wanted_tiles: frozenset[TileKey] = frozenset()

    def _schedule_tiles(self, pages: list[int], scale: float) -> None:
        """Render the visible tiles of ``pages`` (tiled at ``scale``); cancel the others."""
        wanted = frozenset(key for page in pages for key in self._canvas.tiles_in_view(page))
        self._wanted_tiles = wanted
        for key, (pending_scale, call) in list(self._pending_tiles.items()):
            if key not in wanted or abs(pending_scale - scale) > 1e-6:
                self.render_client.cancel(call)  # scrolled past, or zoomed since
                del self._pending_tiles[key]
        self._canvas.tiles.trim(wanted, scale)
        for key in sorted(wanted):
            if self._canvas.tiles.get(key, scale) is None and key not in self._pending_tiles:
                self._start_tile(key, scale)

    def _cancel_tiles(self) -> None:
        """Cancel every tile asked for (the document closes)."""
        for _, call in self._pending_tiles.values():
            self.render_client.cancel(call)
        self._pending_tiles.clear()
        self._wanted_tiles = frozenset()

    def _start_tile(self, key: TileKey, scale: float) -> None:
        assert self._path is not None
        page, column, row = key
        clip = tile_clip(self._canvas.sizes[page], scale, column, row)
        call = self.render_client.render_page(self._path, page, scale, pixel_format(), clip)
        self._pending_tiles[key] = (scale, call)
        pixel_ratio = self._canvas.viewport().devicePixelRatioF()
        answered = partial(self._tile_answered, self._generation, key, scale, pixel_ratio)
        self._requests.watch(call, answered)

    def _tile_answered(
        self, generation: int, key: TileKey, scale: float, pixel_ratio: float, future: Future[Any]
    ) -> None:
        if not self._is_current(generation) or future.cancelled():
            return  # the pending entry went with the cancel
        pending = self._pending_tiles.get(key)
        if pending is not None and abs(pending[0] - scale) < 1e-6:
            del self._pending_tiles[key]
        error = future.exception()
        if error is not None:  # the whole-page placeholder stays; the page's render says why
            log.warning("cannot render a tile of page %d of %s: %s", key[0] + 1, self._path, error)
            return
        self._canvas.tiles.put(
            key, Tile(scale, to_image(future.result(), pixel_ratio)), self._wanted_tiles
        )
        self._fit_cache()  # the whole pages make room for the tiles under the memory target
        page, column, row = key
        if page < len(self._canvas.sizes) and page < len(self._canvas.layout_.rects):
            rect = self._canvas.page_rect_in_viewport(page)
            ratio = self._canvas.viewport().devicePixelRatioF()
            place = tile_target(self._canvas.sizes[page], scale, column, row, rect, ratio)
            self._canvas.viewport().update(place.toAlignedRect())
