"""Find in the item text: every match tinted, Enter / Shift+Enter step, Esc closes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from companion.ui.accessibility import name, name_clear_button
from companion.ui.item_view import ItemView
from companion.ui.window_style import themed

_NO_MATCH_STYLE = "QLineEdit { background: @problem_tint; border: 2px solid @problem; }"


class FindBar(QWidget):
    """A slim bar under the item view that searches the shown item."""

    def __init__(self, view: ItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._view = view
        self.field = QLineEdit()
        self.field.setObjectName("findField")
        self.field.setPlaceholderText(self.tr("Find in item"))
        self.field.setClearButtonEnabled(True)
        name(self.field, self.tr("Find in item"))
        name_clear_button(self.field)
        self.field.installEventFilter(self)
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        self.status.setMinimumWidth(90)
        self.previous_button = self._button("\u2191", self.tr("Previous match (Shift+Enter)"))
        self.next_button = self._button("\u2193", self.tr("Next match (Enter)"))
        self.close_button = self._button("\u2715", self.tr("Close (Esc)"))
        name(self.previous_button, self.tr("Previous match"))
        name(self.next_button, self.tr("Next match"))
        name(self.close_button, self.tr("Close the find bar"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.status)
        layout.addWidget(self.close_button)
        self.field.textChanged.connect(self._search)
        self.previous_button.clicked.connect(lambda: self.find_next(backward=True))
        self.next_button.clicked.connect(lambda: self.find_next())
        self.close_button.clicked.connect(self.close_bar)
        self.match_count = 0
        self.hide()

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def open_bar(self) -> None:
        """Show the bar with the field focused and its text selected."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        """Hide the bar, drop the highlights and give the focus back to the view."""
        self._view.clear_find()
        self.hide()
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        """Search again (after the view shows another item)."""
        if self.isVisible():
            self._search(self.field.text())

    def find_next(self, backward: bool = False) -> bool:
        """Select the next (or previous) match."""
        text = self.field.text()
        return bool(text) and self._view.find_next(text, backward)

    def _search(self, text: str) -> None:
        self.match_count = self._view.highlight_all(text)
        no_match = bool(text) and self.match_count == 0
        self.field.setStyleSheet(themed(_NO_MATCH_STYLE, self.palette()) if no_match else "")
        if not text:
            self.status.setText("")
        elif no_match:
            self.status.setText(self.tr("No matches"))
        else:
            count = self.match_count
            self.status.setText(
                self.tr("1 match") if count == 1 else self.tr("{count} matches").format(count=count)
            )
            self._view.moveCursor(QTextCursor.MoveOperation.Start)
            self._view.find_next(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                backward = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.find_next(backward=backward)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
