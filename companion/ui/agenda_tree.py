"""The agenda tree: groups and items, keyboard moves go from item to item.

Its look (the sidebar's ground, the selected row's colours, the row padding and
a frame in the highlight colour while it has the focus) comes from its palette,
frame and delegate, not from the window's style sheet: a rule that applies to an
item view makes every cell paint through the style sheet.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFocusEvent, QGuiApplication, QPalette, QRegion, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from companion.core.model import AgendaItem, Meeting
from companion.core.revisions import UpdateMark
from companion.ui.agenda_model import (
    ATTACHMENT_COLUMN,
    STANCE_COLUMN,
    TITLE_COLUMN,
    AgendaModel,
)
from companion.ui.window_style import FOCUS_WIDTH, sidebar_colours

#: Room around a row's text and icons, as the style sheet's ``padding: 3px 2px`` gave.
ROW_PADDING = QSize(4, 6)

_FORWARD = {
    QAbstractItemView.CursorAction.MoveDown,
    QAbstractItemView.CursorAction.MovePageDown,
    QAbstractItemView.CursorAction.MoveEnd,
    QAbstractItemView.CursorAction.MoveNext,
}


class _PaddedRows(QStyledItemDelegate):
    """Rows with some room around them (asked once per layout, not at each paint)."""

    def sizeHint(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return super().sizeHint(option, index) + ROW_PADDING


class _Ring(QWidget):
    """A band of ``width`` pixels in one colour over the edge of its parent.

    A child filling its parent, cut by a mask to its outer band and filled with its
    palette's Window colour (no paint code of its own).
    """

    def __init__(self, parent: QWidget, width: int) -> None:
        super().__init__(parent)
        self._width = width
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAutoFillBackground(True)

    def fit(self) -> None:
        """Cover the parent's edge."""
        parent = self.parentWidget()
        assert parent is not None
        outer = parent.rect()
        self.setGeometry(outer)
        width = self._width
        inner = outer.adjusted(width, width, -width, -width)
        self.setMask(QRegion(outer).subtracted(QRegion(inner)))

    def set_colour(self, colour: QColor) -> None:
        """Fill the band with ``colour``."""
        palette = self.palette()
        if palette.color(QPalette.ColorRole.Window) != colour:
            palette.setColor(QPalette.ColorRole.Window, colour)
            self.setPalette(palette)


class AgendaTree(QTreeView):
    """Shows an `AgendaModel`; emits ``item_selected`` with the current item."""

    item_selected = Signal(object)  # AgendaItem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaTree")
        self.setAccessibleName(self.tr("Agenda"))
        self.agenda_model = AgendaModel(self)
        self.setModel(self.agenda_model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIndentation(14)
        self.setItemDelegate(_PaddedRows(self))
        # The frame keeps the room for the focus frame; a band over it paints it, in
        # the sidebar's ground or, while the tree has the focus, the highlight colour
        # (a plain frame would take the branch arrows' colour).
        self.setFrameStyle(QFrame.Shape.Box | QFrame.Shadow.Plain)
        self.setLineWidth(FOCUS_WIDTH)
        self.focus_ring = _Ring(self, FOCUS_WIDTH)
        self._colours: tuple[str, ...] = ()
        self._show_look()
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ATTACHMENT_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STANCE_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    @property
    def current_item(self) -> AgendaItem | None:
        """The item the cursor is on."""
        return self.agenda_model.item_at(self.currentIndex())

    def set_meeting(
        self, meeting: Meeting | None, marks: dict[str, UpdateMark] | None = None
    ) -> None:
        """Show the agenda of ``meeting``, every group expanded, nothing selected.

        Items in ``marks`` are flagged "new" or "updated" until `clear_mark`.
        """
        self.agenda_model.set_meeting(meeting, marks)
        self.expandAll()

    def clear_mark(self, item_id: str) -> None:
        """Drop the "new"/"updated" flag of ``item_id`` (the member read it)."""
        self.agenda_model.clear_mark(item_id)

    def select_item(self, item_id: str) -> bool:
        """Make the item with ``item_id`` current; False when it is not in the agenda."""
        index = self.agenda_model.index_of_item(item_id)
        if not index.isValid():
            return False
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)
        return True

    def step(self, offset: int) -> None:
        """Move to the item ``offset`` places away in agenda order."""
        current = self.current_item
        target = self.agenda_model.neighbour_item(current.id if current else None, offset)
        if target is not None:
            self.select_item(target.id)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Like QTreeView, but never stop on a group row: go on to an item."""
        index = super().moveCursor(cursorAction, modifiers)
        if not index.isValid() or self.agenda_model.item_at(index) is not None:
            return index
        step = 1 if cursorAction in _FORWARD else -1
        item = self.agenda_model.first_item_at_or_after(index, step)
        item = item or self.agenda_model.first_item_at_or_after(index, -step)  # at an end
        if item is None:
            return self.currentIndex()
        return self.agenda_model.index_of_item(item.id)

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (a high-contrast theme turned on): the look and rows' tones follow it."""
        super().changeEvent(event)
        palettes = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in palettes and self._show_look():  # not the tree's own colours
            self.agenda_model.refresh_colours()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._show_look()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show_look()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.focus_ring.fit()

    def _show_look(self) -> bool:
        """The sidebar's colours and the focus frame's from the application's palette.

        Returns whether they changed (not the tree's own palette change).
        """
        palette = QGuiApplication.palette()
        sidebar, selected, selected_text = sidebar_colours(palette)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        colours = tuple(c.name() for c in (sidebar, selected, selected_text, highlight))
        changed = colours != self._colours
        self._colours = colours  # before setPalette: the PaletteChange it sends is ours
        own = self.palette()
        wanted = {
            QPalette.ColorRole.Base: sidebar,
            QPalette.ColorRole.Highlight: selected,
            QPalette.ColorRole.HighlightedText: selected_text,
        }
        if any(own.color(role) != colour for role, colour in wanted.items()):
            for role, colour in wanted.items():
                own.setColor(role, colour)
            self.setPalette(own)
        self.focus_ring.set_colour(highlight if self.hasFocus() else sidebar)
        return changed

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.agenda_model.item_at(current)
        if item is not None:
            self.item_selected.emit(item)
