"""The chair's session behind the widgets: state, decisions, saving, the draft minutes.

`SessionController` owns one meeting's `SessionState` and decisions, changes
them on the chair's commands and saves them through a `DebouncedSaver` on the
window's one-thread personal runner (typing waits for a pause; moves and marks
save at once). Times are always computed from the state and the clock
(`now()`), never counted in ticks, so a restart resumes exactly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from companion.core.model import AgendaItem, Meeting
from companion.core.session import ItemStatus, SessionState, decision_templates
from companion.ui.debounced_save import DebouncedSaver, OpenPersonal
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.personal import PersonalStore

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
OpenLibrary = Callable[[], "Library"]

#: The draft minutes' formats by file suffix.
MINUTES_FORMATS = {".docx": "docx", ".pdf": "pdf"}
SESSION_KEY = "session"


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class TimeLevel(StrEnum):
    """How an item's time compares with its plan."""

    ON_TIME = "on_time"
    NEAR = "near"  # the last fifth of the plan (at least the last minute)
    OVER = "over"


def time_level(elapsed: timedelta, planned_minutes: int) -> TimeLevel:
    """Whether ``elapsed`` is well within, near the end of, or over ``planned_minutes``."""
    planned = timedelta(minutes=planned_minutes)
    if elapsed > planned:
        return TimeLevel.OVER
    warning = max(planned / 5, timedelta(minutes=1))
    return TimeLevel.NEAR if planned - elapsed <= warning else TimeLevel.ON_TIME


def minutes_format(path: Path) -> str:
    """``"docx"`` or ``"pdf"`` from the file's suffix.

    Raises:
        ValueError: the suffix is neither; names the path.
    """
    fmt = MINUTES_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"draft minutes can be written as .docx or .pdf, not {path.name!r}")
    return fmt


def parse_absent(text: str) -> list[str]:
    """The names in a comma-separated list, without blanks."""
    return [name.strip() for name in text.split(",") if name.strip()]


@dataclass
class LoadedSession:
    """A meeting's saved session (None: never started) and decisions, read in the background."""

    state: SessionState | None
    decisions: dict[str, str] = field(default_factory=dict)


def load_session_data(store: PersonalStore, meeting_id: str) -> LoadedSession:
    """The saved session and decisions of ``meeting_id`` (background task)."""
    return LoadedSession(store.load_session(meeting_id), store.decisions(meeting_id))


