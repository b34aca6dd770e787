"""The main window's status bar: a message that never runs into the meeting's facts.

Qt's status bar draws a passing message (a bilag's title, a sync result) up to
the first permanent widget and cuts it mid-letter, right against the meeting's
facts. Here the message is elided with "…" short of a fixed separator, and its
full text is the status bar's tooltip; the meeting's facts are an elided label
with their full text as tooltip too.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QStatusBar, QWidget

#: Pixels between the message's end and the first permanent widget (the separator).
MESSAGE_GAP = 12


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" to fit, the full text as tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""

    def set_full_text(self, text: str) -> None:
        """Show ``text``, elided when the label is narrower than it."""
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()

    def full_text(self) -> str:
        """The text before eliding."""
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Wide enough for the whole text."""
        width = self.fontMetrics().horizontalAdvance(self._full) + 2 * self.margin() + 4
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """A few characters: the rest is elided."""
        return QSize(self.fontMetrics().horizontalAdvance("M" * 8), super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Elide again for the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        if not self._full:  # the start's: the Qt namespace is not imported for nothing
            self.setText("")
            return
        from PySide6.QtCore import Qt

        metrics = self.fontMetrics()
        width = self.contentsRect().width() - 2 * self.margin()
        self.setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, width)))


def separator() -> QFrame:
    """A thin vertical line between the status bar's parts."""
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    line.setObjectName("statusSeparator")
    return line


class StatusLine(QStatusBar):
    """A status bar whose passing message is elided before the permanent widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messageChanged.connect(self._message_changed)

    def message_rect(self) -> QRect:
        """Where the passing message is drawn: up to the first permanent widget, less a gap."""
        from PySide6.QtCore import Qt

        right = self.width() - 12
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isVisible() and child.x() > 0:
                right = min(right, child.x() - MESSAGE_GAP)
        return QRect(6, 0, max(0, right - 6), self.height())

    def elided_message(self) -> str:
        """The passing message as drawn (with "…" when it is too long)."""
        from PySide6.QtCore import Qt

        return self.fontMetrics().elidedText(
            self.currentMessage(), Qt.TextElideMode.ElideRight, self.message_rect().width()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """The panel and the elided message (Qt's own would cut it mid-letter)."""
        if not self.currentMessage():
            super().paintEvent(event)
            return
        # Imported here: QStyle's type (made by PySide on first import, with 9 enum
        # classes) is not needed for the start's first paint, which has no message.
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QStyle, QStyleOption

        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(
            self.message_rect(),
            Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter,
            self.elided_message(),
        )

    def _message_changed(self, message: str) -> None:
        self.setToolTip(message)
