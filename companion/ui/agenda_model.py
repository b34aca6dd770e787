"""The agenda of one meeting as a Qt tree model: groups with their items.

Top-level rows are the groups; their children are the items. A flat agenda
(one group with no number and no title, as KD-Net's) shows its items at the
top level instead. Column 0 is "number title", column 1 the attachment count,
column 2 the member's stance on the item (a coloured letter).

The rows' data lives in Qt's own item model (a `QStandardItemModel`), filled
from the meeting when it is set and row by row when a mark, a stance or the
session's item changes: a paint of the tree then asks no Python code for its
cells (a Python ``data()`` behind every cell and role cost ~4 ms of the ~7 ms
of a paint of the agenda tree).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)

from companion.core.model import AgendaGroup, AgendaItem, Meeting
from companion.core.personal import STANCE_LABELS
from companion.core.revisions import NEW, UpdateMark
from companion.ui.meeting_list import NEW_COLOR, UPDATED_COLOR, dot_icon
from companion.ui.update_text import mark_text
from companion.ui.window_style import mixed, tones

ItemIdRole = Qt.ItemDataRole.UserRole + 1
IsGroupRole = Qt.ItemDataRole.UserRole + 2
#: The item's `UpdateMark` kind ("new" / "updated"), or None.
MarkRole = Qt.ItemDataRole.UserRole + 3
#: The member's stance on the item (one of `STANCE_COLORS`' keys), or None.
StanceRole = Qt.ItemDataRole.UserRole + 4
#: True for the item the session (the chair's, or the member following) is on now.
SessionItemRole = Qt.ItemDataRole.UserRole + 5

TITLE_COLUMN = 0
ATTACHMENT_COLUMN = 1
STANCE_COLUMN = 2
_COLUMN_COUNT = 3

_R = Qt.ItemDataRole
#: Every role the rows answer (the others are None), stored in each cell.
_ROLES = (
    _R.DisplayRole,
    _R.AccessibleTextRole,
    _R.AccessibleDescriptionRole,
    _R.DecorationRole,
    _R.FontRole,
    _R.ToolTipRole,
    _R.ForegroundRole,
    _R.BackgroundRole,
    _R.TextAlignmentRole,
    ItemIdRole,
    IsGroupRole,
    MarkRole,
    StanceRole,
    SessionItemRole,
)
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled

AnyIndex = QModelIndex | QPersistentModelIndex
#: How much of the success colour tints the row the session is on.
SESSION_TINT_SHARE = 0.15

# The icons' own colours (drawn on their own shapes, readable on any ground); the rows'
# text and tints come from the palette (`_palette_tone`).
_CLOSED_COLOR = QColor("#9a3412")
SESSION_COLOR = QColor("#1b7f4b")


def _palette_tone(name: str) -> QColor:
    """A row's colour from the application's palette (see `window_style.tones`)."""
    palette = QGuiApplication.palette()
    if name == "session_tint":
        base = palette.color(QPalette.ColorRole.Base)
        return mixed(base, tones(palette)["success"], SESSION_TINT_SHARE)
    return tones(palette)[name]


def _icon(draw: Callable[[QPainter], None]) -> QIcon:
    """A 32x32 icon drawn with ``draw`` on a 16x16 logical grid (crisp at 2x)."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(2, 2)
    draw(painter)
    painter.end()
    return QIcon(pixmap)


def _draw_paperclip(painter: QPainter) -> None:
    pen = QPen(QColor("#6b7480"), 1.4)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    path = QPainterPath()
    path.moveTo(10.5, 5.5)
    path.lineTo(10.5, 11.5)
    path.arcTo(6.5, 9.5, 4, 4, 0, -180)
    path.lineTo(6.5, 3.5)
    path.arcTo(6.5, 1.5, 6, 4, 180, -180)
    path.lineTo(12.5, 12.5)
    path.arcTo(4.5, 8.5, 8, 6.5, 0, -180)
    path.lineTo(4.5, 6)
    painter.drawPath(path)


def _draw_lock(painter: QPainter) -> None:
    painter.setPen(QPen(_CLOSED_COLOR, 1.5))
    painter.drawArc(5, 2, 6, 8, 0, 180 * 16)
    painter.drawLine(5, 6, 5, 7)
    painter.drawLine(11, 6, 11, 7)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_CLOSED_COLOR)
    painter.drawRoundedRect(3, 7, 10, 7, 1.5, 1.5)


@cache
def paperclip_icon() -> QIcon:
    """A grey paperclip: an item's attachments."""
    return _icon(_draw_paperclip)


