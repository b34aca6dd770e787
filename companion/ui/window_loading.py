"""Loading the main window's content: the library, meetings, items, sync (a part of `MainWindow`).

Their strings are translated in the context "MainWindow", as the window's own.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer

if TYPE_CHECKING:
    from companion.core.library import ImportOutcome, MeetingSummary
    from companion.core.model import AgendaItem
    from companion.core.reanchor_store import Summary
    from companion.ui.main_window import SeedLibrary
    from companion.ui.meeting_loading import LoadedMeeting, OpenLibrary
    from companion.ui.sync_controller import SyncRun
    from companion.ui.tasks import Task

log = logging.getLogger(__name__)

#: When the window starts listening for the network coming back (after the start's work).
NETWORK_WATCH_DELAY_MS = 5_000
#: How long the member stays on an item before it is written down as the one to reopen.
LAST_ITEM_SAVE_DELAY_MS = 1_500


# The part's methods use the window's panes and each other's: to mypy it is an Any
# base (its attributes live on `MainWindow`); at run time a plain mixin.
_WindowPart: Any = object


class WindowLoading(_WindowPart):  # type: ignore[misc]
    """Starts the window, imports, opens meetings and items, follows syncs."""

    _loaded: LoadedMeeting | None
    _last_item: tuple[str, str] | None
    _marked_read: set[tuple[str, str, int]]
    _attachments_held: bool
    _started: bool
    _panes_started: bool
    _sync_controller: Any
    _meeting_task: Task | None
    _seed_library: SeedLibrary | None
    _open_library: OpenLibrary
    _first_meeting: LoadedMeeting | None  # the start's, loaded before the panes

    # -- startup ---------------------------------------------------------------

    def start(self) -> None:
        """Load the meeting list and the meeting open last time (call once the window is shown).

        The meeting the member had open is loaded at once, beside the list rather than
        after it, so the item they were reading is the first thing shown. A member who
        closed the window left its layout: their item is then shown in the reading
        frame, at its place, before the other panes are made; they follow once it is
        painted (`start_panes`). A chair's window closed in session mode comes back in
        it: its panes are made first (the item view is not what it shows).
        """
        state = self._settings.window_state
        remembered = state.last_meeting_id
        in_session = state.session_mode_meeting_id == remembered  # the chair's view comes back
        if remembered and self._hold_until_item and self.layout_saved() and not in_session:
            # Asked first: the worker reads it while this thread makes the frame (the
            # answer comes through the event loop, so after the frame in any case).
            self.open_meeting(remembered, quietly=True)  # answered by `_show_first_item`
            self.init_reading_frame()
            if self.restore_splitters():  # the item's place is known: show it there first
                self.first_item.after_item(self.start_panes)
                return
        self.start_panes()

    def start_panes(self) -> None:
        """Build the panes and list the meetings (once); the remembered meeting if not loaded."""
        from companion.ui.meeting_loading import list_meetings

        if self._panes_started:
            return
        self._panes_started = True
        # The library opens on a worker while this thread builds the panes; its
        # answer is handled after the build, since it arrives on this thread.
        self._runner.run(
            lambda: list_meetings(self._open_library), self._meetings_listed, self._library_failed
        )
        remembered = self._settings.window_state.last_meeting_id
        first, self._first_meeting = self._first_meeting, None
        if remembered and first is None and self._meeting_task is None:
            self.open_meeting(remembered, quietly=True)
        self.build()
        if first is not None:
            self._meeting_loaded(first)
        self.first_item.after_item(
            lambda: self.read_only_notice.check(self._runner, self._open_library)
        )
        self._set_busy(QCoreApplication.translate("MainWindow", "Opening the library..."))
        self._started = True
        if self._sync_controller is not None:  # else once it is made (`_init_sync`)
            self._start_sync()

    def _show_first_item(self, loaded: LoadedMeeting) -> None:
        """The start's meeting came before the panes: its remembered item, in the frame.

        The meeting is kept for `start_panes`, which shows it in full once the
        item is painted; without a remembered item in it, the panes are made now.
        """
        self._first_meeting = loaded
        meeting = loaded.meeting
        remembered = self._settings.window_state.last_item_id(meeting.id)
        item = next((item for item in meeting.items if item.id == remembered), None)
        if item is None:
            self.start_panes()
            return
        self.item_view.set_marks(loaded.marks)
        self.item_view.show_item(item, meeting)

    def _start_sync(self) -> None:
        """Sync now and then on the preference's interval; follow the network later."""
        self.sync_controller.start_auto()
        QTimer.singleShot(NETWORK_WATCH_DELAY_MS, self._watch_network)

    def _watch_network(self) -> None:
        """Sync when the system reports the network back (after the start has settled)."""
        from companion.ui.network import network_information

        information = network_information()
        if information is not None:
            information.reachabilityChanged.connect(self.sync_controller.network_changed)

    def _meetings_listed(self, meetings: list[MeetingSummary]) -> None:
        if self._window_closed:
            return
        if not meetings and self._seed_library is not None:
            self._import_samples()
            return
        self._set_busy(None)
        self.meeting_chooser.set_meetings(meetings)
        if not meetings:
            self.item_view.show_message(
                QCoreApplication.translate("MainWindow", "The library has no meetings yet.")
            )
            return
        remembered = self._settings.window_state.last_meeting_id
        if self._meeting_task is not None or self._loaded is not None:
            self._list_meeting_shown(remembered)  # the remembered one, loaded beside the list
        elif not (remembered and self.meeting_chooser.choose(remembered)):
            self.meeting_chooser.choose(meetings[0].id)
        ids = [meeting.id for meeting in meetings]
        self.first_item.after_item(lambda: self._reanchor(ids))  # catch up on versions missed
        self.first_item.after_item(lambda: self.search.index_attachments())  # files unindexed

    def _list_meeting_shown(self, meeting_id: str) -> None:
        """Select ``meeting_id`` in the list without loading it again."""
        self.meeting_chooser.blockSignals(True)
        self.meeting_chooser.setCurrentIndex(self.meeting_chooser.list_model.row_of(meeting_id))
        self.meeting_chooser.blockSignals(False)

    def _import_samples(self) -> None:
        message = QCoreApplication.translate("MainWindow", "Importing sample meetings...")
        self._set_busy(message)
        self.item_view.show_message(message)
        seed = self._seed_library
        assert seed is not None

        def fill() -> list[MeetingSummary]:
            library = self._open_library()
            try:
                seed(library)
                return library.meetings()
            finally:
                library.close()

        self._runner.run(fill, self._samples_imported, self._library_failed)

    def _samples_imported(self, meetings: list[MeetingSummary]) -> None:
        self._seed_library = None  # never loop if the samples are missing
        self._settings.window_state.last_meeting_id = ""
        self._meetings_listed(meetings)

    def _library_failed(self, error: Exception) -> None:
        self._set_busy(None)
        # Imported on failure: errors/sqlite3 are not needed for the first paint.
        from companion.ui.library_notice import library_failure
        from companion.ui.messages import member_text

        summary, details = library_failure(error)
        if self.read_only_notice.show_reason(error):  # e.g. the samples on a read-only disk
            summary = member_text(error)
        else:
            self._show_error(summary, details)
        self.item_view.show_message(summary)

    # -- meetings and items ----------------------------------------------------

    def open_meeting(self, meeting_id: str, *, quietly: bool = False) -> None:
        """Load ``meeting_id`` in the background and show it.

        ``quietly``: the start's guess (the meeting open last time); if it is no longer
        in the library, the list's answer opens the first meeting instead of an error.
        """
        from companion.ui.meeting_loading import load_meeting

        if self._meeting_task is not None:
            self._meeting_task.cancel()
        if not quietly:
            self._set_busy(QCoreApplication.translate("MainWindow", "Opening the meeting..."))
        self._meeting_task = self._runner.run(
            lambda: load_meeting(self._open_library, meeting_id, self._open_personal),
            self._meeting_loaded,
            self._remembered_meeting_failed if quietly else self._meeting_failed,
        )

    def _remembered_meeting_failed(self, error: Exception) -> None:
        """The meeting open last time cannot be shown: the list opens the first one."""
        log.info("the meeting open last time is not shown: %s", error)
        self._meeting_task = None
        self._settings.window_state.last_meeting_id = ""
        if not self._built:  # the start waited for it before making the panes
            self.start_panes()
            return
        if self.meeting_chooser.list_model.rowCount() > 0:  # the list came first
            first = self.meeting_chooser.list_model.meeting_id(0)
            if first is not None:
                self.meeting_chooser.choose(first)

    def _meeting_loaded(self, loaded: LoadedMeeting) -> None:
        self._meeting_task = None
        if self._window_closed:  # closed during the start: no pane reads for it
            return
        if not self._built:  # the start's meeting, before the panes
            self._show_first_item(loaded)
            return
        self._set_busy(None)
        self._loaded = loaded
        for action in (
            self.export_action,
            self.session_action,
            self.presenter_action,
            self.minutes_action,
        ):
            action.setEnabled(self._open_personal is not None)
        meeting = loaded.meeting
        self._settings.window_state.last_meeting_id = meeting.id
        self.meeting_label.set_full_text(_meeting_line(loaded))
        app_title = QCoreApplication.translate("MainWindow", "KKR Meeting Companion")
        self.setWindowTitle(f"{meeting.body} \u2014 {app_title}")
        if self.first_item.is_open:
            self.attachment_pane.set_meeting(loaded)
        elif not self._attachments_held:
            self._attachments_held = True
            self.first_item.after_item(self._show_held_attachments)
        self.item_view.set_marks(loaded.marks)
        self.position_panel.clear()
        self.text_highlights.clear()
        self.agenda_tree.set_meeting(meeting, loaded.marks)
        self._load_stances(meeting.id)
        self._mark_session_item(meeting.id)
        self.save_last_item()  # the meeting left behind keeps its item
        remembered = self._settings.window_state.last_item_id(meeting.id)
        if not (remembered and self.agenda_tree.select_item(remembered)):
            self.agenda_tree.step(1)
        if not meeting.items:
            self.item_view.show_message(
                QCoreApplication.translate("MainWindow", "This meeting has no items.")
            )
        resume = self._settings.window_state.session_mode_meeting_id == meeting.id
        if resume and self._open_personal is not None:
            self.enter_session_mode()  # the chair's laptop restarted mid-meeting

    def _meeting_failed(self, error: Exception) -> None:
        self._meeting_task = None
        self._set_busy(None)
        summary = QCoreApplication.translate(
            "MainWindow", "The meeting could not be opened: {error}"
        ).format(error=error)
        self.item_view.show_message(summary)
        self._show_error(summary, repr(error))

    def _show_item(self, item: AgendaItem) -> None:
        if self._loaded is None:
            return
        meeting = self._loaded.meeting
        self.item_view.show_item(item, meeting)
        self.find_bar.refresh()
        if self.first_item.is_open:
            self.attachment_pane.show_item(item)
        self._remember_item(meeting.id, item.id)
        self.position_panel.show_item(meeting.id, item.id)
        self.text_highlights.show_item(meeting.id, item)
        self._mark_read(meeting.id, item.id, meeting.version)

    def _show_held_attachments(self) -> None:
        """The attachments of the meeting and item shown, once the start's item is painted."""
        self.attachment_pane.set_meeting(self._loaded)
        item = self.agenda_tree.current_item
        if self._loaded is not None and item is not None:
            self.attachment_pane.show_item(item)

    def _remember_item(self, meeting_id: str, item_id: str) -> None:
        """Remember the item shown once the member rests on it (`save_last_item`).

        Each write of the settings file is an fsync on this thread (8 ms measured):
        at a reading pace of one item in 200 ms it was a third of a switch.
        """
        self._last_item = (meeting_id, item_id)
        self._last_item_timer.start()

    def save_last_item(self) -> None:
        """Write the item shown last to the window state now (on a pause, a meeting, close)."""
        self._last_item_timer.stop()
        if self._last_item is not None:
            self._settings.window_state.set_last_item_id(*self._last_item)
            self._last_item = None

    def _load_stances(self, meeting_id: str) -> None:
        """Show the member's stances in the agenda tree (read in the background)."""
        open_personal = self._open_personal
        if open_personal is None:
            return

        def read() -> dict[str, str]:
            store = open_personal()
            try:
                positions = store.positions(meeting_id)
            finally:
                store.close()
            return {item_id: p.stance for item_id, p in positions.items() if p.stance}

        def show(stances: dict[str, str]) -> None:
            if self._loaded is not None and self._loaded.meeting.id == meeting_id:
                self.agenda_tree.agenda_model.set_stances(stances)

        self._personal_runner.run(
            read, show, lambda error: log.warning("positions not read: %s", error)
        )

    def _mark_read(self, meeting_id: str, item_id: str, version: int) -> None:
        """Mark the item read in ``version``, unless it already is (no task then)."""
        open_personal = self._open_personal
        if open_personal is None:
            return
        loaded = self._loaded
        read_before = loaded is not None and loaded.read.get(item_id) == version
        if read_before or (meeting_id, item_id, version) in self._marked_read:
            return

        def mark() -> None:
            store = open_personal()
            try:
                store.mark_read(meeting_id, item_id, version)
            finally:
                store.close()

        self._personal_runner.run(
            mark,
            lambda _: self._read_mark_saved(meeting_id, item_id, version),
            lambda error: log.warning("read mark not saved: %s", error),
        )

    def _read_mark_saved(self, meeting_id: str, item_id: str, version: int) -> None:
        self._marked_read.add((meeting_id, item_id, version))
        self._item_read(meeting_id, item_id, version)

    # -- sync ------------------------------------------------------------------

    def open_sources(self, source_id: str | None = None) -> None:
        """Open the sources dialog (without blocking); ``source_id`` is selected to sign in."""
        from companion.ui.sources_dialog import open_sources_dialog

        dialog = open_sources_dialog(
            self, self._config_dir, self.sync_controller.remember_secret, source_id, self._runner
        )
        dialog.sources_changed.connect(self.sync_controller.sync_now)
        self.sync_controller.finished.connect(dialog.refresh)  # its "Last sync" column

    def _sync_finished(self, run: SyncRun) -> None:
        """Show how the sync ended; reload the list and the open meeting if they changed."""
        self.sync_status.show_run(run, self.sync_controller.last_synced)
        changed = run.changed_meetings
        if not changed:
            return
        self.search.index_attachments()
        self._reanchor(changed)
        from companion.ui.meeting_loading import list_meetings

        current = self.meeting_chooser.current_meeting_id

        def listed(meetings: list[MeetingSummary]) -> None:
            self.meeting_chooser.set_meetings(meetings)
            shown = current if current is not None else meetings[0].id
            if current is not None and current not in changed:
                self.meeting_chooser.blockSignals(True)  # the meeting shown is as it was
                self.meeting_chooser.setCurrentIndex(self.meeting_chooser.list_model.row_of(shown))
                self.meeting_chooser.blockSignals(False)
            elif not self.meeting_chooser.choose(shown):  # the meeting shown was removed
                self.meeting_chooser.choose(meetings[0].id)

        self._runner.run(lambda: list_meetings(self._open_library), listed)

    def _sync_failed(self, summary: str, details: str) -> None:
        self.sync_status.show_problem(summary)
        if details:  # unexpected: the dialog with "Copy details"
            self._show_error(summary, details)

    # -- annotations on new versions ----------------------------------------------

    def _reanchor(self, meeting_ids: list[str], outcome: ImportOutcome | None = None) -> None:
        """Re-anchor the notes of meetings on their new versions, on the personal runner.

        With an import's ``outcome``, from the version it replaced; otherwise from the
        version recorded in the personal store (catching up on versions missed).
        """
        open_personal = self._open_personal
        if open_personal is None:
            return
        open_library = self._open_library

        def run() -> dict[str, Summary | None]:
            from companion.core.reanchor_store import reanchor_imported, reanchor_pending

            library = open_library()
            try:
                with open_personal() as store:
                    if outcome is not None:
                        return {outcome.meeting_id: reanchor_imported(store, library, outcome)}
                    return dict(reanchor_pending(store, library, meeting_ids))
            finally:
                library.close()

        self._personal_runner.run(
            run,
            self._reanchored,
            lambda error: log.error("notes not re-anchored on the new version: %s", error),
        )

    def _reanchored(self, summaries: dict[str, Summary | None]) -> None:
        """Redraw the open item's highlights if they moved; say what could not be placed."""
        from companion.core.reanchor_store import Summary, summary_message

        done = {meeting_id: s for meeting_id, s in summaries.items() if s is not None}
        if self._loaded is not None and self._loaded.meeting.id in done:
            self._redraw_highlights()
        message = summary_message(sum(done.values(), Summary()))
        if message:
            self.statusBar().showMessage(message, 30_000)

    def _redraw_highlights(self) -> None:
        item = self.agenda_tree.current_item
        if self._loaded is not None and item is not None:
            self.text_highlights.show_item(self._loaded.meeting.id, item)


def _meeting_line(loaded: LoadedMeeting) -> str:
    meeting = loaded.meeting
    when = meeting.local_start.strftime("%d-%m-%Y %H:%M") if meeting.local_start else ""
    version = (
        QCoreApplication.translate("MainWindow", "version {n}").format(n=meeting.version)
        if meeting.version > 1
        else ""
    )
    parts = (meeting.body, when, meeting.location, version)
    return "  \u00b7  ".join(part for part in parts if part)
