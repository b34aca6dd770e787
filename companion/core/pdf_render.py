# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""Open PDFs and render their pages to raw pixels with PyMuPDF (no Qt).

The viewer calls these functions on worker threads. PyMuPDF is not thread
safe, so every call into it holds one module-wide lock; the last opened
documents stay open (keyed by path, size and modification time) so that
rendering page 400 of a 500-page file does not parse the file again.

Sizes are in PDF points (1/72 inch); a render ``scale`` of 1.0 gives one
pixel per point. Only pixels come out of here, never text.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pymupdf

log = logging.getLogger(__name__)

#: A render never produces more pixels than this; larger requests are scaled down.
MAX_RENDER_PIXELS = 16_000_000
#: How many documents stay open between calls.
OPEN_DOCUMENTS_KEPT = 2

_lock = threading.RLock()
_open_documents: OrderedDict[tuple[str, int, int], pymupdf.Document] = OrderedDict()


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


class PdfRenderError(PdfError):
    """A page of an opened PDF could not be rendered."""

    def __init__(self, path: Path, page: int, detail: str) -> None:
        self.path = path
        self.page = page
        super().__init__(f"{path}: page {page + 1} cannot be rendered ({detail})")


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


@dataclass(frozen=True)
class RenderedPage:
    """One page as packed pixels: RGB (3 bytes) or RGBA (4 bytes) per pixel."""

    index: int
    width: int
    height: int
    stride: int
    samples: bytes
    alpha: bool

    @property
    def bytes_per_pixel(self) -> int:
        """3 for RGB, 4 for RGBA."""
        return 4 if self.alpha else 3


def read_document_info(path: Path) -> DocumentInfo:
    """Open ``path`` and read its page count and page sizes.

    Raises:
        PdfOpenError: the file is missing, unreadable, empty, not a PDF,
            password protected or without pages.
    """
    path = Path(path)
    with _lock:
        document = _document(path)
        try:
            sizes = tuple(_page_size(document, index) for index in range(document.page_count))
        except RuntimeError as error:  # a page tree MuPDF could not repair
            raise PdfOpenError(path, PdfProblem.INVALID, str(error)) from error
    return DocumentInfo(path=path, page_sizes=sizes)


def render_page(path: Path, index: int, scale: float, *, alpha: bool = False) -> RenderedPage:
    """Render page ``index`` (0-based) of ``path`` at ``scale`` pixels per point.

    The scale is lowered if the result would exceed `MAX_RENDER_PIXELS`.

    Raises:
        PdfOpenError: the file cannot be opened.
        IndexError: ``index`` is not a page of the document.
        PdfRenderError: MuPDF failed on the page's content.
    """
    import pymupdf

    path = Path(path)
    if scale <= 0:
        raise ValueError(f"render scale must be positive, not {scale}")
    with _lock:
        document = _document(path)
        if not 0 <= index < document.page_count:
            raise IndexError(f"{path}: no page {index + 1} (it has {document.page_count})")
        try:
            page = document[index]
            scale = _bounded_scale(page.rect.width, page.rect.height, scale)
            pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=alpha)
        except RuntimeError as error:
            raise PdfRenderError(path, index, str(error)) from error
        return RenderedPage(
            index=index,
            width=pixmap.width,
            height=pixmap.height,
            stride=pixmap.stride,
            samples=bytes(pixmap.samples),
            alpha=alpha,
        )


def release_documents() -> None:
    """Close every document kept open (so their files can be replaced or deleted)."""
    with _lock:
        while _open_documents:
            _, document = _open_documents.popitem()
            document.close()


def _bounded_scale(width: float, height: float, scale: float) -> float:
    """``scale``, lowered so that the page stays within `MAX_RENDER_PIXELS`."""
    pixels = width * height * scale * scale
    if pixels <= MAX_RENDER_PIXELS:
        return scale
    return float(scale * (MAX_RENDER_PIXELS / pixels) ** 0.5)


def _page_size(document: pymupdf.Document, index: int) -> PageSize:
    rect = document[index].rect
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
