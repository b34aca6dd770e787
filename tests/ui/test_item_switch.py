"""An item switch: one paint of the item view, no resize of it, no re-layout of the PDF pane.

Events are counted with an event filter on the real window (real library, real
personal store), from the switch until the item's highlights are loaded and the
window has painted what changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from companion.core.personal import PersonalStore
from companion.ui.main_window import MainWindow
from companion.ui.tasks import TaskRunner
from companion.ui.window_loading import LAST_ITEM_SAVE_DELAY_MS
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window

MEETING_2015_ID = "kkr-midtjylland-2015-04-20"
#: Time for the posted paints and layouts after the item's data has arrived.
SETTLE_MS = 100


class EventCounter(QObject):
    """Counts events of some types on some objects."""

    def __init__(self, watched: dict[str, QObject], types: set[QEvent.Type]) -> None:
        super().__init__()
        self._watched = watched
        self._types = types
        self.counts: dict[tuple[str, QEvent.Type], int] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in self._types:
            for name, candidate in self._watched.items():
                if watched is candidate:
                    key = (name, event.type())
                    self.counts[key] = self.counts.get(key, 0) + 1
        return False

    def count(self, name: str, event_type: QEvent.Type) -> int:
        """How many ``event_type`` events ``name`` received."""
        return self.counts.get((name, event_type), 0)

    def install(self) -> None:
        """Watch every watched object."""
        for candidate in self._watched.values():
            candidate.installEventFilter(self)

    def reset(self) -> None:
        """Start counting from zero."""
        self.counts.clear()


def switch_and_settle(qtbot: QtBot, window: MainWindow, step: int) -> str:
    """Step to the next item and wait until it, its highlights and the paints are done."""
    window.agenda_tree.step(step)
    item = window.agenda_tree.current_item
    assert item is not None
    qtbot.waitUntil(
        lambda: window.text_highlights.loaded_item_id == item.id, timeout=LOAD_TIMEOUT_MS
    )
    window._personal_runner.wait()  # the read mark's write, so its answer is in too
    qtbot.wait(SETTLE_MS)
    return item.id


def open_2015(qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path) -> MainWindow:
    """The window on the real 2015 agenda (its long items need the scroll bar), settled."""
    window = open_window(qtbot, runner, data_dir, config_dir)
    window.resize(1400, 860)
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):
        window.open_meeting(MEETING_2015_ID)
    switch_and_settle(qtbot, window, 0)
    return window


def test_an_item_switch_paints_the_item_view_once_and_never_resizes_it(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_2015(qtbot, runner, sample_data_dir, config_dir)
    view = window.item_view
    counter = EventCounter(
        {"view": view, "viewport": view.viewport()},
        {QEvent.Type.Paint, QEvent.Type.Resize},
    )
    counter.install()
    lengths = set()
    for step in (1, 1, 1, -1, -1, 1):  # long and short items, both ways
        counter.reset()
        item_id = switch_and_settle(qtbot, window, step)
        lengths.add(view.document().size().height() > view.viewport().height())
        assert view.item is not None and view.item.id == item_id
        assert counter.count("viewport", QEvent.Type.Paint) == 1, (item_id, counter.counts)
        assert counter.count("viewport", QEvent.Type.Resize) == 0, (item_id, counter.counts)
        assert counter.count("view", QEvent.Type.Resize) == 0, (item_id, counter.counts)
    assert lengths == {True}, "the switches must include items longer than the pane"


def test_an_item_switch_does_not_re_lay_out_the_pdf_viewer(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    """The 2016 meeting's items have 0, 0, 2 and 1 attachments: the list must not resize."""
    window = open_window(qtbot, runner, attachment_data_dir, config_dir)
    switch_and_settle(qtbot, window, 0)
    pane = window.attachment_pane
    counter = EventCounter({"pdf": pane.pdf_view, "list": pane.list}, {QEvent.Type.Resize})
    counter.install()
    rows = set()
    for step in (1, 1, 1, -1, -1, -1):
        item_id = switch_and_settle(qtbot, window, step)
        rows.add(pane.list.count())
        assert counter.count("pdf", QEvent.Type.Resize) == 0, item_id
        assert counter.count("list", QEvent.Type.Resize) == 0, item_id
    assert len(rows) >= 3, f"the items must list different numbers of rows: {rows}"


def test_coming_back_to_an_item_read_in_this_version_writes_no_read_mark(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_2015(qtbot, runner, sample_data_dir, config_dir)
    first = window.agenda_tree.current_item
    assert first is not None

    def read_at() -> str:
        with PersonalStore(sample_data_dir / "personal.db") as store:
            row = store._connection.execute(
                "SELECT read_at FROM read_marks WHERE item_id = ? AND attachment_id IS NULL",
                [first.id],
            ).fetchone()
        assert row is not None, "the item shown is marked read"
        return str(row[0])

    marked = read_at()
    switch_and_settle(qtbot, window, 1)
    assert switch_and_settle(qtbot, window, -1) == first.id
    assert read_at() == marked  # not written again


def test_switches_at_a_reading_pace_leave_the_settings_file_alone_until_a_pause(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    """Writing the file is an fsync on the GUI thread: the item is written once the member rests."""
    window = open_2015(qtbot, runner, sample_data_dir, config_dir)
    state_file = config_dir / "window-state.ini"
    qtbot.wait(LAST_ITEM_SAVE_DELAY_MS + 300)  # what the opening wrote
    before = state_file.stat().st_mtime_ns
    for _ in range(3):
        shown = switch_and_settle(qtbot, window, 1)
    assert state_file.stat().st_mtime_ns == before
    qtbot.waitUntil(lambda: shown in state_file.read_text(encoding="utf-8"), timeout=5000)
