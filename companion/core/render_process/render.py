"""The render process's requests: open a PDF, read page sizes, render a page, read its words.

`handlers` is the table the render process serves (`client.RenderClient`
starts it); each entry calls `companion.core.pdf_render` (or reads the
agenda's bookmarks), which keeps its
one-MuPDF-at-a-time lock inside this process too. Rendered pixels go into the
shared-memory segment the client named (`shared_pixels`), or back through the
pipe where there is no shared memory.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core import pdf_render
from companion.core.mupdf_lock import MUPDF_LOCK
from companion.core.pdf_render import Clip, OpenedDocument, PageSize, PixelFormat, RenderedPage
from companion.core.render_process import shared_pixels
from companion.core.render_process.protocol import Handlers

if TYPE_CHECKING:
    import mmap

    from companion.core.model import AgendaItem


@dataclass(frozen=True)
class ScaleRule:
    """How the viewer picks the scale of a document's first render, before it knows its pages.

    ``fit_pixels`` is the width (logical pixels) a page is fitted into, or None
    to show it at ``zoom``; the zoom is kept within ``min_zoom`` .. ``max_zoom``.
    """

    zoom: float
    pixel_ratio: float
    fit_pixels: float | None = None
    min_zoom: float = 0.1
    max_zoom: float = 6.0

    def zoom_for(self, page_width: float) -> float:
        """Logical pixels per point for a document whose widest page is ``page_width``."""
        if self.fit_pixels is None or page_width <= 0:
            return self.zoom
        return max(self.min_zoom, min(self.max_zoom, self.fit_pixels / page_width))

    def __call__(self, size: PageSize) -> float:
        """Device pixels per point for a page of ``size``."""
        return self.zoom_for(size.width) * self.pixel_ratio


@dataclass(frozen=True)
class SizesChunk:
    """The sizes of pages ``start`` .. ``start + len(sizes)`` of a ``page_count``-page document."""

    start: int
    page_count: int
    sizes: tuple[PageSize, ...]


def handlers() -> Handlers:
    """The render process's request table (PyMuPDF loaded now, before the first request)."""
    import pymupdf  # noqa: F401 (warm-up: the first page should not wait for this import)

    return {
        "open": open_document,
        "sizes": page_sizes,
        "render": render_page,
        "words": pdf_render.page_words,
        "release": pdf_render.release_documents,
        "agenda_pages": agenda_pages,
    }


def open_document(
    path: Path, page: int, rule: ScaleRule, pixel_format: PixelFormat, pixels_to: str | None
) -> OpenedDocument:
    """`pdf_render.open_document`, its page's pixels put into segment ``pixels_to``."""
    return pdf_render.open_document(
        path, page, rule, pixel_format=pixel_format, sink=_sink(pixels_to)
    )


def render_page(
    path: Path,
    index: int,
    scale: float,
    pixel_format: PixelFormat,
    pixels_to: str | None,
    clip: Clip | None = None,
) -> RenderedPage:
    """`pdf_render.render_page` (a tile with ``clip``), the pixels into segment ``pixels_to``."""
    return pdf_render.render_page(
        path, index, scale, pixel_format=pixel_format, sink=_sink(pixels_to), clip=clip
    )


def agenda_pages(path: Path, items: list[AgendaItem]) -> dict[str, int]:
    """The 0-based page of each item's bookmark in the agenda PDF at ``path`` (by item id).

    Here, not in the window: reading bookmarks needs PyMuPDF, and the window's
    process does not load it (some 35 MB).
    """
    from companion.core.agenda_pdf import find_item_page

    toc = pdf_render.table_of_contents(path)
    pages = {}
    for item in items:
        page = find_item_page(toc, item)
        if page is not None:
            pages[item.id] = page
    return pages


def page_sizes(path: Path, start: int, stop: int) -> SizesChunk:
    """The sizes of pages ``start`` .. ``stop`` (clamped to the document)."""
    with MUPDF_LOCK:
        count = pdf_render.page_count(path)
        sizes = pdf_render.page_sizes(path, start, min(stop, count))
    return SizesChunk(start, count, sizes)


def _sink(name: str | None) -> pdf_render.Sink:
    """Where pixels go: segment ``name`` (nothing kept here), or a bytes copy."""
    return bytes if name is None else SegmentSink(name)


class SegmentSink:
    """Pixels into shared-memory segment ``name``: drawn into it, or copied there."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, pixels: memoryview, /) -> bytes:
        shared_pixels.write(self.name, pixels)
        return b""

    def mapped(self, size: int) -> AbstractContextManager[mmap.mmap]:
        """The segment, made ``size`` bytes and mapped writable for the renderer."""
        return shared_pixels.created(self.name, size)


def attach_pixels(rendered: RenderedPage, name: str | None) -> RenderedPage:
    """``rendered`` with its samples mapped from segment ``name`` (client side)."""
    if name is None:
        return rendered
    size = rendered.stride * rendered.height
    return replace(rendered, samples=memoryview(shared_pixels.take(name, size))[:size])


def attach_opened(opened: OpenedDocument, name: str | None) -> OpenedDocument:
    """``opened`` with its page's samples mapped from segment ``name`` (client side)."""
    if opened.rendered is None:
        if name is not None:
            shared_pixels.discard(name)
        return opened
    return replace(opened, rendered=attach_pixels(opened.rendered, name))
