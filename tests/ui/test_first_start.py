"""A first start without a usable display says why in one sentence and exits 1.

Each case runs the real ``python -m companion`` in a subprocess with the
environment stripped the way a member's machine might be; never Qt's
"Reinstalling the application may fix this problem".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo

from companion.ui.display_check import (
    EXIT_NO_WINDOW,
    display_problem,
    missing_library_sentence,
)

QT_ADVICE = "Reinstalling the application"


def run_companion(
    tmp_path: Path, env: dict[str, str], prelude: str = ""
) -> subprocess.CompletedProcess[str]:
    """Start the window (``companion`` with no command) on fresh folders."""
    script = (
        "import sys\n"
        + prelude
        + "from companion.cli import main\n"
        + f"sys.exit(main(['--data-dir', {str(tmp_path / 'd')!r}, "
        + f"'--config-dir', {str(tmp_path / 'c')!r}]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def stripped_env(**extra: str) -> dict[str, str]:
    """The test's environment without any display or platform choice, plus ``extra``."""
    drop = {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_QPA_PLATFORM_PLUGIN_PATH"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(extra)
    return env


def free_x_display() -> str:
    """A display number no X server listens on here."""
    number = 97
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return f":{number}"


def test_no_display_says_what_to_do(tmp_path: Path) -> None:
    result = run_companion(tmp_path, stripped_env())
    assert result.returncode == EXIT_NO_WINDOW
    assert result.stderr.strip() == (
        "companion: There is no display to open the window on (DISPLAY and WAYLAND_DISPLAY "
        "are not set): start the companion from a desktop session, or set "
        "QT_QPA_PLATFORM=offscreen for a check without a screen."
    )
    assert not (tmp_path / "d").exists()  # nothing was started


def test_unreachable_display_names_it(tmp_path: Path) -> None:
    display = free_x_display()
    result = run_companion(tmp_path, stripped_env(DISPLAY=display, QT_QPA_PLATFORM="xcb"))
    assert result.returncode == EXIT_NO_WINDOW
    assert result.stderr.strip() == (
        f"companion: The window cannot open: the display {display} cannot be reached; start "
        "the companion from a desktop session, or set QT_QPA_PLATFORM=offscreen for a check "
        "without a screen."
    )
    assert QT_ADVICE not in result.stderr


def test_unknown_platform_plugin_is_named(tmp_path: Path) -> None:
    result = run_companion(tmp_path, stripped_env(QT_QPA_PLATFORM="nosuchplatform"))
    assert result.returncode == EXIT_NO_WINDOW
    assert "Qt has no display plugin named 'nosuchplatform'" in result.stderr
    assert QT_ADVICE not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_plugin_missing_a_system_library_names_the_library(tmp_path: Path) -> None:
    """A copy of Qt's real xcb plugin that needs a library this system lacks.

    The stand-in: Qt's libqxcb.so, copied and edited with patchelf so that it
    needs ``libxcb-cursor-stand-in.so.0`` instead of libxcb-cursor.so.0 (which is
    installed here and cannot be hidden); the app is pointed at the copy alone.
    """
    patchelf = shutil.which("patchelf")
    assert patchelf, "patchelf is needed (make test-system-packages installs it)"
    qt = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    plugins = tmp_path / "plugins"
    (plugins / "platforms").mkdir(parents=True)
    plugin = plugins / "platforms" / "libqxcb.so"
    shutil.copy(qt / "platforms" / "libqxcb.so", plugin)
    qt_lib = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath))
    subprocess.run([patchelf, "--set-rpath", str(qt_lib), str(plugin)], check=True)
    subprocess.run(
        [patchelf, "--replace-needed", "libxcb-cursor.so.0", "libxcb-cursor-stand-in.so.0"]
        + [str(plugin)],
        check=True,
    )
    prelude = (
        "from PySide6.QtCore import QCoreApplication\n"
        f"QCoreApplication.setLibraryPaths([{str(plugins)!r}])\n"
    )
    env = stripped_env(DISPLAY=free_x_display(), QT_QPA_PLATFORM="xcb")
    result = run_companion(tmp_path, env, prelude)
    assert result.returncode == EXIT_NO_WINDOW
    assert result.stderr.strip() == (
        "companion: The window cannot open: Qt's xcb display plugin needs "
        "libxcb-cursor-stand-in.so.0, which this system lacks; install the system package "
        "that provides it (`apt-file search libxcb-cursor-stand-in.so.0` names it) and start "
        "the companion again."
    )


def test_known_library_names_its_debian_package() -> None:
    sentence = missing_library_sentence("xcb", ["libxcb-cursor.so.0"])
    assert "needs libxcb-cursor.so.0" in sentence
    assert "`sudo apt-get install libxcb-cursor0`" in sentence


def test_display_problem_reads_the_environment() -> None:
    assert display_problem({}, "linux") is not None
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux") is not None
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None


def test_start_check_opens_the_samples_and_quits(tmp_path: Path) -> None:
    env = stripped_env(QT_QPA_PLATFORM="offscreen", COMPANION_START_CHECK="1")
    result = run_companion(tmp_path, env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("companion start check: window painted at ")
    assert lines[1].startswith("companion start check: 4 meetings shown, meeting ")
