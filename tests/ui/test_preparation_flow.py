"""A member's whole preparation of one item in the real window, then a restart.

Select words, highlight them, write a note on the highlight, set a position with
a remark, add and reorder questions, write an item note; close the window, open
it again: everything is there, drawn, and the note's margin marker leads to it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from pytestqt.qtbot import QtBot

from companion.core.personal import PersonalStore
from companion.ui.app import PERSONAL_DB
from companion.ui.item_view import HIGHLIGHT_COLORS, ItemView
from companion.ui.main_window import MainWindow
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import MEETING_2016_ID, open_window
from tests.ui.test_main_window import BOERNEHUS_ID
from tests.ui.test_positions_ui import wait_loaded
from tests.ui.test_text_highlights import CASE_PHRASE, drawn, select_phrase, show_item

TIMEOUT_MS = 10_000
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
NOTE = "Spørg til ventetiden i Børnehuset"
QUESTIONS = ["Hvad koster analysen?", "Hvem udfører benchmark?"]


def wait_all_saved(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the highlights and the panel have written everything."""
    panel = window.position_panel
    qtbot.waitUntil(
        lambda: (
            not window.text_highlights.has_pending
            and not panel.has_pending
            and panel.save_state.text() == "Saved"
        ),
        timeout=TIMEOUT_MS,
    )


def phrase_top(view: ItemView, start: int) -> int:
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    return view.cursorRect(cursor).top()


def test_select_highlight_note_position_restart(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    highlights = show_item(qtbot, window, BOERNEHUS_ID)
    view = window.item_view
    select_phrase(view, CASE_PHRASE)
    with qtbot.waitSignal(highlights.saved, timeout=TIMEOUT_MS):
        qtbot.keyClick(view, Qt.Key.Key_H, CTRL)
    assert view.margin_markers()[0].note is None, "no note yet: only the colour bar"
    rows = window.highlight_list
    qtbot.waitUntil(lambda: rows.rows.count() == 1, timeout=TIMEOUT_MS)
    qtbot.keyClicks(rows.note, NOTE)

    panel = wait_loaded(qtbot, window, BOERNEHUS_ID)
    qtbot.keyClick(window.agenda_tree, Qt.Key.Key_4, ALT)  # Alt+4: Forbehold
    qtbot.keyClicks(panel.remark, "Økonomien skal belyses")
    for number, question in enumerate(QUESTIONS, start=1):
        qtbot.keyClicks(panel.question_input, question)
        qtbot.keyClick(panel.question_input, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda count=number: panel.questions.count() == count, timeout=TIMEOUT_MS)
    panel.show_tab(panel.questions.parentWidget())
    panel.questions.setFocus()
    panel.questions.setCurrentRow(1)
    qtbot.keyClick(panel.questions, Qt.Key.Key_Up, CTRL)  # the second question first
    assert panel.questions.item(0).text() == QUESTIONS[1]
    panel.show_tab(panel.item_note)
    qtbot.keyClicks(panel.item_note, "Tag det op i gruppen")
    wait_all_saved(qtbot, window)
    window.close()

    store = PersonalStore(attachment_data_dir / PERSONAL_DB)
    try:
        assert [q.text for q in store.questions(MEETING_2016_ID, BOERNEHUS_ID)] == [
            QUESTIONS[1],
            QUESTIONS[0],
        ]
    finally:
        store.close()

    again = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    again.resize(1100, 520)
    highlights = show_item(qtbot, again, BOERNEHUS_ID)
    view = again.item_view
    assert drawn(view) == [(CASE_PHRASE, QColor(HIGHLIGHT_COLORS["yellow"]))]
    panel = wait_loaded(qtbot, again, BOERNEHUS_ID)
    assert panel.stance == "forbehold"
    assert panel.remark.text() == "Økonomien skal belyses"
    assert [panel.questions.item(row).text() for row in range(panel.questions.count())] == [
        QUESTIONS[1],
        QUESTIONS[0],
    ]
    assert panel.item_note.toPlainText() == "Tag det op i gruppen"

    span = highlights.entries[0].span
    assert span is not None
    highlights.go_to(highlights.entries[0].key)  # scroll it into view
    qtbot.waitUntil(lambda: not view.flashing, timeout=TIMEOUT_MS)
    [marker] = view.margin_markers()
    assert marker.note is not None, "a highlight with a note has a note marker"
    column = view.document().rootFrame().frameFormat()
    assert marker.note.left() > view.viewport().width() - column.rightMargin()
    assert marker.bar.right() < column.leftMargin()
    assert abs(marker.note.top() - phrase_top(view, span[0])) <= 2
    assert view.viewport().rect().contains(marker.note)
    pixel = view.viewport().grab().toImage().pixelColor(marker.bar.center())
    bar_color = QColor(HIGHLIGHT_COLORS["yellow"]).darker(125)
    assert pixel.name() == bar_color.name(), "the colour bar is drawn"

    panel.show_tab(panel.item_note)  # away from the highlights tab
    with qtbot.waitSignal(view.marker_clicked, timeout=TIMEOUT_MS) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=marker.note.center())
    assert clicked.args == [highlights.entries[0].key]
    assert panel.tabs.currentWidget() is again.highlight_list
    assert again.highlight_list.note.toPlainText() == NOTE
    assert view.flashing
    assert not view.textCursor().hasSelection(), "a marker click selects no text"


def test_a_click_beside_a_marker_still_places_the_cursor(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    show_item(qtbot, window, BOERNEHUS_ID)
    view = window.item_view
    assert view.margin_markers() == []
    clicks: list[str] = []
    view.marker_clicked.connect(clicks.append)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(200, 60))
    assert clicks == []
