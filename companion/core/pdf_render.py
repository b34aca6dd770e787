# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""Open PDFs and render their pages to raw pixels with PyMuPDF (no Qt).

The viewer calls these functions on worker threads. PyMuPDF is not thread
safe, so every call into it holds one module-wide lock; the last opened
documents stay open (keyed by path, size and modification time) so that
rendering page 400 of a 500-page file does not parse the file again.

Reading the size of every page of a long document takes far longer than
rendering one page, so `open_document` reads only the page count and renders
the page asked for; `read_page_sizes` reads the rest afterwards, in chunks
that let renders in between and that stop once the caller no longer wants them.

Sizes are in PDF points (1/72 inch); a render ``scale`` of 1.0 gives one
pixel per point. Only pixels come out of here, and the words of a page
(`page_words`) for selecting text to highlight.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.core.anchoring import Word, word_from_entry
from companion.core.mupdf_lock import MUPDF_LOCK

if TYPE_CHECKING:
    import pymupdf

log = logging.getLogger(__name__)

#: A render never produces more pixels than this; larger requests are scaled down.
MAX_RENDER_PIXELS = 16_000_000
#: How many documents stay open between calls.
OPEN_DOCUMENTS_KEPT = 2
#: Pages whose size `read_page_sizes` reads per hold of the lock.
SIZES_PER_CHUNK = 50

_lock = MUPDF_LOCK  # shared with every other use of PyMuPDF in the app
_open_documents: OrderedDict[tuple[str, int, int], pymupdf.Document] = OrderedDict()


#: Takes a render's pixels (a view valid only during the call) and gives what to keep.
#: A sink with a ``mapped(size)`` method (a context manager lending ``size`` bytes of
#: writable memory, e.g. `render_process.render.SegmentSink`) has BGRX pixels drawn
#: straight into that memory instead: no copy after the render.
Sink = Callable[[memoryview], bytes]
#: A part of a page's render: (x0, y0, x1, y1) in its device pixels, from its top left.
Clip = tuple[int, int, int, int]


class PdfProblem(StrEnum):
    """Why a PDF could not be opened."""

    MISSING = "missing"
    NOT_A_FILE = "not_a_file"
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    INVALID = "invalid"
    ENCRYPTED = "encrypted"
    NO_PAGES = "no_pages"


_PROBLEM_TEXT = {
    PdfProblem.MISSING: "does not exist",
    PdfProblem.NOT_A_FILE: "is not a file",
    PdfProblem.UNREADABLE: "cannot be read",
    PdfProblem.EMPTY: "is empty (0 bytes)",
    PdfProblem.INVALID: "is not a valid PDF",
    PdfProblem.ENCRYPTED: "is protected by a password",
    PdfProblem.NO_PAGES: "has no pages",
}


class PdfError(Exception):
    """Base class of the errors raised here."""


class PdfOpenError(PdfError):
    """A PDF could not be opened; ``problem`` says why, ``path`` which file."""

    def __init__(self, path: Path, problem: PdfProblem, detail: str = "") -> None:
        self.path = path
        self.problem = problem
        self.detail = detail
        message = f"{path}: {_PROBLEM_TEXT[problem]}"
        super().__init__(f"{message} ({detail})" if detail else message)

    def __reduce__(self) -> tuple[type[PdfOpenError], tuple[Path, PdfProblem, str]]:
        """Pickle with the constructor's arguments (it crosses from the render process)."""
        return (type(self), (self.path, self.problem, self.detail))


class PdfRenderError(PdfError):
    """A page of an opened PDF could not be rendered."""

    def __init__(self, path: Path, page: int, detail: str) -> None:
        self.path = path
        self.page = page
        self.detail = detail
        super().__init__(f"{path}: page {page + 1} cannot be rendered ({detail})")

    def __reduce__(self) -> tuple[type[PdfRenderError], tuple[Path, int, str]]:
        """Pickle with the constructor's arguments (it crosses from the render process)."""
        return (type(self), (self.path, self.page, self.detail))


