"""The main window fits the screen it opens on, down to a 1280x720 laptop.

Each check runs the real window in a child process on Qt's offscreen platform
with a screen layout file (one screen of the size under test), on the shipped
sample meetings, and reports where its key widgets landed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Opens the window on the screen, optionally with a saved geometry, and reports.
WINDOW_ON_SCREEN = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QByteArray, QCoreApplication, QRect
from PySide6.QtWidgets import QApplication, QToolButton
app = QApplication([])
from companion.ui.app import create_window
from companion.ui.settings import Settings
from companion.ui.tasks import TaskRunner

data_dir, config_dir, saved, shot = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
if saved:
    settings = Settings.load(config_dir)
    settings.window_state.set_blob("geometry", QByteArray.fromBase64(saved.encode()))
    settings.sync()
runner = TaskRunner()
window = create_window(runner, data_dir, config_dir, seed=False)
window.show()
window.start()
deadline = time.monotonic() + 30
while window.agenda_tree.current_item is None or window.busy_bar.isVisible():
    if time.monotonic() > deadline:
        raise SystemExit("the sample meeting did not open")
    app.processEvents()
    time.sleep(0.01)
for _ in range(20):
    app.processEvents()
    time.sleep(0.01)
available = window.screen().availableGeometry()

def place(widget):
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    shown = widget.visibleRegion().boundingRect()
    return {
        "visible": widget.isVisible(),
        "global": [top_left.x(), top_left.y(), widget.width(), widget.height()],
        "unclipped": shown == widget.rect() and not widget.rect().isEmpty(),
    }

pdf_toolbar = window.attachment_pane.pdf_view._toolbar
tools = {
    button.defaultAction().text() if button.defaultAction() else button.text(): place(button)
    for button in pdf_toolbar.findChildren(QToolButton)
    if button.isVisibleTo(pdf_toolbar)
}
if shot:
    window.grab().save(shot)
from PySide6.QtWidgets import QScrollArea

def reachable(widget):
    # unclipped once its scroll area (if any) scrolled to it: the member can get there
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is None:
        return place(widget)["unclipped"]
    parent.ensureWidgetVisible(widget)
    for _ in range(5):
        app.processEvents()
    return place(widget)["unclipped"]

sideways = [
    area.objectName() or type(area.widget()).__name__
    for area in window.findChildren(QScrollArea)
    if area.isVisible() and area.horizontalScrollBar().isVisible()
]
reachable_fields = {"question field": reachable(window.position_panel.question_input)}
print(json.dumps({
    "sideways": sideways,
    "reachable": reachable_fields,
    "available": available.getRect(),
    "frame": window.frameGeometry().getRect(),
    "geometry": window.geometry().getRect(),
    "saved": window.saveGeometry().toBase64().data().decode(),
    "widgets": {
        "question field": place(window.position_panel.question_input),
        "status bar": place(window.statusBar()),
        "marks list": place(window.attachment_pane.marks),
        "page entry": place(window.attachment_pane.pdf_view._page_entry),
        **{"PDF tool " + name: where for name, where in tools.items()},
    },
}))
window.close()
runner.wait(5000)
"""


def open_on_screen(
    tmp_path: Path, data_dir: Path, width: int, height: int, saved: str = "", shot: str = ""
) -> dict:
    """Run the window on one offscreen screen of ``width`` x ``height``; what it reports."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    layout = tmp_path / f"screen-{width}x{height}.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    screen.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    layout.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={layout}",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "LANG": "da_DK.UTF-8",  # the Danish labels are the longer ones
    }
    finished = subprocess.run(
        [sys.executable, "-c", WINDOW_ON_SCREEN, str(data_dir), str(tmp_path / "config")]
        + [saved, shot],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout.strip().splitlines()[-1])


def inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1366, 768)])
def test_the_first_window_fits_the_screen_with_every_key_widget_usable(
    tmp_path: Path, sample_data_dir: Path, width: int, height: int
) -> None:
    report = open_on_screen(tmp_path, sample_data_dir, width, height)
    assert report["available"] == [0, 0, width, height]
    assert inside(report["geometry"], report["available"]), report["geometry"]
    widgets = report["widgets"]
    assert any(name.startswith("PDF tool ") for name in widgets), "the PDF tools are listed"
    for name, where in widgets.items():
        assert where["visible"], f"{name} is hidden"
        assert where["unclipped"], f"{name} is cut by its pane: {where}"
        assert inside(where["global"], report["available"]), f"{name} is off the screen: {where}"


def test_a_saved_geometry_larger_than_the_screen_is_brought_inside_it(
    tmp_path: Path, sample_data_dir: Path
) -> None:
    """A window saved on a big monitor, opened on the laptop alone."""
    big = open_on_screen(tmp_path / "big", sample_data_dir, 2560, 1440)
    assert big["geometry"][2] > 1366, "on a big screen the window may be large"
    small = open_on_screen(tmp_path, sample_data_dir, 1366, 768, saved=big["saved"])
    assert inside(small["geometry"], small["available"]), small["geometry"]
    for name, where in small["widgets"].items():
        assert inside(where["global"], small["available"]), f"{name} is off the screen"
