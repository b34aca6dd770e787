"""The list of the member's highlights and notes on the PDF shown in the attachment pane.

Moved out of `companion.ui.attachment_pane`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.ui.pdf_marks import PdfMark, mark_swatch

_MAX_MARK_ROWS_HEIGHT = 160
#: Characters of a mark's quote shown in the marks list.
QUOTE_PREVIEW = 70


# --- the list of marks on the file shown ----------------------------------------


class _MarkRows(QListWidget):
    """The rows of `PdfMarkList`: Delete asks to delete, F2 edits the note."""

    key_pressed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        keys = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_F2)
        if event.key() in keys and self.currentItem() is not None:
            self.key_pressed.emit(event.key())
            return
        super().keyPressEvent(event)


def mark_row_text(mark: PdfMark, page_label: str, note_label: str) -> str:
    """A marks-list row: page, the quote (or "Note"), and the note's first line below."""
    quote = " ".join(mark.quote.split())
    if len(quote) > QUOTE_PREVIEW:
        quote = quote[: QUOTE_PREVIEW - 1] + "\u2026"
    what = note_label if mark.is_point_note or not quote else f"\u201c{quote}\u201d"
    lines = [f"{page_label}  {what}"]
    if mark.note.strip():
        lines.append(mark.note.strip().splitlines()[0])
    return "\n".join(lines)


class PdfMarkList(QWidget):
    """The highlights and point notes on the file shown, under a header that folds them.

    Signals:
        activated(id): the member clicked a mark (to go to it).
        edit_requested(id): F2 on a mark (edit its note).
        delete_requested(id): Delete on a mark (delete it after asking).
        menu_requested(id, global point): a context menu on a mark.
    """

    activated = Signal(str)
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    menu_requested = Signal(str, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfMarkList")
        self.header = QToolButton()
        self.header.setObjectName("pdfMarksHeader")
        self.header.setCheckable(True)
        self.header.setAutoRaise(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setToolTip(self.tr("Show or hide your highlights and notes on this file"))
        self.rows = _MarkRows()
        self.rows.setObjectName("pdfMarkRows")
        self.rows.setAccessibleName(self.tr("Your highlights and notes on this file"))
        self.rows.setWordWrap(True)
        self.rows.setMaximumHeight(_MAX_MARK_ROWS_HEIGHT)
        self.rows.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.empty_hint = QLabel(
            self.tr("No highlights or notes on this file. Use the Highlight and Note tools.")
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setMargin(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.rows)
        self.header.toggled.connect(self._fold)
        self.rows.itemClicked.connect(self._clicked)
        self.rows.itemActivated.connect(self._clicked)
        self.rows.key_pressed.connect(self._key)
        self.rows.customContextMenuRequested.connect(self._menu)
        self.set_marks([])
        self._fold(False)

    @property
    def expanded(self) -> bool:
        """Whether the rows are shown (the header is always)."""
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        """Show or fold the rows."""
        self.header.setChecked(expanded)

    def set_marks(self, marks: list[PdfMark]) -> None:
        """List ``marks`` (in their order), keeping the chosen one when it is still there."""
        current = self.current_key()
        self.rows.blockSignals(True)
        self.rows.clear()
        for mark in marks:
            page = self.tr("p. {page}").format(page=mark.page + 1)
            text = mark_row_text(mark, page, self.tr("Note"))
            row = QListWidgetItem(mark_swatch(mark.color, mark.is_point_note), text)
            row.setData(Qt.ItemDataRole.UserRole, mark.annotation_id)
            row.setToolTip(mark.note or mark.quote)
            self.rows.addItem(row)
        self.rows.blockSignals(False)
        if current is not None:
            self.choose(current)
        self.header.setText(self.tr("Highlights and notes ({count})").format(count=len(marks)))
        self._fold(self.expanded)

    def keys(self) -> list[str]:
        """The annotation ids listed, top to bottom."""
        return [self._key_of(self.rows.item(row)) for row in range(self.rows.count())]

    def current_key(self) -> str | None:
        """The annotation id of the chosen row, or None."""
        row = self.rows.currentItem()
        return None if row is None else self._key_of(row)

    def choose(self, key: str) -> None:
        """Make the row of ``key`` the chosen one (no signal)."""
        for number in range(self.rows.count()):
            if self._key_of(self.rows.item(number)) == key:
                self.rows.setCurrentRow(number)
                return

    @staticmethod
    def _key_of(row: QListWidgetItem) -> str:
        return str(row.data(Qt.ItemDataRole.UserRole))

    def _fold(self, expanded: bool) -> None:
        arrow = Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow
        self.header.setArrowType(arrow)
        has_rows = self.rows.count() > 0
        self.rows.setVisible(expanded and has_rows)
        self.empty_hint.setVisible(expanded and not has_rows)

    def _clicked(self, row: QListWidgetItem) -> None:
        self.activated.emit(self._key_of(row))

    def _key(self, key: int) -> None:
        chosen = self.current_key()
        if chosen is None:
            return
        if key == Qt.Key.Key_F2:
            self.edit_requested.emit(chosen)
        else:
            self.delete_requested.emit(chosen)

    def _menu(self, where: QPoint) -> None:
        row = self.rows.itemAt(where)
        if row is not None:
            self.rows.setCurrentItem(row)
            self.menu_requested.emit(self._key_of(row), self.rows.viewport().mapToGlobal(where))
