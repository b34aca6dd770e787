"""Where the main window opens: sized from the screen it is on, never larger.

A laptop at 1366x768 (or 1920x1080 at 150 %, 1280x720 logical) has less room
than the window's preferred 1400x860, and a geometry saved on a big monitor may
no longer fit when the laptop is used alone. Both are brought inside the screen's
available geometry (without the taskbar or dock).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

#: The window's size on a screen with room for it.
PREFERRED_SIZE = QSize(1400, 860)
#: Room left for the window's frame (title bar, borders) before it is shown.
FRAME_ALLOWANCE = QSize(16, 40)


def first_size(available: QRect) -> QSize:
    """The window's first size: the preferred size, or what the screen has room for."""
    room = available.size() - FRAME_ALLOWANCE
    return PREFERRED_SIZE.boundedTo(room)


def centred(size: QSize, available: QRect) -> QRect:
    """A rectangle of ``size`` in the middle of ``available``."""
    rect = QRect(available.topLeft(), size)
    rect.moveCenter(available.center())
    return rect


def fitted(rect: QRect, available: QRect) -> QRect:
    """``rect`` shrunk to fit ``available`` and moved inside it (unchanged if it fits)."""
    size = rect.size().boundedTo(available.size())
    x = min(max(rect.x(), available.x()), available.x() + available.width() - size.width())
    y = min(max(rect.y(), available.y()), available.y() + available.height() - size.height())
    return QRect(x, y, size.width(), size.height())


def place_first(window: QWidget) -> None:
    """Size and centre a window without a saved geometry on its screen."""
    available = window.screen().availableGeometry()
    window.setGeometry(centred(first_size(available), available))


def keep_on_screen(window: QWidget) -> None:
    """Bring a shown window's frame inside its screen's available geometry."""
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    target = fitted(frame, available)
    if target == frame:
        return
    extra = frame.size() - window.geometry().size()  # the frame's title bar and borders
    window.resize(window.size().boundedTo(target.size() - extra))
    window.move(target.topLeft())


def scaled(sizes: list[int], total: int) -> list[int]:
    """``sizes`` (panes of a splitter) scaled to add up to ``total``, in their proportions."""
    whole = sum(sizes)
    return [round(size * total / whole) for size in sizes]