class SessionController(QObject):
    """One meeting's session: move, mark, decide, plan, save, export.

    Args:
        personal_runner: the window's single-thread runner for personal-store work.
        open_personal: opens the `PersonalStore` (called inside background tasks).
        clock: the time now (tests pass a fake one).

    Signals:
        loaded: the meeting's session was read (or a fresh one made).
        load_failed(message): the saved session could not be read.
        current_item_changed(item_id): another item is shown.
        state_changed: statuses, plan, absent members or decisions changed.
        save_state_changed(text, problem): from the saver.
    """

    loaded = Signal()
    load_failed = Signal(str)
    current_item_changed = Signal(str)
    state_changed = Signal()
    save_state_changed = Signal(str, bool)

    def __init__(
        self,
        personal_runner: TaskRunner,
        open_personal: OpenPersonal,
        clock: Clock = utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_personal = open_personal
        self.saver = DebouncedSaver(personal_runner, open_personal, parent=self)
        self.saver.save_state_changed.connect(self.save_state_changed)
        self.now = clock
        self.meeting: Meeting | None = None
        self.state: SessionState | None = None
        self.decisions: dict[str, str] = {}
        self._generation = 0

    # -- loading ---------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Whether a meeting's session is loaded."""
        return self.meeting is not None and self.state is not None

    def set_meeting(self, meeting: Meeting) -> None:
        """Save what is pending, then load ``meeting``'s session in the background."""
        self.flush()
        self._generation += 1
        generation = self._generation
        self.meeting, self.state, self.decisions = meeting, None, {}
        meeting_id = meeting.id
        self.saver.read(
            lambda store: load_session_data(store, meeting_id),
            lambda data: self._loaded(generation, data),
            lambda error: self._load_error(generation, error),
        )

    def _loaded(self, generation: int, data: LoadedSession) -> None:
        if generation != self._generation or self.meeting is None:
            return
        self.state = data.state or SessionState(self.meeting.id)
        self.decisions = dict(data.decisions)
        self.loaded.emit()
        item = self.shown_item()
        if item is not None:
            self.current_item_changed.emit(item.id)

    def _load_error(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        log.error("the session could not be read: %s", error)
        self.load_failed.emit(str(error))

    # -- what is shown ---------------------------------------------------------

    @property
    def started(self) -> bool:
        """Whether the session has started."""
        return self.state is not None and self.state.started_at is not None

    @property
    def running(self) -> bool:
        """Whether the session has started and has not been ended."""
        return self.started and self.state is not None and self.state.finished_at is None

    def shown_item(self) -> AgendaItem | None:
        """The current item; before the start, the one it will start on (the first)."""
        if self.meeting is None or self.state is None:
            return None
        current = self.state.current_item(self.meeting)
        if current is not None:
            return current
        items = self.meeting.items
        return items[0] if items else None

    def next_item(self) -> AgendaItem | None:
        """The item after the one shown, or None at the end."""
        shown = self.shown_item()
        if self.meeting is None or shown is None:
            return None
        items = self.meeting.items
        index = items.index(shown) + 1
        return items[index] if index < len(items) else None

    def templates(self) -> list[str]:
        """The decision wordings for the item shown, best first."""
        item = self.shown_item()
        return decision_templates(item) if item is not None else []

    def decision(self) -> str:
        """The decision recorded for the item shown."""
        item = self.shown_item()
        return self.decisions.get(item.id, "") if item is not None else ""

    def status(self, item_id: str) -> ItemStatus:
        """An item's mark (pending when none or before loading)."""
        return self.state.status(item_id) if self.state is not None else ItemStatus.PENDING

    def planned_minutes(self, item_id: str) -> int:
        """The item's planned minutes (the chair's, or its share of the meeting)."""
        if self.meeting is None or self.state is None:
            return 0
        return self.state.plan(self.meeting).get(item_id, 0)

    def elapsed(self) -> timedelta:
        """Time since the session started."""
        return self.state.elapsed(self.now()) if self.state is not None else timedelta(0)

    def item_elapsed(self, item_id: str) -> timedelta:
        """Time spent on an item so far."""
        if self.state is None:
            return timedelta(0)
        return self.state.item_elapsed(item_id, self.now())

    # -- commands --------------------------------------------------------------

    def start(self) -> None:
        """Start the session on the item shown (a started session only resumes)."""
        item = self.shown_item()
        if self.state is None or item is None:
            return
        if self.state.current_item_id is None:
            self.state.start(self.now(), item.id)
        else:
            self.state.start(self.now())
        self._save_state(at_once=True)
        self.state_changed.emit()

    def finish(self) -> None:
        """End the session: the clocks stop (moving to an item or Resume starts them again)."""
        if self.state is None or not self.running:
            return
        self.state.finish(self.now())
        self._save_state(at_once=True)
        self.state_changed.emit()

    def step(self, offset: int) -> None:
        """Go to the next (+1) or previous (-1) item; the first move starts the session."""
        if self.meeting is None or self.state is None:
            return
        before = self.state.current_item_id
        if offset >= 0:
            self.state.next_item(self.meeting, self.now())
        else:
            self.state.previous_item(self.meeting, self.now())
        self._moved(before)

    def go_to(self, item_id: str) -> None:
        """Make ``item_id`` the current item (starts the session if needed)."""
        if self.meeting is None or self.state is None or self.meeting.item(item_id) is None:
            return
        before = self.state.current_item_id
        if item_id != before:
            self.state.go_to(item_id, self.now())
        self._moved(before)

    def _moved(self, before: str | None) -> None:
        self.flush_decisions()
        self._save_state(at_once=True)
        current = self.state.current_item_id if self.state is not None else None
        if current is not None and current != before:
            self.current_item_changed.emit(current)
        self.state_changed.emit()

    def toggle_status(self, status: ItemStatus) -> None:
        """Mark the item shown with ``status``; the same mark again clears it."""
        item = self.shown_item()
        if self.state is None or item is None:
            return
        new = ItemStatus.PENDING if self.state.status(item.id) == status else status
        self.state.set_status(item.id, new)
        self._save_state(at_once=True)
        self.state_changed.emit()

    def set_planned_minutes(self, minutes: int) -> None:
        """Plan ``minutes`` for the item shown (saved after a pause)."""
        item = self.shown_item()
        if self.state is None or item is None or minutes == self.planned_minutes(item.id):
            return
        self.state.set_override(item.id, minutes)
        self._save_state(at_once=False)
        self.state_changed.emit()

    def included_in_minutes(self, item_id: str) -> bool:
        """Whether the chair put the closed item ``item_id`` in the draft minutes."""
        return self.state is not None and item_id in self.state.included_closed

    def include_in_minutes(self, included: bool) -> None:
        """Put the (closed) item shown in the draft minutes, or leave it out again."""
        item = self.shown_item()
        if self.state is None or item is None:
            return
        self.state.include_closed(item.id, included)
        self._save_state(at_once=True)
        self.state_changed.emit()

    def set_absent(self, text: str) -> None:
        """Who is absent, as a comma-separated list (saved after a pause)."""
        if self.state is None:
            return
        names = parse_absent(text)
        if names == self.state.absent:
            return
        self.state.absent = names
        self._save_state(at_once=False)

    def type_decision(self, text: str) -> None:
        """The chair typed ``text`` as the decision of the item shown (saved after a pause)."""
        item = self.shown_item()
        if self.meeting is None or item is None:
            return
        self.decisions[item.id] = text
        meeting_id, item_id = self.meeting.id, item.id
        self.saver.schedule(
            f"decision:{item_id}",
            lambda store: store.set_decision(meeting_id, item_id, text),
        )
        self.state_changed.emit()

    def record_decision(self, text: str) -> None:
        """Record ``text`` as the decision of the item shown and save it at once."""
        self.type_decision(text)
        self.saver.flush()

    def flush_decisions(self) -> None:
        """Start the pending saves now (item switch, focus change, hiding)."""
        self.saver.flush()

    def flush(self) -> None:
        """Start every pending save now."""
        self.saver.flush()

    def _save_state(self, *, at_once: bool) -> None:
        if self.state is None:
            return
        data = self.state.to_dict()  # a snapshot: the state changes on this thread

        def save(store: PersonalStore) -> None:
            store.save_session(SessionState.from_dict(data))

        self.saver.schedule(SESSION_KEY, save)
        if at_once:
            self.saver.flush()

    # -- draft minutes ---------------------------------------------------------

    def export_minutes(
        self,
        open_library: OpenLibrary,
        path: Path,
        on_done: Callable[[Path], None],
        on_failed: Callable[[Exception], None],
        author: str = "",
    ) -> None:
        """Write the draft minutes to ``path`` (format by suffix) in the background.

        Runs on the personal runner after every pending save, so the minutes hold
        everything typed so far. ``author`` is the member's name (Preferences).

        Raises:
            ValueError: the suffix is not .docx or .pdf; or no meeting is loaded.
        """
        fmt = minutes_format(path)
        if self.meeting is None:
            raise ValueError("no meeting is open in the session")
        meeting_id = self.meeting.id

        def export(store: PersonalStore) -> Any:
            # Imported here, on the worker: the PDF and Word writers load slowly.
            from companion.core.export.minutes import export_minutes

            library = open_library()
            try:
                return export_minutes(library, store, meeting_id, fmt, path, author=author)
            finally:
                library.close()

        self.saver.run(export, on_done, on_failed)
