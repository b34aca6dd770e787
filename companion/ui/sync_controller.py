"""Syncing every source from the window: on request, on start and every N minutes.

`SyncController` runs one sync at a time through the window's `TaskRunner`, so
the network and the library are only touched on a worker thread. Progress
crosses to the GUI thread as a queued Qt signal (`_ProgressRelay`), throttled
so a fast download does not flood the event loop; `cancel` sets the
`threading.Event` the client checks between chunks. What a run did comes back
as a `SyncRun`: one `SourceResult` per source (ok, offline, sign-in needed,
failed or cancelled) and the meetings that changed.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

from companion.ui.messages import member_text
from companion.ui.network import system_says_offline
from companion.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.sources import Source
    from companion.core.sources.feed.client import Progress, RetryPolicy

log = logging.getLogger(__name__)

#: The first automatic sync waits this long after the window is ready.
AUTO_START_DELAY_MS = 3_000
MINUTE_MS = 60_000
#: At most this many progress updates a second reach the GUI thread.
PROGRESS_INTERVAL_S = 0.1
RESULT_OK = "ok"

SourceState = Literal["ok", "offline", "sign-in", "failed", "cancelled"]
_STATE_WORDS = {
    "offline": "offline",
    "sign-in": "sign-in needed",
    "failed": "failed",
    "cancelled": "cancelled",
}
OpenLibrary = Callable[[], "Library"]


@dataclass(frozen=True)
class SyncProgress:
    """Where a running sync is, for the status bar."""

    source_name: str
    phase: str
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0


@dataclass(frozen=True)
class SourceResult:
    """How syncing one source ended.

    Attributes:
        source_id: the source's id.
        source_name: what the member calls it.
        state: ok, offline, sign-in (credentials missing or refused), failed, cancelled.
        message: a sentence for the member ("" when ok).
        changed: ids of the meetings added or updated.
        meeting_problems: one sentence per meeting that could not be synced.
    """

    source_id: str
    source_name: str
    state: SourceState
    message: str = ""
    changed: tuple[str, ...] = ()
    meeting_problems: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """One line for the source's "last sync": ``ok``, or the state and the message."""
        if self.state == "ok":
            return RESULT_OK
        return f"{_STATE_WORDS[self.state]}: {self.message}" if self.message else self.state


@dataclass(frozen=True)
class SyncRun:
    """What one sync of every source did."""

    results: tuple[SourceResult, ...] = ()
    finished: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: When a source last synced without a problem (read after recording this run).
    last_success: datetime | None = None

    @property
    def changed_meetings(self) -> list[str]:
        """Ids of the meetings added or updated, each once."""
        return list(dict.fromkeys(i for result in self.results for i in result.changed))

    def with_state(self, state: SourceState) -> list[SourceResult]:
        """The results in ``state``."""
        return [result for result in self.results if result.state == state]

    @property
    def cancelled(self) -> bool:
        """True when the member cancelled the run."""
        return bool(self.with_state("cancelled"))

    @property
    def offline(self) -> bool:
        """True when some source was tried and none could be reached."""
        return bool(self.results) and all(r.state == "offline" for r in self.results)


# -- the work, on a worker thread ----------------------------------------------------------


def is_unreachable(error: BaseException) -> bool:
    """True when a `SyncError` means the server could not be reached (we are offline).

    The client gives up with a `SyncError` raised from its last failure; an
    `Unreachable` one means no connection could be made, while a 5xx answer is a
    server problem, not being offline.
    """
    from companion.core.sources.http import Unreachable

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, Unreachable):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class _Throttle:
    """Passes progress on at most every `PROGRESS_INTERVAL_S`, and always on a new phase."""

    def __init__(self, source_name: str, emit: Callable[[SyncProgress], None]) -> None:
        self._source_name = source_name
        self._emit = emit
        self._last = 0.0
        self._phase = ""
        self._files_done = -1

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        fresh = progress.phase != self._phase or progress.files_done != self._files_done
        if not fresh and now - self._last < PROGRESS_INTERVAL_S:
            return
        self._last, self._phase, self._files_done = now, progress.phase, progress.files_done
        self._emit(
            SyncProgress(
                self._source_name,
                progress.phase,
                progress.files_done,
                progress.files_total,
                progress.bytes_done,
                progress.bytes_total,
            )
        )


