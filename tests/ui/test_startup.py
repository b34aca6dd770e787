"""Cold start: the window is built without importing the heavy libraries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("fitz", "pymupdf", "sqlite_utils", "jsonschema")

SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from companion.ui.app import create_window
from companion.ui.tasks import TaskRunner

app = QApplication([])
runner = TaskRunner()
window = create_window(runner, Path(sys.argv[1]), Path(sys.argv[2]))
window.show()
app.processEvents()
heavy = sorted(name for name in sys.modules if name.split(".")[0] in {heavy!r})
print("HEAVY:" + ",".join(heavy))
"""


def test_window_is_shown_before_heavy_imports(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT.format(heavy=HEAVY),
            str(tmp_path / "d"),
            str(tmp_path / "c"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "HEAVY:", result.stdout
    assert not (tmp_path / "d" / "content.db").exists()  # the library is opened after the paint
