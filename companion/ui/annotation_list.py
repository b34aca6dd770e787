"""Highlights on the item text: drawing them, the side list of them, and saving them.

`TextHighlights` ties the item view, the `HighlightList` (a tab of the position
panel) and the personal store together. A highlight is drawn the moment the
member asks for it; its write goes through the position panel's background
writer (the window's one-thread personal runner), so writes reach the store in
the order they were made. Notes save as the member types, after a short pause,
and at once on an item switch or the window's close. A highlight is deleted only
when the member asks for it and confirms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.anchoring import AnchorError, TextAnchor
from companion.core.model import AgendaItem
from companion.ui.item_view import DrawnHighlight, ItemView, highlight_color
from companion.ui.messages import ask_yes_no
from companion.ui.window_style import tones

if TYPE_CHECKING:
    from companion.core.personal import Annotation
    from companion.ui.position_panel import PositionPanel

log = logging.getLogger(__name__)

#: The pause after the last keystroke in a note before it is saved.
NOTE_SAVE_DELAY_MS = 300
#: Characters of a quote shown in the list before it is cut short.
QUOTE_PREVIEW = 90
#: The least height of the highlights list and the note (the tab fits a 720-pixel screen).
MIN_LIST_HEIGHT = 44
KeyRole = Qt.ItemDataRole.UserRole + 1


@dataclass
class HighlightEntry:
    """One highlight of the item shown: its anchor, where it is drawn, its note.

    ``key`` is the annotation id once saved (a ``pending-`` key before);
    ``span`` is None when the quote is not in the text shown.
    """

    key: str
    anchor: TextAnchor | None
    quote: str
    color: str
    note: str
    span: tuple[int, int] | None

    @property
    def saved(self) -> bool:
        return not self.key.startswith("pending-")


def row_text(entry: HighlightEntry, not_placed: str) -> str:
    """The list's text for ``entry``: the quote (cut short), its note below."""
    quote = " ".join(entry.quote.split())
    if len(quote) > QUOTE_PREVIEW:
        quote = quote[: QUOTE_PREVIEW - 1] + "\u2026"
    lines = [f"\u201c{quote}\u201d"]
    if entry.span is None:
        lines[0] += f" ({not_placed})"
    if entry.note.strip():
        lines.append(entry.note.strip().splitlines()[0])
    return "\n".join(lines)


def color_icon(name: str) -> QIcon:
    """A small swatch of the highlight colour ``name``."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(highlight_color(name))
    return QIcon(pixmap)


class _Rows(QListWidget):
    """The list of highlights: Delete asks to remove the current one."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class HighlightList(QWidget):
    """The item's highlights (quote, colour, note) and an editor for the chosen one's note.

    Signals:
        activated(key): the member clicked a highlight (to go to its place).
        note_edited(key, text): the member typed in the chosen highlight's note.
        delete_requested(key): the member asked to delete the chosen highlight.
    """

    activated = Signal(str)
    note_edited = Signal(str, str)
    delete_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightList")
        self.rows = _Rows()
        self.rows.setWordWrap(True)
        self.rows.setObjectName("highlightRows")
        self.rows.setAccessibleName(self.tr("Your highlights in this item"))
        self.empty_hint = QLabel(
            self.tr("Select text in the item and press Ctrl+H (or right-click) to highlight it.")
        )
        self.empty_hint.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setObjectName("highlightNote")
        self.note.setPlaceholderText(self.tr("Your note on the chosen highlight"))
        self.note.setAccessibleName(self.tr("Your note on the chosen highlight"))
        self.note.setMaximumHeight(80)
        self.note.setMinimumHeight(MIN_LIST_HEIGHT)
        self.rows.setMinimumHeight(MIN_LIST_HEIGHT)
        self.delete_button = QPushButton(self.tr("Delete Highlight"))
        note_row = QHBoxLayout()  # the button beside the note: the tab stays short
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.rows, 1)
        layout.addLayout(note_row)
        self.rows.currentItemChanged.connect(lambda *_args: self._show_current())
        self.rows.itemClicked.connect(self._clicked)
        self.rows.itemActivated.connect(self._clicked)
        self.rows.delete_pressed.connect(self._ask_delete)
        self.delete_button.clicked.connect(self._ask_delete)
        self.note.textChanged.connect(self._note_changed)
        self._notes: dict[str, str] = {}
        self._show_current()

    def set_entries(self, entries: list[HighlightEntry]) -> None:
        """Show ``entries`` (saved ones only), keeping the chosen one when it is still there."""
        current = self.current_key()
        self.rows.blockSignals(True)
        self.rows.clear()
        self._notes = {}
        for entry in entries:
            if entry.saved:
                self._append(entry)
        self.rows.blockSignals(False)
        if current is not None:
            self.choose(current)
        self._show_current()

    def _append(self, entry: HighlightEntry) -> None:
        row = QListWidgetItem(color_icon(entry.color), row_text(entry, self.tr("not found")))
        row.setData(KeyRole, entry.key)
        if entry.span is None:
            row.setForeground(tones(self.palette())["warning"])  # not found in the text
        self.rows.addItem(row)
        self._notes[entry.key] = entry.note

    def update_entry(self, entry: HighlightEntry) -> None:
        """Refresh the row of ``entry`` (its note changed)."""
        self._notes[entry.key] = entry.note
        row = self._row(entry.key)
        if row is not None:
            row.setText(row_text(entry, self.tr("not found")))

    def choose(self, key: str) -> None:
        """Make the highlight ``key`` the chosen one."""
        row = self._row(key)
        if row is not None:
            self.rows.setCurrentItem(row)

    def current_key(self) -> str | None:
        """The key of the chosen highlight, or None."""
        row = self.rows.currentItem()
        return None if row is None else str(row.data(KeyRole))

    def keys(self) -> list[str]:
        """The keys of the highlights listed, top to bottom."""
        return [str(self.rows.item(number).data(KeyRole)) for number in range(self.rows.count())]

    def _row(self, key: str) -> QListWidgetItem | None:
        for number in range(self.rows.count()):
            row = self.rows.item(number)
            if row.data(KeyRole) == key:
                return row
        return None

    def _show_current(self) -> None:
        key = self.current_key()
        self.note.blockSignals(True)
        self.note.setPlainText(self._notes.get(key, "") if key else "")
        self.note.blockSignals(False)
        self.note.setEnabled(key is not None)
        self.delete_button.setEnabled(key is not None)
        self.empty_hint.setVisible(self.rows.count() == 0)

    def _clicked(self, row: QListWidgetItem) -> None:
        self.activated.emit(str(row.data(KeyRole)))

    def _note_changed(self) -> None:
        key = self.current_key()
        if key is not None:
            self.note_edited.emit(key, self.note.toPlainText())

    def _ask_delete(self) -> None:
        key = self.current_key()
        if key is not None:
            self.delete_requested.emit(key)