@dataclass
class SyncJob:
    """Everything one run needs on the worker thread (no Qt object in here)."""

    config_dir: Path
    open_library: OpenLibrary
    session_secrets: dict[str, str]
    cancel: threading.Event
    emit: Callable[[SyncProgress], None]
    retry: RetryPolicy | None = None

    def run(self) -> SyncRun:
        """Sync every source in order; stops early when cancelled.

        Raises:
            SourceError: sources.json is damaged (its message names the file).
        """
        from companion.core.sources import SourceStore

        sources = SourceStore(self.config_dir).list()
        if not sources:
            return SyncRun()
        results: list[SourceResult] = []
        library = self.open_library()
        try:
            for source in sources:
                if self.cancel.is_set():
                    results.append(SourceResult(source.id, source.name, "cancelled"))
                    break
                results.append(self.sync_one(source, library))
        finally:
            library.close()
        run = SyncRun(tuple(results))
        return replace(run, last_success=self.record(run))

    def record(self, run: SyncRun) -> datetime | None:
        """Write each source's last sync into sources.json; when one last synced well.

        Runs on the worker: sources.json is locked between processes while it is
        written, and the GUI thread must never wait for that lock.
        """
        from companion.core.sources import SourceError, SourceStore

        store = SourceStore(self.config_dir)
        for result in run.results:
            if result.state == "cancelled":
                continue  # the previous result still says how that source is
            try:
                store.update_last_sync(result.source_id, result.summary, run.finished)
            except SourceError as error:  # removed meanwhile, or the file is damaged
                log.warning("The sync of %s was not recorded: %s", result.source_id, error)
        try:
            return _last_success(store.list())
        except SourceError as error:
            log.warning("The sources cannot be read: %s", error)
            return None

    def secret_of(self, source: Source) -> str | None:
        """The source's secret: typed this session, else where the source keeps it."""
        from companion.core.credentials import read_secret

        if source.id in self.session_secrets:
            return self.session_secrets[source.id]
        return read_secret(source.secret_storage, self.config_dir, source.id)

    def sync_one(self, source: Source, library: Library) -> SourceResult:
        """Sync one source into ``library``; every failure becomes a `SourceResult`."""
        from companion.core.credentials import CredentialError
        from companion.core.sources import sync_source_for
        from companion.core.sources.feed.client import (
            AuthenticationRequired,
            SyncCancelled,
            SyncError,
            sync,
        )

        def result(state: SourceState, message: str) -> SourceResult:
            return SourceResult(source.id, source.name, state, message)

        self.emit(SyncProgress(source.name, "start"))
        if source.kind == "firstagenda":
            return self.sync_site(source, library)
        try:
            secret = self.secret_of(source) if source.needs_secret else None
            if source.needs_secret and not secret:
                return result("sign-in", f"{source.name}: the password or token is needed.")
            report = sync(
                sync_source_for(source, secret),
                library,
                progress=_Throttle(source.name, self.emit),
                cancel=self.cancel,
                retry=self.retry,
            )
        except AuthenticationRequired as error:
            return result("sign-in", member_text(error))
        except SyncCancelled:
            return result("cancelled", "")
        except SyncError as error:
            state: SourceState = "offline" if is_unreachable(error) else "failed"
            log.warning("Sync of %s: %s", source.id, error)
            return result(state, member_text(error))
        except CredentialError as error:
            return result("sign-in", member_text(error))
        changed = tuple(
            outcome.meeting_id
            for outcome in report.meetings
            if outcome.status in ("added", "updated")
        )
        problems = tuple(f"{meeting_id}: {sentence}" for meeting_id, sentence in report.failed)
        state = "failed" if problems else "ok"
        return SourceResult(source.id, source.name, state, "; ".join(problems), changed, problems)

    def sync_site(self, source: Source, library: Library) -> SourceResult:
        """Sync one FirstAgenda site into ``library``, as far back as the source says."""
        from companion.core.sources import firstagenda_source_for, reach_start, sync_meetings
        from companion.core.sources.http import SyncCancelled, SyncError

        try:
            report = sync_meetings(
                firstagenda_source_for(source, self.retry),
                library,
                since=reach_start(source.months),
                progress=_Throttle(source.name, self.emit),
                cancel=self.cancel,
            )
        except SyncCancelled:
            return SourceResult(source.id, source.name, "cancelled")
        except SyncError as error:
            state: SourceState = "offline" if is_unreachable(error) else "failed"
            log.warning("Sync of %s: %s", source.id, error)
            return SourceResult(source.id, source.name, state, member_text(error))
        changed = tuple(
            outcome.meeting_id
            for outcome in report.meetings
            if outcome.status in ("added", "updated")
        )
        problems = []
        for meeting_id, sentence in report.failed:
            failure = report.failures.get(meeting_id)
            if failure is not None and failure.error is not None:
                sentence = f"{failure.label}: {member_text(failure.error)}"
            problems.append(sentence)
        state = "failed" if problems else "ok"
        message = "; ".join(problems)
        return SourceResult(source.id, source.name, state, message, changed, tuple(problems))


def _last_success(sources: list[Source]) -> datetime | None:
    """When a source last synced without a problem, or None."""
    times = [s.last_sync for s in sources if s.last_sync and s.last_sync_result == RESULT_OK]
    return max(times, default=None)


# -- the controller, on the GUI thread -----------------------------------------------------


class _ProgressRelay(QObject):
    """Emitted on the worker thread; Qt queues the delivery to the GUI thread."""

    progress = Signal(object)


