"""The chair's session mode: the current item large, its Indstilling, time, marks, decision.

A thin view over `SessionController`: it shows the session and turns keys and
clicks into the controller's commands. Single keys work whenever no text field
has the focus (see `KEY_LEGEND`); Esc leaves a text field, a second Esc asks
to go back to the agenda (`leave_requested`), and the session keeps running.
One timer updates the clock and the times once a second; every value is
computed from the saved state and the time now.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from companion.core.item_html import ItemLabels, item_css, recommendation_html
from companion.core.model import AgendaItem, Meeting
from companion.core.session import ItemStatus, is_closed, shown_status
from companion.ui.accessibility import name
from companion.ui.chair.decision_editor import TEMPLATE_KEYS, DecisionEditor
from companion.ui.chair.name_list_completer import NameListCompleter
from companion.ui.chair.session_agenda import (
    MarkRole,
    NumberRole,
    SessionAgendaDelegate,
    TitleRole,
)
from companion.ui.chair.session_controller import (
    Clock,
    OpenLibrary,
    SessionController,
    TimeLevel,
    time_level,
    utc_now,
)
from companion.ui.debounced_save import OpenPersonal
from companion.ui.messages import show_error
from companion.ui.tasks import TaskRunner
from companion.ui.window_style import item_colours, themed, tones

if TYPE_CHECKING:
    from companion.ui.chair.presenter import PresenterWindow

log = logging.getLogger(__name__)

TICK_MS = 1000
MAX_PLANNED_MINUTES = 600
ItemIdRole = Qt.ItemDataRole.UserRole + 1

#: (file path suggested, parent) -> the chosen path or None; tests inject their own.
ChooseFile = Callable[[QWidget, str], "Path | None"]

#: Each item status's colour, by the name of a palette tone (`window_style.tones`).
STATUS_TONES = {
    ItemStatus.PENDING: "text",
    ItemStatus.DEALT: "success",
    ItemStatus.POSTPONED: "warning",
    ItemStatus.SKIPPED: "muted",
}
STATUS_SYMBOLS = {
    ItemStatus.PENDING: "\u2003",
    ItemStatus.DEALT: "\u2713",
    ItemStatus.POSTPONED: "\u2016",
    ItemStatus.SKIPPED: "\u2192",
}

# The top band keeps its own dark ground with light text and buttons (a clock bar that
# reads in any palette, 14:1), as the closed badge its own white on dark orange (7:1);
# everything else takes the palette's tones (@name, see `window_style.themed`).
SESSION_STYLE = """
#sessionView { background: @panel; }
#sessionTop { background: #10263a; }
#sessionTop QLabel { color: #e8eef3; }
#sessionTop QPushButton { background: #1f5f8b; color: white; border: 1px solid #5b87ad;
    border-radius: 4px; padding: 5px 12px; }
#sessionTop QPushButton:focus { border: 2px solid #ffd400; }
#sessionTop QPushButton:disabled { background: #2b3d4d; color: #8fa3b5; }
#sessionClock { font-size: 24pt; font-weight: 600; }
#meetingElapsed { font-size: 13pt; }
#sessionMeeting { font-size: 12pt; font-weight: 600; }
#sessionAgenda { background: @base; border: none; border-right: 1px solid @rule;
    font-size: 11pt; }
#sessionAgenda::item { padding: 5px 6px; }
#sessionAgenda::item:selected { background: @tint; color: @text; }
#itemNumber { color: @accent; font-size: 18pt; font-weight: 600; }
#itemTitle { font-size: 30pt; font-weight: 600; }
#closedBadge { background: #9a3412; color: white; font-weight: 600; font-size: 12pt;
    border-radius: 4px; padding: 3px 10px; }
#itemTime { font-size: 20pt; font-weight: 600; }
#itemTime[level="near"] { color: @warning; }
#itemTime[level="over"] { color: @problem; }
#sessionHeading { color: @accent; font-size: 11pt; font-weight: 600; }
#statusButtons QPushButton { padding: 6px 14px; border: 1px solid @rule; border-radius: 4px;
    background: @base; color: @text; font-size: 11pt; }
