"""Personal-store work off the GUI thread, with saves that wait for a pause in typing.

`DebouncedSaver` runs every read and write on the window's one-thread personal
runner, each on a fresh `PersonalStore` connection, so writes reach the store
in the order they were made. A text the member types is *scheduled* under a
key (an item's remark, say): only its latest version is written, after a short
pause or at once on `flush` (item switch, focus change, the view hiding).

A keyed write that fails (a full disk, a locked file) is kept, whichever item
the window shows by then, and retried on its own with a growing pause (2 s,
5 s, 15 s, then every 30 s) and on every flush, until it succeeds; a newer
version under the same key replaces it. Until then the saver reports
"Not saved: <reason> — retrying" and `unsaved_text` holds the member's words.
It reports "Saving..." / "Saved" / what went wrong through `save_state_changed`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from companion.ui.messages import member_text
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.personal import PersonalStore

log = logging.getLogger(__name__)

#: The pause after the last keystroke before a save starts.
SAVE_DELAY_MS = 300
#: The pauses before the first, second, ... retry of failed writes; the last repeats.
RETRY_DELAYS_MS = (2_000, 5_000, 15_000, 30_000)

OpenPersonal = Callable[[], "PersonalStore"]
StoreWork = Callable[["PersonalStore"], Any]


@dataclass(frozen=True)
class KeyedWrite:
    """One version of a keyed write: the work, and the member's words it holds."""

    work: StoreWork
    unsaved: str = ""
    on_saved: Callable[[Any], None] | None = None


#: Makes the write when it starts (reads the widgets then, not on every keystroke).
PrepareWrite = Callable[[], KeyedWrite]


class DebouncedSaver(QObject):
    """Reads and writes the personal store in order, in the background.

    Args:
        runner: the window's single-thread runner for personal-store work.
        open_personal: opens the `PersonalStore` (called inside background tasks).
        delay_ms: the pause before a scheduled write starts.
        retry_delays_ms: the pauses before retrying failed writes (the last repeats).

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
        retry_delays_ms: tuple[int, ...] = RETRY_DELAYS_MS,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._open_personal = open_personal
        self._scheduled: dict[str, PrepareWrite] = {}
        self._failed: dict[str, KeyedWrite] = {}
        self._latest: dict[str, int] = {}  # key -> the sequence number of its newest write
        self._sequence = 0
        self._in_flight = 0
        self._reason = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._retry_delays = retry_delays_ms
        self._retry_round = 0
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._retry)

    @property
    def has_pending(self) -> bool:
        """Whether writes wait: for their pause to end, or to be retried after failing."""
        return bool(self._scheduled) or bool(self._failed)

    @property
    def busy(self) -> bool:
        """Whether writes are scheduled, running or waiting to be retried."""
        return self.has_pending or self._in_flight > 0

    @property
    def failing(self) -> bool:
        """Whether writes failed and wait to be retried."""
        return bool(self._failed)

    @property
    def failure_reason(self) -> str:
        """Why the last write failed (the member's sentence), while writes are failing."""
        return self._reason if self._failed else ""

    def unsaved_text(self) -> str:
        """The member's words held by failed writes, one block each (for copying)."""
        return "\n\n".join(write.unsaved for write in self._failed.values() if write.unsaved)

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

    def schedule(
        self,
        key: str,
        work: StoreWork,
        *,
        unsaved: str = "",
        on_saved: Callable[[Any], None] | None = None,
    ) -> None:
        """Write with ``work`` after the pause; a later schedule under ``key`` replaces it.

        ``unsaved`` is the member's text the write holds, offered to copy while it fails.
        """
        write = KeyedWrite(work, unsaved, on_saved)
        self.schedule_prepared(key, lambda: write)

    def keep(
        self,
        key: str,
        work: StoreWork,
        *,
        unsaved: str = "",
        on_saved: Callable[[Any], None] | None = None,
    ) -> None:
        """Write with ``work`` now, kept and retried until it succeeds (like `schedule`)."""
        self.schedule(key, work, unsaved=unsaved, on_saved=on_saved)
        self.flush()

    def schedule_prepared(self, key: str, prepare: PrepareWrite) -> None:
        """Like `schedule`, with the write made by ``prepare()`` when it starts."""
        self._scheduled[key] = prepare
        self._timer.start()
        self._report()

    def flush(self) -> None:
        """Start every scheduled write now, and retry the failed ones (in order)."""
        self._timer.stop()
        scheduled, self._scheduled = self._scheduled, {}
        for key, prepare in scheduled.items():
            self._failed.pop(key, None)  # the newer version replaces a failed one
            self._start(key, prepare())
        self._retry_failed()

    def _retry(self) -> None:
        self._retry_round += 1
        self._retry_failed()

    def _retry_failed(self) -> None:
        failed, self._failed = self._failed, {}
        for key, write in failed.items():
            self._start(key, write)
        self._report()

    def _start(self, key: str, write: KeyedWrite) -> None:
        self._sequence += 1
        sequence = self._latest[key] = self._sequence

        def saved(result: Any) -> None:
            if write.on_saved is not None:
                write.on_saved(result)
            if not self._failed:
                self._retry_round = 0
                self._retry_timer.stop()

        def failed(error: Exception) -> None:
            # Kept unless a newer version of it was scheduled or started since.
            if self._latest.get(key) == sequence and key not in self._scheduled:
                self._failed[key] = write
            if self._failed and not self._retry_timer.isActive():
                index = min(self._retry_round, len(self._retry_delays) - 1)
                self._retry_timer.start(self._retry_delays[index])

        self._run_write(write.work, saved, failed)

    def write(
        self,
        work: StoreWork,
        on_saved: Callable[[Any], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        """Run ``work(store)`` in the background now; report how it went (not retried)."""
        self._run_write(work, on_saved, lambda _error: on_failed() if on_failed else None)

    def _run_write(
        self,
        work: StoreWork,
        on_saved: Callable[[Any], None] | None,
        on_failed: Callable[[Exception], None],
    ) -> None:
        self._in_flight += 1
        self._report()

        def saved(result: Any) -> None:
            self._in_flight -= 1
            if on_saved is not None:
                on_saved(result)
            self._report()

        def failed(error: Exception) -> None:
            self._in_flight -= 1
            log.error("personal data was not saved: %s", error)
            self._reason = member_text(error)
            on_failed(error)
            if self._failed:
                self._report()
            else:  # a write nobody retries: say so until the next one succeeds
                self.save_state_changed.emit(
                    self.tr("Not saved: {error}").format(error=self._reason), True
                )

        self._runner.run(lambda: self._with_store(work), saved, failed)

    def _report(self) -> None:
        if self._failed:
            text = self.tr("Not saved: {error} — retrying").format(error=self._reason)
            self.save_state_changed.emit(text, True)
        elif self._scheduled or self._in_flight:
            self.save_state_changed.emit(self.tr("Saving..."), False)
        else:
            self.save_state_changed.emit(self.tr("Saved"), False)

    def _with_store(self, work: StoreWork) -> Any:
        store = self._open_personal()
        try:
            return work(store)
        finally:
            store.close()
