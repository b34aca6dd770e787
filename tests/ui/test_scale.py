"""Nothing is cut off at 200% scale or at the largest text size, in Danish and English.

Each case runs the real window in a child process on Qt's offscreen platform
(the script of `test_window_fits_screen`), on the shipped sample meetings:
- at 100% scale on a 1280x720 screen with the largest text size (24 pt);
- at 200% scale (QT_SCALE_FACTOR=2) on a 2560x1440 screen, whose logical size
  is again 1280x720.
The same checks as the fitted-window test: the window inside the screen, every
key control visible, not cut by its pane, on the screen. The window's grab is
saved in the test's tmp folder (the path is printed; run with ``-s``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.ui.preferences_dialog import FONT_SIZE_RANGE
from companion.ui.settings import Settings
from tests.ui.test_window_fits_screen import WINDOW_ON_SCREEN, inside

LARGEST_TEXT = FONT_SIZE_RANGE[1]
#: The fitted-window script, with the window's translation installed first (as the app does).
TRANSLATED_WINDOW = WINDOW_ON_SCREEN.replace(
    "app = QApplication([])\n",
    "app = QApplication([])\n"
    "from companion.ui.i18n import install_translators\n"
    "translators = install_translators(app, sys.argv[5])\n",
    1,
)


def open_scaled(
    tmp_path: Path, data_dir: Path, screen: tuple[int, int], scale: int, points: int, language: str
) -> dict:
    """Run the window on one offscreen screen of ``screen`` pixels at ``scale``; its report."""
    config_dir = tmp_path / "config"
    settings = Settings.load(config_dir)
    settings.preferences.reading_font_size = points
    settings.sync()
    width, height = screen
    layout = tmp_path / "screen.json"
    screen_entry = {"name": "screen", "x": 0, "y": 0, "width": width, "height": height}
    screen_entry.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    layout.write_text(json.dumps({"screens": [screen_entry]}), encoding="utf-8")
    shot = tmp_path / f"window-{language}-x{scale}-{points}pt.png"
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={layout}",
        "QT_SCALE_FACTOR": str(scale),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    finished = subprocess.run(
        [sys.executable, "-c", TRANSLATED_WINDOW, str(data_dir), str(config_dir), "", str(shot)]
        + [language],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    print(f"\nscreenshot: {shot}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def assert_nothing_cut_off(report: dict, logical: tuple[int, int]) -> None:
    """The fitted-window test's checks on ``report``, on a screen of ``logical`` size."""
    assert report["available"] == [0, 0, *logical]
    assert inside(report["geometry"], report["available"]), report["geometry"]
    widgets = report["widgets"]
    assert any(name.startswith("PDF tool ") for name in widgets), "the PDF tools are listed"
    for name, where in widgets.items():
        assert where["visible"], f"{name} is hidden"
        assert where["unclipped"], f"{name} is cut by its pane: {where}"
        assert inside(where["global"], report["available"]), f"{name} is off the screen: {where}"


@pytest.mark.parametrize("language", ["da", "en"])
def test_at_200_percent_scale_nothing_is_cut_off(
    tmp_path: Path, sample_data_dir: Path, language: str
) -> None:
    assert "install_translators" in TRANSLATED_WINDOW
    report = open_scaled(tmp_path, sample_data_dir, (2560, 1440), 2, 11, language)
    assert_nothing_cut_off(report, (1280, 720))


def assert_everything_reachable(report: dict, logical: tuple[int, int]) -> None:
    """At the largest text size a pane may scroll up and down, never sideways: every control
    is on the screen and, where its pane scrolls, unclipped once scrolled to."""
    assert report["available"] == [0, 0, *logical]
    assert inside(report["geometry"], report["available"]), report["geometry"]
    assert report["sideways"] == [], f"panes scroll sideways: {report['sideways']}"
    for name, where in report["widgets"].items():
        assert where["visible"], f"{name} is hidden"
        assert where["unclipped"] or report["reachable"].get(name), f"{name} is cut: {where}"
        assert inside(where["global"], report["available"]), f"{name} is off the screen: {where}"


@pytest.mark.parametrize("language", ["da", "en"])
def test_at_the_largest_text_size_nothing_is_cut_off(
    tmp_path: Path, sample_data_dir: Path, language: str
) -> None:
    report = open_scaled(tmp_path, sample_data_dir, (1280, 720), 1, LARGEST_TEXT, language)
    assert_everything_reachable(report, (1280, 720))