#statusButtons QPushButton:checked { background: @highlight; border-color: @highlight;
    color: @highlighted_text; }
#statusButtons QPushButton:focus { border: 2px solid @highlight; }
#statusButtons QPushButton:checked:focus { border: 2px solid @text; }
#decisionEditor QPushButton { padding: 6px 8px; border: 1px solid @rule; border-radius: 4px;
    background: @base; color: @text; text-align: left; }
#decisionEditor QPushButton:focus { border: 2px solid @highlight; }
#decisionText { font-size: 13pt; background: @base; }
#recommendationView { background: @tint; border: 1px solid @tint_border; border-radius: 4px; }
#nextItem { color: @muted; font-size: 13pt; }
#keyLegend { color: @muted; font-size: 9pt; }
#saveState { color: @muted; }
#saveState[problem="true"] { color: @problem; }
"""


def format_elapsed(elapsed: timedelta) -> str:
    """``"1:07"`` for an hour and seven minutes (whole minutes, rounded down)."""
    minutes = int(elapsed.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def whole_minutes(elapsed: timedelta) -> int:
    """The whole minutes in ``elapsed``."""
    return int(elapsed.total_seconds() // 60)


def choose_minutes_file(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to write the draft minutes (DOCX or PDF by the name's suffix)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("SessionView", "Save Draft Minutes"),
        suggested,
        QCoreApplication.translate("SessionView", "Word document (*.docx);;PDF (*.pdf)"),
    )
    return Path(path) if path else None


class SessionView(QWidget):
    """The chair's session screen, shown instead of the three panes.

    Args:
        personal_runner: the window's single-thread runner for personal-store work.
        open_personal: opens the `PersonalStore` (inside background tasks).
        open_library: opens the `Library`, for the draft minutes (None: no export).
        clock: the time now (tests may pass their own).

    Signals:
        current_item_changed(item_id): another item is up (the agenda tree follows).
        leave_requested: back to the agenda (Esc or the button); the session keeps running.
        state_changed: marks, plan, decisions or absent members changed.
        minutes_written(path): the draft minutes were written.
    """

    current_item_changed = Signal(str)
    leave_requested = Signal()
    state_changed = Signal()
    minutes_written = Signal(object)

    def __init__(
        self,
        personal_runner: TaskRunner,
        open_personal: OpenPersonal,
        parent: QWidget | None = None,
        *,
        open_library: OpenLibrary | None = None,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionView")
        name(self, self.tr("Session"), self._legend_text())
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.controller = SessionController(personal_runner, open_personal, clock, parent=self)
        self._open_library = open_library
        self.choose_file: ChooseFile = choose_minutes_file
        #: The folder of the last export (the window's setting); "" proposes the documents folder.
        self.export_folder = ""
        self.author_name = ""  # the member's name for the minutes' author (Preferences)
        self._presenter: PresenterWindow | None = None
        self._labels = ItemLabels(
            closed=self.tr("Closed item"),
            document_not_included=self.tr("document not included in the package"),
        )
        self._init_widgets()
        self._init_keys()
        self._connect_signals()
        self.setStyleSheet(themed(SESSION_STYLE, self.palette()))
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.refresh_times)
        self._show_nothing(self.tr("Loading the session..."))

    # -- assembly --------------------------------------------------------------

    def _init_widgets(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._init_top_bar())
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.agenda = QListWidget()
        self.agenda.setObjectName("sessionAgenda")
        name(self.agenda, self.tr("Agenda of the session"))
        self.agenda.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.agenda.setFixedWidth(300)
        self.agenda.setWordWrap(True)
        self.agenda.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.agenda.setToolTip(self.tr("Click an item to take it up now"))
        self.agenda_delegate = SessionAgendaDelegate(self.agenda, list(STATUS_SYMBOLS.values()))
        self.agenda.setItemDelegate(self.agenda_delegate)
        body.addWidget(self.agenda)
        body.addLayout(self._init_item_column(), 1)
        layout.addLayout(body, 1)

    def _init_top_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("sessionTop")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(12)
        self.meeting_label = QLabel()
        self.meeting_label.setObjectName("sessionMeeting")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("sessionClock")
        self.clock_label.setToolTip(self.tr("The time now"))
        self.clock_label.setAccessibleDescription(self.tr("The time now"))
        self.meeting_elapsed = QLabel()
        self.meeting_elapsed.setObjectName("meetingElapsed")
        self.meeting_elapsed.setToolTip(self.tr("Time since the session started"))
        self.meeting_elapsed.setAccessibleDescription(self.tr("Time since the session started"))
        self.start_button = self._top_button(
            self.tr("Start"), self.tr("Start the session on the item shown (or press Right)")
        )
        self.presenter_button = self._top_button(
            self.tr("Presenter Screen"),
            self.tr("Show the item and its recommendation on a second screen (P)"),
        )
        self.minutes_button = self._top_button(
            self.tr("Draft Minutes..."),
            self.tr("Write the decisions as draft minutes (DOCX or PDF)"),
        )
        self.minutes_button.setEnabled(self._open_library is not None)
        self.back_button = self._top_button(
            self.tr("Back to Agenda"),
            self.tr("Show the full agenda; the session keeps running (Esc)"),
        )
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setFixedWidth(90)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        # The meeting's name gives way (it is in the window title too); the times never do.
        self.meeting_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.meeting_label, 1)
        row.addWidget(self.meeting_elapsed)
        row.addWidget(self.clock_label)
        row.addSpacing(12)
        for widget in (self.start_button, self.presenter_button, self.progress):
            row.addWidget(widget)
        row.addWidget(self.minutes_button)
        row.addWidget(self.back_button)
        return bar

    def _top_button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _init_item_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setContentsMargins(28, 18, 28, 10)
        column.setSpacing(10)
        head = QHBoxLayout()
        self.number_label = QLabel()
        self.number_label.setObjectName("itemNumber")
        self.closed_badge = QLabel(self.tr("Closed item"))
        self.closed_badge.setObjectName("closedBadge")
        self.closed_badge.setToolTip(
            self.tr("Confidential: never on the presenter screen, left out of the minutes")
        )
        self.include_closed = QCheckBox(self.tr("Include in the draft minutes"))
        self.include_closed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.include_closed.setToolTip(
            self.tr("Closed items are left out of the draft minutes unless you include them")
        )
        head.addWidget(self.number_label)
        head.addWidget(self.closed_badge)
        head.addWidget(self.include_closed)
        head.addStretch(1)
        head.addLayout(self._init_status_row())
        self.title_label = QLabel()
        self.title_label.setObjectName("itemTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.recommendation = QTextBrowser()
        self.recommendation.setObjectName("recommendationView")
        name(self.recommendation, self.tr("Recommendation"))
        self.recommendation.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.recommendation.document().setDefaultStyleSheet(
            item_css(item_colours(self.recommendation.palette()))
        )
        self.recommendation.document().setDocumentMargin(14)
        font = QFont(self.recommendation.font())
        font.setPointSize(16)
        self.recommendation.document().setDefaultFont(font)

        self.decision_editor = DecisionEditor()
        self.absent = QLineEdit()
        self.absent.setObjectName("absentMembers")
        self.absent.setPlaceholderText(self.tr("Absent (comma separated)"))
        self.absent.setToolTip(self.tr("Who is absent from the meeting (fraværende)"))
        self.absent_completer = NameListCompleter(parent=self)
        self.absent.setCompleter(self.absent_completer)
        absent_row = QHBoxLayout()
        absent_label = QLabel(self.tr("Absent:"))
        name(self.absent, self.tr("Absent"), self.tr("Who is absent, comma separated"))
        absent_row.addWidget(absent_label)
        absent_row.addWidget(self.absent, 1)

        self.next_label = QLabel()
        self.next_label.setObjectName("nextItem")
        self.next_label.setWordWrap(True)
        self.key_legend = QLabel(self._legend_text())
        self.key_legend.setObjectName("keyLegend")
        self.key_legend.setWordWrap(True)

        column.addLayout(head)
        column.addWidget(self.title_label)
        column.addLayout(self._init_time_row())
        column.addWidget(self.recommendation, 1)
        column.addWidget(self.decision_editor)
        column.addLayout(absent_row)
        column.addWidget(self.next_label)
        column.addWidget(self.key_legend)
        return column

    def _init_time_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.item_time = QLabel()
        self.item_time.setObjectName("itemTime")
        self.item_time.setToolTip(self.tr("Time on this item against its plan"))
        self.item_time.setAccessibleDescription(self.tr("Time on this item against its plan"))
        self.plan_spin = QSpinBox()
        self.plan_spin.setRange(0, MAX_PLANNED_MINUTES)
        self.plan_spin.setSuffix(self.tr(" min"))
        self.plan_spin.setToolTip(
            self.tr("Planned minutes for this item; the rest of the meeting's time is shared")
        )
        self.plan_spin.setKeyboardTracking(False)
        name(self.plan_spin, self.tr("Planned minutes for this item"))
        plan_label = QLabel(self.tr("Plan:"))
        row.addWidget(self.item_time)
        row.addStretch(1)
        row.addWidget(plan_label)
        row.addWidget(self.plan_spin)
        return row

    def _init_status_row(self) -> QHBoxLayout:
        box = QHBoxLayout()
        box.setSpacing(6)
        holder = QWidget()
        holder.setObjectName("statusButtons")
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.status_buttons: dict[ItemStatus, QPushButton] = {}
        for status, text, key in self._status_choices():
            button = QPushButton(f"{text} ({key})")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(self.tr("Mark the item; press again to clear the mark"))
            button.clicked.connect(lambda _checked=False, chosen=status: self.mark(chosen))
            self.status_buttons[status] = button
            row.addWidget(button)
        box.addWidget(holder)
        return box

    def _status_choices(self) -> list[tuple[ItemStatus, str, str]]:
        return [
            (ItemStatus.DEALT, self.tr("Dealt with"), "D"),
            (ItemStatus.POSTPONED, self.tr("Postponed"), "U"),
            (ItemStatus.SKIPPED, self.tr("Skipped"), "S"),
        ]

    def _legend_text(self) -> str:
        return self.tr(
            "Keys: Right, Space or PageDown next item \u00b7 Left or PageUp previous \u00b7 "
            "D dealt with \u00b7 U postponed \u00b7 S skipped \u00b7 1-4 decision template \u00b7 "
            "E or Enter type the decision \u00b7 Esc leave the text, again: back to the agenda"
        )

    def _init_keys(self) -> None:
        step_next = partial(self.step, 1)
        step_back = partial(self.step, -1)
        self._keys: dict[Qt.Key, Callable[[], object]] = {
            Qt.Key.Key_Right: step_next,
            Qt.Key.Key_Space: step_next,
            Qt.Key.Key_PageDown: step_next,
            Qt.Key.Key_Left: step_back,
            Qt.Key.Key_PageUp: step_back,
            Qt.Key.Key_D: partial(self.mark, ItemStatus.DEALT),
            Qt.Key.Key_U: partial(self.mark, ItemStatus.POSTPONED),
            Qt.Key.Key_S: partial(self.mark, ItemStatus.SKIPPED),
            Qt.Key.Key_E: self.focus_decision,
            Qt.Key.Key_Return: self.focus_decision,
            Qt.Key.Key_Enter: self.focus_decision,
            Qt.Key.Key_P: self.open_presenter,
            Qt.Key.Key_Escape: self.leave_requested.emit,
        }
        for number in range(1, TEMPLATE_KEYS + 1):
            key = Qt.Key(Qt.Key.Key_0.value + number)
            self._keys[key] = partial(self.apply_template, number - 1)

    def _connect_signals(self) -> None:
        controller = self.controller
        controller.loaded.connect(self._session_loaded)
        controller.load_failed.connect(self._session_failed)
        controller.current_item_changed.connect(self._item_changed)
        controller.state_changed.connect(self._state_changed)
        controller.save_state_changed.connect(self.decision_editor.show_save_state)
        self.start_button.clicked.connect(self.start_or_end)
        self.presenter_button.clicked.connect(self.open_presenter)
        self.minutes_button.clicked.connect(self.export_minutes)
        self.back_button.clicked.connect(self.leave_requested)
        self.agenda.itemClicked.connect(self._agenda_clicked)
        self.decision_editor.edited.connect(controller.type_decision)
        self.decision_editor.template_applied.connect(controller.record_decision)
        self.decision_editor.left.connect(controller.flush)
        self.plan_spin.valueChanged.connect(controller.set_planned_minutes)
        self.include_closed.clicked.connect(controller.include_in_minutes)
        self.absent.textEdited.connect(controller.set_absent)
        self.absent.editingFinished.connect(controller.flush)
        self.absent.returnPressed.connect(self.setFocus)
        for field in (self.decision_editor.text, self.absent, self.plan_spin):
            field.installEventFilter(self)

    # -- the meeting -----------------------------------------------------------

    @property
    def meeting(self) -> Meeting | None:
        """The meeting of the session."""
        return self.controller.meeting

    def shown_item(self) -> AgendaItem | None:
        """The item on screen (the current one; before the start, the first)."""
        return self.controller.shown_item()

    def set_meeting(self, meeting: Meeting) -> None:
        """Run the session of ``meeting``: its saved session is read in the background."""
        self.meeting_label.setText(meeting.name)
        self.absent_completer.set_names([*meeting.apologies, *meeting.participants])
        self._show_nothing(self.tr("Loading the session..."))
        self.controller.set_meeting(meeting)

    def _session_loaded(self) -> None:
        state = self.controller.state
        assert state is not None
        self.absent.setText(", ".join(state.absent))
        self._fill_agenda()
        self._show_item()
        self.refresh_times()
        self.timer.start()

    def _session_failed(self, message: str) -> None:
        summary = self.tr("The session could not be read: {error}").format(error=message)
        self._show_nothing(summary)
        show_error(self, summary)

    def _show_nothing(self, text: str) -> None:
        self.number_label.clear()
        self.title_label.setText(text)
        self.closed_badge.setVisible(False)
        self.include_closed.setVisible(False)
        self.recommendation.clear()
        self.next_label.clear()
        self.item_time.clear()
        self.decision_editor.setEnabled(False)

    # -- commands --------------------------------------------------------------

    def start(self) -> None:
        """Start the session on the item shown."""
        self.controller.start()

    def start_or_end(self) -> None:
        """Start the session, end a running one (its clocks stop), or resume an ended one."""
        if self.controller.running:
            self.controller.finish()
        else:
            self.controller.start()

    def step(self, offset: int) -> None:
        """Next (+1) or previous (-1) item; the first move starts the session."""
        self.controller.step(offset)

    def mark(self, status: ItemStatus) -> None:
        """Mark the item shown (the same mark again clears it)."""
        self.controller.toggle_status(status)

    def apply_template(self, index: int) -> None:
        """Record template ``index`` (0-based) as the decision of the item shown."""
        self.decision_editor.apply(index)

    def focus_decision(self) -> None:
        """Put the cursor at the end of the decision text."""
        text = self.decision_editor.text
        text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        text.moveCursor(text.textCursor().MoveOperation.End)

    def _agenda_clicked(self, row: QListWidgetItem) -> None:
        self.controller.go_to(str(row.data(ItemIdRole)))

    # -- keys ------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Single keys drive the session (text fields keep their own keys)."""
        handler = None
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.NoModifier:
            handler = self._keys.get(Qt.Key(event.key()))
        if handler is None:
            super().keyPressEvent(event)
            return
        event.accept()
        handler()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in a text field gives the focus back to the view (its keys work again)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
            if watched is self.plan_spin and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.plan_spin.interpretText()
                self.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    # -- showing ---------------------------------------------------------------

    def _item_changed(self, item_id: str) -> None:
        self._show_item()
        self.current_item_changed.emit(item_id)

    def _state_changed(self) -> None:
        self._update_agenda()
        self._update_marks()
        self.refresh_times()
        self.state_changed.emit()

    def _show_item(self) -> None:
        item = self.shown_item()
        meeting = self.meeting
        if item is None or meeting is None:
            self._show_nothing(self.tr("This meeting has no items."))
            return
        self.number_label.setText(item.number)
        self.title_label.setText(item.title)
        self.closed_badge.setVisible(is_closed(item))
        self.include_closed.setVisible(is_closed(item))
        self.include_closed.setChecked(self.controller.included_in_minutes(item.id))
        html = recommendation_html(item, self._labels, item_colours(self.palette()))
        if not html:
            html = "<p>{}</p>".format(self.tr("This item has no recommendation."))
        self.recommendation.setHtml(html)
        nxt = self.controller.next_item()
        self.next_label.setText(
            self.tr("Next: {number} {title}").format(number=nxt.number, title=nxt.title)
            if nxt is not None
            else self.tr("Next: the end of the agenda")
        )
        self.decision_editor.setEnabled(True)
        self.decision_editor.set_templates(self.controller.templates())
        self.decision_editor.set_text(self.controller.decision())
        self.plan_spin.blockSignals(True)
        self.plan_spin.setValue(self.controller.planned_minutes(item.id))
        self.plan_spin.blockSignals(False)
        self._update_agenda()
        self._update_marks()
        self.refresh_times()

    def _update_marks(self) -> None:
        item = self.shown_item()
        status = self.controller.status(item.id) if item is not None else ItemStatus.PENDING
        for choice, button in self.status_buttons.items():
            button.setChecked(choice == status)
        self._update_start_button()

    def _update_start_button(self) -> None:
        controller = self.controller
        if not controller.started:
            text, tip = (
                self.tr("Start"),
                self.tr("Start the session on the item shown (or press Right)"),
            )
        elif controller.running:
            text, tip = (
                self.tr("End Session"),
                self.tr("The meeting is over: stop the clocks (the decisions stay)"),
            )
        else:
            text, tip = self.tr("Resume"), self.tr("Start the clocks again on the item shown")
        self.start_button.setText(text)
        self.start_button.setToolTip(tip)

    def _fill_agenda(self) -> None:
        self.agenda.clear()
        meeting = self.meeting
        for item in meeting.items if meeting is not None else []:
            row = QListWidgetItem()
            row.setData(ItemIdRole, item.id)
            self.agenda.addItem(row)
        self.agenda_delegate.set_numbers([item.number for item in meeting.items] if meeting else [])
        self._update_agenda()

    def _update_agenda(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        shown = self.shown_item()
        closed_word = self.tr("closed")
        for index, item in enumerate(meeting.items):
            row = self.agenda.item(index)
            if row is None:
                continue
            decision = self.controller.decisions.get(item.id, "")
            decided = bool(decision.strip())
            status = shown_status(self.controller.status(item.id), decision)
            suffix = f"  ({closed_word})" if is_closed(item) else ""
            title = f"{item.title}{suffix}"
            row.setText(f"{STATUS_SYMBOLS[status]} {item.number}  {title}")
            row.setData(MarkRole, STATUS_SYMBOLS[status])
            row.setData(NumberRole, item.number)
            row.setData(TitleRole, title)
            row.setForeground(tones(self.palette())[STATUS_TONES[status]])
            tip = self._status_text(status)
            if decided:
                tip = self.tr("{status}; decision recorded").format(status=tip)
            row.setToolTip(tip)
            font = row.font()
            font.setBold(shown is not None and item.id == shown.id)
            row.setFont(font)
            if shown is not None and item.id == shown.id:
                self.agenda.setCurrentRow(index)
                self.agenda.scrollToItem(row)

    def _status_text(self, status: ItemStatus) -> str:
        return {
            ItemStatus.PENDING: self.tr("Not dealt with yet"),
            ItemStatus.DEALT: self.tr("Dealt with"),
            ItemStatus.POSTPONED: self.tr("Postponed"),
            ItemStatus.SKIPPED: self.tr("Skipped"),
        }[status]

    def refresh_times(self) -> None:
        """Update the clock, the meeting's time and the item's time against its plan."""
        controller = self.controller
        self.clock_label.setText(controller.now().astimezone().strftime("%H:%M"))
        if not controller.started:
            self.meeting_elapsed.setText(self.tr("Not started"))
        elif not controller.running:
            ended = format_elapsed(controller.elapsed())
            self.meeting_elapsed.setText(self.tr("Ended after {elapsed}").format(elapsed=ended))
        else:
            self.meeting_elapsed.setText(
                self.tr("Meeting {elapsed}").format(elapsed=format_elapsed(controller.elapsed()))
            )
        item = self.shown_item()
        if item is None:
            return
        elapsed = controller.item_elapsed(item.id)
        planned = controller.planned_minutes(item.id)
        self.item_time.setText(
            self.tr("{elapsed} of {planned} min").format(
                elapsed=whole_minutes(elapsed), planned=planned
            )
        )
        level = time_level(elapsed, planned) if controller.started else TimeLevel.ON_TIME
        if self.item_time.property("level") != level.value:
            self.item_time.setProperty("level", level.value)
            self.item_time.style().unpolish(self.item_time)
            self.item_time.style().polish(self.item_time)

    # -- presenter and minutes -------------------------------------------------

    @property
    def presenter(self) -> PresenterWindow | None:
        """The presenter screen this view opened, while it is open."""
        return self._presenter

    def open_presenter(self) -> PresenterWindow:
        """Open (or raise) the presenter screen following this session."""
        from companion.ui.chair.presenter import PresenterWindow

        if self._presenter is None:
            self._presenter = PresenterWindow()
            self._presenter.follow(self)
            self._presenter.destroyed.connect(self._presenter_closed)
        self._presenter.show_on_best_screen(self.screen())
        return self._presenter

    def _presenter_closed(self) -> None:
        self._presenter = None

    def export_minutes(self) -> None:
        """Ask for a file and write the draft minutes there in the background."""
        meeting = self.meeting
        if meeting is None or self._open_library is None:
            return
        from companion.core.export.folders import proposed_path
        from companion.core.export.minutes import minutes_file_name  # slow: PDF and Word

        name = minutes_file_name(meeting, "docx")
        path = self.choose_file(self, str(proposed_path(self.export_folder, name)))
        if path is None:
            return
        open_library = self._open_library
        try:
            self.controller.export_minutes(
                open_library,
                path,
                self._minutes_written,
                self._minutes_failed,
                author=self.author_name,
            )
        except ValueError as error:
            show_error(self, str(error))
            return
        self.minutes_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setToolTip(self.tr("Writing the draft minutes..."))

    def _minutes_done(self) -> None:
        self.minutes_button.setEnabled(True)
        self.progress.setVisible(False)

    def _minutes_written(self, path: Path) -> None:
        self._minutes_done()
        self.export_folder = str(Path(path).parent)
        self.decision_editor.show_save_state(
            self.tr("Draft minutes written to {path}").format(path=path), False
        )
        self.minutes_written.emit(path)

    def _minutes_failed(self, error: Exception) -> None:
        self._minutes_done()
        show_error(
            self,
            self.tr("The draft minutes could not be written: {error}").format(error=error),
            repr(error),
        )

    # -- visibility ------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.controller.ready:
            self.refresh_times()
            self.timer.start()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def hideEvent(self, event: QHideEvent) -> None:
        """Save what is pending; the timer rests while hidden (the times are computed)."""
        self.controller.flush()
        self.timer.stop()
        super().hideEvent(event)
