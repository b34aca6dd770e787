"""Personal-store work off the GUI thread, with saves that wait for a pause in typing.

`DebouncedSaver` runs every read and write on the window's one-thread personal
runner, each on a fresh `PersonalStore` connection, so writes reach the store
in the order they were made. A text the member types is *scheduled* under a
key (an item id, say): only its latest version is written, after a short pause
or at once on `flush` (item switch, focus change, the view hiding). It reports
"Saving..." / "Saved" / what went wrong through `save_state_changed`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.personal import PersonalStore

log = logging.getLogger(__name__)

#: The pause after the last keystroke before a save starts.
SAVE_DELAY_MS = 300

OpenPersonal = Callable[[], "PersonalStore"]
StoreWork = Callable[["PersonalStore"], Any]


class DebouncedSaver(QObject):
    """Reads and writes the personal store in order, in the background.

    Args:
        runner: the window's single-thread runner for personal-store work.
        open_personal: opens the `PersonalStore` (called inside background tasks).
        delay_ms: the pause before a scheduled write starts.

    Signals:
        save_state_changed(text, problem): what to show the member about saving.
    """

    save_state_changed = Signal(str, bool)

    def __init__(
        self,
        runner: TaskRunner,
        open_personal: OpenPersonal,
        delay_ms: int = SAVE_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._open_personal = open_personal
        self._pending: dict[str, StoreWork] = {}
        self._in_flight = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    @property
    def has_pending(self) -> bool:
        """Whether scheduled writes wait for their pause to end."""
        return bool(self._pending)

    @property
    def busy(self) -> bool:
        """Whether writes are scheduled or running."""
        return bool(self._pending) or self._in_flight > 0

    def read(
        self,
        work: StoreWork,
        on_loaded: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
    ) -> None:
        """Run ``work(store)`` in the background, after every write made before."""
        self._runner.run(lambda: self._with_store(work), on_loaded, on_failed)

    def run(
        self,
        work: StoreWork,
        on_done: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
    ) -> None:
        """Flush, then run ``work(store)`` after every write (an export reads what was typed)."""
        self.flush()
        self.read(work, on_done, on_failed)

    def schedule(self, key: str, work: StoreWork) -> None:
        """Write with ``work`` after the pause; a later schedule under ``key`` replaces it."""
        self._pending[key] = work
        self.save_state_changed.emit(self.tr("Saving..."), False)
        self._timer.start()

    def flush(self) -> None:
        """Start every scheduled write now (in the background, in order)."""
        self._timer.stop()
        pending, self._pending = self._pending, {}
        for key, work in pending.items():
            self.write(work, on_failed=partial(self._retry_later, key, work))

    def _retry_later(self, key: str, work: StoreWork) -> None:
        """Keep a failed write, unless newer text replaced it, so the next flush retries it."""
        self._pending.setdefault(key, work)

    def write(
        self,
        work: StoreWork,
        on_saved: Callable[[Any], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        """Run ``work(store)`` in the background now; report how it went."""
        self._in_flight += 1
        self.save_state_changed.emit(self.tr("Saving..."), False)

        def saved(result: Any) -> None:
            self._in_flight -= 1
            if on_saved is not None:
                on_saved(result)
            if not self.busy:
                self.save_state_changed.emit(self.tr("Saved"), False)

        def failed(error: Exception) -> None:
            self._in_flight -= 1
            log.error("personal data was not saved: %s", error)
            if on_failed is not None:
                on_failed()
            self.save_state_changed.emit(self.tr("Not saved: {error}").format(error=error), True)

        self._runner.run(lambda: self._with_store(work), saved, failed)

    def _with_store(self, work: StoreWork) -> Any:
        store = self._open_personal()
        try:
            return work(store)
        finally:
            store.close()
