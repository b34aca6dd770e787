"""The PDF viewer's mouse tools, context menus, marks loading and drawing (a part of `PdfView`).

Its strings are translated in the context "PdfView", as the viewer's own.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QAction, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QMenu,
)

from companion.ui.pdf_canvas import _PageCanvas
from companion.ui.pdf_marks import (
    NOTE_MARKER_COLOR,
    AnnotationContext,
    Mark,
    highlight_color,
    load_marks,
    mark_swatch,
    marker_rect,
    outline_mark,
    quad_polygon,
    save_mark,
    word_at,
    word_span,
)
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.anchoring import PdfAnchor, Word
    from companion.core.personal import Annotation
    from companion.ui.pdf_view_render import RenderRequests

from companion.ui.pdf_view_marks import HIGHLIGHT_TOOL, NOTE_TOOL

log = logging.getLogger(__name__)

# Drawn on the white page, not on the palette's ground: a fixed colour.
SELECTION_COLOR = QColor(0x33, 0x77, 0xDD, 70)

# The part's methods use the viewer's widgets and each other's: to mypy it is an Any
# base (its attributes live on `PdfView`); at run time a plain mixin.
_ViewPart: Any = object


class PdfMarkTools(_ViewPart):  # type: ignore[misc]
    """What the mouse and keys do to marks; loading, saving and painting them."""

    _canvas: _PageCanvas
    _requests: RenderRequests
    _context: AnnotationContext | None
    _marks: list[Mark]
    _selected_span: tuple[int, int, int] | None  # page, first, last word
    _chosen_id: str | None
    _flash_id: str | None
    _selection: Mark | None
    _drag_start: QPointF | None

    def _mark_key(self, key: int) -> None:
        if self._chosen_id is None:
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_mark(self._chosen_id)
        else:
            self.edit_note_of(self._chosen_id)

    def _show_menu(self, where: QPoint, global_where: QPoint) -> None:
        """The context menu at a viewport point: the mark's, else the selected words'."""
        mark = self._mark_at(where)
        if mark is not None and mark.annotation_id is not None:
            self.choose_mark(mark.annotation_id)
            menu = self.mark_menu(mark.annotation_id)
        elif self._selected_span is not None and self._context is not None:
            menu = self._selection_menu()
        else:
            return
        assert menu is not None
        menu.exec(global_where)
        menu.deleteLater()

    def _selection_menu(self) -> QMenu:
        from companion.ui.item_view import highlight_labels

        menu = QMenu(self)
        for name, label in highlight_labels().items():
            action = menu.addAction(mark_swatch(name), label)
            action.triggered.connect(
                lambda _checked=False, name=name: self.highlight_selection(name)
            )
        return menu

    # annotations: loading, saving, drawing

    def _forget_marks(self) -> None:
        self._marks_generation += 1
        self._marks = []
        self._selection = None
        self._selected_span = None
        self._drag_start = None
        self._chosen_id = self._flash_id = None
        self._marks_updated()

    def _store_runner(self, context: AnnotationContext) -> TaskRunner:
        return context.runner or self._runner

    def _load_marks(self) -> None:
        """Load the shown file's saved marks on the store's runner."""
        context = self._context
        if context is None:
            return
        generation = self._marks_generation
        self._store_runner(context).run(
            partial(load_marks, context),
            on_success=partial(self._marks_loaded, generation),
            on_failure=partial(self._marks_failed, generation),
        )

    def _marks_loaded(self, generation: int, marks: list[Mark]) -> None:
        if not shiboken6.isValid(self) or generation != self._marks_generation:
            return
        loaded = {mark.annotation_id for mark in marks}
        unsaved = [mark for mark in self._marks if mark.annotation_id not in loaded]
        self._marks = marks + unsaved
        self._marks_updated()
        self.annotations_loaded.emit(len(marks))

    def _marks_failed(self, generation: int, error: Exception) -> None:
        if shiboken6.isValid(self) and generation == self._marks_generation:
            log.error("cannot load the highlights and notes of %s: %s", self._path, error)
            self.annotation_failed.emit(
                QCoreApplication.translate(
                    "PdfView", "Your highlights and notes on this file cannot be shown: {error}"
                ).format(error=error)
            )

    def _add_mark(self, context: AnnotationContext, mark: Mark, anchor: dict[str, Any]) -> None:
        """Draw ``mark`` now and save it in the background; undraw it if that fails."""
        self._marks.append(mark)
        self._canvas.viewport().update()

        def saved(annotation: Annotation) -> None:
            mark.annotation_id = annotation.id
            if shiboken6.isValid(self):
                if mark in self._marks:
                    self.marks_changed.emit()
                self.annotation_saved.emit(annotation.id)

        def failed(error: Exception) -> None:
            log.error("a highlight or note was not saved: %s", error)
            if not shiboken6.isValid(self):
                return
            if mark in self._marks:
                self._marks.remove(mark)
                self._canvas.viewport().update()
            message = QCoreApplication.translate(
                "PdfView", "Your highlight or note was not saved: {error}"
            )
            self.annotation_failed.emit(message.format(error=error))

        self._store_runner(context).run(partial(save_mark, context, anchor, mark), saved, failed)

    def _note_anchor(self, context: AnnotationContext, page: int, point: QPointF) -> PdfAnchor:
        """The anchor of a point note: the nearest word, or just the point on a wordless page."""
        from companion.core.anchoring import PdfAnchor, pdf_anchor_for

        words = self._words.get(page)
        if words:
            index = word_at(words, point)
            return pdf_anchor_for(self._words_by_page(), page, index, index, context.file_sha256)
        x, y = point.x(), point.y()
        return PdfAnchor(context.file_sha256, page, [(x, y, x, y, x, y, x, y)], "")

    def _words_by_page(self) -> list[list[Word]]:
        """Every page's words read so far (unread pages are empty)."""
        return [self._words.get(page, []) for page in range(self.page_count)]

    def _request_words(self, pages: range) -> None:
        """Read the words of ``pages`` not read yet, when marks can be made."""
        if self._context is None or self._path is None:
            return
        for page in pages:
            if page in self._words or page in self._words_pending:
                continue
            self._words_pending.add(page)
            call = self._requests.client.page_words(self._path, page)
            self._requests.watch(call, partial(self._words_answered, self._generation, page))

    def _words_answered(self, generation: int, page: int, future: Future[Any]) -> None:
        """The render process read a page's words (or could not)."""
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            self._words_failed(generation, page, RuntimeError(str(error)))
        else:
            self._words_read(generation, page, future.result())

    def _words_read(self, generation: int, page: int, words: list[Word]) -> None:
        if not self._is_current(generation):
            return
        self._words_pending.discard(page)
        self._words[page] = words
        self.words_loaded.emit(page)

    def _words_failed(self, generation: int, page: int, error: Exception) -> None:
        if self._is_current(generation):
            log.warning("cannot read the words of page %d of %s: %s", page + 1, self._path, error)
            self._words_read(generation, page, [])

    def _tool_chosen(self, _action: QAction) -> None:
        if self._highlight_tool_action.isChecked():
            self.set_tool(HIGHLIGHT_TOOL)
        elif self._note_tool_action.isChecked():
            self.set_tool(NOTE_TOOL)
        else:
            self.set_tool("")

    def _tool_pressed(self, page: int, point: QPointF, where: QPoint) -> None:
        if self.tool == NOTE_TOOL:
            self.note_editor.open_at(page, point, where)
            return
        self._drag_start = point
        if self.tool == HIGHLIGHT_TOOL:
            self._show_selection(page, point, point)

    def _tool_moved(self, page: int, point: QPointF) -> None:
        if self._drag_start is not None:
            self._show_selection(page, self._drag_start, point)

    def _tool_released(self, page: int, point: QPointF) -> None:
        """A click chooses the mark under it; a drag highlights (tool) or selects words."""
        start, self._drag_start = self._drag_start, None
        if start is None:
            return
        if (point - start).manhattanLength() < 1.0:
            self._clear_selection()
            self._choose_mark_at(page, point)
        elif self.tool == HIGHLIGHT_TOOL:
            self._clear_selection()
            self.highlight_between(page, start, point)
        else:
            self._select_words(page, start, point)

    def _clear_selection(self) -> None:
        self._selection = self._selected_span = None
        self._canvas.viewport().update()

    def _select_words(self, page: int, start: QPointF, end: QPointF) -> None:
        words = self._words.get(page)
        if not words:
            return
        first, last = word_span(words, start, end)
        self._selected_span = (page, first, last)
        self._show_selection(page, start, end)

    def _choose_mark_at(self, page: int, point: QPointF) -> None:
        geometry = self._page_geometry(page)
        if geometry is None:
            return
        origin, scale = geometry
        at = origin + QPointF(point.x() * scale, point.y() * scale)
        self.choose_mark(self.mark_at(at.toPoint()))

    def _show_selection(self, page: int, start: QPointF, end: QPointF) -> None:
        from companion.core.anchoring import line_quads

        words = self._words.get(page)
        if not words:
            return
        first, last = word_span(words, start, end)
        self._selection = Mark(page, line_quads(words[first : last + 1]), "")
        self._canvas.viewport().update()

    def _page_geometry(self, page: int) -> tuple[QPointF, float] | None:
        """Where ``page``'s origin is in the viewport and its pixels per point."""
        if not 0 <= page < min(len(self._canvas.sizes), len(self._canvas.layout_.rects)):
            return None
        rect = self._canvas.page_rect_in_viewport(page)
        return QPointF(rect.topLeft()), rect.width() / self._canvas.sizes[page][0]

    def _paint_marks(self, painter: QPainter, page: int, target: QRect) -> None:
        """Draw the highlights, note markers and selection of ``page`` over its pixels."""
        marks = [mark for mark in self._marks if mark.page == page]
        if self._selection is not None and self._selection.page == page:
            marks.append(self._selection)
        if not marks or page >= len(self._canvas.sizes):
            return
        origin = QPointF(target.topLeft())
        scale = target.width() / self._canvas.sizes[page][0]
        painter.save()
        for mark in marks:
            if mark.point is not None:
                painter.setPen(QPen(NOTE_MARKER_COLOR.darker(160), 1))
                painter.setBrush(NOTE_MARKER_COLOR)
                painter.drawRect(marker_rect(mark.point, origin, scale))
                continue
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight_color(mark.color) if mark.color else SELECTION_COLOR)
            for quad in mark.quads:
                painter.drawPolygon(quad_polygon(quad, origin, scale))
        for mark in marks:
            if mark.annotation_id is not None and mark.annotation_id in (
                self._chosen_id,
                self._flash_id,
            ):
                outline_mark(painter, mark, origin, scale, mark.annotation_id == self._flash_id)
        painter.restore()
