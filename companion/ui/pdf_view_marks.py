"""The PDF viewer's marks: tools, choosing, editing, deleting (a part of `PdfView`).

Its strings are translated in the context "PdfView", as the viewer's own.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMenu,
    QWidget,
)

from companion.ui.messages import ask_yes_no
from companion.ui.pdf_canvas import _PageCanvas
from companion.ui.pdf_mark_dialogs import _MarkNoteDialog
from companion.ui.pdf_marks import (
    HIGHLIGHT_COLORS,
    AnnotationContext,
    Mark,
    PdfMark,
    PdfSelection,
    color_label,
    delete_annotation,
    mark_contains,
    mark_swatch,
    public,
    reading_order,
    update_annotation,
    word_span,
)

if TYPE_CHECKING:
    pass


log = logging.getLogger(__name__)

FLASH_MS = 700
HIGHLIGHT_TOOL = "highlight"
NOTE_TOOL = "note"

# The part's methods use the viewer's widgets and each other's: to mypy it is an Any
# base (its attributes live on `PdfView`); at run time a plain mixin.
_ViewPart: Any = object


class PdfMarkEditing(_ViewPart):  # type: ignore[misc]
    """The tool and colour, adding, choosing, editing and deleting marks."""

    _canvas: _PageCanvas
    _context: AnnotationContext | None
    _marks: list[Mark]
    _selected_span: tuple[int, int, int] | None  # page, first, last word
    _chosen_id: str | None
    _flash_id: str | None
    note_dialog: _MarkNoteDialog | None

    # annotations: public API

    @property
    def tool(self) -> str:
        """The tool the mouse works with: "", `HIGHLIGHT_TOOL` or `NOTE_TOOL`."""
        return self._canvas.tool

    @property
    def highlight_color_name(self) -> str:
        """The colour new highlights and notes get (a key of `HIGHLIGHT_COLORS`)."""
        return self._highlight_color

    def set_annotation_context(self, context: AnnotationContext | None) -> None:
        """Say which file, meeting and item is shown (None: no marks, no tools).

        The file's saved marks are loaded when the document opens, or now if it is
        open already and the file or meeting changed.
        """
        previous = self._context
        same_file = (
            previous is not None
            and context is not None
            and (previous.meeting_id, previous.file_sha256)
            == (context.meeting_id, context.file_sha256)
        )
        if not same_file:
            self.save_note_being_typed()  # on the file it was typed on
        self._context = context
        if not same_file:
            self._forget_marks()
            if self._info is not None:
                self._load_marks()
                self._schedule_renders()
        self._update_controls()

    def save_note_being_typed(self) -> None:
        """Save the note in the open note editor (if any) before its file goes.

        The editor belongs to the shown file and page: it would otherwise stay
        open over the next file, and its Save would put the note there.
        """
        if not self.note_editor.isHidden():
            self.note_editor.save()  # closes it; an empty note is dropped

    def reload_marks(self) -> None:
        """Read the shown file's marks again (e.g. after a detached one was re-attached)."""
        self._forget_marks()
        if self._info is not None:
            self._load_marks()

    def set_tool(self, tool: str) -> None:
        """Make the mouse highlight (`HIGHLIGHT_TOOL`), add notes (`NOTE_TOOL`) or neither."""
        if tool not in ("", HIGHLIGHT_TOOL, NOTE_TOOL):
            raise ValueError(f"unknown PDF tool {tool!r}")
        self._canvas.tool = tool
        self._highlight_tool_action.setChecked(tool == HIGHLIGHT_TOOL)
        self._note_tool_action.setChecked(tool == NOTE_TOOL)
        cursors = {
            HIGHLIGHT_TOOL: Qt.CursorShape.IBeamCursor,
            NOTE_TOOL: Qt.CursorShape.CrossCursor,
        }
        if tool:
            self._canvas.viewport().setCursor(cursors[tool])
        else:
            self._canvas.viewport().unsetCursor()

    def set_highlight_color(self, name: str) -> None:
        """Give new highlights and notes the colour ``name`` (a key of `HIGHLIGHT_COLORS`)."""
        if name not in HIGHLIGHT_COLORS:
            raise ValueError(f"unknown highlight colour {name!r}; known: {list(HIGHLIGHT_COLORS)}")
        self._highlight_color = name

    def has_words(self, page: int) -> bool:
        """Whether the words of ``page`` have been read (needed to highlight on it)."""
        return page in self._words

    def highlight_between(
        self, page: int, start: QPointF, end: QPointF, color: str | None = None
    ) -> bool:
        """Highlight the words of ``page`` from ``start`` to ``end`` (points) and save it.

        This is what releasing a drag with the highlight tool does. The highlight
        is drawn at once and saved in the background. False when no file context
        is set or the page's words are not read yet (or it has none).
        """
        words = self._words.get(page)
        if self._context is None or not words:
            return False
        first, last = word_span(words, start, end)
        return self._highlight_words(page, first, last, color)

    def _highlight_words(self, page: int, first: int, last: int, color: str | None) -> bool:
        context = self._context
        if context is None:
            return False
        from companion.core.anchoring import pdf_anchor_for

        anchor = pdf_anchor_for(self._words_by_page(), page, first, last, context.file_sha256)
        mark = Mark(page, anchor.quads, color or self._highlight_color, quote=anchor.exact)
        self._add_mark(context, mark, anchor.to_dict())
        return True

    def add_note_at(self, page: int, point: QPointF, text: str, color: str | None = None) -> bool:
        """Add the note ``text`` at ``point`` (points) on ``page`` and save it.

        Its anchor quotes the nearest word (when the page's words are read), so
        that it can be placed again in a revised file. False without a context
        or with an empty note.
        """
        context = self._context
        if context is None or not text.strip():
            return False
        anchor = self._note_anchor(context, page, point)
        where = (point.x(), point.y())
        color = color or self._highlight_color
        mark = Mark(page, anchor.quads, color, text.strip(), where, quote=anchor.exact)
        self._add_mark(context, mark, {**anchor.to_dict(), "point": list(where)})
        return True

    def note_at(self, point: QPoint) -> str | None:
        """The note of the marker or highlight under a viewport ``point``, if any."""
        mark = self._mark_at(point, with_note=True)
        return None if mark is None else mark.note

    def mark_at(self, point: QPoint) -> str | None:
        """The annotation id of the saved mark under a viewport ``point``, if any."""
        mark = self._mark_at(point)
        return None if mark is None else mark.annotation_id

    def _mark_at(self, point: QPoint, *, with_note: bool = False) -> Mark | None:
        """The topmost mark under a viewport ``point`` (only those with a note if asked)."""
        at = QPointF(point)
        for mark in reversed(self._marks):
            geometry = self._page_geometry(mark.page)
            if geometry is None or (with_note and not mark.note):
                continue
            if mark_contains(mark, at, *geometry):
                return mark
        return None

    # marks: listing, choosing, editing, deleting

    def marks(self) -> list[PdfMark]:
        """The saved marks on the file shown, in reading order (page, then top to bottom)."""
        saved = [mark for mark in self._marks if mark.annotation_id is not None]
        return [public(mark) for mark in sorted(saved, key=reading_order)]

    @property
    def chosen_mark(self) -> str | None:
        """The annotation id of the mark the member chose (outlined), or None."""
        return self._chosen_id

    def choose_mark(self, annotation_id: str | None) -> None:
        """Outline the mark ``annotation_id`` as the chosen one (None: none)."""
        if annotation_id is not None and self._saved_mark(annotation_id) is None:
            annotation_id = None
        if annotation_id == self._chosen_id:
            return
        self._chosen_id = annotation_id
        self._canvas.viewport().update()
        if annotation_id is not None:
            self.mark_chosen.emit(annotation_id)

    def go_to_mark(self, annotation_id: str) -> bool:
        """Scroll to the mark ``annotation_id``, choose it and flash it; False if not here."""
        mark = self._saved_mark(annotation_id)
        if mark is None or mark.page >= len(self._canvas.layout_.rects):
            return False
        self.choose_mark(annotation_id)
        rect = self._canvas.layout_.rects[mark.page]
        scale = rect.width() / self._canvas.sizes[mark.page][0]
        top = rect.top() + round(mark.top_left[1] * scale) - self._canvas.viewport().height() // 3
        self._canvas.scroll_to(self._canvas.horizontalScrollBar().value(), max(0, top))
        self._set_current_page(mark.page)
        self._flash_id = annotation_id
        self._flash_timer.start()
        self._canvas.viewport().update()
        return True

    @property
    def flashing_mark(self) -> str | None:
        """The annotation id of the mark being flashed after `go_to_mark`, or None."""
        return self._flash_id

    def edit_note_of(self, annotation_id: str) -> bool:
        """Ask the member for the mark's note (`ask_note`) and save it; False if cancelled."""
        mark = self._saved_mark(annotation_id)
        if mark is None:
            return False
        text = self.ask_note(public(mark))
        return text is not None and self.set_mark_note(annotation_id, text)

    def set_mark_note(self, annotation_id: str, text: str) -> bool:
        """Give the mark ``annotation_id`` the note ``text``: shown now, saved in the background."""
        return self._change_mark(annotation_id, {"note": text.strip()})

    def set_mark_color(self, annotation_id: str, color: str) -> bool:
        """Recolour the highlight ``annotation_id``: drawn now, saved in the background."""
        if color not in HIGHLIGHT_COLORS:
            raise ValueError(f"unknown highlight colour {color!r}; known: {list(HIGHLIGHT_COLORS)}")
        return self._change_mark(annotation_id, {"color": color})

    def delete_mark(self, annotation_id: str) -> bool:
        """Delete the mark ``annotation_id`` once the member confirms; True when deleted."""
        mark, context = self._saved_mark(annotation_id), self._context
        if mark is None or context is None or not self.confirm_delete(public(mark)):
            return False
        if mark not in self._marks:  # the document changed while the member was asked
            return False
        index = self._marks.index(mark)
        self._marks.remove(mark)
        if self._chosen_id == annotation_id:
            self._chosen_id = None
        self._marks_updated()

        def failed(error: Exception) -> None:
            log.error("a highlight or note was not deleted: %s", error)
            if shiboken6.isValid(self) and context == self._context:
                self._marks.insert(min(index, len(self._marks)), mark)
                self._marks_updated()
                message = QCoreApplication.translate(
                    "PdfView", "Your highlight or note was not deleted: {error}"
                )
                self.annotation_failed.emit(message.format(error=error))

        self._store_runner(context).run(
            partial(delete_annotation, context, annotation_id),
            lambda _result: self._change_saved(annotation_id),
            failed,
        )
        return True

    def mark_menu(self, annotation_id: str, parent: QWidget | None = None) -> QMenu | None:
        """The menu of a saved mark: Edit Note..., Colour, Delete... (None: no such mark)."""
        mark = self._saved_mark(annotation_id)
        if mark is None:
            return None
        menu = QMenu(parent or self)
        edit = menu.addAction(QCoreApplication.translate("PdfView", "Edit Note..."))
        edit.setShortcut(QKeySequence(Qt.Key.Key_F2))
        edit.triggered.connect(lambda _checked=False: self.edit_note_of(annotation_id))
        colours = menu.addMenu(QCoreApplication.translate("PdfView", "Colour"))
        colours.setEnabled(mark.point is None)  # a point note's marker has one colour
        for name in HIGHLIGHT_COLORS:
            action = colours.addAction(mark_swatch(name), color_label(name))
            action.setCheckable(True)
            action.setChecked(name == mark.color)
            action.triggered.connect(
                lambda _checked=False, name=name: self.set_mark_color(annotation_id, name)
            )
        menu.addSeparator()
        delete = menu.addAction(QCoreApplication.translate("PdfView", "Delete..."))
        delete.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        delete.triggered.connect(lambda _checked=False: self.delete_mark(annotation_id))
        return menu

    def selected_words(self) -> PdfSelection | None:
        """The words selected without a tool (their anchor and the item read), or None."""
        context, span = self._context, self._selected_span
        if context is None or span is None or span[0] not in self._words:
            return None
        from companion.core.anchoring import pdf_anchor_for

        page, first, last = span
        anchor = pdf_anchor_for(self._words_by_page(), page, first, last, context.file_sha256)
        return PdfSelection(context.item_id, anchor)

    def highlight_selection(self, color: str | None = None) -> bool:
        """Highlight the selected words (see `selected_words`); False when none are."""
        span = self._selected_span
        if span is None or self._context is None:
            return False
        self._clear_selection()
        return self._highlight_words(*span, color)

    def _saved_mark(self, annotation_id: str) -> Mark | None:
        return next((mark for mark in self._marks if mark.annotation_id == annotation_id), None)

    def _change_mark(self, annotation_id: str, changes: dict[str, str]) -> bool:
        """Apply ``changes`` (note, color) to a saved mark now and save them in the background."""
        mark, context = self._saved_mark(annotation_id), self._context
        if mark is None or context is None:
            return False
        before = {name: getattr(mark, name) for name in changes}
        if before == changes:
            return True
        self._apply_to_mark(mark, changes)

        def failed(error: Exception) -> None:
            log.error("a change to a highlight or note was not saved: %s", error)
            if shiboken6.isValid(self):
                self._apply_to_mark(mark, before)
                message = QCoreApplication.translate(
                    "PdfView", "Your change to a highlight or note was not saved: {error}"
                )
                self.annotation_failed.emit(message.format(error=error))

        self._store_runner(context).run(
            partial(update_annotation, context, annotation_id, changes),
            lambda _annotation: self._change_saved(annotation_id),
            failed,
        )
        return True

    def _apply_to_mark(self, mark: Mark, changes: dict[str, str]) -> None:
        for name, value in changes.items():
            setattr(mark, name, value)
        if mark in self._marks:
            self._marks_updated()

    def _change_saved(self, annotation_id: str) -> None:
        if shiboken6.isValid(self):
            self.mark_change_saved.emit(annotation_id)

    def _marks_updated(self) -> None:
        self._canvas.viewport().update()
        self.marks_changed.emit()

    def _end_flash(self) -> None:
        self._flash_id = None
        self._canvas.viewport().update()

    def _ask_to_delete(self, mark: PdfMark) -> bool:
        """Ask the member whether to delete ``mark`` and its note for good."""
        if mark.is_point_note:
            title = QCoreApplication.translate("PdfView", "Delete Note")
            question = QCoreApplication.translate(
                "PdfView", "Delete this note on page {page}?"
            ).format(page=mark.page + 1)
        else:
            title = QCoreApplication.translate("PdfView", "Delete Highlight")
            question = QCoreApplication.translate(
                "PdfView", "Delete this highlight and its note?\n\n\u201c{quote}\u201d"
            ).format(quote=mark.quote[:200])
        return ask_yes_no(self, title, question, lambda box: setattr(self, "confirm_box", box))

    def _ask_note(self, mark: PdfMark) -> str | None:
        """Show the note dialog for ``mark``; its text, or None when cancelled."""
        dialog = _MarkNoteDialog(mark, self)
        self.note_dialog = dialog
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.text.toPlainText() if accepted else None
        finally:
            self.note_dialog = None
            dialog.deleteLater()