@dataclass(frozen=True)
class PageSize:
    """A page's size in points, after its rotation."""

    width: float
    height: float


@dataclass(frozen=True)
class DocumentInfo:
    """What the viewer needs to lay a document out before rendering anything."""

    path: Path
    page_sizes: tuple[PageSize, ...]

    @property
    def page_count(self) -> int:
        """The number of pages (at least 1)."""
        return len(self.page_sizes)


class PixelFormat(StrEnum):
    """How `RenderedPage.samples` packs each pixel."""

    #: Red, green, blue; on white paper.
    RGB = "rgb"
    #: Red, green, blue, alpha (premultiplied); transparent where the page draws nothing.
    RGBA = "rgba"
    #: Blue, green, red, 255; on white paper. These are the bytes of 32-bit
    #: 0xffRRGGBB words (such as Qt's RGB32) on little-endian machines.
    BGRX = "bgrx"


_BYTES_PER_PIXEL = {PixelFormat.RGB: 3, PixelFormat.RGBA: 4, PixelFormat.BGRX: 4}


@dataclass(frozen=True)
class RenderedPage:
    """One page as packed pixels, laid out as ``pixel_format`` says.

    ``samples`` is a bytes copy, or a read-only view of memory shared with the
    render process (`companion.core.render_process`), or empty where a
    ``sink`` took the pixels elsewhere.
    """

    index: int
    width: int
    height: int
    stride: int
    samples: bytes | memoryview
    pixel_format: PixelFormat = PixelFormat.RGB

    @property
    def alpha(self) -> bool:
        """Whether the pixels carry transparency."""
        return self.pixel_format is PixelFormat.RGBA

    @property
    def bytes_per_pixel(self) -> int:
        """3 for RGB, 4 for RGBA and BGRX."""
        return _BYTES_PER_PIXEL[self.pixel_format]


@dataclass(frozen=True)
class OpenedDocument:
    """A document just opened: its page count and one page, already rendered.

    ``rendered`` is None when MuPDF failed on that page's content;
    ``render_error`` then says why. The document can still be shown.
    """

    path: Path
    page_count: int
    page: int
    page_size: PageSize
    scale: float
    rendered: RenderedPage | None
    render_error: PdfRenderError | None = None


def open_document(
    path: Path,
    page: int,
    scale_for: Callable[[PageSize], float],
    *,
    pixel_format: PixelFormat = PixelFormat.RGB,
    sink: Sink = bytes,
) -> OpenedDocument:
    """Open ``path``, read its page count and render ``page`` at ``scale_for(its size)``.

    Only the one page is looked at, so this is as fast for 500 pages as for 5.
    ``page`` is clamped to the document's pages.

    Raises:
        PdfOpenError: the file is missing, unreadable, empty, not a PDF,
            password protected or without pages, or ``page`` cannot be loaded.
        ValueError: ``scale_for`` gave a scale that is not positive.
    """
    path = Path(path)
    with _lock:
        document = _document(path)
        index = max(0, min(page, document.page_count - 1))
        try:
            loaded = document[index]
            size = _size_of(loaded)
        except RuntimeError as error:  # a page tree MuPDF could not repair
            raise PdfOpenError(path, PdfProblem.INVALID, str(error)) from error
        scale = _checked_scale(scale_for(size))
        try:
            rendered, problem = _render(path, loaded, index, scale, pixel_format, sink), None
        except PdfRenderError as error:
            rendered, problem = None, error
    return OpenedDocument(
        path=path,
        page_count=document.page_count,
        page=index,
        page_size=size,
        scale=scale,
        rendered=rendered,
        render_error=problem,
    )


