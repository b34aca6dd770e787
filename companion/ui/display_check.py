"""Say why the window cannot open, before Qt gives up with its own advice.

Without a display, or with a Qt platform plugin that cannot load (a missing
system library such as libxcb-cursor0), Qt ends the process with "Reinstalling
the application may fix this problem", which is never true for the companion.
Two guards give the member one sentence with the cause and what to do instead:

- `display_problem` looks at the environment before the QApplication exists
  (no DISPLAY or WAYLAND_DISPLAY on Linux: there is nothing to show a window on);
- `PlatformGuard` holds Qt's messages while the QApplication is created and,
  when Qt reports the fatal plugin failure, says why (the display cannot be
  reached, a library the plugin needs is missing and which Debian package has
  it, or no plugin of that name) and exits with `EXIT_NO_WINDOW`.

The sentences are English: they go to the terminal (stderr) before the window
and its translation exist, as the command line's errors do.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

#: The exit code when the window cannot be shown (an error, as in `companion --help`).
EXIT_NO_WINDOW = 1

#: The Linux platforms that show windows on a display server named by the environment.
DISPLAY_PLATFORMS = {"xcb", "wayland"}

#: The libraries Qt's xcb and wayland plugins load, and the Debian package of each.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

NO_DISPLAY = (
    "There is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set): "
    "start the companion from a desktop session, or set QT_QPA_PLATFORM=offscreen "
    "for a check without a screen."
)


def chosen_platform(environ: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first (QT_QPA_PLATFORM, else its default)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    wayland_session = environ.get("XDG_SESSION_TYPE") == "wayland"
    return "wayland" if wayland_session and environ.get("WAYLAND_DISPLAY") else "xcb"


def display_problem(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """The sentence to print when there is no display to show a window on, else None."""
    if not platform.startswith("linux"):
        return None
    if chosen_platform(environ) not in DISPLAY_PLATFORMS:
        return None  # offscreen, vnc, the framebuffer...: no display server needed
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def missing_libraries(library: Path) -> list[str]:
    """The shared libraries ``library`` needs that the system's loader cannot find (ldd)."""
    ldd = shutil.which("ldd")
    if ldd is None or not library.is_file():
        return []
    import subprocess  # here: not on the way to the window's first paint

    try:
        result = subprocess.run(
            [ldd, str(library)], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    found = re.findall(r"^\s*(\S+) => not found", result.stdout, flags=re.MULTILINE)
    return list(dict.fromkeys(found))


def missing_library_sentence(platform: str, missing: list[str]) -> str:
    """Name the missing libraries and the Debian packages that install them."""
    known = [DEBIAN_PACKAGES[name] for name in missing if name in DEBIAN_PACKAGES]
    unknown = [name for name in missing if name not in DEBIAN_PACKAGES]
    libraries = ", ".join(missing)
    if known and not unknown:
        return (
            f"The window cannot open: Qt's {platform} display plugin needs {libraries}, "
            f"which this system lacks; install it with "
            f"`sudo apt-get install {' '.join(known)}` and start the companion again."
        )
    return (
        f"The window cannot open: Qt's {platform} display plugin needs {libraries}, "
        f"which this system lacks; install the system package that provides it "
        f"(`apt-file search {missing[0]}` names it) and start the companion again."
    )


def plugin_file(platform: str, plugin_dirs: list[Path]) -> Path | None:
    """The platform plugin's file (libqxcb.so, qwindows.dll, ...) in ``plugin_dirs``."""
    for folder in plugin_dirs:
        for candidate in sorted(folder.glob(f"*q{platform}.*")):
            if candidate.suffix in {".so", ".dll", ".dylib"}:
                return candidate
    return None


def platform_failure(platform: str, messages: list[str], plugin_dirs: list[Path]) -> str:
    """Why Qt's platform plugin ``platform`` failed, as one sentence with what to do."""
    plugin = plugin_file(platform, plugin_dirs)
    if plugin is None:
        return (
            f"The window cannot open: Qt has no display plugin named {platform!r}; unset "
            "QT_QPA_PLATFORM (or set it to xcb, wayland or offscreen) and start again."
        )
    if display_problem(os.environ) is not None:
        return NO_DISPLAY
    if any("could not connect to display" in message for message in messages):
        display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY", "")
        return (
            f"The window cannot open: the display {display} cannot be reached; start the "
            "companion from a desktop session, or set QT_QPA_PLATFORM=offscreen for a "
            "check without a screen."
        )
    missing = missing_libraries(plugin)
    if missing:
        return missing_library_sentence(platform, missing)
    detail = next((message for message in messages if platform in message), "")
    return (
        f"The window cannot open: Qt's {platform} display plugin did not start"
        + (f" ({detail.strip()})" if detail else "")
        + "; start the companion from a desktop session, or set QT_QPA_PLATFORM=offscreen "
        "for a check without a screen."
    )


def default_plugin_dirs() -> list[Path]:
    """Where Qt looks for platform plugins: QT_QPA_PLATFORM_PLUGIN_PATH, then its library paths."""
    from PySide6.QtCore import QCoreApplication

    folders = []
    override = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if override:
        folders.append(Path(override))
    folders += [Path(path) / "platforms" for path in QCoreApplication.libraryPaths()]
    return folders


class PlatformGuard:
    """Hold Qt's messages while the QApplication is created; explain a fatal failure.

    Used as ``with PlatformGuard(): app = QApplication(argv)``. On Qt's fatal
    "no Qt platform plugin could be initialized" it prints the sentence from
    `platform_failure` on stderr and exits with `EXIT_NO_WINDOW` (Qt would abort
    right after the handler returns). Otherwise the held messages go on to the
    handler that was installed before, as if nothing had been held.
    """

    def __init__(self, exit_process: Callable[[int], Any] = os._exit) -> None:
        self._exit = exit_process
        self._held: list[tuple[Any, Any, str]] = []
        self._previous: Any = None

    def __enter__(self) -> PlatformGuard:
        from PySide6.QtCore import qInstallMessageHandler

        self._previous = qInstallMessageHandler(self._handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(self._previous)
        for mode, context, message in self._held:
            if self._previous is not None:
                self._previous(mode, context, message)
            else:
                print(message, file=sys.stderr)

    def _handle(self, mode: Any, context: Any, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        if mode != QtMsgType.QtFatalMsg:
            self._held.append((mode, context, message))
            return
        if "platform plugin" not in message:  # another fatal error: Qt's words are all we have
            print(message, file=sys.stderr, flush=True)
            self._exit(EXIT_NO_WINDOW)
            return
        messages = [held for _, _, held in self._held] + [message]
        sentence = platform_failure(chosen_platform(os.environ), messages, default_plugin_dirs())
        print(f"companion: {sentence}", file=sys.stderr, flush=True)
        self._exit(EXIT_NO_WINDOW)
