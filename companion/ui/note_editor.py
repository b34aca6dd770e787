"""A small rich-text editor for the member's notes: bold and bullet lists.

The body is kept as the HTML of the `QTextDocument` (``toHtml()``), so lists and
bold survive a round trip through the personal store; plain text (from an
older note or an export) loads as well. Undo and redo are the editor's own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QKeyCombination, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QKeySequence, QTextListFormat
from PySide6.QtWidgets import QTextEdit, QWidget

BOLD_SHORTCUT = "Ctrl+B"
BULLET_SHORTCUT = "Ctrl+Shift+L"


def _key(keys: str) -> QKeyCombination:
    """The key combination of a one-key shortcut such as ``Ctrl+B``."""
    combination: QKeyCombination = QKeySequence(keys)[0]  # type: ignore[index]  # not in stubs
    return combination


def looks_like_html(body: str) -> bool:
    """Whether ``body`` is the HTML the editor writes (else it is plain text)."""
    start = body.lstrip()[:64].lower()
    return start.startswith(("<!doctype html", "<html"))


class NoteEditor(QTextEdit):
    """A note editor that tells when its text was changed by the member.

    Signals:
        edited: the member changed the text (not emitted by `set_body`).
        left: the editor lost the focus (the owner flushes pending saves).
    """

    edited = Signal()
    left = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(True)
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(placeholder)
        self.setTabChangesFocus(True)
        self._loading = False
        self.textChanged.connect(self._text_changed)
        self._formatting: dict[QKeyCombination, Callable[[], None]] = {
            _key(BOLD_SHORTCUT): self.toggle_bold,
            _key(BULLET_SHORTCUT): self.toggle_bullets,
        }
        self.setToolTip(
            self.tr("Bold: {bold}. Bulleted list: {bullets}.").format(
                bold=QKeySequence(BOLD_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText),
                bullets=QKeySequence(BULLET_SHORTCUT).toString(
                    QKeySequence.SequenceFormat.NativeText
                ),
            )
        )

    def set_body(self, body: str) -> None:
        """Show ``body`` (HTML or plain text) without emitting `edited`; clears undo."""
        self._loading = True
        try:
            if looks_like_html(body):
                self.setHtml(body)
            else:
                self.setPlainText(body)
            self.document().clearUndoRedoStacks()
            self.document().setModified(False)
        finally:
            self._loading = False

    def body(self) -> str:
        """The note as HTML, or "" when it holds no text."""
        if not self.document().toPlainText().strip() and not self._has_list():
            return ""
        return self.toHtml()

    def _has_list(self) -> bool:
        block = self.document().begin()
        while block.isValid():
            if block.textList() is not None:
                return True
            block = block.next()
        return False

    def toggle_bold(self) -> None:
        """Make the selection (or what is typed next) bold, or not bold."""
        bold = self.fontWeight() < QFont.Weight.Bold
        self.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)

    def toggle_bullets(self) -> None:
        """Turn the current paragraphs into a bulleted list, or back into paragraphs."""
        cursor = self.textCursor()
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is None:
            cursor.createList(QTextListFormat.Style.ListDisc)
        else:
            block = cursor.block()
            current.remove(block)
            block_format = cursor.blockFormat()
            block_format.setIndent(0)
            cursor.setBlockFormat(block_format)
        cursor.endEditBlock()

    def _text_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def event(self, event: QEvent) -> bool:
        """Keep the formatting keys for the editor, even if a window action has them."""
        if event.type() == QEvent.Type.ShortcutOverride and self._formatting_for(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._formatting_for(event)
        if action is None:
            super().keyPressEvent(event)
        else:
            action()
            event.accept()

    def _formatting_for(self, event: QEvent) -> Callable[[], None] | None:
        if not isinstance(event, QKeyEvent):
            return None
        return self._formatting.get(event.keyCombination())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()