def ask_to_delete(parent: QWidget, entry: HighlightEntry) -> bool:
    """Ask the member whether to delete ``entry`` (and its note) for good."""
    translate = QCoreApplication.translate
    return ask_yes_no(
        parent,
        translate("HighlightList", "Delete Highlight"),
        translate(
            "HighlightList", "Delete this highlight and its note?\n\n\u201c{quote}\u201d"
        ).format(quote=entry.quote[:200]),
    )


class TextHighlights(QObject):
    """Highlights on the item shown: load, draw, add, annotate, go to and delete.

    Args:
        view: the item view the highlights are drawn in.
        panel: the position panel, whose background reader and writer are used.
        highlight_list: the side list of the item's highlights.

    Signals:
        drawn(key): a new highlight is drawn (its write may still be under way).
        saved(annotation_id): a new highlight is committed to the personal store.
    """

    drawn = Signal(str)
    saved = Signal(str)

    def __init__(self, view: ItemView, panel: PositionPanel, highlight_list: HighlightList) -> None:
        super().__init__(view)
        self._view = view
        self._panel = panel
        self._list = highlight_list
        self._meeting_id: str | None = None
        self._item_id: str | None = None
        self._generation = 0
        self._pending_count = 0
        self.entries: list[HighlightEntry] = []
        #: The item whose highlights are loaded and drawn (None while loading).
        self.loaded_item_id: str | None = None
        self._pending_notes: dict[str, str] = {}
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.flush)
        #: Asks the member before a delete; replaceable (tests, other front ends).
        self.confirm_delete: Callable[[HighlightEntry], bool] = lambda entry: ask_to_delete(
            self._view, entry
        )
        view.highlight_requested.connect(self.highlight)
        view.marker_clicked.connect(self.open_note)
        highlight_list.activated.connect(self.go_to)
        highlight_list.note_edited.connect(self._note_edited)
        highlight_list.delete_requested.connect(self.delete)

    # -- showing an item -------------------------------------------------------

    def show_item(self, meeting_id: str, item: AgendaItem) -> None:
        """Save pending notes, then load and draw the highlights of ``item`` (just shown)."""
        self.flush()
        self._generation += 1
        generation = self._generation
        self._meeting_id, self._item_id = meeting_id, item.id
        self.loaded_item_id = None
        self.entries = []
        self._list.set_entries([])
        item_id = item.id
        self._panel.load(
            lambda store: store.annotations(meeting_id, item_id),
            lambda annotations: self._loaded(generation, annotations),
            lambda error: log.error("highlights could not be read: %s", error),
        )

    def clear(self) -> None:
        """Save pending notes and show no highlights (no item)."""
        self.flush()
        self._generation += 1
        self._meeting_id = self._item_id = self.loaded_item_id = None
        self.entries = []
        self._list.set_entries([])

    def _loaded(self, generation: int, annotations: list[Annotation]) -> None:
        if generation != self._generation:
            return
        self.entries = [
            self._entry(annotation) for annotation in annotations if annotation.target == "item"
        ]
        self._redraw()
        self._list.set_entries(self.entries)
        self.loaded_item_id = self._item_id

    def _entry(self, annotation: Annotation) -> HighlightEntry:
        try:
            anchor: TextAnchor | None = TextAnchor.from_dict(annotation.anchor)
        except AnchorError as error:
            log.warning("highlight %s has a bad anchor: %s", annotation.id, error)
            anchor = None
        quote = anchor.exact if anchor else str(annotation.anchor.get("exact", ""))
        span = None
        if anchor is not None and not annotation.detached:
            span = self._view.place(anchor)
        return HighlightEntry(annotation.id, anchor, quote, annotation.color, annotation.note, span)

    def _redraw(self) -> None:
        self._view.set_highlights(
            [
                DrawnHighlight(entry.key, entry.span[0], entry.span[1], entry.color, entry.note)
                for entry in self.entries
                if entry.span is not None
            ]
        )

    # -- adding ------------------------------------------------------------------

    def highlight(self, color: str = "yellow") -> bool:
        """Highlight the selected item text in ``color``; draw it now, save it in the background.

        Returns False (and changes nothing) when no item text is selected.
        """
        meeting_id, item_id = self._meeting_id, self._item_id
        anchor = self._view.selection_anchor()
        span = self._view.selected_range()
        if meeting_id is None or item_id is None or anchor is None or span is None:
            return False
        self._pending_count += 1
        entry = HighlightEntry(
            f"pending-{self._pending_count}", anchor, anchor.exact, color, "", span
        )
        self.entries.append(entry)
        self._redraw()
        self._view.deselect()
        self.drawn.emit(entry.key)
        generation = self._generation
        anchor_data = anchor.to_dict()

        def added(annotation: Annotation) -> None:
            self.saved.emit(annotation.id)
            if generation != self._generation:
                return
            entry.key = annotation.id
            self._list.set_entries(self.entries)
            self._list.choose(annotation.id)

        def failed() -> None:
            if entry in self.entries:
                self.entries.remove(entry)
                self._redraw()

        self._panel.save(
            lambda store: store.add_annotation(
                meeting_id, item_id, "item", anchor_data, color=color
            ),
            added,
            failed,
        )
        return True

    # -- notes, going to one, deleting -------------------------------------------

    def _find(self, key: str) -> HighlightEntry | None:
        return next((entry for entry in self.entries if entry.key == key), None)

    def _note_edited(self, key: str, text: str) -> None:
        entry = self._find(key)
        if entry is None:
            return
        had_note = bool(entry.note.strip())
        entry.note = text
        self._list.update_entry(entry)
        if had_note != bool(text.strip()) or entry.span is not None:
            self._redraw()  # the margin marker appears, goes, or its tooltip changes
        self._pending_notes[key] = text
        self._note_timer.start()

    def flush(self) -> None:
        """Write every pending note now (in the background, in order)."""
        self._note_timer.stop()
        pending, self._pending_notes = self._pending_notes, {}
        for key, text in pending.items():
            self._save_note(key, text)

    def _save_note(self, key: str, text: str) -> None:
        # Kept and retried by the panel's saver until it lands, whichever item is shown.
        self._panel.save(
            lambda store: store.update_annotation(key, note=text),
            key=f"highlight:{key}",
            unsaved=text,
        )

    @property
    def has_pending(self) -> bool:
        """Whether notes wait for their save to start."""
        return bool(self._pending_notes)

    def go_to(self, key: str) -> bool:
        """Scroll the item view to the highlight ``key`` and flash it; False if not placed."""
        entry = self._find(key)
        if entry is None or entry.span is None:
            return False
        self._view.reveal(*entry.span)
        return True

    def open_note(self, key: str) -> None:
        """Show the highlight ``key`` in the list with its note ready to edit (a margin click)."""
        if self._find(key) is None:
            return
        self._panel.show_tab(self._list)
        self._list.choose(key)
        self._list.note.setFocus()
        self.go_to(key)

    def delete(self, key: str) -> bool:
        """Delete the highlight ``key`` once the member confirms; True when deleted."""
        entry = self._find(key)
        if entry is None or not entry.saved or not self.confirm_delete(entry):
            return False
        self._pending_notes.pop(key, None)
        self.entries.remove(entry)
        self._redraw()
        self._list.set_entries(self.entries)
        self._panel.save(lambda store: store.delete_annotation(key), key=f"highlight:{key}")
        return True
