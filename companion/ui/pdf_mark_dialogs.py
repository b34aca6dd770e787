"""The PDF viewer's note editors: a dialog for a mark's note, a small box for a new one.

The classes keep their original names (``_MarkNoteDialog``, ``_NoteEditor``):
``self.tr()`` takes its translation context from the class name, and the
Danish translations are filed under those names.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.ui.pdf_marks import PdfMark


class _MarkNoteDialog(QDialog):
    """Edits the note of one mark: the quote (or page) above, the note below."""

    def __init__(self, mark: PdfMark, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("pdfMarkNoteDialog")
        self.setWindowTitle(self.tr("Edit Note"))
        if mark.is_point_note:
            about = self.tr("Your note on page {page}:").format(page=mark.page + 1)
        else:
            about = self.tr("Your note on \u201c{quote}\u201d (page {page}):").format(
                quote=mark.quote[:200], page=mark.page + 1
            )
        label = QLabel(about)
        label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlainText(mark.note)
        self.text.setAccessibleName(about)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(label)
        column.addWidget(self.text, 1)
        column.addWidget(buttons)
        self.resize(380, 220)


class _NoteEditor(QFrame):
    """A small editor for a point note, shown over the page where it was clicked."""

    #: The page, the point (in points) and the note typed; emitted on Save.
    saved = Signal(int, QPointF, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("pdfNoteEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("Your note (Ctrl+Enter saves, Esc cancels)"))
        self.text.setAccessibleName(self.tr("Your note on the page"))
        self.save_button = QPushButton(self.tr("Save note"), self)
        cancel = QPushButton(self.tr("Cancel"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.text, 1)
        column.addLayout(buttons)
        self.setFixedSize(260, 150)
        self._page = 0
        self._point = QPointF()
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.hide)
        self._add_key(QKeySequence("Ctrl+Return"), self.save)
        self._add_key(QKeySequence(Qt.Key.Key_Escape), self.hide)
        self.hide()

    def _add_key(self, key: QKeySequence, slot: Callable[[], object]) -> None:
        action = QAction(self)
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def open_at(self, page: int, point: QPointF, where: QPoint) -> None:
        """Show an empty editor at ``where`` (viewport pixels) for a note at ``point``."""
        self._page, self._point = page, QPointF(point)
        self.text.clear()
        parent = self.parentWidget()
        room = parent.size() if parent is not None else self.size()
        x = max(0, min(where.x(), room.width() - self.width()))
        y = max(0, min(where.y(), room.height() - self.height()))
        self.move(x, y)
        self.show()  # the viewport's last child: drawn above the pages
        self.text.setFocus()

    def save(self) -> None:
        """Close and emit `saved` unless the note is empty."""
        text = self.text.toPlainText().strip()
        self.hide()
        if text:
            self.saved.emit(self._page, self._point, text)
