"""The meeting chooser: the library's meetings, newest first, with their update dots.

The meetings are read off the GUI thread (`companion.ui.meeting_loading`).
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QWidget

from companion.ui.accessibility import name
from companion.ui.meeting_loading import OpenPersonal, read_versions

if TYPE_CHECKING:
    from companion.core.library import MeetingSummary
    from companion.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

MeetingIdRole = Qt.ItemDataRole.UserRole + 1
#: The highest version of the meeting the member read an item in (0: never opened).
ReadVersionRole = Qt.ItemDataRole.UserRole + 2

# Small dots beside the meeting (its words say it too): their own colours on any ground.
UPDATED_COLOR = QColor("#d97706")
NEW_COLOR = QColor("#2563eb")


@cache
def dot_icon(color: str) -> QIcon:
    """A small filled dot: the mark of something new or updated."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(9, 9, 14, 14)
    painter.end()
    return QIcon(pixmap)


def summary_label(summary: MeetingSummary) -> str:
    """``22-11-2016  KKR Midtjylland``: the date first, as members scan by date."""
    date = summary.start.strftime("%d-%m-%Y") if summary.start else ""
    return f"{date}  {summary.body}".strip()


class MeetingListModel(QAbstractListModel):
    """The library's meetings (newest first) as a list model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._meetings: list[MeetingSummary] = []
        self._read_versions: dict[str, int] = {}

    def set_meetings(self, meetings: list[MeetingSummary]) -> None:
        """Replace the list."""
        self.beginResetModel()
        self._meetings = list(meetings)
        self.endResetModel()

    def set_read_versions(self, read_versions: dict[str, int]) -> None:
        """Set, per meeting, the highest version the member read (marks new and updated)."""
        for meeting_id, version in read_versions.items():
            self._read_versions[meeting_id] = max(version, self._read_versions.get(meeting_id, 0))
        if self._meetings:
            self.dataChanged.emit(self.index(0), self.index(len(self._meetings) - 1))

    def note_read(self, meeting_id: str, version: int) -> None:
        """The member read an item of ``meeting_id`` in ``version``."""
        if version <= self._read_versions.get(meeting_id, 0):
            return
        self._read_versions[meeting_id] = version
        row = self.row_of(meeting_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row), self.index(row))

    def _mark(self, summary: MeetingSummary) -> str | None:
        """``"new"``, ``"updated"`` or None; unknown read state (not loaded yet): None."""
        read = self._read_versions.get(summary.id)
        if read is None:
            return None
        if read == 0:
            return "new"
        return "updated" if read < summary.version else None

    def _mark_label(self, summary: MeetingSummary, mark: str | None) -> str:
        if mark == "new":
            return self.tr("new")
        if mark == "updated":
            return self.tr("updated to version {n}").format(n=summary.version)
        return ""

    def _mark_tip(self, summary: MeetingSummary, mark: str | None) -> str:
        if mark == "new":
            return self.tr("You have not opened this meeting yet.")
        if mark == "updated":
            date = summary.imported_at.astimezone().strftime("%d-%m-%Y")
            return self.tr("Updated since you read it (version {n}, {date})").format(
                n=summary.version, date=date
            )
        return ""

    def meeting_id(self, row: int) -> str | None:
        """The id of the meeting on ``row``."""
        return self._meetings[row].id if 0 <= row < len(self._meetings) else None

    def row_of(self, meeting_id: str) -> int:
        """The row of ``meeting_id``, or -1."""
        ids = [summary.id for summary in self._meetings]
        return ids.index(meeting_id) if meeting_id in ids else -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._meetings)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._meetings):
            return None
        summary = self._meetings[index.row()]
        mark = self._mark(summary)
        if role == Qt.ItemDataRole.DisplayRole:
            count = summary.item_count
            items = (
                self.tr("1 item") if count == 1 else self.tr("{count} items").format(count=count)
            )
            parts = (summary_label(summary), items, self._mark_label(summary, mark))
            return "  \u00b7  ".join(part for part in parts if part)
        if role == Qt.ItemDataRole.DecorationRole and mark:
            return dot_icon((NEW_COLOR if mark == "new" else UPDATED_COLOR).name())
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = (summary.name, summary.location, self._mark_tip(summary, mark))
            return "\n".join(line for line in lines if line)
        if role == MeetingIdRole:
            return summary.id
        if role == ReadVersionRole:
            return self._read_versions.get(summary.id)
        return None


class MeetingChooser(QComboBox):
    """A combo box of meetings; emits ``meeting_chosen(id)`` when the member picks one."""

    meeting_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingList")
        self.setToolTip(self.tr("Meetings in your library (Ctrl+L)"))
        name(self, self.tr("Meeting"))
        self.list_model = MeetingListModel(self)
        self.setModel(self.list_model)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.currentIndexChanged.connect(self._index_changed)
        self._reading: tuple[TaskRunner, OpenPersonal] | None = None

    @property
    def current_meeting_id(self) -> str | None:
        """The id of the chosen meeting."""
        return self.list_model.meeting_id(self.currentIndex())

    def set_meetings(self, meetings: list[MeetingSummary]) -> None:
        """Fill the list without emitting ``meeting_chosen``."""
        self.blockSignals(True)
        self.list_model.set_meetings(meetings)
        self.setCurrentIndex(-1)
        self.blockSignals(False)
        self._load_read_versions([summary.id for summary in meetings])

    def track_reading(self, runner: TaskRunner, open_personal: OpenPersonal | None) -> None:
        """Mark new and updated meetings from the member's read marks (read on ``runner``)."""
        self._reading = (runner, open_personal) if open_personal is not None else None

    def note_read(self, meeting_id: str, version: int) -> None:
        """The member read an item of ``meeting_id`` in ``version``: update its mark."""
        self.list_model.note_read(meeting_id, version)

    def _load_read_versions(self, meeting_ids: list[str]) -> None:
        if self._reading is None or not meeting_ids:
            return
        runner, open_personal = self._reading
        runner.run(
            lambda: read_versions(open_personal, meeting_ids),
            self.list_model.set_read_versions,
            lambda error: log.warning("read marks not loaded: %s", error),
        )

    def choose(self, meeting_id: str) -> bool:
        """Select ``meeting_id`` (emits ``meeting_chosen``); False when not listed."""
        row = self.list_model.row_of(meeting_id)
        if row < 0:
            return False
        if row == self.currentIndex():
            self.meeting_chosen.emit(meeting_id)
        self.setCurrentIndex(row)
        return True

    def _index_changed(self, row: int) -> None:
        meeting_id = self.list_model.meeting_id(row)
        if meeting_id is not None:
            self.meeting_chosen.emit(meeting_id)
