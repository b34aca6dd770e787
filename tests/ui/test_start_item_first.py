"""A member who closed the window on an item sees it first, at its place, then the panes.

Real windows on a real library (the four sample meetings) and real settings files:
a first window is closed on an item (it saves the item and the sizes of the panes,
as a member's closing does); the next, deferred like the app's, must paint that
item in the reading frame before it makes the meeting list, the agenda and the
position panel, and must not move or change it when they come.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.app import create_window
from companion.ui.main_window import MainWindow
from companion.ui.settings import Settings
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import LOAD_TIMEOUT_MS
from tests.ui.test_start_item import MEETING_2015_ID, NEWEST_MEETING_ID, item_ids


def close_on_item(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path, item_id: str
) -> None:
    """Open a window, show ``item_id`` of the 2015 meeting and close the window."""
    window = create_window(runner, data_dir, config_dir)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.meeting_chooser.count() == 4, timeout=LOAD_TIMEOUT_MS)
    window.meeting_chooser.choose(MEETING_2015_ID)
    qtbot.waitUntil(lambda: window.agenda_tree.select_item(item_id), timeout=LOAD_TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: window.item_view.item is not None and window.item_view.item.id == item_id,
        timeout=LOAD_TIMEOUT_MS,
    )
    window.close()
    runner.wait(LOAD_TIMEOUT_MS)


class FirstItemPaint(QObject):
    """Notes, at the item view's first paint of an item, what the window had then."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.item_id: str | None = None
        self.panes_made = True
        self.place = QRect()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if self.item_id is None and event.type() == QEvent.Type.Paint:
            view = watched.parent() if isinstance(watched, QWidget) else None
            if view is not None and view.objectName() == "itemView" and view.item is not None:
                self.item_id = view.item.id
                self.panes_made = hasattr(self.window, "agenda_tree")
                self.place = item_place(self.window)
        return False


def item_place(window: MainWindow) -> QRect:
    """The item view's rectangle in the window's coordinates."""
    view = window.item_view
    return QRect(view.mapTo(window, QPoint(0, 0)), view.size())


