"""A grid of equal buttons that uses fewer columns when its width does not fit them all.

The position panel's six stance buttons sit three to a row; at a large text size
or in a narrow pane three no longer fit, and a plain `QGridLayout` would then
make the whole panel wider than its pane (which scrolls sideways and cuts the
fields below). This layout drops to two columns, then one, instead.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QGridLayout, QWidget


class ReflowGrid(QGridLayout):
    """Widgets placed row by row in at most ``most_columns`` columns, as many as fit."""

    def __init__(self, most_columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._most_columns = most_columns
        self._columns = most_columns
        self._widgets: list[QWidget] = []

    @property
    def columns(self) -> int:
        """How many columns the widgets are in now."""
        return self._columns

    def add(self, widget: QWidget) -> None:
        """Place ``widget`` after the others."""
        self._widgets.append(widget)
        count = len(self._widgets) - 1
        self.addWidget(widget, count // self._columns, count % self._columns)

    def columns_for(self, width: int) -> int:
        """The most columns (up to the limit) whose widgets fit in ``width`` pixels."""
        margins = self.contentsMargins()
        usable = width - margins.left() - margins.right()
        widest = max((widget.sizeHint().width() for widget in self._widgets), default=0)
        spacing = max(self.horizontalSpacing(), 0)
        fitting = (usable + spacing) // (widest + spacing) if widest else self._most_columns
        return max(1, min(self._most_columns, fitting))

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt's name)
        """As narrow as one column: the grid reflows rather than widening its pane."""
        margins = self.contentsMargins()
        widest = max((widget.minimumSizeHint().width() for widget in self._widgets), default=0)
        return QSize(widest + margins.left() + margins.right(), super().minimumSize().height())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt's name)
        columns = self.columns_for(rect.width())
        if columns != self._columns:
            self._place(columns)
        super().setGeometry(rect)

    def _place(self, columns: int) -> None:
        for widget in self._widgets:
            self.removeWidget(widget)
        for column in range(self._most_columns):
            self.setColumnStretch(column, 1 if column < columns else 0)
        self._columns = columns
        for count, widget in enumerate(self._widgets):
            self.addWidget(widget, count // columns, count % columns)
