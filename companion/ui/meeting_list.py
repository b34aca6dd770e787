"""The meeting chooser, and loading meetings from the library off the GUI thread.

The library is opened per background task through an ``open_library``
callable (one `Library` instance per thread, as the library requires), so the
GUI thread never touches SQLite and ``companion.core.library`` (and
sqlite-utils) is imported only after the window is painted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QWidget

from companion.core.model import Meeting

if TYPE_CHECKING:
    from companion.core.library import Library, MeetingSummary

OpenLibrary = Callable[[], "Library"]
MeetingIdRole = Qt.ItemDataRole.UserRole + 1


@dataclass
class LoadedMeeting:
    """A meeting with the local paths of the files it names (sha256 -> path)."""

    meeting: Meeting
    files: dict[str, Path] = field(default_factory=dict)

    def path_of(self, sha256: str | None) -> Path | None:
        """The local file for ``sha256``, or None when the library lacks it."""
        return self.files.get(sha256) if sha256 else None


def list_meetings(open_library: OpenLibrary) -> list[MeetingSummary]:
    """The library's meetings, newest first (run in a background task)."""
    library = open_library()
    try:
        return library.meetings()
    finally:
        library.close()


def load_meeting(open_library: OpenLibrary, meeting_id: str) -> LoadedMeeting:
    """One meeting and its file paths (run in a background task)."""
    library = open_library()
    try:
        meeting = library.meeting(meeting_id)
        files = {}
        for ref in meeting.files():
            path = library.blob_path(ref.sha256)
            if path is not None:
                files[ref.sha256] = path
        return LoadedMeeting(meeting, files)
    finally:
        library.close()


def summary_label(summary: MeetingSummary) -> str:
    """``22-11-2016  KKR Midtjylland``: the date first, as members scan by date."""
    date = summary.start.strftime("%d-%m-%Y") if summary.start else ""
    return f"{date}  {summary.body}".strip()


class MeetingListModel(QAbstractListModel):
    """The library's meetings (newest first) as a list model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._meetings: list[MeetingSummary] = []

    def set_meetings(self, meetings: list[MeetingSummary]) -> None:
        """Replace the list."""
        self.beginResetModel()
        self._meetings = list(meetings)
        self.endResetModel()

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
        if role == Qt.ItemDataRole.DisplayRole:
            count = summary.item_count
            items = (
                self.tr("1 item") if count == 1 else self.tr("{count} items").format(count=count)
            )
            return f"{summary_label(summary)}  \u00b7  {items}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(part for part in (summary.name, summary.location) if part)
        if role == MeetingIdRole:
            return summary.id
        return None


class MeetingChooser(QComboBox):
    """A combo box of meetings; emits ``meeting_chosen(id)`` when the member picks one."""

    meeting_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingList")
        self.setToolTip(self.tr("Meetings in your library (Ctrl+L)"))
        self.list_model = MeetingListModel(self)
        self.setModel(self.list_model)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.currentIndexChanged.connect(self._index_changed)

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
