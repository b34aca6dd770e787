"""The session's agenda list: mark, number and title in columns, wrapped titles hang.

A plain list row wraps its text back to the left edge, so a long title's second
line starts under the mark and the number. `SessionAgendaDelegate` paints each
row in three columns instead (the mark, the number, the title) and wraps the
title inside its own column, so every line of it starts where the title starts.
The row's text stays set too (tooltips, accessibility, tests read it).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

MarkRole = Qt.ItemDataRole.UserRole + 2
NumberRole = Qt.ItemDataRole.UserRole + 3
TitleRole = Qt.ItemDataRole.UserRole + 4

#: Padding around a row's text (matches the list's style sheet) and between columns.
PAD_X = 6
PAD_Y = 5
GAP = 6
WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

AnyIndex = QModelIndex | QPersistentModelIndex


class SessionAgendaDelegate(QStyledItemDelegate):
    """Paints a session agenda row as mark | number | title, the title wrapped in its column.

    Args:
        view: the list it paints (its width decides where titles wrap).
        marks: every mark a row can show (the mark column fits the widest).
    """

    def __init__(self, view: QListWidget, marks: list[str]) -> None:
        super().__init__(view)
        self._view = view
        self._marks = marks
        self._numbers: list[str] = []

    def set_numbers(self, numbers: list[str]) -> None:
        """The item numbers of the meeting: the number column fits the widest."""
        self._numbers = list(numbers)
        self._view.doItemsLayout()

    def columns(self, rect: QRect) -> tuple[QRect, QRect, QRect]:
        """The mark, number and title rectangles inside a row's ``rect``.

        The columns are measured in the list's font made bold (the current item's
        row is bold), so every row's title starts at the same place.
        """
        font = QFont(self._view.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        mark_width = max((metrics.horizontalAdvance(mark) for mark in self._marks), default=0)
        number_width = max((metrics.horizontalAdvance(n) for n in self._numbers), default=0)
        inner = rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        mark = QRect(inner.left(), inner.top(), mark_width, inner.height())
        number = QRect(mark.right() + 1 + GAP, inner.top(), number_width, inner.height())
        title_left = number.right() + 1 + 2 * GAP
        title = QRect(
            title_left, inner.top(), max(inner.right() + 1 - title_left, 1), inner.height()
        )
        return mark, number, title

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        """The row's background (selection) by the style, then the three columns."""
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        styled.text = ""
        style = self._view.style() or QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, styled, painter, self._view)
        mark, number, title = self.columns(styled.rect)
        painter.save()
        painter.setFont(styled.font)
        painter.setPen(styled.palette.color(styled.palette.ColorRole.Text))
        painter.drawText(mark, WRAP, str(index.data(MarkRole) or ""))
        painter.drawText(number, WRAP, str(index.data(NumberRole) or ""))
        painter.drawText(title, WRAP, str(index.data(TitleRole) or ""))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        """As tall as the title wrapped in its column at the list's width."""
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        metrics = QFontMetrics(styled.font)
        width = self._view.viewport().width()
        _mark, _number, title = self.columns(QRect(0, 0, width, 1000))
        text = str(index.data(TitleRole) or "")
        height = metrics.boundingRect(title, WRAP, text).height()
        return QSize(width, max(height, metrics.height()) + 2 * PAD_Y)
