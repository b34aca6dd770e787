"""The agenda tree: groups and items, keyboard moves go from item to item."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from companion.core.model import AgendaItem, Meeting
from companion.core.revisions import UpdateMark
from companion.ui.agenda_model import (
    ATTACHMENT_COLUMN,
    STANCE_COLUMN,
    TITLE_COLUMN,
    AgendaModel,
)

_FORWARD = {
    QAbstractItemView.CursorAction.MoveDown,
    QAbstractItemView.CursorAction.MovePageDown,
    QAbstractItemView.CursorAction.MoveEnd,
    QAbstractItemView.CursorAction.MoveNext,
}


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
        """A new palette (a high-contrast theme turned on): the rows' tones follow it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.agenda_model.refresh_colours()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.agenda_model.item_at(current)
        if item is not None:
            self.item_selected.emit(item)