@cache
def lock_icon() -> QIcon:
    """A red-brown lock: a closed (confidential) item."""
    return _icon(_draw_lock)


def _draw_now(painter: QPainter) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SESSION_COLOR)
    path = QPainterPath()
    path.moveTo(4, 2.5)
    path.lineTo(13, 8)
    path.lineTo(4, 13.5)
    path.closeSubpath()
    painter.drawPath(path)


@cache
def now_icon() -> QIcon:
    """A green "play" triangle: the item the meeting is on now."""
    return _icon(_draw_now)


#: The stances of `companion.core.personal.STANCES` in order, with their colours.
STANCE_COLORS = {
    "tiltraeder": "#2e7d32",
    "imod": "#c62828",
    "undlader": "#6b7480",
    "forbehold": "#b26a00",
    "oensker_droeftelse": "#1565c0",
    "ikke_taget_stilling": "#9aa1a8",
}


def stance_label(stance: str) -> str:
    """The Danish label of ``stance`` (the members' own word; the code itself if unknown)."""
    return STANCE_LABELS.get(stance, stance)


def stance_letter(stance: str) -> str:
    """The one-letter mark of ``stance`` in the tree: the first letter of its label."""
    return stance_label(stance)[:1].upper() or "?"


@cache
def stance_icon(stance: str) -> QIcon:
    """A coloured disc with the stance's letter (a hollow ring for "not decided")."""
    color = QColor(STANCE_COLORS.get(stance, "#9aa1a8"))
    letter = stance_letter(stance)
    hollow = stance == "ikke_taget_stilling"

    def draw(painter: QPainter) -> None:
        if hollow:
            painter.setPen(QPen(color, 1.4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
        painter.drawEllipse(QRectF(1.5, 1.5, 13, 13))
        font = QFont()
        font.setPixelSize(9)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(color if hollow else QColor("white"))
        painter.drawText(0, 0, 16, 16, int(Qt.AlignmentFlag.AlignCenter), letter)

    return _icon(draw)


@dataclass
class _Row:
    """A top-level row: a group with its items, or an item of a flat agenda."""

    group: AgendaGroup | None = None
    item: AgendaItem | None = None
    children: list[AgendaItem] = field(default_factory=list)


def _is_flat(group: AgendaGroup) -> bool:
    return not group.number and not group.title


def _label(number: str, title: str) -> str:
    return f"{number} {title}".strip()


def mark_icon(mark: UpdateMark) -> QIcon:
    """A blue dot for a new item, an amber one for an updated item."""
    return dot_icon((NEW_COLOR if mark.kind == NEW else UPDATED_COLOR).name())


class AgendaModel(QStandardItemModel):
    """The groups and items of one meeting (read-only for its users)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._meeting: Meeting | None = None
        self._rows: list[_Row] = []
        self._items: list[AgendaItem] = []
        self._marks: dict[str, UpdateMark] = {}
        self._stances: dict[str, str] = {}
        self._session_item_id: str | None = None
        self._closed_label = self.tr("Closed item")
        self._now_label = self.tr("The meeting is on this item now")
        self._empty_label = self.tr("No items in this group")
        self.setColumnCount(_COLUMN_COUNT)

    # -- loading ---------------------------------------------------------------

    @property
    def meeting(self) -> Meeting | None:
        """The meeting shown, or None."""
        return self._meeting

    def set_meeting(
        self, meeting: Meeting | None, marks: dict[str, UpdateMark] | None = None
    ) -> None:
        """Show ``meeting`` (None clears the model), flagging the items in ``marks``."""
        self.beginResetModel()  # one reset, not a signal per row while it is built
        blocked = self.blockSignals(True)
        self._meeting = meeting
        self._marks = dict(marks or {})
        self._stances = {}  # another meeting's: the owner sets this one's with set_stances
        self._session_item_id = None
        self._rows = []
        for group in meeting.groups if meeting else []:
            if _is_flat(group):
                self._rows += [_Row(item=item) for item in group.items]
            else:
                self._rows.append(_Row(group=group, children=list(group.items)))
        self._items = meeting.items if meeting else []
        try:
            self.setRowCount(0)
            self.setColumnCount(_COLUMN_COUNT)
            root = self.invisibleRootItem()
            for row in self._rows:
                cells = self._cells(row.item, row.group)
                for child in row.children:
                    cells[0].appendRow(self._cells(child, None))
                root.appendRow(cells)
        finally:
            self.blockSignals(blocked)
        self.endResetModel()

    def _cells(self, item: AgendaItem | None, group: AgendaGroup | None) -> list[QStandardItem]:
        """The row's three cells, with every role's data (see `_role_data`)."""
        cells = []
        for column in range(_COLUMN_COUNT):
            cell = QStandardItem()
            cell.setFlags(_ITEM_FLAGS if item is not None else _GROUP_FLAGS)
            for role, value in self._role_data(item, group, column).items():
                cell.setData(value, role)
            cells.append(cell)
        return cells

    def _role_data(
        self, item: AgendaItem | None, group: AgendaGroup | None, column: int
    ) -> dict[int, Any]:
        """The data of one cell: role -> value, the roles without a value left out."""
        data: dict[int, Any] = {}
        for role in _ROLES:
            if item is not None:
                value = self._item_data(item, column, role)
            else:
                value = self._group_data(group, column, role) if group else None
            if value is not None:
                data[int(role)] = value
        return data

    def _refresh_row(self, index: QModelIndex) -> None:
        """Recompute the cells of the row at ``index``; one ``dataChanged`` for the row."""
        item = self.item_at(index)
        group = None if item is not None else self._rows[index.row()].group
        blocked = self.blockSignals(True)
        try:
            for column in range(_COLUMN_COUNT):
                cell = index.siblingAtColumn(column)
                self.clearItemData(cell)
                self.setItemData(cell, self._role_data(item, group, column))
        finally:
            self.blockSignals(blocked)
        self.dataChanged.emit(index, index.siblingAtColumn(_COLUMN_COUNT - 1))

    def refresh_colours(self) -> None:
        """Recompute every row (the application's palette changed: the rows' tones follow)."""
        for row in range(self.rowCount()):
            top = self.index(row, 0)
            self._refresh_row(top)
            for child in range(self.rowCount(top)):
                self._refresh_row(self.index(child, 0, top))

    # -- update marks ----------------------------------------------------------

    def mark(self, item_id: str) -> UpdateMark | None:
        """The item's "new" or "updated" mark, or None."""
        return self._marks.get(item_id)

    def clear_mark(self, item_id: str) -> None:
        """Drop the item's mark (the member has read it)."""
        if self._marks.pop(item_id, None) is None:
            return
        index = self.index_of_item(item_id)
        if index.isValid():
            self._refresh_row(index)

    # -- stances ----------------------------------------------------------------

    def stance(self, item_id: str) -> str | None:
        """The member's stance on the item, or None."""
        return self._stances.get(item_id)

    def set_stances(self, stances: dict[str, str]) -> None:
        """Show the member's stances (item id -> stance) of the meeting shown."""
        changed = set(self._stances) | set(stances)
        self._stances = dict(stances)
        for item_id in changed:
            self._stance_changed(item_id)

    def set_stance(self, item_id: str, stance: str | None) -> None:
        """Show ``stance`` (None: none) for one item."""
        if stance is None:
            self._stances.pop(item_id, None)
        else:
            self._stances[item_id] = stance
        self._stance_changed(item_id)

    def _stance_changed(self, item_id: str) -> None:
        index = self.index_of_item(item_id)
        if index.isValid():
            self._refresh_row(index)  # the stance's cell and the title's description

    # -- the session's current item ------------------------------------------------

    @property
    def session_item_id(self) -> str | None:
        """The item the session is on now, or None (no session)."""
        return self._session_item_id

    def set_session_item(self, item_id: str | None) -> None:
        """Mark ``item_id`` as the item the meeting is on now (None: no mark)."""
        previous, self._session_item_id = self._session_item_id, item_id
        for changed in {previous, item_id} - {None}:
            index = self.index_of_item(str(changed))
            if index.isValid():
                self._refresh_row(index)

    # -- lookups ---------------------------------------------------------------

    @property
    def items(self) -> list[AgendaItem]:
        """Every item in agenda order."""
        return self._items

    def item_at(self, index: AnyIndex) -> AgendaItem | None:
        """The item at ``index`` (None for a group or an invalid index)."""
        if not index.isValid():
            return None
        parent = index.parent()
        if not parent.isValid():
            return self._rows[index.row()].item
        return self._rows[parent.row()].children[index.row()]

    def index_of_item(self, item_id: str) -> QModelIndex:
        """The column-0 index of the item with ``item_id`` (invalid if absent)."""
        for row, top in enumerate(self._rows):
            if top.item is not None and top.item.id == item_id:
                return self.index(row, 0)
            for child_row, child in enumerate(top.children):
                if child.id == item_id:
                    return self.index(child_row, 0, self.index(row, 0))
        return QModelIndex()

    def neighbour_item(self, item_id: str | None, step: int) -> AgendaItem | None:
        """The item ``step`` places from ``item_id`` in agenda order, clamped.

        With no current item, the first (step > 0) or last item.
        """
        if not self._items:
            return None
        ids = [item.id for item in self._items]
        if item_id not in ids:
            return self._items[0] if step > 0 else self._items[-1]
        position = min(max(ids.index(item_id) + step, 0), len(ids) - 1)
        return self._items[position]

    def first_item_at_or_after(self, index: AnyIndex, step: int) -> AgendaItem | None:
        """The nearest item from a group row in direction ``step`` (+1 or -1)."""
        if not index.isValid() or index.parent().isValid():
            return self.item_at(index)
        rows = range(index.row(), len(self._rows)) if step > 0 else range(index.row(), -1, -1)
        for row in rows:
            top = self._rows[row]
            candidates = [top.item] if top.item else top.children
            if row == index.row() and step < 0:
                candidates = []  # moving up from a group: its own items are below it
            if candidates:
                return candidates[0] if step > 0 else candidates[-1]
        return None

    # -- the cells' data ------------------------------------------------------

    def _item_data(self, item: AgendaItem, column: int, role: int) -> Any:
        if role == ItemIdRole:
            return item.id
        if role == IsGroupRole:
            return False
        now = item.id == self._session_item_id
        if role == SessionItemRole:
            return now
        if role == Qt.ItemDataRole.BackgroundRole and now:
            return QBrush(_palette_tone("session_tint"))
        if column == ATTACHMENT_COLUMN:
            return self._attachment_data(item, role)
        if column == STANCE_COLUMN:
            return self._stance_data(item, role)
        mark = self._marks.get(item.id)
        if role == MarkRole:
            return mark.kind if mark else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _label(item.number, item.title)  # the pane may cut it: whole for readers
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self._item_description(item, mark, now)
        if role == Qt.ItemDataRole.DecorationRole and now:
            return now_icon()
        if role == Qt.ItemDataRole.DecorationRole and not item.public:
            return lock_icon()
        if role == Qt.ItemDataRole.DecorationRole and mark:
            return mark_icon(mark)
        if role == Qt.ItemDataRole.FontRole and (mark or now):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [_label(item.number, item.title)]
            lines += [] if item.public else [self._closed_label]
            lines += [self._now_label] if now else []
            lines += [mark_text(mark)] if mark else []
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and not item.public:
            return QBrush(_palette_tone("problem"))
        return None

    def _item_description(self, item: AgendaItem, mark: UpdateMark | None, now: bool) -> str:
        """What a screen reader says after the item's title: its state, stance and bilag."""
        parts = [] if item.public else [self._closed_label]
        parts += [self._now_label] if now else []
        parts += [mark_text(mark)] if mark else []
        stance = self._stances.get(item.id)
        if stance is not None:
            parts.append(self.tr("Your position: {stance}").format(stance=stance_label(stance)))
        attachments = self._attachment_data(item, Qt.ItemDataRole.AccessibleTextRole)
        parts += [attachments] if attachments else []
        return "; ".join(parts)

    def _attachment_data(self, item: AgendaItem, role: int) -> Any:
        """The bilag in the package, and how many more the agenda names but did not deliver."""
        count = sum(1 for attachment in item.attachments if attachment.provided)
        missing = len(item.attachments) - count
        if role == Qt.ItemDataRole.DisplayRole:
            if missing:
                return f"{count}/{count + missing}"  # in the package / named by the agenda
            return str(count) if count else ""
        if role == Qt.ItemDataRole.DecorationRole and count:
            return paperclip_icon()
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole) and (
            count or missing
        ):
            present = (
                self.tr("1 attachment in the package")
                if count == 1
                else self.tr("{count} attachments in the package").format(count=count)
            )
            if not missing:
                return present
            return self.tr("{present}; {missing} not provided").format(
                present=present, missing=missing
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_palette_tone("muted"))
        return None

    def _stance_data(self, item: AgendaItem, role: int) -> Any:
        stance = self._stances.get(item.id)
        if role == StanceRole:
            return stance
        if stance is None:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return stance_icon(stance)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Your position: {stance}").format(stance=stance_label(stance))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return stance_label(stance)
        return None

    def _group_data(self, group: AgendaGroup, column: int, role: int) -> Any:
        if role == IsGroupRole:
            return True
        if column != TITLE_COLUMN:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _label(group.number, group.title)
        if role == Qt.ItemDataRole.ToolTipRole and group.items:
            return _label(group.number, group.title)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if not group.items and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_palette_tone("muted"))
        if not group.items and role == Qt.ItemDataRole.ToolTipRole:
            return self._empty_label
        return None
