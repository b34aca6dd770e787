"""The main window: meeting list and agenda | item text | attachments.

The window only assembles: each ``_init_*`` helper builds one part, and
``_connect_signals`` wires them. Everything slow (the library, PDFs) runs in
background tasks through the `TaskRunner`. The app's window is deferred: its
frame is painted first, then (for a member who closed it on an item) the item in
its place, then the other panes (`WindowLoading.start`), so a cold start shows a
window as soon as Qt can and the member's item next.

The class is assembled from parts beside it: `companion.ui.window_panes` (the
reading frame and the panes in their places), `companion.ui.window_actions` (actions
and menus), `companion.ui.window_loading` (the library, meetings, items, sync),
`companion.ui.window_import` (File > Import and dropped files) and
`companion.ui.window_dialogs` (session mode and the dialogs).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from companion.ui.settings import Settings
from companion.ui.tasks import Task, TaskRunner
from companion.ui.window_actions import WindowActions
from companion.ui.window_dialogs import WindowDialogs
from companion.ui.window_geometry import fitted, keep_on_screen, place_first, scaled
from companion.ui.window_import import WindowImport
from companion.ui.window_loading import LAST_ITEM_SAVE_DELAY_MS, WindowLoading
from companion.ui.window_panes import (
    ITEM_SPLITTER_NAME,
    POSITION_MIN_HEIGHT,
    SPLITTER_NAME,
    WindowPanes,
)

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.personal import PersonalStore
    from companion.ui.attachment_pane import AttachmentPane
    from companion.ui.meeting_loading import LoadedMeeting, OpenLibrary
    from companion.ui.search.controller import WindowSearch
    from companion.ui.sync_controller import SyncController
    from companion.ui.sync_status import SyncStatus

log = logging.getLogger(__name__)

#: The panes' sizes at the preferred window size (1400x860); scaled to the window's size.
DEFAULT_ITEM_SPLIT = [520, 300]
DEFAULT_SPLIT = [360, 590, 450]

#: Fills an empty library (the app passes `companion.core.samples.import_samples`).
SeedLibrary = Callable[["Library"], Any]
OpenPersonal = Callable[[], "PersonalStore"]


class MainWindow(
    WindowPanes, WindowActions, WindowLoading, WindowImport, WindowDialogs, QMainWindow
):
    """The three-pane reading window.

    Args:
        runner: runs library and PDF work off the GUI thread.
        settings: preferences and window state.
        open_library: opens a `Library` (called inside background tasks).
        seed_library: fills an empty library (None: leave it empty).
        open_personal: opens the `PersonalStore` for read marks (None: no marks).
        config_dir: where the sync sources are (default: the settings' folder).
        data_dir: the library's folder, shown in Help > About (default: the platform's).
    """

    def __init__(
        self,
        runner: TaskRunner,
        settings: Settings,
        open_library: OpenLibrary,
        seed_library: SeedLibrary | None = None,
        open_personal: OpenPersonal | None = None,
        parent: QWidget | None = None,
        *,
        deferred: bool = False,
        config_dir: Path | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._runner = runner
        self._settings = settings
        self._open_library = open_library
        self._seed_library = seed_library
        self._open_personal = open_personal
        self._config_dir = config_dir or settings.preferences.path.parent
        self._data_dir = data_dir
        # Read marks are written one at a time: SQLite writers on one file queue anyway.
        self._personal_runner = TaskRunner(max_workers=1, parent=self)
        self._loaded: LoadedMeeting | None = None
        self._first_meeting: LoadedMeeting | None = None  # the start's, before the panes
        self._meeting_task: Task | None = None
        self._diff_dialog: QWidget | None = None
        self._built = False
        self._start_when_built = deferred
        self._after_first_item: list[Callable[[], None]] = []  # until the panes are built
        #: The app's start shows the member's item before the attachments (`FirstItemGate`).
        self._hold_until_item = deferred
        self._placed = False
        self._default_split = False
        self._attachments_held = False
        self._attachment_pane: AttachmentPane | None = None
        self._framed = False  # the reading frame is made (`init_reading_frame`)
        self._built_panes = False
        self._panes_started = False  # `start_panes` ran
        self._started = False
        #: Closed: answers of background reads that come after it are dropped.
        self._window_closed = False
        self._sync_controller: SyncController | None = None
        self._sync_status: SyncStatus | None = None
        self._search: WindowSearch | None = None  # `search`, made after the start's item
        #: Items marked read in this run (meeting, item, version): not written again.
        self._marked_read: set[tuple[str, str, int]] = set()
        #: The item shown, until it is written to the window state (after a pause).
        self._last_item: tuple[str, str] | None = None
        self._last_item_timer = QTimer(self)
        self._last_item_timer.setSingleShot(True)
        self._last_item_timer.setInterval(LAST_ITEM_SAVE_DELAY_MS)
        self._last_item_timer.timeout.connect(self.save_last_item)
        #: Closing with unsaved words asks first (not on SIGTERM: nobody may answer).
        self.ask_before_losing_words = True
        self.setWindowTitle(self.tr("KKR Meeting Companion"))
        self._restore_geometry()
        if not deferred:
            self.build()

    def build(self) -> None:
        """Create the panes, actions and menus (once).

        A deferred window (the app's) calls this itself right after its first
        paint, so the frame appears before the panes' modules are even imported.
        """
        if self._built:
            return
        from companion.ui.accessibility import name_menu_overflow, set_reading_tab_order

        self._built = True
        self.init_side_panes()  # and the reading frame, unless the start made it first
        self._init_import()
        self._connect_signals()
        self._restore_layout()
        self.apply_text_size(self._settings.preferences.reading_font_size)
        self._built_panes = True
        # Named here, not with the menus: the accessibility module makes ~30 enum classes
        # the start's item would wait for (the menu bar is made before the item).
        name_menu_overflow(self.menuBar())
        if self._attachment_pane is not None:
            set_reading_tab_order(self)  # else once the pane is made
        self.first_item.after_item(self._init_sync)
        for work in self._after_first_item:
            self.first_item.after_item(work)
        self._after_first_item.clear()

    def after_first_item(self, work: Callable[[], None]) -> None:
        """Run ``work`` once the member's first item is on screen (the panes may not exist yet)."""
        if self._built:
            self.first_item.after_item(work)
        else:
            self._after_first_item.append(work)

    def event(self, event: QEvent) -> bool:
        """Build a deferred window once its first paint is done; follow the system's palette."""
        if event.type() == QEvent.Type.ApplicationPaletteChange and self._built:
            from companion.ui.window_style import window_style

            self.setStyleSheet(window_style(QGuiApplication.palette()))
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and self._start_when_built:
            self._start_when_built = False
            QTimer.singleShot(0, self.start)
        return handled

    # -- assembly --------------------------------------------------------------

    def _init_status_bar(self) -> None:
        from PySide6.QtWidgets import QProgressBar

        from companion.ui.status_line import ElidedLabel, StatusLine, separator

        self.setStatusBar(StatusLine())
        self.meeting_label = ElidedLabel()
        self.meeting_label.setObjectName("meetingLabel")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.hide()
        status = self.statusBar()
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(separator())  # a passing message ends before it
        status.addPermanentWidget(self.meeting_label)

    def _init_read_only_notice(self) -> None:
        """The status line's note of a library that can only be read (hidden otherwise)."""
        from companion.ui.library_notice import ReadOnlyNotice

        self.read_only_notice = ReadOnlyNotice()
        self.statusBar().addPermanentWidget(self.read_only_notice)

    @property
    def sync_controller(self) -> SyncController:
        """The sync's controller (made on first use, or once the start's item is shown)."""
        self._init_sync()
        assert self._sync_controller is not None
        return self._sync_controller

    @property
    def sync_status(self) -> SyncStatus:
        """The sync's part of the status bar (made with the controller)."""
        self._init_sync()
        assert self._sync_status is not None
        return self._sync_status

    def _init_sync(self) -> None:
        """The sync's controller and status (once): importing them takes QtNetwork (~20-45 ms).

        The app's start makes them after the member's item is on screen (`FirstItemGate`).
        """
        if self._sync_controller is not None:
            return
        from companion.ui.sync_controller import SyncController
        from companion.ui.sync_status import SyncStatus

        self._sync_controller = controller = SyncController(
            self._runner,
            self._open_library,
            self._config_dir,
            self._settings.preferences.sync_interval_minutes,
            parent=self,
        )
        self._sync_status = status = SyncStatus()
        self.statusBar().addPermanentWidget(status)
        self.sync_action.triggered.connect(controller.sync_now)
        status.cancel_requested.connect(controller.cancel)
        status.sign_in_requested.connect(self.open_sources)
        controller.started.connect(lambda: status.show_checking(""))
        controller.progress.connect(status.show_sync_progress)
        controller.finished.connect(self._sync_finished)
        controller.failed.connect(self._sync_failed)
        controller.offline_skipped.connect(lambda: status.show_offline(controller.last_synced))
        if self._started:
            self._start_sync()

    def _connect_signals(self) -> None:
        from PySide6.QtCore import Qt

        self.quit_action.triggered.connect(self.close)
        self.import_action.triggered.connect(self.choose_files)
        self.find_action.triggered.connect(self.find_bar.open_bar)
        self.meeting_list_action.triggered.connect(self.focus_meeting_list)
        self.agenda_action.triggered.connect(
            lambda: self.agenda_tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        )
        self.next_item_action.triggered.connect(lambda: self.agenda_tree.step(1))
        self.previous_item_action.triggered.connect(lambda: self.agenda_tree.step(-1))
        self.about_action.triggered.connect(self._show_about)
        self.meeting_chooser.meeting_chosen.connect(self.open_meeting)
        self.agenda_tree.item_selected.connect(self._show_item)
        self.position_panel.stance_changed.connect(self.agenda_tree.agenda_model.set_stance)
        self.show_changes_action.triggered.connect(self.show_changes)
        self.agenda_tree.item_selected.connect(self._update_show_changes)
        self.item_view.changes_requested.connect(self.show_changes)
        self.meeting_chooser.track_reading(self._personal_runner, self._open_personal)
        self._runner.failed.connect(self._show_error)
        self.sources_action.triggered.connect(lambda: self.open_sources())
        self.detached_action.triggered.connect(self.show_detached_notes)
        self.export_action.triggered.connect(self.export_notes)
        self.preferences_action.triggered.connect(self.open_preferences)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.session_action.triggered.connect(self.toggle_session_mode)
        self.presenter_action.triggered.connect(lambda: self.enter_session_mode().open_presenter())
        self.minutes_action.triggered.connect(lambda: self.enter_session_mode().export_minutes())

    # -- layout state ----------------------------------------------------------

    def _restore_geometry(self) -> None:
        """The saved geometry, or a first one from the screen; never larger than the screen."""
        geometry = self._settings.window_state.blob("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            place_first(self)
        elif not self.isMaximized() and not self.isFullScreen():
            self.setGeometry(fitted(self.geometry(), self.screen().availableGeometry()))

    def showEvent(self, event: QShowEvent) -> None:
        """Once shown (its frame known), keep the whole window on its screen."""
        super().showEvent(event)
        if not self._placed:
            self._placed = True
            if not self.isMaximized() and not self.isFullScreen():
                keep_on_screen(self)
        if self._built:
            self._split_by_default()

    def _restore_layout(self) -> None:
        window = self._settings.window_state.blob("windowState")
        if window is not None:
            self.restoreState(window)
        self._default_split = not self.restore_splitters()
        if self.isVisible():
            self._split_by_default()

    def layout_saved(self) -> bool:
        """True when the member's window left the sizes of its panes (`restore_splitters`)."""
        state = self._settings.window_state
        return state.blob(SPLITTER_NAME) is not None and state.blob(ITEM_SPLITTER_NAME) is not None

    def restore_splitters(self) -> bool:
        """Give the panes the sizes the member left them; False if none were saved (or fit)."""
        state = self._settings.window_state
        splitter = state.blob(SPLITTER_NAME)
        item_splitter = state.blob(ITEM_SPLITTER_NAME)
        return (
            splitter is not None
            and self.splitter.restoreState(splitter)
            and item_splitter is not None
            and self.item_splitter.restoreState(item_splitter)
        )

    def _split_by_default(self) -> None:
        """Without saved sizes: the default proportions of the panes, at the window's size."""
        if self._default_split:
            self._default_split = False
            self.splitter.setSizes(scaled(DEFAULT_SPLIT, self.splitter.width()))
            text, panel = scaled(DEFAULT_ITEM_SPLIT, self.item_splitter.height())
            whole_panel = self.position_panel.minimumSizeHint().height()
            if panel < whole_panel <= text + panel - POSITION_MIN_HEIGHT:
                text, panel = text + panel - whole_panel, whole_panel  # all of it in view
            self.item_splitter.setSizes([text, panel])

    def save_layout(self) -> None:
        """Write geometry, window state and splitter sizes to the state file."""
        self.save_last_item()
        state = self._settings.window_state
        state.set_blob("geometry", self.saveGeometry())
        state.set_blob("windowState", self.saveState())
        state.set_blob(SPLITTER_NAME, self.splitter.saveState())
        state.set_blob(ITEM_SPLITTER_NAME, self.item_splitter.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._built:
            self.save_layout()
            self.cancel_import()
            if self._sync_controller is not None:
                self._sync_controller.stop_auto()
                self._sync_controller.cancel()
            if not self.finish_personal_writes() and self.ask_before_losing_words:
                from companion.ui.shutdown import close_anyway

                reason, unsaved = self.unsaved_words()
                if not close_anyway(self, reason, unsaved):
                    event.ignore()
                    return
            if self.session_view is not None and self.session_view.presenter is not None:
                self.session_view.presenter.close()
            # Its background reads (the agenda's pages) must not answer a deleted pane.
            if self._attachment_pane is not None:
                self._attachment_pane.set_meeting(None)
        self._personal_runner.wait()
        self._window_closed = True
        if self._framed and not self.first_item.is_open:
            self.first_item.drop()  # the panes it holds are not made for a closed window
        super().closeEvent(event)

    def finish_personal_writes(self) -> bool:
        """Start every pending personal write and wait for all; False if some failed."""
        if self._built:
            self.position_panel.flush()
            self.text_highlights.flush()
            if self._attachment_pane is not None:
                self._attachment_pane.pdf_view.save_note_being_typed()
            if self.session_view is not None:
                self.session_view.controller.flush()
        self._personal_runner.wait()
        QCoreApplication.sendPostedEvents()  # their outcomes, queued for this thread
        return not self._built or not (self.unsaved_words()[0] or self.text_highlights.has_pending)

    def unsaved_words(self) -> tuple[str, str]:
        """Why writes fail and the words they hold, ("", "") when nothing failed."""
        savers = [self.position_panel.saver]
        if self.session_view is not None:
            savers.append(self.session_view.controller.saver)
        failing = [saver for saver in savers if saver.failing]
        if not failing and self.text_highlights.has_pending:
            return self.tr("a highlight's note could not be written"), ""
        reason = failing[0].failure_reason if failing else ""
        return reason, "\n\n".join(saver.unsaved_text() for saver in failing)

    # -- small helpers ---------------------------------------------------------

    def _show_error(self, summary: str, details: str) -> None:
        from companion.ui.messages import show_error

        show_error(self, summary, details)

    def focus_meeting_list(self) -> None:
        """Put the keyboard focus on the meeting list."""
        from PySide6.QtCore import Qt

        self.meeting_chooser.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _set_busy(self, message: str | None) -> None:
        self.busy_bar.setVisible(message is not None)
        if message is None:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(message)