class SyncController(QObject):
    """Runs syncs of all sources in the background, one at a time.

    Args:
        runner: the window's task runner (the sync never runs on the GUI thread).
        open_library: opens a `Library` (called on the worker).
        config_dir: where sources.json and the secret files are.
        interval_minutes: minutes between automatic syncs (0: none).
        retry: how the client retries (default: its own policy).
        is_offline: whether the system reports no network (an automatic sync is then
            skipped: no failed connection attempts while on a train).

    Signals:
        started: a run began.
        progress(SyncProgress): where the run is (on the GUI thread).
        finished(SyncRun): the run ended (also when cancelled or offline).
        failed(str, str): the run broke off: a sentence, and a traceback when the
            cause was unexpected ("" for a damaged sources.json).
        offline_skipped: an automatic sync was not tried: the system is offline.
    """

    started = Signal()
    offline_skipped = Signal()
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str, str)

    def __init__(
        self,
        runner: TaskRunner,
        open_library: OpenLibrary,
        config_dir: Path,
        interval_minutes: int = 15,
        retry: RetryPolicy | None = None,
        parent: QObject | None = None,
        *,
        is_offline: Callable[[], bool] = system_says_offline,
    ) -> None:
        super().__init__(parent)
        self.retry = retry
        self._is_offline = is_offline
        self._runner = runner
        self._open_library = open_library
        self.config_dir = Path(config_dir)
        self._session_secrets: dict[str, str] = {}
        self._task: Task | None = None
        self._cancel = threading.Event()
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._progress_arrived)
        self.last_synced: datetime | None = None
        self.last_run: SyncRun | None = None
        self.auto_timer = QTimer(self)
        self.auto_timer.timeout.connect(self.auto_sync)
        self._first_timer = QTimer(self)
        self._first_timer.setSingleShot(True)
        self._first_timer.timeout.connect(self.auto_sync)
        self._auto = False
        self.set_interval_ms(interval_minutes * MINUTE_MS)

    @property
    def running(self) -> bool:
        """True while a run is under way."""
        return self._task is not None

    def remember_secret(self, source_id: str, secret: str) -> None:
        """Use ``secret`` for ``source_id`` until the app quits (sources that "ask")."""
        self._session_secrets[source_id] = secret

    def sync_now(self) -> bool:
        """Start syncing every source; False (and nothing done) when a run is under way."""
        if self.running:
            return False
        self._cancel = threading.Event()
        job = SyncJob(
            self.config_dir,
            self._open_library,
            dict(self._session_secrets),
            self._cancel,
            self._relay.progress.emit,
            self.retry,
        )
        self._task = self._runner.run(job.run, self._run_finished, self._run_failed)
        self.started.emit()
        return True

    def cancel(self) -> None:
        """Ask the running sync to stop; it ends with a "cancelled" result."""
        if self.running:
            log.info("Sync cancelled by the member")
            self._cancel.set()

    # -- automatic sync

    def set_interval_ms(self, interval_ms: int) -> None:
        """Sync automatically every ``interval_ms`` (0 or less: never by the timer)."""
        self.auto_timer.stop()
        self._interval_ms = interval_ms
        if interval_ms > 0:
            self.auto_timer.setInterval(interval_ms)

    def set_interval_minutes(self, minutes: int) -> None:
        """Sync automatically every ``minutes`` from now on (0: only on start and on request)."""
        self.set_interval_ms(minutes * MINUTE_MS)
        if self._auto and minutes > 0:
            self.auto_timer.start()

    def start_auto(self, first_delay_ms: int = AUTO_START_DELAY_MS) -> None:
        """Sync ``first_delay_ms`` from now, then every interval."""
        self._auto = True
        self._first_timer.start(first_delay_ms)
        if self._interval_ms > 0:
            self.auto_timer.start()

    def stop_auto(self) -> None:
        """No more automatic syncs (the window is closing)."""
        self._auto = False
        self.auto_timer.stop()
        self._first_timer.stop()
        self._interval_ms = 0

    @Slot()
    def auto_sync(self) -> None:
        """A sync by the timer: skipped while one runs."""
        if self.running:
            log.debug("Automatic sync skipped: a sync is running")
            return
        if self._is_offline():
            log.info("Automatic sync skipped: the system reports no network")
            self.offline_skipped.emit()
            return
        self.sync_now()

    def network_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        """The system's network changed: when it is back, sync at once (if syncing by itself)."""
        if self._auto and reachability != QNetworkInformation.Reachability.Disconnected:
            log.info("The network is back: syncing")
            self.auto_sync()

    # -- results, on the GUI thread

    @Slot(object)
    def _progress_arrived(self, progress: SyncProgress) -> None:
        if self.running and not self._cancel.is_set():
            self.progress.emit(progress)

    def _run_finished(self, run: SyncRun) -> None:
        self._task = None
        self.last_run = run
        self.last_synced = run.last_success or self.last_synced
        log.info(
            "Sync finished: %s",
            ", ".join(f"{r.source_id} {r.state}" for r in run.results) or "no sources",
        )
        self.finished.emit(run)

    def _run_failed(self, error: Exception) -> None:
        from companion.core.sources import SourceError

        self._task = None
        if isinstance(error, SourceError):
            log.error("Sync could not start: %s", error)
            self.failed.emit(member_text(error), "")
            return
        details = "".join(traceback.format_exception(error))
        log.error("Sync failed unexpectedly: %s\n%s", error, details)
        summary = self.tr("The sync stopped unexpectedly: {error}").format(error=error)
        self.failed.emit(summary, details)