def start_deferred(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> tuple[MainWindow, FirstItemPaint, list[str]]:
    """A window started as the app starts it; what its first item paint saw; errors shown."""
    window = create_window(runner, data_dir, config_dir, deferred=True)
    qtbot.addWidget(window)
    errors: list[str] = []
    window._show_error = lambda summary, details: errors.append(summary)  # no modal dialog
    first = FirstItemPaint(window)
    QApplication.instance().installEventFilter(first)
    try:
        window.show()
        qtbot.waitUntil(lambda: first.item_id is not None, timeout=LOAD_TIMEOUT_MS)
        qtbot.waitUntil(
            lambda: window._built and window.meeting_chooser.count() == 4, timeout=LOAD_TIMEOUT_MS
        )
        runner.wait(LOAD_TIMEOUT_MS)
        qtbot.wait(50)  # the answers that came last
    finally:
        QApplication.instance().removeEventFilter(first)
    return window, first, errors


def grab(window: MainWindow) -> QImage:
    return window.item_view.viewport().grab().toImage()


def test_the_item_is_painted_before_the_panes_are_made_and_stays_where_it_was(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    remembered = item_ids(sample_data_dir, MEETING_2015_ID)[4]
    close_on_item(qtbot, runner, sample_data_dir, config_dir, remembered)
    window, first, errors = start_deferred(qtbot, runner, sample_data_dir, config_dir)
    assert first.item_id == remembered
    assert not first.panes_made  # the meeting list, agenda and position panel came after
    # Then the panes took their places: the item did not move or change size ...
    assert item_place(window) == first.place
    assert window.agenda_tree.current_item is not None
    assert window.agenda_tree.current_item.id == remembered
    assert window.meeting_chooser.current_meeting_id == MEETING_2015_ID
    assert window.position_scroll.isVisible() and window.agenda_pane.isVisible()
    assert errors == []


def test_the_panes_showing_the_item_again_change_none_of_its_pixels(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    remembered = item_ids(sample_data_dir, MEETING_2015_ID)[4]
    close_on_item(qtbot, runner, sample_data_dir, config_dir, remembered)
    window = create_window(runner, sample_data_dir, config_dir, deferred=True)
    qtbot.addWidget(window)
    before: list[QImage] = []
    start_panes = window.start_panes

    def grab_then_start() -> None:  # the item is painted; the panes are about to be made
        before.append(grab(window))
        start_panes()

    window.start_panes = grab_then_start
    window.show()
    qtbot.waitUntil(lambda: bool(before) and window._built, timeout=LOAD_TIMEOUT_MS)
    runner.wait(LOAD_TIMEOUT_MS)
    qtbot.wait(50)
    assert window.item_view.item is not None and window.item_view.item.id == remembered
    assert grab(window) == before[0]


def test_without_saved_sizes_the_panes_are_made_before_the_item(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    """A remembered item but no layout (settings from before, or edited): the old order."""
    remembered = item_ids(sample_data_dir, MEETING_2015_ID)[2]
    state = Settings.load(config_dir).window_state
    state.last_meeting_id = MEETING_2015_ID
    state.set_last_item_id(MEETING_2015_ID, remembered)
    state.sync()
    window, first, errors = start_deferred(qtbot, runner, sample_data_dir, config_dir)
    assert first.item_id == remembered
    assert first.panes_made
    assert errors == []


def test_a_remembered_meeting_gone_since_the_window_closed_opens_the_newest(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    remembered = item_ids(sample_data_dir, MEETING_2015_ID)[1]
    close_on_item(qtbot, runner, sample_data_dir, config_dir, remembered)
    state = Settings.load(config_dir).window_state
    state.last_meeting_id = "kkr-midtjylland-1999-01-01"  # removed from the library since
    state.sync()
    window, first, errors = start_deferred(qtbot, runner, sample_data_dir, config_dir)
    assert first.item_id == item_ids(sample_data_dir, NEWEST_MEETING_ID)[0]
    assert first.panes_made  # nothing to show early: the panes, then the list's choice
    assert window.meeting_chooser.current_meeting_id == NEWEST_MEETING_ID
    assert errors == []


def test_a_remembered_item_gone_from_its_meeting_opens_the_first_item(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    close_on_item(
        qtbot, runner, sample_data_dir, config_dir, item_ids(sample_data_dir, MEETING_2015_ID)[3]
    )
    state = Settings.load(config_dir).window_state
    state.set_last_item_id(MEETING_2015_ID, f"{MEETING_2015_ID}/no-such-item")
    state.sync()
    window, first, errors = start_deferred(qtbot, runner, sample_data_dir, config_dir)
    assert first.item_id == item_ids(sample_data_dir, MEETING_2015_ID)[0]
    assert window.meeting_chooser.current_meeting_id == MEETING_2015_ID
    assert errors == []


def test_saved_sizes_that_do_not_fit_the_panes_make_them_first(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    """Sizes Qt cannot restore (another version's, a damaged file): the panes, then the item."""
    remembered = item_ids(sample_data_dir, MEETING_2015_ID)[2]
    close_on_item(qtbot, runner, sample_data_dir, config_dir, remembered)
    state = Settings.load(config_dir).window_state
    state.set_blob("mainSplitter", QByteArray(b"not a splitter state"))
    state.sync()
    window, first, errors = start_deferred(qtbot, runner, sample_data_dir, config_dir)
    assert first.item_id == remembered
    assert first.panes_made
    assert window.meeting_chooser.current_meeting_id == MEETING_2015_ID
    assert errors == []


def test_a_window_closed_in_session_mode_comes_back_in_it_without_the_item_first(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    """The chair's laptop restarted mid-meeting: the session view, not a reading frame."""
    remembered = item_ids(sample_data_dir, MEETING_2015_ID)[1]
    window = create_window(runner, sample_data_dir, config_dir)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.meeting_chooser.count() == 4, timeout=LOAD_TIMEOUT_MS)
    window.meeting_chooser.choose(MEETING_2015_ID)
    qtbot.waitUntil(lambda: window.agenda_tree.select_item(remembered), timeout=LOAD_TIMEOUT_MS)
    window.enter_session_mode()
    window.close()
    runner.wait(LOAD_TIMEOUT_MS)
    again = create_window(runner, sample_data_dir, config_dir, deferred=True)
    qtbot.addWidget(again)
    first = FirstItemPaint(again)
    QApplication.instance().installEventFilter(first)
    try:
        again.show()
        qtbot.waitUntil(lambda: in_session_view(again), timeout=LOAD_TIMEOUT_MS)
        qtbot.wait(100)
    finally:
        QApplication.instance().removeEventFilter(first)
    assert first.item_id is None or first.panes_made  # no reading frame shown first


def in_session_view(window: MainWindow) -> bool:
    view = getattr(window, "session_view", None)  # made with the reading frame
    return view is not None and window.stack.currentWidget() is view
