"""Tiles: at a high zoom the viewer renders only the visible part of a page.

A whole A4 page at 6x is 18 million pixels (64 MB, the most a render may be);
the viewport shows a few of them. Above `TILE_ABOVE_PIXELS` a page is rendered
in squares of `TILE_PIXELS` device pixels (`tile_clip`, drawn by the render
process with a clip), only those that meet the viewport (`visible_tiles`);
its latest whole-page render, at a lower zoom, is stretched under them as the
placeholder until they come. `TileCache` keeps the tiles at the current scale
within `TILE_BUDGET_BYTES`, the ones farthest from the view dropped first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from companion.core.pdf_render import Clip

#: A page whose render at the current scale has more pixels is tiled.
TILE_ABOVE_PIXELS = 6_000_000
#: The side of a tile in device pixels (1 MB of RGB32).
TILE_PIXELS = 512
#: What tiles may hold (those of the visible part are always kept).
TILE_BUDGET_BYTES = 16 * 1024 * 1024
#: A tiled page without any whole-page render gets one of at most this many pixels.
BASE_PIXELS = 1_000_000

#: A tile: (page, column, row).
TileKey = tuple[int, int, int]


def page_pixels(size: tuple[float, float], scale: float) -> tuple[int, int]:
    """A page's render size in device pixels, rounded as MuPDF rounds its box."""
    width, height = size
    return max(1, math.ceil(width * scale - 0.001)), max(1, math.ceil(height * scale - 0.001))


def is_tiled(size: tuple[float, float], scale: float) -> bool:
    """Whether a page of ``size`` points is rendered in tiles at ``scale``."""
    width, height = page_pixels(size, scale)
    return width * height > TILE_ABOVE_PIXELS


def base_scale(size: tuple[float, float], scale: float) -> float:
    """The scale of the placeholder render of a tiled page (at most `BASE_PIXELS`)."""
    width, height = size
    return min(scale, math.sqrt(BASE_PIXELS / max(1.0, width * height)))


def tile_clip(size: tuple[float, float], scale: float, column: int, row: int) -> Clip:
    """The device pixels of tile (``column``, ``row``) of a page's render at ``scale``."""
    width, height = page_pixels(size, scale)
    x0, y0 = column * TILE_PIXELS, row * TILE_PIXELS
    return x0, y0, min(width, x0 + TILE_PIXELS), min(height, y0 + TILE_PIXELS)


def visible_tiles(
    page: int, size: tuple[float, float], scale: float, page_rect: QRect, viewport: QRect
) -> list[TileKey]:
    """The tiles of ``page`` (laid out at ``page_rect``) that meet ``viewport``."""
    shown = page_rect.intersected(viewport)
    if shown.isEmpty():
        return []
    width, height = page_pixels(size, scale)
    x_scale, y_scale = width / page_rect.width(), height / page_rect.height()
    left = (shown.left() - page_rect.left()) * x_scale
    top = (shown.top() - page_rect.top()) * y_scale
    right = (shown.right() + 1 - page_rect.left()) * x_scale
    bottom = (shown.bottom() + 1 - page_rect.top()) * y_scale
    columns = range(int(left) // TILE_PIXELS, min(math.ceil(right), width - 1) // TILE_PIXELS + 1)
    rows = range(int(top) // TILE_PIXELS, min(math.ceil(bottom), height - 1) // TILE_PIXELS + 1)
    return [(page, column, row) for row in rows for column in columns]


def tile_target(
    size: tuple[float, float],
    scale: float,
    column: int,
    row: int,
    page_rect: QRect,
    pixel_ratio: float = 1.0,
) -> QRectF:
    """Where tile (``column``, ``row``) is drawn, for a page laid out at ``page_rect``.

    Where the page's pixels are within a pixel of its place (MuPDF and the layout
    round differently), tiles keep their own size: they are copied, not scaled.
    """
    width, height = page_pixels(size, scale)
    x0, y0, x1, y1 = tile_clip(size, scale, column, row)
    x_scale, y_scale = page_rect.width() / width, page_rect.height() / height
    if abs(width - page_rect.width() * pixel_ratio) <= 1.0:
        x_scale = 1 / pixel_ratio
    if abs(height - page_rect.height() * pixel_ratio) <= 1.0:
        y_scale = 1 / pixel_ratio
    return QRectF(
        page_rect.left() + x0 * x_scale,
        page_rect.top() + y0 * y_scale,
        (x1 - x0) * x_scale,
        (y1 - y0) * y_scale,
    )


@dataclass
class Tile:
    """A tile's pixels and the scale they were rendered at."""

    scale: float
    image: QImage


class TileCache:
    """Tiles within a byte budget; tiles of another scale go first, then the farthest ones."""

    def __init__(self, budget: int = TILE_BUDGET_BYTES) -> None:
        self.budget = budget
        self.used = 0
        self._tiles: dict[TileKey, Tile] = {}

    def get(self, key: TileKey, scale: float) -> Tile | None:
        """The tile ``key`` if it was rendered at ``scale``."""
        tile = self._tiles.get(key)
        return tile if tile is not None and abs(tile.scale - scale) < 1e-6 else None

    def of_page(self, page: int, scale: float) -> list[tuple[TileKey, Tile]]:
        """The tiles of ``page`` at ``scale``."""
        return [
            (key, tile)
            for key, tile in self._tiles.items()
            if key[0] == page and abs(tile.scale - scale) < 1e-6
        ]

    def put(self, key: TileKey, tile: Tile, keep: frozenset[TileKey]) -> None:
        """Store ``tile``; drop others of another scale, then far ones over the budget."""
        self._drop(key)
        self._tiles[key] = tile
        self.used += int(tile.image.sizeInBytes())
        self.trim(keep, tile.scale)

    def trim(self, keep: frozenset[TileKey], scale: float) -> None:
        """Drop tiles not at ``scale``; then, over the budget, those farthest from ``keep``."""
        for key in [key for key, tile in self._tiles.items() if abs(tile.scale - scale) > 1e-6]:
            self._drop(key)
        if self.used <= self.budget:
            return
        candidates = [key for key in self._tiles if key not in keep]
        candidates.sort(key=lambda key: _distance(key, keep), reverse=True)
        for key in candidates:
            if self.used <= self.budget:
                break
            self._drop(key)

    def clear(self) -> None:
        self._tiles.clear()
        self.used = 0

    def __len__(self) -> int:
        return len(self._tiles)

    def _drop(self, key: TileKey) -> None:
        tile = self._tiles.pop(key, None)
        if tile is not None:
            self.used -= int(tile.image.sizeInBytes())


def _distance(key: TileKey, keep: frozenset[TileKey]) -> int:
    """How far tile ``key`` is from the nearest of ``keep`` (pages count most)."""
    page, column, row = key
    return min(
        (abs(page - p) * 1000 + abs(column - c) + abs(row - r) for p, c, r in keep), default=0
    )
