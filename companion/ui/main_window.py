"""The main window: meeting list and agenda | item text | attachments.

The window only assembles: each ``_init_*`` helper builds one part, and
``_connect_signals`` wires them. Everything slow (the library, PDFs) runs in
background tasks through the `TaskRunner`. The app's window is deferred: its
frame is painted first, then it builds its panes (importing their modules) and
starts loading the library, so a cold start shows a window as soon as Qt can.

The class is assembled from parts beside it: `companion.ui.window_actions` (actions
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

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

    from companion.core.library import Library
    from companion.core.personal import PersonalStore
    from companion.ui.attachment_pane import AttachmentPane
    from companion.ui.chair.session_view import SessionView
    from companion.ui.meeting_loading import LoadedMeeting, OpenLibrary
    from companion.ui.search.controller import WindowSearch
    from companion.ui.sync_controller import SyncController
    from companion.ui.sync_status import SyncStatus

log = logging.getLogger(__name__)

SPLITTER_NAME = "mainSplitter"
ITEM_SPLITTER_NAME = "itemSplitter"
#: The panes' sizes at the preferred window size (1400x860); scaled to the window's size.
DEFAULT_ITEM_SPLIT = [520, 300]
DEFAULT_SPLIT = [360, 590, 450]
#: The least height of the position panel's pane (it scrolls below its own height).
POSITION_MIN_HEIGHT = 120

#: Fills an empty library (the app passes `companion.core.samples.import_samples`).
SeedLibrary = Callable[["Library"], Any]
OpenPersonal = Callable[[], "PersonalStore"]


class MainWindow(WindowActions, WindowLoading, WindowImport, WindowDialogs, QMainWindow):
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
        self._meeting_task: Task | None = None
        self._diff_dialog: QWidget | None = None
        self._built = False
        self._start_when_built = deferred
        self._after_first_item: list[Callable[[], None]] = []  # until the panes are built
        #: Run once the frame is painted (`after_first_paint`); None once it has been.
        self._after_first_paint: list[Callable[[], None]] | None = [] if deferred else None
        #: The app's start shows the member's item before the attachments (`FirstItemGate`).
        self._hold_until_item = deferred
        self._placed = False
        self._default_split = False
        self._attachments_held = False
        self._attachment_pane: AttachmentPane | None = None
        self._built_panes = False
        self._started = False
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
        from companion.ui.accessibility import set_reading_tab_order

        self._built = True
        self._init_panes()
        self._init_actions()
        self._init_menus()
        self._init_status_bar()
        self._init_import()
        self._connect_signals()
        self._restore_layout()
        self.apply_text_size(self._settings.preferences.reading_font_size)
        self._built_panes = True
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

    def after_first_paint(self, work: Callable[[], None]) -> None:
        """Run ``work`` once the deferred window's frame is painted (at once otherwise)."""
        if self._after_first_paint is None:
            work()
        else:
            self._after_first_paint.append(work)

    def _first_paint_done(self) -> None:
        waiting, self._after_first_paint = self._after_first_paint or [], None
        for work in waiting:
            work()
        self.start()

    def event(self, event: QEvent) -> bool:
        """Build a deferred window once its first paint is done; follow the system's palette."""
        if event.type() == QEvent.Type.ApplicationPaletteChange and self._built:
            from companion.ui.window_style import window_style

            self.setStyleSheet(window_style(QGuiApplication.palette()))
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and self._start_when_built:
            self._start_when_built = False
            QTimer.singleShot(0, self._first_paint_done)
        return handled

    # -- assembly --------------------------------------------------------------

    def _init_panes(self) -> None:
        # The frame was painted without these: the Qt namespace alone makes ~90 enums.
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout

        from companion.ui.agenda_tree import AgendaTree
        from companion.ui.find_bar import FindBar
        from companion.ui.first_item import FirstItemGate
        from companion.ui.item_view import ItemView
        from companion.ui.meeting_list import MeetingChooser
        from companion.ui.window_style import window_style

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
        self.first_item = FirstItemGate(self.item_view, held=self._hold_until_item, parent=self)
        reading = QWidget()
        reading.setObjectName("itemPane")
        middle_layout = QVBoxLayout(reading)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(0)
        middle_layout.addWidget(self.item_view, 1)
        middle_layout.addWidget(self.find_bar)
        middle = self._init_position_panel(reading)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName(SPLITTER_NAME)
        self.splitter.setChildrenCollapsible(False)
        for pane in (left, middle, QWidget()):  # the attachment pane's place
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setHandleWidth(1)
        # The three panes, or the chair's session view in their place (made when first asked).
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.session_view: SessionView | None = None
        self.setCentralWidget(self.stack)
        self.setStyleSheet(window_style(QGuiApplication.palette()))
        if self._hold_until_item:  # its modules (the PDF viewer's) once the item is shown
            self.first_item.after_item(self._init_attachment_pane)
        else:
            self._init_attachment_pane()

    @property
    def attachment_pane(self) -> AttachmentPane:
        """The attachments and the PDF viewer (made now if the start has not made it yet)."""
        if self._attachment_pane is None:
            self._init_attachment_pane()
        assert self._attachment_pane is not None
        return self._attachment_pane

    def _init_attachment_pane(self) -> None:
        """The attachment pane, in the place kept for it in the splitter (once).

        The app's start makes it after the member's item is painted: importing the
        PDF viewer's modules took 100-300 ms of the GUI thread before the item.
        """
        if self._attachment_pane is not None:
            return
        from companion.ui.attachment_pane import AttachmentPane

        self._attachment_pane = pane = AttachmentPane(self._runner)
        pane.set_personal_store(
            self._open_personal, self._personal_runner, open_library=self._open_library
        )
        place = self.splitter.widget(2)
        self.splitter.replaceWidget(2, pane)
        if place is not None:
            place.deleteLater()
        pane.showing.connect(lambda text: self.statusBar().showMessage(text))
        pane.pdf_view.failed.connect(lambda message: self.statusBar().showMessage(message))
        pane.pdf_view.annotation_failed.connect(
            lambda message: self.statusBar().showMessage(message)
        )
        if self._built_panes:
            from companion.ui.accessibility import set_reading_tab_order

            set_reading_tab_order(self)

    def _init_position_panel(self, reading: QWidget) -> QSplitter:
        """The item text above the member's position, questions and notes."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter

        from companion.ui.position_panel import PositionPanel

        self.position_panel = PositionPanel(self._personal_runner, self._open_personal)
        self._init_highlights()
        self.item_splitter = QSplitter(Qt.Orientation.Vertical)
        self.item_splitter.setObjectName(ITEM_SPLITTER_NAME)
        self.item_splitter.setChildrenCollapsible(False)
        self.item_splitter.addWidget(reading)
        # On a short screen the member may give the text more room: the panel then scrolls.
        self.position_scroll = QScrollArea()
        self.position_scroll.setObjectName("positionScroll")
        self.position_scroll.setWidget(self.position_panel)
        self.position_scroll.setWidgetResizable(True)
        self.position_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.position_scroll.setMinimumHeight(POSITION_MIN_HEIGHT)
        self.item_splitter.addWidget(self.position_scroll)
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

    def _init_status_bar(self) -> None:
        from PySide6.QtWidgets import QProgressBar

        from companion.ui.library_notice import ReadOnlyNotice
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
        self.read_only_notice = ReadOnlyNotice()
        status.addPermanentWidget(self.read_only_notice)

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
        state = self._settings.window_state
        window = state.blob("windowState")
        if window is not None:
            self.restoreState(window)
        splitter = state.blob(SPLITTER_NAME)
        item_splitter = state.blob(ITEM_SPLITTER_NAME)
        self._default_split = not (
            splitter is not None
            and self.splitter.restoreState(splitter)
            and item_splitter is not None
            and self.item_splitter.restoreState(item_splitter)
        )
        if self.isVisible():
            self._split_by_default()

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
        super().closeEvent(event)

    def finish_personal_writes(self) -> bool:
        """Start every pending personal write and wait for all; False if some failed."""
        if self._built:
            self.position_panel.flush()
            self.text_highlights.flush()
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
