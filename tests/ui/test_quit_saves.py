"""Words typed just before the app is told to end are saved: SIGTERM (a logout, a
shutdown, `kill`) right after typing, before the pause that starts a save has passed.

A child process runs the real window offscreen with the app's `QuitGuard`, types a
remark, says so, and runs the event loop; the test sends SIGTERM at once, waits for
the child to end and opens the personal store. The child ends with `os._exit` once its
event loop returns, so only what the quit itself saved counts (a teardown that happens
to flush a widget proves nothing).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from companion.core.personal import PersonalStore
from companion.ui.app import PERSONAL_DB

WINDOW = """
import json, os, sys, time
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from companion.ui.app import create_window
from companion.ui.shutdown import QuitGuard
from companion.ui.tasks import TaskRunner

data, config = Path(sys.argv[1]), Path(sys.argv[2])
app = QApplication([])
runner = TaskRunner()
window = create_window(runner, data, config, seed=True)
window.show()
window.start()
guard = QuitGuard(app, window)
panel = window.position_panel
deadline = time.monotonic() + 60
while not (panel.item_id and panel.ready):
    if time.monotonic() > deadline:
        sys.exit("no item shown")
    QTest.qWait(10)
meeting_id = window.agenda_tree.agenda_model.meeting.id
panel.remark.setFocus()
QTest.keyClicks(panel.remark, "Husk at spørge til tidsplanen")
assert panel.has_pending  # the save waits for the pause after typing
print(json.dumps([meeting_id, panel.item_id, panel.remark.text()]), flush=True)
code = app.exec()
print("ended", code, flush=True)
os._exit(code)  # no teardown: what the quit saved is all there is
"""


def test_a_remark_typed_just_before_sigterm_is_saved(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(data), str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stderr is not None
        line = child.stdout.readline()
        assert line, child.stderr.read()
        child.send_signal(signal.SIGTERM)  # at once: before the 300 ms pause ends
        meeting_id, item_id, remark = json.loads(line)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
    assert child.returncode == 0, err
    assert out.startswith("ended 0"), err  # the event loop ended by the quit, not the signal
    with PersonalStore(data / PERSONAL_DB) as store:
        position = store.position(meeting_id, item_id)
    assert position is not None and position.remark == remark
