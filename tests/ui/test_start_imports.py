"""What a cold start has imported when it paints: fails when an import creeps back in.

A fresh process runs the app as `companion` does (`companion.ui.app.run_app`) on a
real library (the four sample meetings) with the settings of a member who closed
the window on an item of an older meeting. No timing: it records `sys.modules` at
the end of the window's first paint and of the first paint of that item, and which
of a few costly PySide types exist by then (PySide makes a type, with its enum
classes, when a module first takes it from PySide6.QtCore and the like).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from companion.ui.tasks import TaskRunner
from tests.ui.test_start_item import MEETING_2015_ID, item_ids
from tests.ui.test_start_item_first import close_on_item

CHILD = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets

app = QApplication(sys.argv[:1])
seen = {}
COSTLY = {PySide6.QtCore: "Qt", PySide6.QtGui: "QAccessible", PySide6.QtWidgets: "QStyle"}

def made_types():
    return sorted(name for module, name in COSTLY.items() if name in vars(module))

def take(name, item_id=None):
    if name + "?" in seen:
        return
    seen[name + "?"] = True
    def done():  # after the paint event was handled
        seen[name] = {"modules": sorted(sys.modules), "item": item_id, "types": made_types()}
        if name == "item":
            QTimer.singleShot(0, after_panes)
    QTimer.singleShot(0, done)

def after_panes():  # the panes come once the item is painted
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")
    if getattr(window, "_built", False):
        seen["end"] = {"modules": sorted(sys.modules), "types": made_types(),
                       "icon": not app.windowIcon().isNull()}
        app.quit()
    else:
        QTimer.singleShot(20, after_panes)

# Watched from the window's own event() and the item view's paintEvent, not by an
# app-wide event filter: such a filter has PySide wrap every object that gets an
# event (the style's too), making types the app itself does not make.
from companion.ui.main_window import MainWindow
from companion.ui.window_panes import WindowPanes

handle = MainWindow.event
def event(window, e):
    if e.type() == QEvent.Type.Paint:
        take("paint")
    return handle(window, e)
MainWindow.event = event

make_frame = WindowPanes.init_reading_frame
def init_reading_frame(window):
    from companion.ui.item_view import ItemView  # the frame imports it here anyway
    paint_view = ItemView.paintEvent
    def paintEvent(view, e):
        if view.item is not None:
            take("item", view.item.id)
        paint_view(view, e)
    ItemView.paintEvent = paintEvent
    make_frame(window)
WindowPanes.init_reading_frame = init_reading_frame

QTimer.singleShot(60000, app.quit)
from companion.ui.app import run_app
run_app(sys.argv[:1], Path(sys.argv[1]), Path(sys.argv[2]))
print("SEEN:" + json.dumps({k: seen.get(k) for k in ("paint", "item", "end")}))
"""

#: Not needed for the frame: the panes' modules, the library and the personal store
#: (opened after the paint; the start's backup of the store runs after the item), the
#: quit guard (its socket pair and SIGTERM handler are set up right after the paint),
#: what only a failure or a second start's request needs (errors/sqlite3, html).
NOT_AT_FIRST_PAINT = (
    "hashlib",  # OpenSSL's libcrypto: the start's digests are Qt's (`companion.ui.qt_digest`)
    "PySide6.QtNetwork",  # the later starts' socket: listened on once the item is painted
    "companion.ui.single_instance",
    "companion.core.backups",  # the window's hold on the store is `companion.core.store_users`
    "companion.ui.shutdown",
    "socket",
    "signal",
    "companion.core.errors",
    "sqlite3",
    "html",
    "companion.ui.item_view",
    "companion.ui.agenda_tree",
    "companion.ui.meeting_list",
    "companion.core.library",
    "companion.core.personal",
)
#: Not needed to show the member's item: the PDF viewer, sqlite-utils (writes only), search,
#: the other panes (made once the item is painted), the personal store (its read marks are
#: read with plain sqlite3), the anchors of highlights.
NOT_AT_FIRST_ITEM = (
    "companion.ui.pdf_view",
    "companion.ui.attachment_pane",
    "fitz",
    "pymupdf",
    "sqlite_utils",
    "companion.ui.search",
    "companion.core.search",
    "companion.ui.meeting_list",
    "companion.ui.agenda_tree",
    "companion.ui.agenda_model",
    "companion.ui.position_panel",
    "companion.ui.annotation_list",
    "companion.core.personal",
    "companion.core.anchoring",
)
#: PySide types that cost the start's item 2-12 ms each to make (the Qt namespace alone
#: has 93 enum classes): made after it (all three exist once the panes are made).
TYPES_AFTER_ITEM = ["QAccessible", "QStyle", "Qt"]
#: Made once the item is painted: imported by then (the names above are real modules).
PANES_AFTER_ITEM = (
    "companion.ui.meeting_list",
    "companion.ui.agenda_tree",
    "companion.ui.agenda_model",
    "companion.ui.position_panel",
    "companion.ui.annotation_list",
    "companion.core.anchoring",
)


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    """The modules of ``modules`` that are one of ``names`` or inside one of them."""
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in names)]


def test_the_cold_start_paints_before_the_panes_and_shows_the_item_before_the_rest(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    item_id = item_ids(sample_data_dir, MEETING_2015_ID)[4]
    close_on_item(qtbot, runner, sample_data_dir, config_dir, item_id)  # as a member left it
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(sample_data_dir), str(config_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("SEEN:"))
    seen = json.loads(line.removeprefix("SEEN:"))
    assert seen["paint"] is not None and seen["item"] is not None, result.stderr
    assert seen["item"]["item"] == item_id  # the remembered item, not just any
    assert loaded(seen["paint"]["modules"], NOT_AT_FIRST_PAINT) == []
    assert loaded(seen["item"]["modules"], NOT_AT_FIRST_ITEM) == []
    assert seen["item"]["types"] == []
    assert seen["end"]["types"] == TYPES_AFTER_ITEM  # the check sees a made type
    assert seen["end"]["icon"]  # set once the item is painted (QIcon and the SVG plugin)
    # Checked against the process: these do get imported later, so the names are right.
    assert loaded(seen["item"]["modules"], NOT_AT_FIRST_PAINT)
    assert set(PANES_AFTER_ITEM) <= set(seen["end"]["modules"])
