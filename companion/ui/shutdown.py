"""Ending the app without losing the member's words.

Closing the window, quitting (`QApplication.aboutToQuit`), the session
manager's logout or shutdown (`QGuiApplication.commitDataRequest`) and SIGTERM
all start the pending personal writes and wait for them. SIGTERM arrives while
Qt's C++ event loop runs, where Python cannot run its handler; the signal's
wakeup byte on a socket (`signal.set_wakeup_fd`) wakes a `QSocketNotifier`, so
the handler runs at once and posts a quit.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer
from PySide6.QtGui import QSessionManager
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow


def close_anyway(parent: QWidget, reason: str, unsaved: str) -> bool:
    """Ask whether to close although words are not saved (shown in the details)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Shutdown", "Not saved"))
    box.setText(
        QCoreApplication.translate("Shutdown", "Some of your words are not saved: {reason}").format(
            reason=reason
        )
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "Shutdown",
            "Keep the window open and the app keeps trying to save them; "
            "if you close it, copy them from the details first.",
        )
    )
    if unsaved:
        box.setDetailedText(unsaved)
    close = box.addButton(
        QCoreApplication.translate("Shutdown", "Close Anyway"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    keep = box.addButton(
        QCoreApplication.translate("Shutdown", "Keep Open"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is close


class QuitGuard(QObject):
    """Saves the member's words on quit, logout/shutdown and SIGTERM (kept by the app)."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        super().__init__(app)
        self._window = window
        app.aboutToQuit.connect(window.finish_personal_writes)
        app.commitDataRequest.connect(self._commit_data)
        self._install_sigterm(app)

    def _commit_data(self, manager: QSessionManager) -> None:
        self._window.finish_personal_writes()

    def _install_sigterm(self, app: QApplication) -> None:
        reader, writer = socket.socketpair()
        for end in (reader, writer):
            end.setblocking(False)
        self._sockets = (reader, writer)
        signal.set_wakeup_fd(writer.fileno())
        self._notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        signal.signal(signal.SIGTERM, lambda _number, _frame: self._terminate(app))

    def _terminate(self, app: QApplication) -> None:
        """Quit without asking (nobody may be there to answer); the window still saves."""
        self._window.ask_before_losing_words = False
        # Posted, not called: a quit before the event loop runs would be ignored.
        QTimer.singleShot(0, app.quit)

    def _drain(self) -> None:
        """Read the wakeup bytes (Python has run the handler by now)."""
        with contextlib.suppress(OSError):
            self._sockets[0].recv(64)
