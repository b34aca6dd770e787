# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""Copies of the annotated PDFs with the member's marks as real PDF annotations.

Each highlight becomes a highlight annotation over its quads, in its colour,
with the member's note as its content; each point note a text ("sticky note")
annotation. Acrobat, Preview and Okular show and list them as their own. The
files are read from the library's blobs, never changed: the copies are new files.
A damaged or missing file is reported and the others are still written.

PyMuPDF is not thread safe: do not run this while another thread uses it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from companion.core.colors import DEFAULT_HIGHLIGHT, HIGHLIGHT_INK, rgb
from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError
from companion.core.export.member import member_name
from companion.core.export.output import ExportError, atomic_write, safe_file_name
from companion.core.library import Library
from companion.core.model import Meeting
from companion.core.mupdf_lock import serialized
from companion.core.personal import Annotation

log = logging.getLogger(__name__)

NOT_A_PDF = QT_TRANSLATE_NOOP("CoreErrors", "{label} is not a readable PDF ({detail}).")
PROTECTED = QT_TRANSLATE_NOOP(
    "CoreErrors", "{label} is protected by a password or has no pages, so it was left out."
)
CANNOT_ANNOTATE = QT_TRANSLATE_NOOP("CoreErrors", "{label} cannot be annotated ({detail}).")
NOT_IN_LIBRARY = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{label}: the file is not in the library. Sync the meeting again to fetch it.",
)
#: The highlight colours by the name the store keeps, as RGB in 0..1.
HIGHLIGHT_RGB = {name: rgb(ink) for name, ink in HIGHLIGHT_INK.items()}


class AnnotatedPdfError(ExportError):
    """An annotated copy of one file could not be made; the sentence names the file."""


@dataclass(frozen=True)
class AnnotatedSource:
    """One file with the member's marks: how to name it and which marks."""

    sha256: str
    label: str
    file_stem: str
    annotations: list[Annotation]


@dataclass
class AnnotatedResult:
    """The annotated copies written, and a sentence per file that could not be."""

    written: list[Path] = field(default_factory=list)
    problems: list[MemberError] = field(default_factory=list)


def annotated_sources(
    meeting: Meeting, annotations: list[Annotation], include_closed: bool = False
) -> list[AnnotatedSource]:
    """The meeting's files the member marked, in meeting order (closed items left out)."""
    by_file: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        if annotation.target != "attachment" or annotation.detached or not annotation.file_sha256:
            continue
        item = meeting.item(annotation.item_id) if annotation.item_id else None
        if item is not None and not item.public and not include_closed:
            continue
        by_file.setdefault(annotation.file_sha256, []).append(annotation)
    sources: list[AnnotatedSource] = []
    if meeting.agenda_pdf and meeting.agenda_pdf.sha256 in by_file:
        sha = meeting.agenda_pdf.sha256
        sources.append(AnnotatedSource(sha, "Dagsorden", "Dagsorden med markeringer", by_file[sha]))
    for item in meeting.items:
        if not item.public and not include_closed:
            continue
        for number, attachment in enumerate(item.attachments, start=1):
            sha = attachment.file.sha256 if attachment.file else ""
            if sha in by_file and not any(s.sha256 == sha for s in sources):
                label = f"Bilag {number} til punkt {item.number} ({attachment.title})"
                stem = safe_file_name(f"{item.number} Bilag {number} {attachment.title}")
                sources.append(AnnotatedSource(sha, label, stem, by_file[sha]))
    return sources


