"""An item switch in the position panel: no disabled phase when the read is quick,
the member's input held back until the new item's state is shown."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from companion.core.personal import PersonalStore
from companion.ui.position_panel import SLOW_READ_MS, PositionPanel
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import MEETING_2016_ID
from tests.ui.test_main_window import BOERNEHUS_ID, RAMMEPAPIR_ID

TIMEOUT_MS = 10_000


class EnabledChanges(QObject):
    """Counts the panel's enabled/disabled changes (each repaints all its controls)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.EnabledChange:
            self.count += 1
        return False


def panel_on(qtbot: QtBot, runner: TaskRunner, path: Path) -> PositionPanel:
    """A panel on a real personal store, showing Rammepapir's (empty) preparation."""
    panel = PositionPanel(runner, lambda: PersonalStore(path))
    qtbot.addWidget(panel)
    panel.show()
    panel.show_item(MEETING_2016_ID, RAMMEPAPIR_ID)
    qtbot.waitUntil(lambda: panel.ready, timeout=TIMEOUT_MS)
    return panel


def test_a_quick_read_shows_the_next_item_without_greying_the_panel(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        store.set_position(
            MEETING_2016_ID, BOERNEHUS_ID, stance="tiltraeder", remark="Godt forslag"
        )
    panel = panel_on(qtbot, runner, path)
    panel._slow_read.setInterval(60_000)  # a read "within a frame", however loaded the machine
    changes = EnabledChanges()
    panel.installEventFilter(changes)

    panel.show_item(MEETING_2016_ID, BOERNEHUS_ID)
    assert not panel.ready  # read in the background
    qtbot.waitUntil(lambda: panel.ready, timeout=TIMEOUT_MS)

    assert changes.count == 0  # was 2: disabled at the switch, enabled at the answer
    assert panel.remark.text() == "Godt forslag"
    assert panel.stance == "tiltraeder"


def test_input_while_the_item_is_read_is_held_back_and_saved_nowhere(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        store.set_position(MEETING_2016_ID, BOERNEHUS_ID, stance="imod", remark="Nej tak")
    panel = panel_on(qtbot, runner, path)
    panel.remark.setFocus()

    panel.show_item(MEETING_2016_ID, BOERNEHUS_ID)
    qtbot.keyClicks(panel.remark, "xyz")  # the field still shows Rammepapir's (empty) remark
    panel.set_stance("tiltraeder")  # Alt+2 before the state is in: ignored too
    assert panel.remark.text() == ""
    qtbot.waitUntil(lambda: panel.ready, timeout=TIMEOUT_MS)
    assert panel.remark.text() == "Nej tak"

    qtbot.keyClicks(panel.remark, "!")  # once shown, the member types as usual
    panel.flush()
    runner.wait()
    qtbot.waitUntil(lambda: not panel.has_pending, timeout=TIMEOUT_MS)
    with PersonalStore(path) as store:
        position = store.position(MEETING_2016_ID, BOERNEHUS_ID)
        assert position is not None
        assert (position.stance, position.remark) == ("imod", "Nej tak!")
        assert store.position(MEETING_2016_ID, RAMMEPAPIR_ID) is None


def test_a_slow_read_greys_the_panel_until_it_answers(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    path = tmp_path / "personal.db"
    slow = [False]

    def open_store() -> PersonalStore:  # a disk that answers late (on the runner's thread)
        if slow[0]:
            time.sleep(4 * SLOW_READ_MS / 1000)
        return PersonalStore(path)

    panel = PositionPanel(runner, open_store)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_item(MEETING_2016_ID, RAMMEPAPIR_ID)
    qtbot.waitUntil(lambda: panel.ready, timeout=TIMEOUT_MS)
    slow[0] = True

    panel.show_item(MEETING_2016_ID, BOERNEHUS_ID)
    qtbot.waitUntil(lambda: not panel.isEnabled(), timeout=TIMEOUT_MS)  # greyed while it waits
    assert not panel.ready
    qtbot.waitUntil(lambda: panel.ready, timeout=TIMEOUT_MS)
    assert panel.isEnabled()
