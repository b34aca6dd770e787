"""The member's marks (highlights and point notes) on a PDF, for the PDF viewer.

What a mark is (`Mark`, and `PdfMark` / `PdfSelection` as other widgets see
them), the worker functions that read a page's words and load, save, change
and delete marks in the personal store (`AnnotationContext` says which), the
word hit-testing behind a selection, and how marks are drawn: colours, quads
and note markers in viewport pixels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from companion.core.colors import HIGHLIGHT_INK
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.anchoring import PdfAnchor, Quad, Word
    from companion.core.personal import Annotation, PersonalStore

    OpenPersonal = Callable[[], PersonalStore]

log = logging.getLogger(__name__)

#: The member's highlight colours (stored by name), drawn semi-transparent.
HIGHLIGHT_COLORS = {name: QColor(ink) for name, ink in HIGHLIGHT_INK.items()}
HIGHLIGHT_ALPHA = 110
# Drawn on the white page (as in the exported copies), not on the palette's ground.
NOTE_MARKER_COLOR = QColor(0xF2, 0x8C, 0x28)
NOTE_MARKER_SIZE = 14  # logical pixels at every zoom
CHOSEN_MARK_COLOR = QColor(0x1F, 0x3A, 0x5F)
FLASH_COLOR = QColor(0xFF, 0x98, 0x00)


@dataclass(frozen=True)
class AnnotationContext:
    """What the viewer needs to save and load the member's marks on the file shown.

    Args:
        open_personal: opens the `PersonalStore` (called on a worker thread).
        meeting_id: the meeting the file belongs to.
        item_id: the item being read (new marks are filed under it).
        file_sha256: the shown file's sha256 (the agenda PDF's too).
        runner: where store work runs, in order (None: the viewer's own runner).
    """

    open_personal: OpenPersonal
    meeting_id: str
    item_id: str | None
    file_sha256: str
    runner: TaskRunner | None = None


@dataclass
class Mark:
    """A highlight (``point`` None) or a point note over a page, in PDF points."""

    page: int
    quads: list[Quad]
    color: str
    note: str = ""
    point: tuple[float, float] | None = None
    annotation_id: str | None = None  # None until the store has saved it
    quote: str = ""

    @property
    def top_left(self) -> tuple[float, float]:
        """Where the mark starts on its page (points): its marker, else its first quad."""
        if self.point is not None:
            return self.point
        if self.quads:
            return self.quads[0][0], self.quads[0][1]
        return 0.0, 0.0


@dataclass(frozen=True)
class PdfMark:
    """A saved highlight or point note on the file shown, as the marks list shows it."""

    annotation_id: str
    page: int
    color: str
    quote: str
    note: str
    is_point_note: bool


@dataclass(frozen=True)
class PdfSelection:
    """Words selected on a page of the file shown: the item being read and their anchor."""

    item_id: str | None
    anchor: PdfAnchor


def read_words(path: Path, page: int) -> list[Word]:
    """The words of ``page`` of the PDF at ``path`` (worker thread)."""
    from companion.core import pdf_render

    return pdf_render.page_words(path, page)


def load_marks(context: AnnotationContext) -> list[Mark]:
    """The marks saved on ``context``'s file in its meeting (worker thread)."""
    with closing(context.open_personal()) as store:
        annotations = store.annotations(context.meeting_id)
    marks = (
        _mark_from(annotation)
        for annotation in annotations
        if annotation.target == "attachment"
        and annotation.file_sha256 == context.file_sha256
        and not annotation.detached
    )
    return [mark for mark in marks if mark is not None]


def save_mark(context: AnnotationContext, anchor: dict[str, Any], mark: Mark) -> Annotation:
    """Add ``mark`` to the personal store (worker thread); the saved annotation."""
    with closing(context.open_personal()) as store:
        return store.add_annotation(
            context.meeting_id,
            context.item_id,
            "attachment",
            anchor,
            file_sha256=context.file_sha256,
            color=mark.color,
            note=mark.note,
        )


def _mark_from(annotation: Annotation) -> Mark | None:
    """The drawable mark of a stored annotation; None (logged) for a bad anchor."""
    from companion.core.anchoring import AnchorError, PdfAnchor

    try:
        anchor = PdfAnchor.from_dict(annotation.anchor)
    except AnchorError as error:
        log.warning("annotation %s has a bad PDF anchor, not drawn: %s", annotation.id, error)
        return None
    point = _point(annotation.anchor.get("point"))
    return Mark(
        anchor.page,
        anchor.quads,
        annotation.color,
        annotation.note,
        point,
        annotation.id,
        anchor.exact,
    )


def update_annotation(
    context: AnnotationContext, annotation_id: str, changes: dict[str, str]
) -> Annotation:
    """Change a mark's note or colour in the personal store (worker thread)."""
    with closing(context.open_personal()) as store:
        return store.update_annotation(
            annotation_id, note=changes.get("note"), color=changes.get("color")
        )


def delete_annotation(context: AnnotationContext, annotation_id: str) -> None:
    """Delete a mark from the personal store (worker thread)."""
    with closing(context.open_personal()) as store:
        store.delete_annotation(annotation_id)


def public(mark: Mark) -> PdfMark:
    """A saved mark as the marks list shows it."""
    assert mark.annotation_id is not None
    return PdfMark(
        mark.annotation_id, mark.page, mark.color, mark.quote, mark.note, mark.point is not None
    )


def reading_order(mark: Mark) -> tuple[int, float, float]:
    """A sort key: page, then top to bottom, then left to right."""
    x, y = mark.top_left
    return mark.page, y, x


def _point(value: object) -> tuple[float, float] | None:
    """A stored ``[x, y]`` as a point, or None when absent or malformed."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    if not all(isinstance(number, int | float) for number in value):
        return None
    return float(value[0]), float(value[1])


def word_at(words: Sequence[Word], point: QPointF) -> int:
    """The index of the word under ``point``, else of the nearest (same line first)."""

    def distance(index: int) -> tuple[float, float]:
        x0, y0, x1, y1 = words[index][:4]
        dx = max(x0 - point.x(), 0.0, point.x() - x1)
        dy = max(y0 - point.y(), 0.0, point.y() - y1)
        return dy, dx

    return min(range(len(words)), key=distance)


def word_span(words: Sequence[Word], start: QPointF, end: QPointF) -> tuple[int, int]:
    """The first and last word indexes (reading order) selected from ``start`` to ``end``."""
    first, last = sorted((word_at(words, start), word_at(words, end)))
    return first, last


def quad_polygon(quad: Quad, origin: QPointF, scale: float) -> QPolygonF:
    """A quad (ul, ur, ll, lr corners in points) as a polygon in viewport pixels."""
    x0, y0, x1, y1, x2, y2, x3, y3 = quad
    corners = ((x0, y0), (x1, y1), (x3, y3), (x2, y2))
    return QPolygonF([origin + QPointF(x * scale, y * scale) for x, y in corners])


def marker_rect(point: tuple[float, float], origin: QPointF, scale: float) -> QRectF:
    """The note marker's square around ``point`` (same size at every zoom)."""
    centre = origin + QPointF(point[0] * scale, point[1] * scale)
    half = NOTE_MARKER_SIZE / 2
    return QRectF(centre.x() - half, centre.y() - half, NOTE_MARKER_SIZE, NOTE_MARKER_SIZE)


def highlight_color(name: str) -> QColor:
    """The semi-transparent colour a highlight called ``name`` is drawn in."""
    color = QColor(HIGHLIGHT_COLORS.get(name, HIGHLIGHT_COLORS["yellow"]))
    color.setAlpha(HIGHLIGHT_ALPHA)
    return color


def color_label(name: str) -> str:
    """The translated name of the highlight colour ``name``, for menus."""
    labels = {
        "yellow": QCoreApplication.translate("PdfView", "Yellow"),
        "green": QCoreApplication.translate("PdfView", "Green"),
        "blue": QCoreApplication.translate("PdfView", "Blue"),
        "pink": QCoreApplication.translate("PdfView", "Pink"),
    }
    return labels.get(name, name)


def mark_swatch(color: str, point_note: bool = False) -> QIcon:
    """A small square of the colour a mark is drawn in (the marker's for a point note)."""
    pixmap = QPixmap(14, 14)
    fill = HIGHLIGHT_COLORS.get(color, HIGHLIGHT_COLORS["yellow"])
    pixmap.fill(NOTE_MARKER_COLOR if point_note else QColor(fill))
    return QIcon(pixmap)


def mark_contains(mark: Mark, at: QPointF, origin: QPointF, scale: float) -> bool:
    """Whether the viewport point ``at`` is on ``mark`` (page at ``origin``, ``scale``)."""
    if mark.point is not None:
        return marker_rect(mark.point, origin, scale).contains(at)
    return any(
        quad_polygon(quad, origin, scale).containsPoint(at, Qt.FillRule.OddEvenFill)
        for quad in mark.quads
    )


def outline_mark(painter: QPainter, mark: Mark, origin: QPointF, scale: float, flash: bool) -> None:
    """Draw the outline of the chosen mark, or the bright frame of a flashed one."""
    painter.setPen(QPen(FLASH_COLOR if flash else CHOSEN_MARK_COLOR, 3.0 if flash else 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if mark.point is not None:
        painter.drawRect(marker_rect(mark.point, origin, scale).adjusted(-3, -3, 3, 3))
        return
    for quad in mark.quads:
        painter.drawPolygon(quad_polygon(quad, origin, scale))
