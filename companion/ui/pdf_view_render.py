"""The viewer's requests to the render process, answered on the GUI thread.

`RenderRequests` sends the `PdfView`'s requests through a `RenderClient` (a
pipe write on a sender thread: the GUI thread never waits) and calls each
``on_done(future)`` back on the GUI thread once the render process answered.
No worker thread sits waiting for a render: the client's reader thread settles
the future and a queued signal brings it here, so a render in progress costs
this process nothing but the time to wrap its pixels (no copy: the image maps
the shared memory).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from companion.core.render_process.client import Call, RenderClient

log = logging.getLogger(__name__)

Done = Callable[["Future[Any]"], None]


class RenderRequests(QObject):
    """Delivers answers of ``client`` to callbacks on this object's (the GUI) thread.

    Args:
        client: the render process's client; None starts one owned by this
            object, stopped when it is destroyed.
        parent: the Qt parent (the viewer).
    """

    _settled = Signal(object, object)

    def __init__(self, client: RenderClient | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.owns_client = client is None
        self.client = client or RenderClient()
        if self.owns_client:
            self.destroyed.connect(self._close_client)
        # Queued also when emitted here: a call settled already is answered on a later
        # pass, never inside `watch` before the caller has kept the call.
        self._settled.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def watch(self, call: Call, on_done: Done) -> Call:
        """Call ``on_done(call.future)`` here once ``call`` is settled (also when cancelled).

        Always on a later pass of the event loop, even for a call settled already.
        """

        def settled(future: Future[Any]) -> None:  # the client's reader or sender thread
            try:
                if shiboken6.isValid(self):
                    self._settled.emit(on_done, future)
            except RuntimeError:  # this object went away meanwhile: nobody waits
                log.debug("render answer for a closed viewer dropped")

        call.future.add_done_callback(settled)
        return call

    def warm_up(self) -> None:
        """Start the render process now (the viewer is shown), so the first page finds it ready.

        It imports PyMuPDF on its own core while the window goes on; a view that
        is never shown never starts one.
        """
        self.client.start()

    def _close_client(self) -> None:
        self.client.close(wait=False)  # the GUI thread does not wait for the process to end

    @Slot(object, object)
    def _deliver(self, on_done: Done, future: Future[Any]) -> None:
        on_done(future)


def as_exception(error: BaseException) -> Exception:
    """A render process's failure as an `Exception` for the failure handlers."""
    return error if isinstance(error, Exception) else RuntimeError(str(error))