def read_page_sizes(
    path: Path, keep_going: Callable[[], bool] = lambda: True
) -> tuple[PageSize, ...] | None:
    """Read the size of every page of ``path``; None once ``keep_going()`` turns false.

    The lock is let go every `SIZES_PER_CHUNK` pages, so renders of visible
    pages need not wait for a long document's sizes.

    Raises:
        PdfOpenError: the file cannot be opened, or its page tree is broken.
    """
    path = Path(path)
    read_from: pymupdf.Document | None = None
    sizes: list[PageSize] = []
    while keep_going():
        with _lock:
            document = _document(path)
            if document is not read_from:  # the first chunk, or the file was opened again
                read_from, sizes = document, []
            end = min(len(sizes) + SIZES_PER_CHUNK, document.page_count)
            try:
                sizes.extend(_size_of(document[index]) for index in range(len(sizes), end))
            except RuntimeError as error:  # a page tree MuPDF could not repair
                raise PdfOpenError(path, PdfProblem.INVALID, str(error)) from error
            if len(sizes) == document.page_count:
                return tuple(sizes)
    return None


def page_count(path: Path) -> int:
    """The number of pages of ``path``.

    Raises:
        PdfOpenError: the file cannot be opened.
    """
    with _lock:
        return int(_document(Path(path)).page_count)


def page_sizes(path: Path, start: int, stop: int) -> tuple[PageSize, ...]:
    """The sizes of pages ``start`` .. ``stop`` (0-based, ``stop`` excluded).

    Raises:
        PdfOpenError: the file cannot be opened, or its page tree is broken.
    """
    path = Path(path)
    with _lock:
        document = _document(path)
        try:
            return tuple(_size_of(document[index]) for index in range(start, stop))
        except RuntimeError as error:  # a page tree MuPDF could not repair
            raise PdfOpenError(path, PdfProblem.INVALID, str(error)) from error


def read_document_info(path: Path) -> DocumentInfo:
    """Open ``path`` and read its page count and every page's size.

    Raises:
        PdfOpenError: the file is missing, unreadable, empty, not a PDF,
            password protected or without pages.
    """
    path = Path(path)
    sizes = read_page_sizes(path)
    assert sizes is not None  # never stopped: keep_going is always true
    return DocumentInfo(path=path, page_sizes=sizes)


def render_page(
    path: Path,
    index: int,
    scale: float,
    *,
    pixel_format: PixelFormat = PixelFormat.RGB,
    sink: Sink = bytes,
    clip: Clip | None = None,
) -> RenderedPage:
    """Render page ``index`` (0-based) of ``path`` at ``scale`` pixels per point.

    The scale is lowered if the result would exceed `MAX_RENDER_PIXELS`; with
    ``clip`` only that part of the page is drawn (a tile), at ``scale`` as given.
    ``sink`` receives MuPDF's pixels and gives what ``samples`` keeps (a copy).

    Raises:
        PdfOpenError: the file cannot be opened.
        IndexError: ``index`` is not a page of the document.
        PdfRenderError: MuPDF failed on the page's content.
    """
    path = Path(path)
    scale = _checked_scale(scale)
    with _lock:
        document = _document(path)
        if not 0 <= index < document.page_count:
            raise IndexError(f"{path}: no page {index + 1} (it has {document.page_count})")
        try:
            page = document[index]
        except RuntimeError as error:
            raise PdfRenderError(path, index, str(error)) from error
        return _render(path, page, index, scale, pixel_format, sink, clip)


def page_words(path: Path, index: int) -> list[Word]:
    """The words of page ``index`` (0-based) of ``path``, as ``page.get_text("words")``.

    Each word is (x0, y0, x1, y1, text, block, line, word) in points, in the
    order MuPDF reads them.

    Raises:
        PdfOpenError: the file cannot be opened.
        IndexError: ``index`` is not a page of the document.
        PdfRenderError: MuPDF failed on the page's content.
    """
    path = Path(path)
    with _lock:
        document = _document(path)
        if not 0 <= index < document.page_count:
            raise IndexError(f"{path}: no page {index + 1} (it has {document.page_count})")
        try:
            entries = document[index].get_text("words", sort=False)
        except RuntimeError as error:
            raise PdfRenderError(path, index, str(error)) from error
    return [word_from_entry(entry) for entry in entries]


