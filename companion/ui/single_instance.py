"""One window per data folder: a second start hands over to the first and ends.

Two windows on one personal store would overwrite each other's notes, and two
syncs into one library delete each other's downloads. Which start is the first is
decided by a lock file (`companion.ui.folder_claim`); once its member's item is
painted, the first window listens on a local socket (`QLocalServer`: a Unix socket
in the temp folder, a named pipe on Windows) named after the data folder's resolved
path. A later start on the same folder connects to it, sends the files it was given
to import, and exits 0. The first window comes to the front (raised and activated)
and imports those files.

A socket left behind by a killed app answers nobody: `SingleInstance.listen`
removes it (`QLocalServer.removeServer`) and listens in its place.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: How long a second start waits for the first window to answer.
ANSWER_TIMEOUT_MS = 3_000
#: What the first window answers once it has the request.
ACCEPTED = b"ok\n"


def hand_over(name: str, files: Sequence[Path], timeout_ms: int = ANSWER_TIMEOUT_MS) -> bool:
    """Ask the window listening on ``name`` to come to the front and import ``files``.

    Returns True once that window confirmed it; False when no one answers.
    """
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    import json  # not on the way to the first paint

    request = json.dumps({"files": [str(Path(file).resolve()) for file in files]})
    socket.write(request.encode() + b"\n")
    answered = False
    if socket.waitForBytesWritten(timeout_ms):
        while socket.bytesAvailable() < len(ACCEPTED) and socket.waitForReadyRead(timeout_ms):
            pass
        answered = bytes(socket.readAll().data()) == ACCEPTED
    socket.disconnectFromServer()
    return answered


class SingleInstance(QObject):
    """The listening side: the first window's claim on its data folder.

    Signals:
        requested(files): a second start asked to bring this window forward and
            import ``files`` (a list of `Path`, possibly empty).
    """

    requested = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Listen on the name; a stale socket nobody answers on is removed first."""
        if self._server.listen(self.name):
            return True
        if self._server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            log.warning("cannot listen on %s: %s", self.name, self._server.errorString())
            return False
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(500):  # a window is there after all
            probe.disconnectFromServer()
            return False
        QLocalServer.removeServer(self.name)  # left behind by a killed app
        return self._server.listen(self.name)

    def close(self) -> None:
        """Stop listening (the window is closing)."""
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(self)
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        import json

        line = bytes(socket.readLine().data())
        try:
            files = [Path(name) for name in json.loads(line)["files"]]
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed request from a second start")
            socket.disconnectFromServer()
            return
        socket.write(ACCEPTED)
        socket.flush()
        log.info("a second start on this data folder: to the front, %d file(s)", len(files))
        self.requested.emit(files)


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` un-minimized, raised above the others and active."""
    from PySide6.QtCore import Qt

    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def take_request(window: MainWindow, files: list[Path]) -> None:
    """A second start's request: ``window`` to the front, then import ``files`` into it."""
    bring_to_front(window)
    if files:  # once the panes are made (a request may come while the start shows the item)
        window.after_first_item(partial(window.import_files, files))
