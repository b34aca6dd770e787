"""A remark that could not be saved (a full disk) is kept and retried until it is saved,
whichever item the panel shows by then.

The disk is real: a small tmpfs mounted for the test (the suite runs as root) and filled
with a stand-in file until the kernel says ENOSPC, so SQLite's own writes fail with
"database or disk is full". Freeing the space is deleting that file.
"""

from __future__ import annotations

import errno
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from companion.core.personal import PersonalStore
from companion.ui.position_panel import PositionPanel
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import MEETING_2016_ID
from tests.ui.test_main_window import BOERNEHUS_ID, RAMMEPAPIR_ID

#: Room for an empty personal store and its WAL, not much more.
DISK_SIZE = "2m"
#: The first retry comes 2 s after the failure; leave room for a slow machine.
RETRY_TIMEOUT_MS = 20_000


class SmallDisk:
    """A tmpfs of `DISK_SIZE` at ``root``, filled and freed on request."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "filler.bin"  # a stand-in file: only its size matters

    def fill(self) -> None:
        """Write to the filler until the disk is full."""
        chunk = b"\0" * 4096
        with self.filler.open("ab", buffering=0) as output:
            while True:
                try:
                    output.write(chunk)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    return

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    root = tmp_path / "small-disk"
    root.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE}", "tmpfs", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert mounted.returncode == 0, f"a tmpfs is needed (run as root): {mounted.stderr}"
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "--lazy", str(root)], check=True)


def test_a_remark_not_saved_on_a_full_disk_is_saved_once_there_is_room_on_another_item(
    qtbot: QtBot, runner: TaskRunner, small_disk: SmallDisk
) -> None:
    path = small_disk.root / "personal.db"
    PersonalStore(path).close()
    panel = PositionPanel(runner, lambda: PersonalStore(path))
    qtbot.addWidget(panel)
    panel.show()
    panel.show_item(MEETING_2016_ID, RAMMEPAPIR_ID)
    qtbot.waitUntil(lambda: panel.ready, timeout=RETRY_TIMEOUT_MS)

    small_disk.fill()
    remark = "Spørg til økonomien i rammepapiret"
    panel.remark.setFocus()
    qtbot.keyClicks(panel.remark, remark)
    qtbot.waitUntil(lambda: panel.save_state.property("problem") is True, timeout=5000)
    assert panel.save_state.text().startswith("Not saved:")
    assert panel.save_state.text().endswith("— retrying")
    assert str(path) in panel.save_state.text()  # names the file it could not write
    assert remark in panel.save_state.toolTip()  # the member can see what is unsaved
    assert panel.copy_unsaved.isVisible()
    panel.copy_unsaved.click()
    assert QGuiApplication.clipboard().text() == remark

    panel.show_item(MEETING_2016_ID, BOERNEHUS_ID)  # the member moves on
    qtbot.wait(2500)  # a retry on the full disk fails again: still kept
    assert panel.item_id == BOERNEHUS_ID
    assert panel.has_pending
    assert panel.save_state.text().endswith("— retrying")

    small_disk.free()
    qtbot.waitUntil(
        lambda: not panel.has_pending and panel.save_state.text() == "Saved",
        timeout=RETRY_TIMEOUT_MS,
    )
    assert not panel.copy_unsaved.isVisible()
    assert panel.save_state.toolTip() == ""
    with PersonalStore(path) as store:
        position = store.position(MEETING_2016_ID, RAMMEPAPIR_ID)
    assert position is not None and position.remark == remark
