"""The member's preparation for the item shown: stance, remark, questions and notes.

Everything saves as the member types, through a `DebouncedSaver`: an edit
schedules its field, and after a short pause (or at once on an item switch, a
focus change or the window's close) it is written in the background on the
window's single-thread personal runner, so the GUI thread never waits on the
disk and writes reach the store in the order they were made. A write that fails
is kept and retried until it succeeds, whichever item is shown by then. A small
label says "Saving..." / "Saved" / "Not saved: ... — retrying"; while words are
unsaved its tooltip shows them and "Copy unsaved text" puts them on the clipboard.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.personal import STANCES
from companion.ui.accessibility import name, name_clear_button
from companion.ui.agenda_model import stance_icon, stance_label
from companion.ui.debounced_save import DebouncedSaver, KeyedWrite
from companion.ui.messages import member_text
from companion.ui.note_editor import NoteEditor
from companion.ui.reflow_grid import ReflowGrid
from companion.ui.tasks import TaskRunner
from companion.ui.window_style import themed

if TYPE_CHECKING:
    from companion.core.personal import Note, PersonalStore, Position, Question

log = logging.getLogger(__name__)

#: The stances in the order of their buttons and of Alt+1..Alt+6.
STANCE_ORDER = STANCES
QuestionIdRole = Qt.ItemDataRole.UserRole + 1

REMARK = "remark"
ITEM_NOTE = "item_note"
MEETING_NOTE = "meeting_note"

OpenPersonal = Callable[[], "PersonalStore"]

#: A read of the member's state slower than this greys the panel out until it answers
#: (a quicker one shows the new values at once: no disabled phase to repaint).
SLOW_READ_MS = 150
#: What the member does to the panel's controls: held back while the item's state is read.
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.InputMethod,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.ContextMenu,
        QEvent.Type.DragEnter,
        QEvent.Type.DragMove,
        QEvent.Type.Drop,
    }
)

PANEL_STYLE = """
#positionPanel QToolButton { padding: 3px 8px; border: 1px solid palette(mid); border-radius: 4px;
    background: palette(base); color: palette(text); }
#positionPanel QToolButton:checked { background: palette(highlight);
    color: palette(highlighted-text); border-color: palette(highlight); font-weight: 600; }
#positionPanel QToolButton:focus { border: 2px solid palette(highlight); }
#positionPanel QToolButton:checked:focus { border: 2px solid palette(text); }
#saveState { color: palette(text); padding: 0 8px; }
#saveState[problem="true"] { color: @problem; }
"""


@dataclass(frozen=True)
class ItemState:
    """What the member wrote for one item (and its meeting), read in the background."""

    meeting_id: str
    item_id: str
    position: Position | None
    questions: list[Question] = field(default_factory=list)
    item_note: Note | None = None
    meeting_note: Note | None = None


def load_item_state(store: PersonalStore, meeting_id: str, item_id: str) -> ItemState:
    """The member's position, questions and notes for ``item_id`` (background task)."""
    return ItemState(
        meeting_id,
        item_id,
        store.position(meeting_id, item_id),
        store.questions(meeting_id, item_id),
        store.note(meeting_id, item_id),
        store.note(meeting_id, None),
    )


def shortcut_text(number: int) -> str:
    """``Alt+1`` for the first stance, in the platform's notation."""
    return QKeySequence(f"Alt+{number}").toString(QKeySequence.SequenceFormat.NativeText)


