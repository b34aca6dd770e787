"""Render the app icon (resources/icons/companion.svg) for the installers.

Writes companion.ico (Windows: the .exe and the installer) and companion.icns
(macOS: the .app) with Qt's own image writers, and companion-256.png, into the
folder given (default build/icons). The icons are generated, never committed.

    python packaging/make_icons.py build/icons
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize  # noqa: E402 (after the platform choice)
from PySide6.QtGui import QGuiApplication, QIcon, QImageWriter  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SVG = REPO / "resources" / "icons" / "companion.svg"


def write_icons(folder: Path) -> list[Path]:
    """Render the SVG at 256 px into ``folder`` as .ico, .icns and .png."""
    folder.mkdir(parents=True, exist_ok=True)
    image = QIcon(str(SVG)).pixmap(QSize(256, 256)).toImage()
    if image.isNull():
        raise SystemExit(f"make_icons: could not render {SVG} (is Qt's SVG plugin there?)")
    written = []
    for name, kind in (("companion.ico", b"ico"), ("companion.icns", b"icns"), ("companion-256.png", b"png")):
        path = folder / name
        writer = QImageWriter(str(path), kind)
        if not writer.write(image):
            raise SystemExit(f"make_icons: {path}: {writer.errorString()}")
        written.append(path)
    return written


if __name__ == "__main__":
    app = QGuiApplication(sys.argv[:1])
    for path in write_icons(Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "build" / "icons")):
        print(path)
