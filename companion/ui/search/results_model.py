"""The search results as a Qt model: meetings, each with its hits, painted by a delegate.

A model and a delegate, not a widget per row: a search that finds thousands of
hits costs the GUI thread a list of groups, and only the rows on screen are laid
out and painted (the rich text of a hit is laid out when it is painted or
measured, never for rows scrolled out of sight).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPainter,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from companion.core.search.index import Hit
from companion.ui.search.results import MeetingGroup, group_by_meeting, hit_html, meeting_heading

#: The `Hit` of a hit row (None for a meeting's heading).
HitRole = Qt.ItemDataRole.UserRole + 1
#: The rich text a hit row shows.
HtmlRole = Qt.ItemDataRole.UserRole + 2
#: Room around a hit's text, in pixels.
HIT_MARGIN = 4

_NO_PARENT = 0xFFFFFFFF  # internalId of a heading: it has no parent row
_Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractItemModel):
    """Two levels: a meeting's heading (newest meeting first), under it its hits in order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[MeetingGroup] = []

    def set_hits(self, hits: list[Hit]) -> None:
        """Show ``hits`` (best first), grouped by meeting."""
        self.beginResetModel()
        self._groups = group_by_meeting(hits)
        self.endResetModel()

    def clear(self) -> None:
        """Show nothing."""
        self.set_hits([])

    def hit_indexes(self) -> list[QModelIndex]:
        """Every hit row, in the order shown."""
        return [
            self.index(row, 0, self.index(group, 0))
            for group, found in enumerate(self._groups)
            for row in range(len(found.hits))
        ]

    # -- QAbstractItemModel

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of ``row`` under ``parent`` (a heading, or the root)."""
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return (
                self.createIndex(row, 0, _NO_PARENT) if row < len(self._groups) else QModelIndex()
            )
        if parent.internalId() != _NO_PARENT or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()].hits):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row())

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """A hit's heading; the root for a heading."""
        if not child.isValid() or child.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(int(child.internalId()), 0, _NO_PARENT)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Headings at the root, hits under a heading, nothing under a hit."""
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _NO_PARENT and parent.row() < len(self._groups):
            return len(self._groups[parent.row()].hits)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """One column."""
        return 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Hits can be chosen; a heading only shows."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _NO_PARENT:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The heading's text (bold), or a hit's title, `Hit` and rich text."""
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return meeting_heading(group)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        hit = self._groups[int(index.internalId())].hits[index.row()]
        if role == HitRole:
            return hit
        if role == HtmlRole:
            return hit_html(hit)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return hit.title
        return None


class ResultsView(QTreeView):
    """The results: a tree of meetings and hits whose rows are as high as their wrapped text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setItemDelegate(HitDelegate(self))

    def text_width(self) -> int:
        """How wide a hit's text is laid out: the viewport, less the indentation and margins."""
        return max(40, self.viewport().width() - self.indentation() - 2 * HIT_MARGIN)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay the rows out again: their height follows the width their text wraps to."""
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()


class HitDelegate(QStyledItemDelegate):
    """Paints a hit row's rich text (the snippet's hits marked), wrapped to the view's width."""

    def __init__(self, view: ResultsView) -> None:
        super().__init__(view)
        self._view = view

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(str(index.data(HtmlRole)))
        document.setTextWidth(self._view.text_width())
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # type: ignore[override]
        """The selection or hover background, then the rich text."""
        if index.data(HtmlRole) is None:
            super().paint(painter, option, index)
            return
        style_option = QStyleOptionViewItem(option)
        self.initStyleOption(style_option, index)
        style_option.text = ""
        widget = option.widget
        style = widget.style() if isinstance(widget, QWidget) else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, style_option, painter, widget)
        document = self._document(option, index)
        painter.save()
        rect = option.rect
        painter.translate(rect.left() + HIT_MARGIN, rect.top() + HIT_MARGIN)
        context = QAbstractTextDocumentLayout.PaintContext()
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # type: ignore[override]
        """As high as the wrapped text at the view's width."""
        if index.data(HtmlRole) is None:
            return super().sizeHint(option, index)
        document = self._document(option, index)
        return QSize(self._view.text_width(), int(document.size().height()) + 2 * HIT_MARGIN)
