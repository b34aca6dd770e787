"""The start opens on the item the member had open, as the app starts it (a deferred window).

Real window, real library (the four sample meetings) and real settings files; the
window is deferred like the app's: it builds its panes after its first paint.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.core.model import AgendaItem
from companion.ui.app import create_window
from companion.ui.attachment_pane import AGENDA_ROW_KEY, AttachmentPane
from companion.ui.main_window import MainWindow
from companion.ui.meeting_loading import LoadedMeeting
from companion.ui.settings import Settings
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import LOAD_TIMEOUT_MS

MEETING_2015_ID = "kkr-midtjylland-2015-04-20"
#: The newest sample meeting: the one a fresh account opens on.
NEWEST_MEETING_ID = "kkr-midtjylland-2020-02-05"


def remember(config_dir: Path, meeting_id: str, item_id: str) -> None:
    """Write the window state as a closed window leaves it."""
    state = Settings.load(config_dir).window_state
    state.last_meeting_id = meeting_id
    state.set_last_item_id(meeting_id, item_id)
    state.sync()


def item_ids(data_dir: Path, meeting_id: str) -> list[str]:
    """The ids of ``meeting_id``'s items, in agenda order (read from the library)."""
    from companion.core.library import Library

    with Library(data_dir) as library:
        return [item.id for item in library.meeting(meeting_id).items]


def start_app_window(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> tuple[MainWindow, list[str], list[str]]:
    """Show a deferred window and wait for its first item; the items shown and errors shown."""
    window = create_window(runner, data_dir, config_dir, deferred=True)
    qtbot.addWidget(window)
    errors: list[str] = []
    window._show_error = lambda summary, details: errors.append(summary)  # no modal dialog
    shown: list[str] = []
    show_item = window._show_item

    def showing(item: AgendaItem) -> None:  # connected when the panes are built
        shown.append(item.id)
        show_item(item)

    window._show_item = showing
    window.show()
    qtbot.waitUntil(
        lambda: window._built and window.item_view.item is not None, timeout=LOAD_TIMEOUT_MS
    )
    runner.wait(LOAD_TIMEOUT_MS)
    qtbot.wait(50)  # the list's answer, if it came last
    return window, shown, errors


def test_the_window_opens_on_the_item_open_last_time(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    remembered = item_ids(sample_data_dir, MEETING_2015_ID)[4]
    remember(config_dir, MEETING_2015_ID, remembered)
    window, shown, errors = start_app_window(qtbot, runner, sample_data_dir, config_dir)
    assert shown == [remembered]  # the first item on screen, and no other before it
    assert window.item_view.item is not None and window.item_view.item.id == remembered
    assert window.meeting_chooser.current_meeting_id == MEETING_2015_ID
    assert window.meeting_chooser.count() == 4
    assert errors == []


def test_the_remembered_meeting_is_loaded_as_the_window_starts_not_after_the_list(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    remember(config_dir, MEETING_2015_ID, item_ids(sample_data_dir, MEETING_2015_ID)[0])
    window = create_window(runner, sample_data_dir, config_dir, deferred=False)
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert window.meeting_chooser.count() == 0  # the list has not answered yet
    assert window._meeting_task is not None  # ... and the meeting is already on its way


def test_a_remembered_item_that_is_gone_opens_the_meetings_first_item(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    remember(config_dir, MEETING_2015_ID, f"{MEETING_2015_ID}/no-such-item")
    window, shown, errors = start_app_window(qtbot, runner, sample_data_dir, config_dir)
    first = item_ids(sample_data_dir, MEETING_2015_ID)[0]
    assert shown == [first]
    assert window.meeting_chooser.current_meeting_id == MEETING_2015_ID
    assert errors == []


def test_a_remembered_meeting_that_is_gone_opens_the_newest_meeting_without_an_error(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    remember(config_dir, "kkr-midtjylland-1999-01-01", "kkr-midtjylland-1999-01-01/1")
    window, shown, errors = start_app_window(qtbot, runner, sample_data_dir, config_dir)
    assert shown == [item_ids(sample_data_dir, NEWEST_MEETING_ID)[0]]
    assert window.meeting_chooser.current_meeting_id == NEWEST_MEETING_ID
    assert errors == []
    assert Settings.load(config_dir).window_state.last_meeting_id == NEWEST_MEETING_ID


def test_a_fresh_account_opens_on_the_newest_meetings_first_item(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window, shown, errors = start_app_window(qtbot, runner, sample_data_dir, config_dir)
    assert shown == [item_ids(sample_data_dir, NEWEST_MEETING_ID)[0]]
    assert window.meeting_chooser.current_meeting_id == NEWEST_MEETING_ID
    assert errors == []


class ItemPaints(QObject):
    """Notes, app-wide, when the item view first paints an item."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            view = watched.parent()
            if view is not None and view.objectName() == "itemView" and view.item is not None:
                self.painted = True
        return False


def test_the_attachments_come_after_the_item_is_on_screen(
    qtbot: QtBot,
    runner: TaskRunner,
    attachment_data_dir: Path,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PyMuPDF's import and the agenda's pages wait until the item is painted, then come."""
    paints = ItemPaints()
    QApplication.instance().installEventFilter(paints)
    given: list[bool] = []  # for each meeting given to the pane: was the item painted before?
    set_meeting = AttachmentPane.set_meeting

    def spy(pane: AttachmentPane, loaded: LoadedMeeting | None) -> None:
        if loaded is not None:
            given.append(paints.painted)
        set_meeting(pane, loaded)

    monkeypatch.setattr(AttachmentPane, "set_meeting", spy)
    try:
        window, shown, errors = start_app_window(qtbot, runner, attachment_data_dir, config_dir)
        qtbot.waitUntil(lambda: window.attachment_pane.shown_key is not None, timeout=5000)
    finally:
        QApplication.instance().removeEventFilter(paints)
    assert given == [True]
    assert window.attachment_pane.shown_key == AGENDA_ROW_KEY  # item 1.1 has no bilag
    assert errors == []
