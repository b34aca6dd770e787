"""Positions, questions and notes in the real window, saved in a real personal store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.core.personal import STANCES, PersonalStore
from companion.ui.agenda_model import (
    STANCE_COLORS,
    STANCE_COLUMN,
    AgendaModel,
    StanceRole,
    stance_label,
)
from companion.ui.app import PERSONAL_DB
from companion.ui.main_window import MainWindow
from companion.ui.note_editor import NoteEditor
from companion.ui.position_panel import PositionPanel
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import MEETING_2016_ID, open_window, real_meeting_2016
from tests.ui.test_main_window import BOERNEHUS_ID, RAMMEPAPIR_ID, click_item

SAVE_TIMEOUT_MS = 10_000
ALT = Qt.KeyboardModifier.AltModifier


def wait_saved(qtbot: QtBot, panel: PositionPanel) -> None:
    """Wait until every edit is written and the panel says so."""
    qtbot.waitUntil(
        lambda: not panel.has_pending and panel.save_state.text() == "Saved",
        timeout=SAVE_TIMEOUT_MS,
    )


def wait_loaded(qtbot: QtBot, window: MainWindow, item_id: str) -> PositionPanel:
    """The panel once it shows ``item_id``'s preparation."""
    panel = window.position_panel
    qtbot.waitUntil(lambda: panel.item_id == item_id and panel.ready, timeout=10_000)
    return panel


def stored(data_dir: Path) -> PersonalStore:
    return PersonalStore(data_dir / PERSONAL_DB)


def stance_in_tree(window: MainWindow, item_id: str) -> str | None:
    model = window.agenda_tree.agenda_model
    return model.data(model.index_of_item(item_id).siblingAtColumn(STANCE_COLUMN), StanceRole)


def test_the_stances_in_the_tree_are_the_stores(qtbot: QtBot) -> None:
    assert tuple(STANCE_COLORS) == STANCES
    assert stance_label("oensker_droeftelse") == "Ønsker drøftelse"
    assert stance_label("tiltraeder") == "Tiltræder indstillingen"