def export_annotated(
    library: Library,
    meeting: Meeting,
    annotations: list[Annotation],
    folder: Path,
    include_closed: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    author: str = "",
) -> AnnotatedResult:
    """Write an annotated copy of every marked file of ``meeting`` into ``folder``.

    ``author`` (the member's name; see `member_name`) is each annotation's author.
    """
    result = AnnotatedResult()
    sources = annotated_sources(meeting, annotations, include_closed)
    for index, source in enumerate(sources):
        if progress:
            progress(index, len(sources), source.label)
        blob = library.blob_path(source.sha256)
        if blob is None:
            result.problems.append(MemberError(NOT_IN_LIBRARY, Cause.MISSING, label=source.label))
            continue
        try:
            written = write_annotated_pdf(
                blob,
                source.annotations,
                folder / f"{source.file_stem}.pdf",
                author,
                label=source.label,
            )
        except AnnotatedPdfError as error:
            result.problems.append(error)
            log.warning("annotated copy of %s failed: %s", source.label, error)
            continue
        result.written.append(written)
    if progress:
        progress(len(sources), len(sources), "")
    return result


@serialized
def write_annotated_pdf(
    source: Path,
    annotations: list[Annotation],
    dest: Path,
    author: str = "",
    *,
    label: str = "",
) -> Path:
    """Copy the PDF ``source`` to ``dest`` with ``annotations`` added as PDF annotations.

    Each annotation's author is ``author``, else the system account's name
    (`member_name`); ``label`` names the file in an error (default: its file name).

    Raises:
        AnnotatedPdfError: ``source`` is not a readable PDF, or ``dest`` cannot be
            written (the message names the file).
    """
    label = label or source.name
    author = member_name(author)
    try:
        document = pymupdf.open(source, filetype="pdf")
    except Exception as error:  # MuPDF raises several kinds for a damaged file
        raise AnnotatedPdfError(NOT_A_PDF, Cause.DAMAGED, label=label, detail=error) from error
    try:
        if document.needs_pass or document.page_count < 1:
            raise AnnotatedPdfError(PROTECTED, Cause.INVALID, label=label)
        for annotation in annotations:
            _add_annotation(document, annotation, author)
        data = document.tobytes(garbage=1, deflate=True)
    except AnnotatedPdfError:
        raise
    except Exception as error:
        raise AnnotatedPdfError(
            CANNOT_ANNOTATE, Cause.DAMAGED, label=label, detail=error
        ) from error
    finally:
        document.close()
    try:
        return atomic_write(dest, lambda temp: temp.write_bytes(data))
    except ExportError as error:
        raise AnnotatedPdfError(error.template, error.cause, **error.params) from error


def _add_annotation(document: pymupdf.Document, annotation: Annotation, author: str) -> None:
    anchor = annotation.anchor
    page_number = anchor.get("page")
    if not isinstance(page_number, int) or not 0 <= page_number < document.page_count:
        log.warning("annotation %s: no page %r in the file; left out", annotation.id, page_number)
        return
    page = document[page_number]
    color = HIGHLIGHT_RGB.get(annotation.color, HIGHLIGHT_RGB[DEFAULT_HIGHLIGHT])
    point = anchor.get("point")
    if isinstance(point, list | tuple) and len(point) == 2:
        mark = page.add_text_annot(pymupdf.Point(*point), annotation.note or " ")
    else:
        quads = [_quad(values) for values in anchor.get("quads") or []]
        if not quads:
            log.warning("annotation %s has no quads; left out", annotation.id)
            return
        mark = page.add_highlight_annot(quads=quads)
    mark.set_info(content=annotation.note, title=author, subject="Markering")
    # MuPDF's own calls: PyMuPDF's Annot.update() spends ~2 ms per annotation in a
    # busy loop (1.28) and gives the same appearance stream for these two kinds.
    mupdf.pdf_set_annot_color(mark.this, list(color))
    mupdf.pdf_update_annot(mark.this)


def _quad(values: list[float]) -> pymupdf.Quad:
    """A stored quad (upper left, upper right, lower left, lower right: 8 numbers)."""
    x0, y0, x1, y1, x2, y2, x3, y3 = (float(value) for value in values)
    return pymupdf.Quad((x0, y0), (x1, y1), (x2, y2), (x3, y3))