def release_documents() -> None:
    """Close every document kept open (so their files can be replaced or deleted)."""
    with _lock:
        while _open_documents:
            _, document = _open_documents.popitem()
            document.close()


def _render(
    path: Path,
    page: pymupdf.Page,
    index: int,
    scale: float,
    pixel_format: PixelFormat,
    sink: Sink,
    clip: Clip | None = None,
) -> RenderedPage:
    """Render the loaded ``page`` (lock held); ``sink`` takes the pixels."""
    import pymupdf
    from pymupdf import mupdf

    try:
        if clip is None:
            scale = _bounded_scale(page.rect.width, page.rect.height, scale)
        if pixel_format is PixelFormat.BGRX:
            width, height, stride, samples = _render_bgrx(page, scale, sink, clip)
        else:
            matrix = pymupdf.Matrix(scale, scale)
            in_points = None if clip is None else pymupdf.Rect(*clip) / scale
            pixmap = page.get_pixmap(
                matrix=matrix, alpha=pixel_format is PixelFormat.RGBA, clip=in_points
            )
            width, height, stride = pixmap.width, pixmap.height, pixmap.stride
            samples = sink(pixmap.samples_mv)  # a copy: stays valid after the pixmap is gone
    except (RuntimeError, mupdf.FzErrorBase) as error:
        raise PdfRenderError(path, index, str(error)) from error
    return RenderedPage(index, width, height, stride, samples, pixel_format)


def _render_bgrx(
    page: pymupdf.Page, scale: float, sink: Sink, clip: Clip | None = None
) -> tuple[int, int, int, bytes]:
    """Draw ``page`` (annotations included) on opaque white BGRA pixels.

    PyMuPDF renders only RGB(A); this is its drawing path with MuPDF's BGR
    colour space, so that no pass over the pixels is needed to convert them.
    With ``clip`` only those pixels of the whole page's render are drawn.

    Returns:
        The width, height, stride and what ``sink`` made of the pixels.
    """
    from pymupdf import mupdf

    matrix = mupdf.FzMatrix(scale, 0, 0, scale, 0, 0)
    box = mupdf.fz_round_rect(mupdf.fz_transform_rect(mupdf.fz_bound_page(page.this), matrix))
    if clip is not None:
        x0, y0, x1, y1 = clip
        tile = mupdf.FzIrect(box.x0 + x0, box.y0 + y0, box.x0 + x1, box.y0 + y1)
        box = mupdf.fz_intersect_irect(box, tile)
        if mupdf.fz_is_empty_irect(box):
            raise ValueError(f"clip {clip} is outside the page")
    mapped = getattr(sink, "mapped", None)
    if mapped is not None:  # draw straight into the memory that is handed over
        width, height = box.x1 - box.x0, box.y1 - box.y0
        with mapped(width * height * 4) as memory:
            target = mupdf.python_mutable_buffer_data(memory)
            pixmap = mupdf.fz_new_pixmap_with_bbox_and_data(
                mupdf.fz_device_bgr(), box, mupdf.FzSeparations(), 1, target
            )
            _draw(page, matrix, pixmap)
            stride = pixmap.stride()
            del pixmap  # MuPDF lets go of the memory before it is unmapped
        return width, height, stride, b""
    pixmap = mupdf.fz_new_pixmap_with_bbox(mupdf.fz_device_bgr(), box, mupdf.FzSeparations(), 1)
    _draw(page, matrix, pixmap)
    with mupdf.fz_pixmap_samples_memoryview(pixmap) as pixels:
        samples = sink(pixels)
    return pixmap.w(), pixmap.h(), pixmap.stride(), samples