def test_everything_survives_a_restart(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    click_item(qtbot, window, BOERNEHUS_ID)
    panel = wait_loaded(qtbot, window, BOERNEHUS_ID)

    qtbot.mouseClick(panel.stance_buttons["forbehold"], Qt.MouseButton.LeftButton)
    assert panel.stance == "forbehold"
    qtbot.keyClicks(panel.remark, "Økonomien skal belyses")
    qtbot.keyClicks(panel.question_input, "Hvad koster analysen?")
    qtbot.keyClick(panel.question_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.questions.count() == 1, timeout=SAVE_TIMEOUT_MS)
    qtbot.keyClicks(panel.question_input, "Hvem udfører benchmark?")
    qtbot.keyClick(panel.question_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.questions.count() == 2, timeout=SAVE_TIMEOUT_MS)
    panel.tabs.setCurrentWidget(panel.item_note)
    qtbot.keyClicks(panel.item_note, "Spørg til ventetider")
    panel.tabs.setCurrentWidget(panel.meeting_note)
    qtbot.keyClicks(panel.meeting_note, "Husk afbud til middagen")
    panel.tabs.setCurrentIndex(0)
    panel.questions.setFocus()
    panel.questions.setCurrentRow(0)
    qtbot.keyClick(panel.questions, Qt.Key.Key_Space)
    assert panel.questions.item(0).checkState() == Qt.CheckState.Checked
    wait_saved(qtbot, panel)
    assert stance_in_tree(window, BOERNEHUS_ID) == "forbehold"

    click_item(qtbot, window, RAMMEPAPIR_ID)  # another item: the panel is emptied
    panel = wait_loaded(qtbot, window, RAMMEPAPIR_ID)
    assert panel.stance is None and panel.remark.text() == "" and panel.questions.count() == 0
    assert "Husk afbud til middagen" in panel.meeting_note.toPlainText()  # the meeting's own
    qtbot.keyClick(window.agenda_tree, Qt.Key.Key_2, ALT)  # Alt+2: Imod
    assert panel.stance == "imod"
    wait_saved(qtbot, panel)
    window.close()

    again = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    qtbot.waitUntil(lambda: stance_in_tree(again, BOERNEHUS_ID) == "forbehold")
    assert stance_in_tree(again, RAMMEPAPIR_ID) == "imod"
    click_item(qtbot, again, BOERNEHUS_ID)
    panel = wait_loaded(qtbot, again, BOERNEHUS_ID)
    assert panel.stance == "forbehold"
    assert panel.stance_buttons["forbehold"].isChecked()
    assert panel.remark.text() == "Økonomien skal belyses"
    questions = [panel.questions.item(row) for row in range(panel.questions.count())]
    assert [row.text() for row in questions] == ["Hvad koster analysen?", "Hvem udfører benchmark?"]
    assert [row.checkState() for row in questions] == [
        Qt.CheckState.Checked,
        Qt.CheckState.Unchecked,
    ]
    assert panel.tabs.tabText(0) == "Questions (1)"
    assert panel.item_note.toPlainText() == "Spørg til ventetider"
    assert panel.meeting_note.toPlainText() == "Husk afbud til middagen"


def test_an_edit_is_saved_when_the_member_switches_item_at_once(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    click_item(qtbot, window, BOERNEHUS_ID)
    panel = wait_loaded(qtbot, window, BOERNEHUS_ID)
    qtbot.keyClicks(panel.remark, "Kort bemærkning")
    panel.item_note.setFocus()
    qtbot.keyClicks(panel.item_note, "Første linje")
    assert panel.has_pending  # the debounce has not fired yet
    assert panel.save_state.text() == "Saving..."
    click_item(qtbot, window, RAMMEPAPIR_ID)
    assert not panel.has_pending  # flushed by the switch, before the next item loads
    wait_loaded(qtbot, window, RAMMEPAPIR_ID)
    window._personal_runner.wait(5000)
    with stored(attachment_data_dir) as store:
        position = store.position(MEETING_2016_ID, BOERNEHUS_ID)
        note = store.note(MEETING_2016_ID, BOERNEHUS_ID)
    assert position is not None and position.remark == "Kort bemærkning"
    assert note is not None and "Første linje" in note.body


def test_an_edit_is_saved_when_the_window_closes(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    panel = wait_loaded(qtbot, window, window.agenda_tree.current_item.id)
    qtbot.keyClicks(panel.meeting_note, "Lige før lukning")
    assert panel.has_pending
    window.close()
    with stored(attachment_data_dir) as store:
        note = store.note(MEETING_2016_ID, None)
    assert note is not None and "Lige før lukning" in note.body


def test_deleting_a_question(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    click_item(qtbot, window, RAMMEPAPIR_ID)
    panel = wait_loaded(qtbot, window, RAMMEPAPIR_ID)
    for text in ("Hvad siger KD-Net?", "Er økonomien afklaret?"):
        qtbot.keyClicks(panel.question_input, text)
        qtbot.keyClick(panel.question_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.questions.count() == 2, timeout=SAVE_TIMEOUT_MS)
    panel.questions.setCurrentRow(0)
    qtbot.keyClick(panel.questions, Qt.Key.Key_Delete)
    assert panel.questions.count() == 1
    wait_saved(qtbot, panel)
    with stored(attachment_data_dir) as store:
        texts = [q.text for q in store.questions(MEETING_2016_ID, RAMMEPAPIR_ID)]
    assert texts == ["Er økonomien afklaret?"]


def test_every_stance_has_a_shortcut_a_tooltip_and_a_menu_entry(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    panel = wait_loaded(qtbot, window, window.agenda_tree.current_item.id)
    menus = [action.menu() for action in window.menuBar().actions() if action.menu()]
    position_menu = next(menu for menu in menus if menu.title() == "&Position")
    assert [a.text() for a in position_menu.actions()] == [stance_label(s) for s in STANCES]
    for number, stance in enumerate(STANCES, start=1):
        assert f"Alt+{number}" in panel.stance_buttons[stance].toolTip()
        qtbot.keyClick(window.item_view, Qt.Key(Qt.Key.Key_0 + number), ALT)
        assert panel.stance == stance
        assert stance_in_tree(window, panel.item_id) == stance
    wait_saved(qtbot, panel)


def test_the_tree_shows_a_stance_icon_with_its_name(qtbot: QtBot) -> None:
    model = AgendaModel()
    meeting = real_meeting_2016()
    model.set_meeting(meeting)
    cell = model.index_of_item(BOERNEHUS_ID).siblingAtColumn(STANCE_COLUMN)
    assert model.data(cell, Qt.ItemDataRole.DecorationRole) is None
    with qtbot.waitSignal(model.dataChanged):
        model.set_stances({BOERNEHUS_ID: "oensker_droeftelse"})
    icon = model.data(cell, Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole) == "Your position: Ønsker drøftelse"
    model.set_stance(BOERNEHUS_ID, None)
    assert model.data(cell, StanceRole) is None


def test_note_editor_bold_and_bullets_survive_a_round_trip(qtbot: QtBot) -> None:
    editor = NoteEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    editor.setFocus()
    edits: list[None] = []
    editor.edited.connect(lambda: edits.append(None))
    control = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(editor, Qt.Key.Key_L, control | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(editor, "Punkt et")
    qtbot.keyClick(editor, Qt.Key.Key_B, control)
    qtbot.keyClicks(editor, " vigtigt")
    assert edits
    body = editor.body()

    copy = NoteEditor()
    qtbot.addWidget(copy)
    copy.set_body(body)
    block = copy.document().begin()
    assert block.text() == "Punkt et vigtigt"
    assert block.textList() is not None  # still a bulleted list
    assert "font-weight" in body and "<li" in body
    copy.undo()  # loading is not an edit the member can undo
    assert copy.toPlainText() == "Punkt et vigtigt"
    editor.undo()
    assert "vigtigt" not in editor.toPlainText()


def test_an_empty_note_is_saved_as_empty_and_plain_text_loads(qtbot: QtBot) -> None:
    editor = NoteEditor()
    qtbot.addWidget(editor)
    assert editor.body() == ""
    editor.set_body("Gammel note\nanden linje")
    assert editor.toPlainText() == "Gammel note\nanden linje"


def test_a_failed_save_says_so_and_is_retried(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    good = tmp_path / "personal.db"
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be", encoding="utf-8")
    where = [good]
    panel = PositionPanel(runner, lambda: PersonalStore(where[0]))
    qtbot.addWidget(panel)
    panel.show()
    panel.show_item(MEETING_2016_ID, RAMMEPAPIR_ID)
    qtbot.waitUntil(lambda: panel.ready, timeout=SAVE_TIMEOUT_MS)

    where[0] = blocked / "personal.db"
    qtbot.keyClicks(panel.remark, "Skal med i referatet")
    qtbot.waitUntil(lambda: panel.save_state.text().startswith("Not saved:"), timeout=5000)
    assert str(blocked) in panel.save_state.text()  # names the file it could not open
    assert panel.save_state.property("problem") is True
    assert panel.has_pending  # kept for the next save

    where[0] = good
    panel.flush()
    wait_saved(qtbot, panel)
    with stored(tmp_path) as store:
        position = store.position(MEETING_2016_ID, RAMMEPAPIR_ID)
    assert position is not None and position.remark == "Skal med i referatet"
    # A remark alone gives the store's default stance; the panel shows it too.
    assert position.stance == "ikke_taget_stilling"
    assert panel.stance == "ikke_taget_stilling"


def test_the_agenda_model_with_stances_is_a_valid_model(
    qtbot: QtBot, qtmodeltester: object
) -> None:
    model = AgendaModel()
    model.set_meeting(real_meeting_2016())
    model.set_stances({BOERNEHUS_ID: "tiltraeder", RAMMEPAPIR_ID: "imod"})
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.stance(RAMMEPAPIR_ID) == "imod"
    model.set_meeting(real_meeting_2016())
    assert model.stance(RAMMEPAPIR_ID) is None  # a meeting's stances go with it
