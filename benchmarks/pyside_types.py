"""What PySide's lazy types cost a text browser, with and without an app-wide event filter.

PySide makes a class's Python enums the first time the class is used. This script,
in a fresh process, makes one ``QTextBrowser`` and asks for its viewport, counting
the enum classes made and the time, once plainly and once (in another process)
with an app-wide Python event filter like the one ``run.py``'s starts use to see
the paints. Usage: ``QT_QPA_PLATFORM=offscreen python benchmarks/pyside_types.py``
"""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHILD = r"""
import enum, sys, time
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QTextBrowser
app = QApplication(sys.argv[:1])
made = [0]
create = enum.EnumType._create_
def counted(cls, *args, **kwargs):
    made[0] += 1
    return create(cls, *args, **kwargs)
enum.EnumType._create_ = counted
class Paints(QObject):
    def eventFilter(self, watched, event):
        return False  # sees every event, as run.py's watcher does
if sys.argv[1] == "filter":
    paints = Paints()
    app.installEventFilter(paints)
def step(name, work):
    before, started = made[0], time.perf_counter()
    result = work()
    took = 1000 * (time.perf_counter() - started)
    print(f"  {name:16} {made[0] - before:4} enums {took:6.1f} ms")
    return result
browser = step("QTextBrowser()", QTextBrowser)
step("viewport()", browser.viewport)
"""


def main() -> int:
    for mode in ("plain", "filter"):
        print("with an app-wide event filter:" if mode == "filter" else "plain:")
        subprocess.run([sys.executable, "-c", CHILD, mode], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
