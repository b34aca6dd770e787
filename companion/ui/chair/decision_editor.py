"""The chair's decision (Beslutning) for the current item: numbered templates and free text.

The editor only shows and reports: the session controller saves what it
reports. Keys 1-4 (handled by the session view while the text does not have
the focus) apply the templates; Esc in the text hands the focus back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

#: How many templates get a button and a number key.
TEMPLATE_KEYS = 4


class DecisionText(QPlainTextEdit):
    """The free-text decision: Esc gives the focus back, leaving it flushes.

    Signals:
        escaped: Esc was pressed in the text.
        left: the text lost the focus.
    """

    escaped = Signal()
    left = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.escaped.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class DecisionEditor(QWidget):
    """Template buttons (the first four, numbered) above a free-text field.

    Signals:
        edited(text): the chair changed the decision (typing or a template).
        template_applied(text): a template replaced the text (save it at once).
        escaped: Esc in the text.
        left: the text lost the focus.
    """

    edited = Signal(str)
    template_applied = Signal(str)
    escaped = Signal()
    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionEditor")
        self._templates: list[str] = []
        self._loading = False
        heading = QLabel(self.tr("Decision"))
        heading.setObjectName("sessionHeading")
        self.save_state = QLabel()
        self.save_state.setObjectName("saveState")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.save_state)

        self.template_row = QHBoxLayout()
        self.template_row.setSpacing(6)
        self.template_buttons: list[QPushButton] = []
        for number in range(1, TEMPLATE_KEYS + 1):
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, index=number - 1: self.apply(index))
            self.template_buttons.append(button)
            self.template_row.addWidget(button)

        self.text = DecisionText()
        self.text.setObjectName("decisionText")
        self.text.setAccessibleName(self.tr("Decision"))
        self.text.setPlaceholderText(
            self.tr("Type the decision, or press 1-4 for a template (E or Enter to type here)")
        )
        self.text.setTabChangesFocus(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.text.setFixedHeight(92)
        self.text.textChanged.connect(self._text_changed)
        self.text.escaped.connect(self.escaped)
        self.text.left.connect(self.left)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(self.template_row)
        layout.addWidget(self.text)

    @property
    def templates(self) -> list[str]:
        """The wordings offered, best first (at most four)."""
        return list(self._templates)

    def set_templates(self, templates: list[str]) -> None:
        """Offer the first four of ``templates`` on the numbered buttons."""
        self._templates = templates[:TEMPLATE_KEYS]
        for index, button in enumerate(self.template_buttons):
            has_template = index < len(self._templates)
            button.setVisible(has_template)
            if has_template:
                button.setText(f"{index + 1}  {self._templates[index]}")
                # Style sheets pad buttons beyond Qt's size hint: never cut a wording short.
                button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 28)
                button.setToolTip(
                    self.tr('Record "{template}" as the decision (key {number})').format(
                        template=self._templates[index], number=index + 1
                    )
                )

    def set_text(self, text: str) -> None:
        """Show ``text`` without reporting it as edited."""
        self._loading = True
        try:
            self.text.setPlainText(text)
        finally:
            self._loading = False

    def decision(self) -> str:
        """The decision as typed, without surrounding blanks."""
        return self.text.toPlainText().strip()

    def apply(self, index: int) -> bool:
        """Replace the text with template ``index`` (0-based); False when there is none."""
        if not 0 <= index < len(self._templates):
            return False
        template = self._templates[index]
        self.set_text(template)
        self.template_applied.emit(template)
        return True

    def show_save_state(self, text: str, problem: bool) -> None:
        """Show how saving goes ("Saving...", "Saved", an error)."""
        self.save_state.setText(text)
        self.save_state.setProperty("problem", problem)
        self.save_state.style().unpolish(self.save_state)
        self.save_state.style().polish(self.save_state)

    def _text_changed(self) -> None:
        if not self._loading:
            self.edited.emit(self.decision())
