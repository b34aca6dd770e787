"""Show Changes: an item's old and new text inline, deletions struck, insertions marked.

A non-modal dialog over the window: a chooser of the older version to compare
with (by default the one the member read the item in, else the previous one),
a legend, and the diff in an `ItemView` so it reads like the item itself.
Older versions are loaded from the library in a background task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from companion.core.model import Meeting
from companion.core.revisions import (
    FIRST_CHANGE_ANCHOR,
    DiffLabels,
    diff_base_version,
    item_diff_html,
)
from companion.ui.item_view import ItemView
from companion.ui.meeting_loading import LoadedMeeting
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.library import Library

log = logging.getLogger(__name__)

OpenLibrary = Callable[[], "Library"]
DIALOG_SIZE = (820, 760)


def load_version(open_library: OpenLibrary, meeting_id: str, version: int) -> Meeting:
    """One stored version of a meeting (run in a background task)."""
    library = open_library()
    try:
        return library.meeting(meeting_id, version=version)
    finally:
        library.close()


class DiffDialog(QDialog):
    """The changes of one item between an older version and the one shown.

    Args:
        runner: loads older versions off the GUI thread.
        open_library: opens a `Library` (inside the task).
        current: the meeting as shown (the newer side).
        item_id: the item to compare.
        versions: the stored versions of the meeting.
        dates: version -> when it arrived (for the chooser).
        read_version: the version the member read the item in, if any.
        font_size: the reading font size, as in the item view.
    """

    diff_shown = Signal(int)  # the older version compared with

    def __init__(
        self,
        runner: TaskRunner,
        open_library: OpenLibrary,
        current: Meeting,
        item_id: str,
        versions: list[int],
        dates: dict[int, datetime],
        read_version: int | None = None,
        font_size: int = 11,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("diffDialog")
        self._runner = runner
        self._open_library = open_library
        self._current = current
        self._item_id = item_id
        self._loaded: dict[int, Meeting] = {}
        self._labels = self._translated_labels()
        self.shown_version: int | None = None
        item = current.item(item_id)
        title = f"{item.number} {item.title}".strip() if item else item_id
        self.setWindowTitle(self.tr("Changes in {item}").format(item=title))
        self.resize(*DIALOG_SIZE)
        self._init_widgets(versions, dates, font_size)
        base = diff_base_version(versions, current.version, read_version)
        if base is None:
            self.view.show_message(self.tr("There is no older version of this meeting."))
        else:
            self.version_box.setCurrentIndex(self.version_box.findData(base))

    def _translated_labels(self) -> DiffLabels:
        return DiffLabels(
            added_item=self.tr("This item is new in this version."),
            removed_item=self.tr("This item was removed in this version."),
            unchanged=self.tr("No changes in the text or the attachments."),
            attachments=self.tr("Attachments"),
            file_replaced=self.tr("file replaced"),
            file_added=self.tr("file added"),
            file_removed=self.tr("file removed"),
        )

    def _init_widgets(self, versions: list[int], dates: dict[int, datetime], size: int) -> None:
        self.version_box = QComboBox()
        self.version_box.setObjectName("diffVersion")
        for number in versions:
            if number < self._current.version:
                self.version_box.addItem(self._version_label(number, dates), number)
        self.version_box.setCurrentIndex(-1)
        self.version_box.currentIndexChanged.connect(self._version_chosen)
        compare = QLabel(self.tr("Compare &with:"))
        compare.setBuddy(self.version_box)
        current = self._version_label(self._current.version, dates)
        against = QLabel(self.tr("\u2192 {version} (shown)").format(version=current))
        legend = QLabel(
            self.tr(
                '<span style="color:#b42318; background-color:#fde8e7; '
                'text-decoration: line-through;">removed</span> \u00a0 '
                '<span style="color:#146c2e; background-color:#e3f5e6; '
                'text-decoration: underline;">added</span>'
            )
        )
        legend.setObjectName("diffLegend")
        bar = QHBoxLayout()
        for widget in (compare, self.version_box, against):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(legend)
        self.view = ItemView()
        self.view.set_font_size(size)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def _version_label(self, number: int, dates: dict[int, datetime]) -> str:
        date = dates.get(number)
        if date is None:
            return self.tr("version {n}").format(n=number)
        return self.tr("version {n} of {date}").format(
            n=number, date=date.astimezone().strftime("%d-%m-%Y %H:%M")
        )

    def _version_chosen(self, row: int) -> None:
        version = self.version_box.itemData(row)
        if version is None:
            return
        if version in self._loaded:
            self._show(version)
            return
        self.view.show_message(self.tr("Loading version {n}...").format(n=version))
        meeting_id = self._current.id
        self._runner.run(
            lambda: load_version(self._open_library, meeting_id, version),
            lambda meeting: self._version_loaded(version, meeting),
            self._load_failed,
        )

    def _version_loaded(self, version: int, meeting: Meeting) -> None:
        self._loaded[version] = meeting
        if self.version_box.currentData() == version:
            self._show(version)

    def _load_failed(self, error: Exception) -> None:
        log.warning("older version not loaded: %s", error)
        self.view.show_message(
            self.tr("The older version could not be loaded: {error}").format(error=error)
        )

    def _show(self, version: int) -> None:
        old = self._loaded[version].item(self._item_id)
        new = self._current.item(self._item_id)
        self.view.show_html(item_diff_html(old, new, self._labels))
        self.view.scrollToAnchor(FIRST_CHANGE_ANCHOR)
        self.shown_version = version
        self.diff_shown.emit(version)


def open_diff_dialog(
    parent: QWidget,
    runner: TaskRunner,
    open_library: OpenLibrary,
    loaded: LoadedMeeting,
    item_id: str,
    font_size: int,
) -> DiffDialog:
    """Show a non-modal `DiffDialog` for ``item_id`` of ``loaded``; return it."""
    dialog = DiffDialog(
        runner,
        open_library,
        loaded.meeting,
        item_id,
        loaded.versions,
        loaded.version_dates,
        loaded.read.get(item_id),
        font_size,
        parent,
    )
    dialog.show()
    return dialog
