"""Work the start holds back until the member's item is on screen.

At a cold start the item text competes with everything else the window starts:
the attachment pane (PyMuPDF's import, the agenda's bookmarks, a page render),
the re-anchoring of notes, the search index. They run on worker threads, but in
Python's interpreter: each Python call of the GUI thread's first paint (the models'
``data``, the views' event handlers) waits for the lock they hold. `FirstItemGate`
runs such work once the item view has painted an item (or after `FALLBACK_MS`, so
a window that is never painted still gets it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, SignalInstance

log = logging.getLogger(__name__)

#: Run the held-back work after this long even if the item was never painted.
FALLBACK_MS = 3_000


class _ShowsItem(Protocol):
    """The item view, as far as the gate needs it."""

    @property
    def item_painted(self) -> SignalInstance:
        """Emitted as an item (not a message) has been painted."""


class FirstItemGate(QObject):
    """Holds work until ``view`` has painted an item; afterwards runs it at once.

    Args:
        view: the item view (its ``item_painted`` says when an item is on screen).
        held: False for a gate that is open from the start (the work runs at once).
    """

    def __init__(self, view: _ShowsItem, held: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._waiting: list[Callable[[], None]] = []
        self._open = not held
        self._dropped = False
        if held:
            view.item_painted.connect(self._item_painted)
            QTimer.singleShot(FALLBACK_MS, self, self._release)

    @property
    def is_open(self) -> bool:
        """True once the item has been painted (or the gate was never held)."""
        return self._open

    def after_item(self, work: Callable[[], None]) -> None:
        """Run ``work`` now if the item is on screen, else once it is."""
        if self._dropped:
            return
        if self._open:
            work()
        else:
            self._waiting.append(work)

    def _item_painted(self) -> None:
        """On the first paint of an item, release the work after the paint is done."""
        self._view.item_painted.disconnect(self._item_painted)
        QTimer.singleShot(0, self, self._release)

    def drop(self) -> None:
        """Forget the work held and any given later: the window closed before its item."""
        self._dropped = True
        self._waiting.clear()

    def _release(self) -> None:
        if self._open or self._dropped:
            return
        self._open = True
        waiting, self._waiting = self._waiting, []
        for work in waiting:
            work()