class QuestionList(QListWidget):
    """The checklist of questions: Space toggles (Qt's own), Delete removes,
    Ctrl+Up/Ctrl+Down or dragging moves a question.

    Signals:
        delete_requested(row): the member asked to delete a question.
        reordered(): the member moved a question (read the new order from the rows).
    """

    delete_requested = Signal(object)  # QListWidgetItem
    reordered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.model().rowsMoved.connect(lambda *_args: self.reordered.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and item is not None:
            self.delete_requested.emit(item)
            return
        moves = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in moves:
            self.move_current(moves[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)

    def move_current(self, step: int) -> bool:
        """Move the current question ``step`` rows up (-1) or down (1); False at an end."""
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return False
        self.blockSignals(True)
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self.blockSignals(False)
        self.reordered.emit()
        return True

    def question_ids(self) -> list[int]:
        """The question ids in the order shown."""
        return [int(self.item(row).data(QuestionIdRole)) for row in range(self.count())]


class PositionPanel(QWidget):
    """Stance buttons, a remark, the questions to raise, an item note and a meeting note.

    Args:
        runner: the window's single-thread runner for personal-store work.
        open_personal: opens the `PersonalStore` (called inside background tasks);
            None disables the panel.

    Signals:
        stance_changed(item_id, stance): the member chose a stance (None: cleared).
    """

    stance_changed = Signal(str, object)

    def __init__(
        self, runner: TaskRunner, open_personal: OpenPersonal | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("positionPanel")
        self._open_personal = open_personal
        self._meeting_id: str | None = None
        self._item_id: str | None = None
        self._generation = 0
        self._reading = False  # the shown item's state is being read: input is held back
        self.saver = DebouncedSaver(runner, open_personal or _no_store, parent=self)
        self._slow_read = QTimer(self)
        self._slow_read.setSingleShot(True)
        self._slow_read.setInterval(SLOW_READ_MS)
        self._slow_read.timeout.connect(self._grey_out)
        self._init_widgets()
        self._init_actions()
        self._connect_signals()
        self._hold_input()
        self.setStyleSheet(themed(PANEL_STYLE, self.palette()))
        self.setEnabled(False)

    # -- assembly --------------------------------------------------------------

    def _init_widgets(self) -> None:
        heading = QLabel(self.tr("Your position"))
        heading.setObjectName("paneHeading")
        self.save_state = QLabel()
        self.save_state.setObjectName("saveState")
        self.copy_unsaved = QToolButton()
        self.copy_unsaved.setText(self.tr("Copy unsaved text"))
        self.copy_unsaved.setToolTip(self.tr("Put the words not yet saved on the clipboard"))
        self.copy_unsaved.hide()
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.save_state)
        top.addWidget(self.copy_unsaved)

        self.stance_group = QButtonGroup(self)
        self.stance_group.setExclusive(True)
        self.stance_buttons: dict[str, QToolButton] = {}
        grid = self.stance_grid = ReflowGrid(most_columns=3)
        grid.setContentsMargins(10, 0, 10, 0)
        grid.setSpacing(4)
        for number, stance in enumerate(STANCE_ORDER):
            button = QToolButton()
            button.setText(stance_label(stance))
            button.setIcon(stance_icon(stance))
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(f"{stance_label(stance)} ({shortcut_text(number + 1)})")
            name(button, self.tr("Position: {stance}").format(stance=stance_label(stance)))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.stance_group.addButton(button)
            self.stance_buttons[stance] = button
            grid.add(button)

        self.remark = QLineEdit()
        self.remark.setPlaceholderText(self.tr("Remark on your position"))
        self.remark.setClearButtonEnabled(True)
        name(self.remark, self.tr("Remark on your position"))
        name_clear_button(self.remark)

        self.questions = QuestionList()
        self.questions.setObjectName("questionList")
        self.question_input = QLineEdit()
        self.question_input.setPlaceholderText(self.tr("Add a question to raise (Enter)"))
        name(self.questions, self.tr("Questions to raise"))
        name(self.question_input, self.tr("New question"), self.tr("Press Enter to add it"))
        questions_page = QWidget()
        questions_layout = QVBoxLayout(questions_page)
        questions_layout.setContentsMargins(4, 4, 4, 4)
        questions_layout.addWidget(self.questions, 1)
        questions_layout.addWidget(self.question_input)

        self.item_note = NoteEditor(self.tr("Your note on this item"))
        self.meeting_note = NoteEditor(self.tr("Your note on the whole meeting"))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(False)  # a narrow pane shortens the tab names instead
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        name(self.tabs, self.tr("Questions and notes"))
        self.tabs.addTab(questions_page, self.tr("Questions"))
        self.tabs.addTab(self.item_note, self.tr("Item note"))
        self.tabs.addTab(self.meeting_note, self.tr("Meeting note"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(grid)
        remark_row = QHBoxLayout()
        remark_row.setContentsMargins(10, 0, 10, 0)
        remark_row.addWidget(self.remark)
        layout.addLayout(remark_row)
        layout.addWidget(self.tabs, 1)

    def _hold_input(self) -> None:
        """Watch the panel's controls, so input is held back while an item's state is read."""
        for widget in self.findChildren(QWidget):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Drop the member's input to the controls until the item's state is shown.

        The fields still show the previous item then: an edit would be saved under the
        new one, and the state read would overwrite it.
        """
        return self._reading and event.type() in _INPUT_EVENTS

    def _init_actions(self) -> None:
        """Alt+1..Alt+6 choose a stance anywhere in the window (the "Position" menu)."""
        self.stance_actions: list[QAction] = []
        for number, stance in enumerate(STANCE_ORDER):
            action = QAction(stance_icon(stance), stance_label(stance), self)
            action.setShortcut(QKeySequence(f"Alt+{number + 1}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setStatusTip(self.tr("Set your position on the item shown"))
            action.triggered.connect(lambda _checked=False, chosen=stance: self.set_stance(chosen))
            self.addAction(action)
            self.stance_actions.append(action)

    def _connect_signals(self) -> None:
        self.saver.save_state_changed.connect(self._show_save_state)
        self.copy_unsaved.clicked.connect(self.copy_unsaved_text)
        self.stance_group.buttonClicked.connect(self._stance_clicked)
        self.remark.textEdited.connect(lambda _text: self._edited(REMARK))
        self.remark.editingFinished.connect(self.flush)
        self.item_note.edited.connect(lambda: self._edited(ITEM_NOTE))
        self.meeting_note.edited.connect(lambda: self._edited(MEETING_NOTE))
        self.item_note.left.connect(self.flush)
        self.meeting_note.left.connect(self.flush)
        self.question_input.returnPressed.connect(self._add_question)
        self.questions.itemChanged.connect(self._question_changed)
        self.questions.delete_requested.connect(self._delete_question)
        self.questions.reordered.connect(self._questions_reordered)

    # -- showing an item -------------------------------------------------------

    @property
    def item_id(self) -> str | None:
        """The item whose preparation is shown."""
        return self._item_id

    @property
    def ready(self) -> bool:
        """Whether the member's work on `item_id` is shown and can be edited."""
        return self._item_id is not None and not self._reading and self.isEnabled()

    def show_item(self, meeting_id: str, item_id: str) -> None:
        """Save what is pending, then load and show the member's work on ``item_id``.

        The panel stays as it is (enabled) while the state is read, holding back the
        member's input; a read slower than `SLOW_READ_MS` greys it out.
        """
        self.flush()
        self._generation += 1
        generation = self._generation
        self._meeting_id, self._item_id = meeting_id, item_id
        self._reading = True
        open_personal = self._open_personal
        if open_personal is None:
            self.setEnabled(False)
            return
        self._slow_read.start()
        self.saver.read(
            lambda store: load_item_state(store, meeting_id, item_id),
            lambda state: self._loaded(generation, state),
            self._load_failed,
        )

    def clear(self) -> None:
        """Save what is pending and show nothing (no item)."""
        self.flush()
        self._generation += 1
        self._meeting_id = self._item_id = None
        self._reading = False
        self._slow_read.stop()
        self._fill(None)
        self.setEnabled(False)

    def _grey_out(self) -> None:
        if self._reading:
            self.setEnabled(False)

    def _loaded(self, generation: int, state: ItemState) -> None:
        if generation != self._generation:
            return
        self._fill(state)
        self._reading = False
        self._slow_read.stop()
        self.setEnabled(True)

    def _load_failed(self, error: Exception) -> None:
        self._slow_read.stop()
        self.setEnabled(False)  # input stays held back: nothing to edit
        log.error("position and notes could not be read: %s", error)
        text = self.tr("Your notes could not be read: {error}").format(error=member_text(error))
        self._show_save_state(text, problem=True)

    def _fill(self, state: ItemState | None) -> None:
        stance = state.position.stance if state and state.position else None
        self._check_stance(stance)
        self.remark.setText(state.position.remark if state and state.position else "")
        self.item_note.set_body(state.item_note.body if state and state.item_note else "")
        self.meeting_note.set_body(state.meeting_note.body if state and state.meeting_note else "")
        self.questions.blockSignals(True)
        if self.questions.count():  # clearing an empty list still resets its view
            self.questions.clear()
        for question in state.questions if state else []:
            self._append_question(question)
        self.questions.blockSignals(False)
        self._update_question_tab()

    def _check_stance(self, stance: str | None) -> None:
        self.stance_group.setExclusive(False)
        for code, button in self.stance_buttons.items():
            button.setChecked(code == stance)
        self.stance_group.setExclusive(True)

    # -- stance ----------------------------------------------------------------

    @property
    def stance(self) -> str | None:
        """The stance checked, or None."""
        for code, button in self.stance_buttons.items():
            if button.isChecked():
                return code
        return None

    def set_stance(self, stance: str) -> None:
        """Choose ``stance`` for the item shown and save it."""
        if not self.ready:
            return
        self._check_stance(stance)
        self._save_stance(stance)

    def _stance_clicked(self, button: QToolButton) -> None:
        for code, candidate in self.stance_buttons.items():
            if candidate is button:
                self._save_stance(code)

    def _save_stance(self, stance: str) -> None:
        meeting_id, item_id = self._meeting_id, self._item_id
        if meeting_id is None or item_id is None:
            return
        self.stance_changed.emit(item_id, stance)
        self.saver.schedule(
            f"stance:{meeting_id}:{item_id}",
            lambda store: store.set_position(meeting_id, item_id, stance=stance),
            unsaved=stance_label(stance),
        )
        self.saver.flush()

    # -- remark and notes (debounced) ------------------------------------------

    def _edited(self, field_name: str) -> None:
        meeting_id, item_id = self._meeting_id, self._item_id
        if meeting_id is None or item_id is None or self._open_personal is None:
            return
        if field_name == MEETING_NOTE:
            key = f"{MEETING_NOTE}:{meeting_id}"
        else:
            key = f"{field_name}:{meeting_id}:{item_id}"
        self.saver.schedule_prepared(key, lambda: self._prepare(field_name, meeting_id, item_id))

    def _prepare(self, field_name: str, meeting_id: str, item_id: str) -> KeyedWrite:
        """The write of ``field_name`` as shown now (the saver flushes before an item switch)."""
        if field_name == REMARK:
            remark = self.remark.text()

            def saved(position: Position) -> None:
                if self._shows(meeting_id, item_id) and self.stance is None:
                    self._check_stance(position.stance)  # a remark alone sets the default stance
                    self.stance_changed.emit(item_id, position.stance)

            return KeyedWrite(
                lambda store: store.set_position(meeting_id, item_id, remark=remark),
                remark,
                saved,
            )
        editor = self.item_note if field_name == ITEM_NOTE else self.meeting_note
        body, plain = editor.body(), editor.toPlainText()
        note_item = item_id if field_name == ITEM_NOTE else None
        return KeyedWrite(lambda store: store.set_note(meeting_id, note_item, body), plain)

    def flush(self) -> None:
        """Write every pending edit now, and retry failed ones (in the background, in order)."""
        self.saver.flush()

    def _shows(self, meeting_id: str, item_id: str) -> bool:
        return (self._meeting_id, self._item_id) == (meeting_id, item_id)

    @property
    def has_pending(self) -> bool:
        """Whether edits wait for their save to start, or to be retried after failing."""
        return self.saver.has_pending

    def copy_unsaved_text(self) -> None:
        """Put the words not yet saved on the clipboard."""
        QGuiApplication.clipboard().setText(self.saver.unsaved_text())

    # -- questions -------------------------------------------------------------

    def _add_question(self) -> None:
        text = self.question_input.text().strip()
        meeting_id, item_id = self._meeting_id, self._item_id
        if not text or meeting_id is None or item_id is None:
            return
        self.question_input.clear()

        def added(question: Question) -> None:
            # Saved late (a retry after a full disk)? Shown if its item is shown.
            if (
                self._shows(meeting_id, item_id)
                and question.id not in self.questions.question_ids()
            ):
                self.questions.blockSignals(True)
                self._append_question(question)
                self.questions.blockSignals(False)
                self._update_question_tab()

        self.save(
            lambda store: store.add_question(meeting_id, item_id, text),
            added,
            key=f"question-new:{uuid.uuid4().hex}",
            unsaved=text,
        )

    def _append_question(self, question: Question) -> None:
        row = QListWidgetItem(question.text)
        row.setData(QuestionIdRole, question.id)
        row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
        row.setCheckState(Qt.CheckState.Checked if question.done else Qt.CheckState.Unchecked)
        self.questions.addItem(row)

    def _question_changed(self, row: QListWidgetItem) -> None:
        question_id = row.data(QuestionIdRole)
        text = row.text().strip()
        done = row.checkState() == Qt.CheckState.Checked
        if text:
            self.save(
                lambda store: store.update_question(question_id, text=text, done=done),
                key=f"question:{question_id}",
                unsaved=text,
            )
        self._update_question_tab()

    def _delete_question(self, row: QListWidgetItem) -> None:
        question_id = row.data(QuestionIdRole)
        self.questions.takeItem(self.questions.row(row))
        self._update_question_tab()
        self.save(lambda store: store.delete_question(question_id), key=f"question:{question_id}")

    def _questions_reordered(self) -> None:
        meeting_id, item_id = self._meeting_id, self._item_id
        if meeting_id is None or item_id is None:
            return
        order = self.questions.question_ids()
        self.save(
            lambda store: store.reorder_questions(meeting_id, item_id, order),
            key=f"question-order:{meeting_id}:{item_id}",
        )

    def _update_question_tab(self) -> None:
        count = self.questions.count()
        open_count = sum(
            1
            for number in range(count)
            if self.questions.item(number).checkState() != Qt.CheckState.Checked
        )
        title = self.tr("Questions")
        self.tabs.setTabText(0, f"{title} ({open_count})" if count else title)

    def show_tab(self, page: QWidget) -> None:
        """Bring the tab holding ``page`` to the front."""
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.setCurrentIndex(index)

    # -- writing ---------------------------------------------------------------

    def save(
        self,
        work: Callable[[PersonalStore], Any],
        on_saved: Callable[[Any], None] | None = None,
        on_failed: Callable[[], None] | None = None,
        *,
        key: str | None = None,
        unsaved: str = "",
    ) -> None:
        """Write with ``work`` in the background, in order, showing the save state here.

        With a ``key`` the write is kept and retried until it succeeds (a later save
        under the same key replaces it), and ``unsaved`` (the member's words) can be
        copied meanwhile; ``on_failed`` is for writes without a key.
        """
        if key is None:
            self._write(work, on_saved, on_failed)
        elif self._open_personal is not None:
            self.saver.keep(key, work, unsaved=unsaved, on_saved=on_saved)

    def load(
        self,
        work: Callable[[PersonalStore], Any],
        on_loaded: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
    ) -> None:
        """Read with ``work`` on a fresh store connection in the background (no store: no-op)."""
        if self._open_personal is not None:
            self.saver.read(work, on_loaded, on_failed)

    def _write(
        self,
        work: Callable[[PersonalStore], Any],
        on_saved: Callable[[Any], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        """Run ``work`` on a fresh store connection in the background; show how it went."""
        if self._open_personal is not None:
            self.saver.write(work, on_saved, on_failed)

    def _show_save_state(self, text: str, problem: bool = False) -> None:
        unsaved = self.saver.unsaved_text()
        self.save_state.setText(text)
        self.save_state.setToolTip(
            self.tr("Not saved yet:\n{text}").format(text=unsaved) if unsaved else ""
        )
        self.copy_unsaved.setVisible(bool(unsaved))
        if self.save_state.property("problem") is not problem:  # a re-polish restyles it
            self.save_state.setProperty("problem", problem)
            self.save_state.style().unpolish(self.save_state)
            self.save_state.style().polish(self.save_state)


def _no_store() -> PersonalStore:
    raise RuntimeError("no personal store")  # the panel stays disabled without one
