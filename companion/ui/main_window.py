"""The main window: meeting list and agenda | item text | attachments.

The window only assembles: each ``_init_*`` helper builds one part, and
``_connect_signals`` wires them. Everything slow (the library, PDFs) runs in
background tasks through the `TaskRunner`. The app's window is deferred: its
frame is painted first, then it builds its panes (importing their modules) and
starts loading the library, so a cold start shows a window as soon as Qt can.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.ui.library_notice import ReadOnlyNotice, import_failure, library_failure
from companion.ui.messages import member_text
from companion.ui.settings import Settings
from companion.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from companion.core.anchoring import TextAnchor
    from companion.core.library import ImportOutcome, Library, MeetingSummary
    from companion.core.model import AgendaItem
    from companion.core.personal import PersonalStore
    from companion.core.reanchor_store import Summary
    from companion.ui.chair.session_view import SessionView
    from companion.ui.meeting_list import LoadedMeeting, OpenLibrary
    from companion.ui.sync_controller import SyncRun

log = logging.getLogger(__name__)

SPLITTER_NAME = "mainSplitter"
ITEM_SPLITTER_NAME = "itemSplitter"
DEFAULT_ITEM_SPLIT = [520, 300]
DEFAULT_SIZE = (1400, 860)
DEFAULT_SPLIT = [330, 620, 450]
#: When the window starts listening for the network coming back (after the start's work).
NETWORK_WATCH_DELAY_MS = 5_000

#: A calm look: a tinted sidebar, borderless panes, thin splitter handles.
WINDOW_STYLE = """
#agendaPane { background: #f4f6f8; }
#agendaTree { background: #f4f6f8; border: none; }
#agendaTree::item { padding: 3px 2px; }
#agendaTree::item:selected { background: #dbe7f1; color: #10263a; }
#itemView { border: none; }
#attachmentPane { background: #f4f6f8; }
#paneHeading { color: #56606b; font-weight: 600; padding: 8px 10px 4px 10px; }
#attachmentList { background: #f4f6f8; border: none; }
#attachmentList::item { padding: 3px 6px; }
#attachmentList::item:selected { background: #dbe7f1; color: #10263a; }
QSplitter::handle { background: #dde1e5; }
"""

#: Fills an empty library (the app passes `companion.core.samples.import_samples`).
SeedLibrary = Callable[["Library"], Any]
OpenPersonal = Callable[[], "PersonalStore"]


class MainWindow(QMainWindow):
    """The three-pane reading window.

    Args:
        runner: runs library and PDF work off the GUI thread.
        settings: preferences and window state.
        open_library: opens a `Library` (called inside background tasks).
        seed_library: fills an empty library (None: leave it empty).
        open_personal: opens the `PersonalStore` for read marks (None: no marks).
        config_dir: where the sync sources are (default: the settings' folder).
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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._runner = runner
        self._settings = settings
        self._open_library = open_library
        self._seed_library = seed_library
        self._open_personal = open_personal
        self._config_dir = config_dir or settings.preferences.path.parent
        # Read marks are written one at a time: SQLite writers on one file queue anyway.
        self._personal_runner = TaskRunner(max_workers=1, parent=self)
        self._loaded: LoadedMeeting | None = None
        self._meeting_task: Task | None = None
        self._diff_dialog: QWidget | None = None
        self._built = False
        self._start_when_built = deferred
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
        self._built = True
        self._init_panes()
        self._init_actions()
        self._init_menus()
        self._init_status_bar()
        self._connect_signals()
        self._restore_layout()

    def event(self, event: QEvent) -> bool:
        """Build a deferred window once its first paint is done."""
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and self._start_when_built:
            self._start_when_built = False
            QTimer.singleShot(0, self.start)
        return handled

    # -- assembly --------------------------------------------------------------

    def _init_panes(self) -> None:
        from companion.ui.agenda_tree import AgendaTree
        from companion.ui.attachment_pane import AttachmentPane
        from companion.ui.find_bar import FindBar
        from companion.ui.item_view import ItemView
        from companion.ui.meeting_list import MeetingChooser

        self.meeting_chooser = MeetingChooser()
        self.agenda_tree = AgendaTree()
        left = QWidget()
        left.setObjectName("agendaPane")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.meeting_chooser)
        left_layout.addWidget(self.agenda_tree, 1)

        self.item_view = ItemView()
        self.item_view.set_font_size(self._settings.preferences.reading_font_size)
        self.find_bar = FindBar(self.item_view)
        reading = QWidget()
        reading.setObjectName("itemPane")
        middle_layout = QVBoxLayout(reading)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(0)
        middle_layout.addWidget(self.item_view, 1)
        middle_layout.addWidget(self.find_bar)
        middle = self._init_position_panel(reading)

        self.attachment_pane = AttachmentPane(self._runner)
        self.attachment_pane.set_personal_store(
            self._open_personal, self._personal_runner, open_library=self._open_library
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName(SPLITTER_NAME)
        self.splitter.setChildrenCollapsible(False)
        for pane in (left, middle, self.attachment_pane):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setHandleWidth(1)
        # The three panes, or the chair's session view in their place (made when first asked).
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.session_view: SessionView | None = None
        self.setCentralWidget(self.stack)
        self.setStyleSheet(WINDOW_STYLE)

    def _init_position_panel(self, reading: QWidget) -> QSplitter:
        """The item text above the member's position, questions and notes."""
        from companion.ui.position_panel import PositionPanel

        self.position_panel = PositionPanel(self._personal_runner, self._open_personal)
        self._init_highlights()
        self.item_splitter = QSplitter(Qt.Orientation.Vertical)
        self.item_splitter.setObjectName(ITEM_SPLITTER_NAME)
        self.item_splitter.setChildrenCollapsible(False)
        self.item_splitter.addWidget(reading)
        self.item_splitter.addWidget(self.position_panel)
        self.item_splitter.setStretchFactor(0, 1)
        self.item_splitter.setHandleWidth(1)
        return self.item_splitter

    def _init_highlights(self) -> None:
        """The highlights on the item text, listed in a tab of the position panel."""
        from companion.ui.annotation_list import HighlightList, TextHighlights

        self.highlight_list = HighlightList()
        self.position_panel.tabs.addTab(self.highlight_list, self.tr("Highlights"))
        self.text_highlights = TextHighlights(
            self.item_view, self.position_panel, self.highlight_list
        )
        self.highlight_action = self._action(
            self.tr("&Highlight Selection"), "Ctrl+H", self.tr("Highlight the selected text")
        )
        self.highlight_action.triggered.connect(lambda: self.text_highlights.highlight("yellow"))

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        self.addAction(action)
        return action

    def _init_actions(self) -> None:
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit)
        self.import_action = self._action(
            self.tr("&Import Meeting Package..."),
            QKeySequence.StandardKey.Open,
            self.tr("Add a meeting package (.zip) from a USB stick, a mail or a download"),
        )
        self.find_action = self._action(
            self.tr("&Find in Item..."),
            QKeySequence.StandardKey.Find,
            self.tr("Find text in the item shown"),
        )
        self.meeting_list_action = self._action(
            self.tr("Go to &Meeting List"), "Ctrl+L", self.tr("Choose another meeting")
        )
        self.agenda_action = self._action(
            self.tr("Go to &Agenda"), "Ctrl+1", self.tr("Move the focus to the agenda")
        )
        self.next_item_action = self._action(
            self.tr("&Next Item"), "Alt+Down", self.tr("Show the next item of the agenda")
        )
        self.previous_item_action = self._action(
            self.tr("&Previous Item"), "Alt+Up", self.tr("Show the previous item of the agenda")
        )
        self.about_action = QAction(self.tr("&About"), self)
        self.preferences_action = self._action(
            self.tr("&Preferences..."),
            QKeySequence.StandardKey.Preferences,
            self.tr("Language, text size, sync interval"),
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.shortcuts_action = self._action(
            self.tr("&Keyboard Shortcuts"), "Ctrl+/", self.tr("Every keyboard shortcut, searchable")
        )
        self.show_changes_action = self._action(
            self.tr("Show &Changes"),
            "Ctrl+D",
            self.tr("What changed in this item since the version you read"),
        )
        self.show_changes_action.setEnabled(False)
        self.sync_action = self._action(
            self.tr("&Sync Now"), "F5", self.tr("Get new and changed meetings from your sources")
        )
        self.sources_action = QAction(self.tr("S&ources..."), self)
        self.sources_action.setStatusTip(self.tr("Add or remove the sources of meetings"))
        self.session_action = self._action(
            self.tr("&Session Mode"),
            "F9",
            self.tr("Follow or lead the meeting item by item, large, with the time and decisions"),
        )
        self.session_action.setEnabled(False)
        self.presenter_action = self._action(
            self.tr("&Presenter Screen"),
            "Ctrl+Shift+P",
            self.tr("Show the current item on a projector or second screen (never your notes)"),
        )
        self.presenter_action.setEnabled(False)
        self.minutes_action = QAction(self.tr("Draft &Minutes..."), self)
        self.minutes_action.setStatusTip(
            self.tr("The decisions of the session as a draft beslutningsreferat (Word or PDF)")
        )
        self.minutes_action.setEnabled(False)
        self.export_action = self._action(
            self.tr("&Export Notes..."),
            "Ctrl+E",
            self.tr("Your notes, positions and highlights of this meeting as PDF, Word or text"),
        )
        self.export_action.setEnabled(False)
        self.detached_action = QAction(self.tr("De&tached Notes..."), self)
        self.detached_action.setStatusTip(
            self.tr("Notes a new version of the agenda could not place: re-attach or delete them")
        )

    def _init_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.sync_action)
        file_menu.addAction(self.sources_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.highlight_action)
        view_menu.addSeparator()
        view_menu.addAction(self.meeting_list_action)
        view_menu.addAction(self.agenda_action)
        view_menu.addSeparator()
        view_menu.addAction(self.show_changes_action)
        view_menu.addAction(self.detached_action)
        go_menu = bar.addMenu(self.tr("&Go"))
        go_menu.addAction(self.next_item_action)
        go_menu.addAction(self.previous_item_action)
        meeting_menu = bar.addMenu(self.tr("&Meeting"))
        meeting_menu.addAction(self.session_action)
        meeting_menu.addAction(self.presenter_action)
        meeting_menu.addAction(self.minutes_action)
        position_menu = bar.addMenu(self.tr("&Position"))
        position_menu.addActions(self.position_panel.stance_actions)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _init_status_bar(self) -> None:
        self.meeting_label = QLabel()
        self.meeting_label.setObjectName("meetingLabel")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.hide()
        status = self.statusBar()
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(self.meeting_label)
        self.read_only_notice = ReadOnlyNotice()
        status.addPermanentWidget(self.read_only_notice)
        self._init_sync()

    def _init_sync(self) -> None:
        from companion.ui.sync_controller import SyncController
        from companion.ui.sync_status import SyncStatus

        self.sync_controller = SyncController(
            self._runner,
            self._open_library,
            self._config_dir,
            self._settings.preferences.sync_interval_minutes,
            parent=self,
        )
        self.sync_status = SyncStatus()
        self.statusBar().addPermanentWidget(self.sync_status)

    def _connect_signals(self) -> None:
        self.quit_action.triggered.connect(self.close)
        self.import_action.triggered.connect(self._choose_package)
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
        self.attachment_pane.showing.connect(lambda text: self.statusBar().showMessage(text))
        self.attachment_pane.pdf_view.failed.connect(
            lambda message: self.statusBar().showMessage(message)
        )
        self.attachment_pane.pdf_view.annotation_failed.connect(
            lambda message: self.statusBar().showMessage(message)
        )
        self._runner.failed.connect(self._show_error)
        self.sync_action.triggered.connect(self.sync_controller.sync_now)
        self.sources_action.triggered.connect(lambda: self.open_sources())
        self.detached_action.triggered.connect(self.show_detached_notes)
        self.export_action.triggered.connect(self.export_notes)
        self.preferences_action.triggered.connect(self.open_preferences)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.session_action.triggered.connect(self.toggle_session_mode)
        self.presenter_action.triggered.connect(lambda: self.enter_session_mode().open_presenter())
        self.minutes_action.triggered.connect(lambda: self.enter_session_mode().export_minutes())
        self.sync_status.cancel_requested.connect(self.sync_controller.cancel)
        self.sync_status.sign_in_requested.connect(self.open_sources)
        self.sync_controller.started.connect(lambda: self.sync_status.show_checking(""))
        self.sync_controller.progress.connect(self.sync_status.show_sync_progress)
        self.sync_controller.finished.connect(self._sync_finished)
        self.sync_controller.failed.connect(self._sync_failed)
        self.sync_controller.offline_skipped.connect(
            lambda: self.sync_status.show_offline(self.sync_controller.last_synced)
        )

    # -- layout state ----------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._settings.window_state.blob("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)

    def _restore_layout(self) -> None:
        state = self._settings.window_state
        window = state.blob("windowState")
        if window is not None:
            self.restoreState(window)
        splitter = state.blob(SPLITTER_NAME)
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes(DEFAULT_SPLIT)
        item_splitter = state.blob(ITEM_SPLITTER_NAME)
        if item_splitter is None or not self.item_splitter.restoreState(item_splitter):
            self.item_splitter.setSizes(DEFAULT_ITEM_SPLIT)

    def save_layout(self) -> None:
        """Write geometry, window state and splitter sizes to the state file."""
        state = self._settings.window_state
        state.set_blob("geometry", self.saveGeometry())
        state.set_blob("windowState", self.saveState())
        state.set_blob(SPLITTER_NAME, self.splitter.saveState())
        state.set_blob(ITEM_SPLITTER_NAME, self.item_splitter.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._built:
            self.save_layout()
            self.sync_controller.stop_auto()
            self.sync_controller.cancel()
            self.position_panel.flush()
            self.text_highlights.flush()
            if self.session_view is not None:
                self.session_view.controller.flush()
                if self.session_view.presenter is not None:
                    self.session_view.presenter.close()
        self._personal_runner.wait(2000)
        super().closeEvent(event)

    # -- startup ---------------------------------------------------------------

    def start(self) -> None:
        """Load the meeting list (call after the window is shown)."""
        from companion.ui.meeting_list import list_meetings

        # The library opens on a worker while this thread builds the panes; its
        # answer is handled after the build, since it arrives on this thread.
        self._runner.run(
            lambda: list_meetings(self._open_library), self._meetings_listed, self._library_failed
        )
        self.build()
        self.read_only_notice.check(self._runner, self._open_library)
        self._set_busy(self.tr("Opening the library..."))
        self.sync_controller.start_auto()
        QTimer.singleShot(NETWORK_WATCH_DELAY_MS, self._watch_network)

    def _watch_network(self) -> None:
        """Sync when the system reports the network back (after the start has settled)."""
        from companion.ui.network import network_information

        information = network_information()
        if information is not None:
            information.reachabilityChanged.connect(self.sync_controller.network_changed)

    def _meetings_listed(self, meetings: list[MeetingSummary]) -> None:
        if not meetings and self._seed_library is not None:
            self._import_samples()
            return
        self._set_busy(None)
        self.meeting_chooser.set_meetings(meetings)
        if not meetings:
            self.item_view.show_message(self.tr("The library has no meetings yet."))
            return
        remembered = self._settings.window_state.last_meeting_id
        if not (remembered and self.meeting_chooser.choose(remembered)):
            self.meeting_chooser.choose(meetings[0].id)
        self._reanchor([meeting.id for meeting in meetings])  # catch up on versions missed

    def _import_samples(self) -> None:
        message = self.tr("Importing sample meetings...")
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

    def _choose_package(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import Meeting Package"),
            "",
            self.tr("Meeting packages (*.zip);;All files (*)"),
        )
        if path:
            self.import_package(Path(path))

    def import_package(self, path: Path) -> None:
        """Import the package at ``path`` in the background, then show its meeting.

        A broken package is reported with every problem it has; the library and
        the meetings already in it stay as they were.
        """
        self._set_busy(self.tr("Importing {name}...").format(name=path.name))

        def run_import() -> tuple[ImportOutcome, list[MeetingSummary]]:
            library = self._open_library()
            try:
                return library.import_path(path), library.meetings()
            finally:
                library.close()

        def imported(result: tuple[ImportOutcome, list[MeetingSummary]]) -> None:
            outcome, meetings = result
            self._set_busy(None)
            self.meeting_chooser.set_meetings(meetings)
            if not self.meeting_chooser.choose(outcome.meeting_id):
                self.open_meeting(outcome.meeting_id)
            self.statusBar().showMessage(
                self.tr("{name}: {meeting}, version {version} ({status})").format(
                    name=path.name,
                    meeting=outcome.meeting_id,
                    version=outcome.version,
                    status=self._status_text(outcome.status),
                ),
                10_000,
            )
            self._reanchor([outcome.meeting_id], outcome)

        def failed(error: Exception) -> None:
            self._set_busy(None)
            self._show_error(*import_failure(path.name, error))

        self._runner.run(run_import, imported, failed)

    def _status_text(self, status: str) -> str:
        return {
            "added": self.tr("new meeting"),
            "updated": self.tr("updated"),
            "unchanged": self.tr("already in the library"),
            "older": self.tr("older than the version you have; not used"),
        }.get(status, status)

    def _library_failed(self, error: Exception) -> None:
        self._set_busy(None)
        summary, details = library_failure(error)
        if self.read_only_notice.show_reason(error):  # e.g. the samples on a read-only disk
            summary = member_text(error)
        else:
            self._show_error(summary, details)
        self.item_view.show_message(summary)

    # -- meetings and items ----------------------------------------------------

    def open_meeting(self, meeting_id: str) -> None:
        """Load ``meeting_id`` in the background and show it."""
        from companion.ui.meeting_list import load_meeting

        if self._meeting_task is not None:
            self._meeting_task.cancel()
        self._set_busy(self.tr("Opening the meeting..."))
        self._meeting_task = self._runner.run(
            lambda: load_meeting(self._open_library, meeting_id, self._open_personal),
            self._meeting_loaded,
            self._meeting_failed,
        )

    def _meeting_loaded(self, loaded: LoadedMeeting) -> None:
        self._meeting_task = None
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
        self.meeting_label.setText(_meeting_line(loaded))
        app_title = self.tr("KKR Meeting Companion")
        self.setWindowTitle(f"{meeting.body} \u2014 {app_title}")
        self.attachment_pane.set_meeting(loaded)
        self.item_view.set_marks(loaded.marks)
        self.position_panel.clear()
        self.text_highlights.clear()
        self.agenda_tree.set_meeting(meeting, loaded.marks)
        self._load_stances(meeting.id)
        self._mark_session_item(meeting.id)
        remembered = self._settings.window_state.last_item_id(meeting.id)
        if not (remembered and self.agenda_tree.select_item(remembered)):
            self.agenda_tree.step(1)
        if not meeting.items:
            self.item_view.show_message(self.tr("This meeting has no items."))
        resume = self._settings.window_state.session_mode_meeting_id == meeting.id
        if resume and self._open_personal is not None:
            self.enter_session_mode()  # the chair's laptop restarted mid-meeting

    def _meeting_failed(self, error: Exception) -> None:
        self._meeting_task = None
        self._set_busy(None)
        summary = self.tr("The meeting could not be opened: {error}").format(error=error)
        self.item_view.show_message(summary)
        self._show_error(summary, repr(error))

    def _show_item(self, item: AgendaItem) -> None:
        if self._loaded is None:
            return
        meeting = self._loaded.meeting
        self.item_view.show_item(item, meeting)
        self.find_bar.refresh()
        self.attachment_pane.show_item(item)
        self._settings.window_state.set_last_item_id(meeting.id, item.id)
        self.position_panel.show_item(meeting.id, item.id)
        self.text_highlights.show_item(meeting.id, item)
        self._mark_read(meeting.id, item.id, meeting.version)

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
        open_personal = self._open_personal
        if open_personal is None:
            return

        def mark() -> None:
            store = open_personal()
            try:
                store.mark_read(meeting_id, item_id, version)
            finally:
                store.close()

        self._personal_runner.run(
            mark,
            lambda _: self._item_read(meeting_id, item_id, version),
            lambda error: log.warning("read mark not saved: %s", error),
        )

    # -- sync ------------------------------------------------------------------

    def open_sources(self, source_id: str | None = None) -> None:
        """Open the sources dialog (without blocking); ``source_id`` is selected to sign in."""
        from companion.ui.sources_dialog import open_sources_dialog

        dialog = open_sources_dialog(
            self, self._config_dir, self.sync_controller.remember_secret, source_id
        )
        dialog.sources_changed.connect(self.sync_controller.sync_now)
        self.sync_controller.finished.connect(dialog.refresh)  # its "Last sync" column

    def _sync_finished(self, run: SyncRun) -> None:
        """Show how the sync ended; reload the list and the open meeting if they changed."""
        self.sync_status.show_run(run, self.sync_controller.last_synced)
        changed = run.changed_meetings
        if not changed:
            return
        self._reanchor(changed)
        from companion.ui.meeting_list import list_meetings

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

    def show_detached_notes(self) -> None:
        """Open the Detached notes dialog of the open meeting (without blocking)."""
        from companion.ui.detached_dialog import DetachedDialog

        if self._loaded is None or self._open_personal is None:
            return

        def selection() -> tuple[str, TextAnchor] | None:
            anchor = self.item_view.selection_anchor()
            item = self.item_view.item
            return None if anchor is None or item is None else (item.id, anchor)

        dialog = DetachedDialog(
            self.position_panel,
            self._loaded.meeting,
            selection,
            self,
            pdf_selection=self.attachment_pane.pdf_view.selected_words,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._redraw_highlights)
        dialog.changed.connect(self.attachment_pane.pdf_view.reload_marks)
        self.detached_dialog = dialog
        dialog.show()

    # -- the session (chair and members following) -----------------------------

    def toggle_session_mode(self) -> None:
        """Show the session view, or go back to the three panes (the session keeps running)."""
        if self.session_view is not None and self.stack.currentWidget() is self.session_view:
            self.leave_session_mode()
        else:
            self.enter_session_mode()

    def enter_session_mode(self) -> SessionView:
        """Show the open meeting's session in place of the panes; the session view."""
        view = self._session_view()
        if self._loaded is not None and (
            view.meeting is None or view.meeting.id != self._loaded.meeting.id
        ):
            view.set_meeting(self._loaded.meeting)
        if self._loaded is not None:
            self._settings.window_state.session_mode_meeting_id = self._loaded.meeting.id
        self.stack.setCurrentWidget(view)
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return view

    def leave_session_mode(self) -> None:
        """Back to the panes, on the item the session is on."""
        self._settings.window_state.session_mode_meeting_id = ""
        self.stack.setCurrentWidget(self.splitter)
        self.agenda_tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _session_view(self) -> SessionView:
        if self.session_view is None:
            from companion.ui.chair.session_view import SessionView

            assert self._open_personal is not None, "session mode needs the personal store"
            view = SessionView(
                self._personal_runner, self._open_personal, open_library=self._open_library
            )
            view.leave_requested.connect(self.leave_session_mode)
            view.current_item_changed.connect(self._session_moved)
            self.stack.addWidget(view)
            self.session_view = view
        return self.session_view

    def _mark_session_item(self, meeting_id: str) -> None:
        """After the tree is (re)filled: mark the item a running session of it is on."""
        view = self.session_view
        state = view.controller.state if view is not None else None
        if view is not None and view.meeting is not None and view.meeting.id == meeting_id:
            self.agenda_tree.agenda_model.set_session_item(
                state.current_item_id if state is not None else None
            )

    def _session_moved(self, item_id: str) -> None:
        """Members follow: the tree marks the session's item and shows it."""
        self.agenda_tree.agenda_model.set_session_item(item_id or None)
        if item_id:
            self.agenda_tree.select_item(item_id)

    def export_notes(self) -> None:
        """Open the export dialog for the open meeting (without blocking)."""
        from companion.ui.export_dialog import ExportDialog

        if self._loaded is None or self._open_personal is None:
            return
        self.position_panel.flush()  # the export reads what the member just typed
        self.text_highlights.flush()
        dialog = ExportDialog(
            self._runner, self._open_library, self._open_personal, self._loaded.meeting.id, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.open()

    def open_preferences(self) -> None:
        """The Preferences dialog; what changed applies at once (the language at the next start)."""
        from companion.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self._settings, self)
        dialog.applied.connect(self._apply_preferences)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preferences_dialog = dialog
        dialog.open()

    def _apply_preferences(self, changes: dict[str, object]) -> None:
        if "reading_font_size" in changes:
            self.item_view.set_font_size(int(str(changes["reading_font_size"])))
            item = self.agenda_tree.current_item
            if item is not None:
                self._show_item(item)  # laid out again at the new size
        if "sync_interval_minutes" in changes:
            self.sync_controller.set_interval_minutes(int(str(changes["sync_interval_minutes"])))

    def show_shortcuts(self) -> None:
        """Every keyboard shortcut of the window, searchable (without blocking)."""
        from companion.ui.shortcuts_dialog import ShortcutsDialog, menu_actions

        dialog = ShortcutsDialog(menu_actions(self.menuBar()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog = dialog
        dialog.show()

    # -- small helpers ---------------------------------------------------------

    def _item_read(self, meeting_id: str, item_id: str, version: int) -> None:
        """The read mark is saved: drop the item's "updated" flag and the meeting's."""
        self.meeting_chooser.note_read(meeting_id, version)
        if self._loaded is not None and self._loaded.meeting.id == meeting_id:
            self.agenda_tree.clear_mark(item_id)

    def _update_show_changes(self, _item: AgendaItem | None = None) -> None:
        """Show Changes needs an item shown and an older version of its meeting."""
        loaded = self._loaded
        self.show_changes_action.setEnabled(
            loaded is not None
            and loaded.has_older_versions
            and self.agenda_tree.current_item is not None
        )

    def show_changes(self) -> None:
        """Open the changes of the shown item against an older version (non-modal)."""
        from companion.ui.diff_view import open_diff_dialog

        item = self.agenda_tree.current_item
        if self._loaded is None or item is None or not self._loaded.has_older_versions:
            return
        if self._diff_dialog is not None:
            self._diff_dialog.close()
            self._diff_dialog.deleteLater()
        self._diff_dialog = open_diff_dialog(
            self,
            self._runner,
            self._open_library,
            self._loaded,
            item.id,
            self._settings.preferences.reading_font_size,
        )

    def _show_error(self, summary: str, details: str) -> None:
        from companion.ui.messages import show_error

        show_error(self, summary, details)

    def focus_meeting_list(self) -> None:
        """Put the keyboard focus on the meeting list."""
        self.meeting_chooser.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _set_busy(self, message: str | None) -> None:
        self.busy_bar.setVisible(message is not None)
        if message is None:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(message)

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About {app}").format(app=self.tr("KKR Meeting Companion")),
            self.tr(
                "Read KKR Midtjylland's meeting agendas offline.\n"
                "Version {version}. Free software (AGPL-3.0-or-later)."
            ).format(version=QCoreApplication.applicationVersion() or "0.1"),
        )


def _meeting_line(loaded: LoadedMeeting) -> str:
    meeting = loaded.meeting
    when = meeting.start.strftime("%d-%m-%Y %H:%M") if meeting.start else ""
    version = (
        QCoreApplication.translate("MainWindow", "version {n}").format(n=meeting.version)
        if meeting.version > 1
        else ""
    )
    parts = (meeting.body, when, meeting.location, version)
    return "  \u00b7  ".join(part for part in parts if part)