def _draw(page: pymupdf.Page, matrix: Any, pixmap: Any) -> None:
    """Draw ``page`` through ``matrix`` on ``pixmap``, cleared to opaque white first."""
    from pymupdf import mupdf

    mupdf.fz_clear_pixmap_with_value(pixmap, 255)  # white paper, alpha 255 included
    device = mupdf.fz_new_draw_device(matrix, pixmap)
    try:
        mupdf.fz_run_page(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
    finally:
        mupdf.fz_close_device(device)
        del device  # it holds the pixmap until dropped


def _checked_scale(scale: float) -> float:
    if scale <= 0:
        raise ValueError(f"render scale must be positive, not {scale}")
    return scale


def _bounded_scale(width: float, height: float, scale: float) -> float:
    """``scale``, lowered so that the page stays within `MAX_RENDER_PIXELS`."""
    pixels = width * height * scale * scale
    if pixels <= MAX_RENDER_PIXELS:
        return scale
    return float(scale * (MAX_RENDER_PIXELS / pixels) ** 0.5)


def _size_of(page: pymupdf.Page) -> PageSize:
    rect = page.rect
    return PageSize(width=float(rect.width), height=float(rect.height))


def _document(path: Path) -> pymupdf.Document:
    """The open document for ``path``, reused while the file is unchanged (lock held)."""
    key = _file_key(path)
    document = _open_documents.get(key)
    if document is not None:
        _open_documents.move_to_end(key)
        return document
    document = _open(path)
    _open_documents[key] = document
    while len(_open_documents) > OPEN_DOCUMENTS_KEPT:
        _, oldest = _open_documents.popitem(last=False)
        oldest.close()
    return document


def _file_key(path: Path) -> tuple[str, int, int]:
    """Identify a file's current content cheaply: path, size and mtime."""
    try:
        status = path.stat()
    except FileNotFoundError as error:
        raise PdfOpenError(path, PdfProblem.MISSING) from error
    except OSError as error:
        raise PdfOpenError(path, PdfProblem.UNREADABLE, error.strerror or str(error)) from error
    if not path.is_file():
        raise PdfOpenError(path, PdfProblem.NOT_A_FILE)
    if status.st_size == 0:
        raise PdfOpenError(path, PdfProblem.EMPTY)
    return (str(path.resolve()), status.st_size, status.st_mtime_ns)


def _open(path: Path) -> pymupdf.Document:
    """Open ``path`` strictly as a PDF and check it can be shown."""
    import pymupdf

    try:
        document = pymupdf.open(path, filetype="pdf")
    except pymupdf.FileNotFoundError as error:
        raise PdfOpenError(path, PdfProblem.MISSING) from error
    except pymupdf.EmptyFileError as error:
        raise PdfOpenError(path, PdfProblem.EMPTY) from error
    except RuntimeError as error:  # pymupdf.FileDataError and MuPDF's own errors
        raise PdfOpenError(path, PdfProblem.INVALID) from error
    except OSError as error:
        raise PdfOpenError(path, PdfProblem.UNREADABLE, error.strerror or str(error)) from error
    try:
        _check_showable(path, document)
    except BaseException:
        document.close()
        raise
    return document


def _check_showable(path: Path, document: pymupdf.Document) -> None:
    """Raise `PdfOpenError` unless ``document`` can be shown without a password."""
    try:
        needs_password, page_count = document.needs_pass, document.page_count
    except RuntimeError as error:  # e.g. "Invalid number of pages" in a truncated file
        raise PdfOpenError(path, PdfProblem.INVALID, str(error)) from error
    if needs_password:
        raise PdfOpenError(path, PdfProblem.ENCRYPTED)
    if page_count < 1:
        raise PdfOpenError(path, PdfProblem.NO_PAGES)
    if document.is_repaired:
        log.warning("%s is damaged; MuPDF repaired it for display", path)


def table_of_contents(path: Path) -> list[list[Any]]:
    """The PDF's outline as PyMuPDF's ``get_toc()`` gives it ([level, title, page], ...).

    Raises:
        PdfOpenError: the file cannot be opened and shown (says why).
    """
    with _lock:
        document = _open(path)
        try:
            return list(document.get_toc())
        finally:
            document.close()
