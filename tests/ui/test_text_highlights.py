"""Highlights and notes on the item text, in the real window, saved in a real personal store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from pytestqt.qtbot import QtBot

from companion.core.anchoring import TextAnchor
from companion.core.personal import Annotation, PersonalStore
from companion.ui.annotation_list import HighlightEntry, TextHighlights
from companion.ui.app import PERSONAL_DB
from companion.ui.item_view import HIGHLIGHT_COLORS, ItemView
from companion.ui.main_window import MainWindow
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import MEETING_2016_ID, open_window, real_meeting_2016
from tests.ui.test_main_window import BOERNEHUS_ID, RAMMEPAPIR_ID, click_item

TIMEOUT_MS = 10_000
#: Words of item 3.1's last section ("Sagsfremstilling"), verbatim.
CASE_PHRASE = "ca. 250 sager om året"
#: Words of item 3.1's recommendation, which the view shows first.
RECOMMENDATION_PHRASE = "nærmere analyse af Børnehusets økonomi"


def show_item(qtbot: QtBot, window: MainWindow, item_id: str) -> TextHighlights:
    """Click ``item_id`` in the agenda (unless shown) and wait until its highlights are drawn."""
    if window.position_panel.item_id != item_id:
        click_item(qtbot, window, item_id)
    highlights = window.text_highlights
    qtbot.waitUntil(lambda: highlights.loaded_item_id == item_id, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.position_panel.ready, timeout=TIMEOUT_MS)
    return highlights


def select_phrase(view: ItemView, phrase: str) -> QTextCursor:
    """Select ``phrase`` in the view as the member would with the mouse."""
    cursor = view.document().find(phrase)
    assert not cursor.isNull(), f"{phrase!r} is not in the item shown"
    view.setTextCursor(cursor)
    return cursor


def drawn(view: ItemView) -> list[tuple[str, QColor]]:
    """The text and tint of every highlight drawn in the view."""
    return [
        (selection.cursor.selectedText(), selection.format.background().color())
        for selection in view.extraSelections()
    ]


def stored(data_dir: Path, item_id: str) -> list[Annotation]:
    store = PersonalStore(data_dir / PERSONAL_DB)
    try:
        return store.annotations(MEETING_2016_ID, item_id)
    finally:
        store.close()


def wait_saved(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until every highlight and note is written and the panel says so."""
    qtbot.waitUntil(
        lambda: (
            not window.text_highlights.has_pending
            and window.position_panel.save_state.text() == "Saved"
        ),
        timeout=TIMEOUT_MS,
    )


def test_a_highlight_and_its_note_survive_a_restart(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    highlights = show_item(qtbot, window, BOERNEHUS_ID)
    view = window.item_view
    select_phrase(view, CASE_PHRASE)

    with qtbot.waitSignal(highlights.saved, timeout=TIMEOUT_MS):
        qtbot.keyClick(view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # Ctrl+H
        assert drawn(view) == [(CASE_PHRASE, QColor(HIGHLIGHT_COLORS["yellow"]))]  # at once
        assert not view.textCursor().hasSelection()

    rows = window.highlight_list
    qtbot.waitUntil(lambda: rows.rows.count() == 1, timeout=TIMEOUT_MS)
    assert rows.current_key() == highlights.entries[0].key
    qtbot.keyClicks(rows.note, "Spørg til ventetiden")
    assert "Spørg til ventetiden" in rows.rows.item(0).text()
    wait_saved(qtbot, window)
    [annotation] = stored(attachment_data_dir, BOERNEHUS_ID)
    item = real_meeting_2016().items[2]
    anchor = TextAnchor.from_dict(annotation.anchor)
    assert item.text[anchor.start : anchor.end] == CASE_PHRASE
    assert anchor.section == "sagsfremstilling"
    assert (annotation.target, annotation.color) == ("item", "yellow")
    assert annotation.note == "Spørg til ventetiden"
    window.close()

    again = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    again.resize(900, 420)
    highlights = show_item(qtbot, again, BOERNEHUS_ID)  # the item shown last: shown again
    view = again.item_view
    assert drawn(view) == [(CASE_PHRASE, QColor(HIGHLIGHT_COLORS["yellow"]))]
    rows = again.highlight_list
    assert rows.rows.count() == 1
    assert "ca. 250 sager om året" in rows.rows.item(0).text()
    assert "Spørg til ventetiden" in rows.rows.item(0).text()

    view.verticalScrollBar().setValue(0)
    assert view.verticalScrollBar().maximum() > 0, "the view must be short enough to scroll"
    rows.rows.scrollToItem(rows.rows.item(0))
    qtbot.mouseClick(
        rows.rows.viewport(),
        Qt.MouseButton.LeftButton,
        pos=rows.rows.visualItemRect(rows.rows.item(0)).center(),
    )
    assert rows.note.toPlainText() == "Spørg til ventetiden"
    assert view.flashing
    assert view.verticalScrollBar().value() > 0
    start = highlights.entries[0].span
    assert start is not None
    place = QTextCursor(view.document())
    place.setPosition(start[0])
    assert view.viewport().rect().contains(view.cursorRect(place).center())
    qtbot.waitUntil(lambda: not view.flashing, timeout=TIMEOUT_MS)


def test_a_highlight_in_the_recommendation_maps_to_the_item_text(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    highlights = show_item(qtbot, window, BOERNEHUS_ID)
    select_phrase(window.item_view, RECOMMENDATION_PHRASE)
    with qtbot.waitSignal(highlights.saved, timeout=TIMEOUT_MS):
        window.item_view.highlight_requested.emit("green")  # the context menu's "Green"
    assert drawn(window.item_view) == [(RECOMMENDATION_PHRASE, QColor(HIGHLIGHT_COLORS["green"]))]
    wait_saved(qtbot, window)
    [annotation] = stored(attachment_data_dir, BOERNEHUS_ID)
    anchor = TextAnchor.from_dict(annotation.anchor)
    text = real_meeting_2016().items[2].text
    assert (anchor.start, anchor.end) == (
        text.index(RECOMMENDATION_PHRASE),
        text.index(RECOMMENDATION_PHRASE) + len(RECOMMENDATION_PHRASE),
    )
    assert anchor.section == "indstilling"
    assert annotation.color == "green"


def test_labels_and_empty_selections_are_not_highlighted(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    highlights = show_item(qtbot, window, RAMMEPAPIR_ID)
    assert not highlights.highlight()  # nothing selected
    select_phrase(window.item_view, "(not provided in the package)")  # a label of the view
    assert not highlights.highlight()
    assert drawn(window.item_view) == []
    assert highlights.entries == []


def test_a_highlight_is_deleted_only_when_the_member_confirms(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    highlights = show_item(qtbot, window, BOERNEHUS_ID)
    select_phrase(window.item_view, CASE_PHRASE)
    with qtbot.waitSignal(highlights.saved, timeout=TIMEOUT_MS):
        assert highlights.highlight("pink")
    rows = window.highlight_list
    qtbot.waitUntil(lambda: rows.rows.count() == 1, timeout=TIMEOUT_MS)
    asked: list[str] = []
    answers = iter([False, True])

    def confirm(entry: HighlightEntry) -> bool:
        asked.append(entry.quote)
        return next(answers)

    highlights.confirm_delete = confirm
    rows.rows.setFocus()
    qtbot.keyClick(rows.rows, Qt.Key.Key_Delete)  # the member declines
    assert rows.rows.count() == 1 and len(drawn(window.item_view)) == 1
    qtbot.mouseClick(rows.delete_button, Qt.MouseButton.LeftButton)  # and confirms
    assert asked == [CASE_PHRASE, CASE_PHRASE]
    assert rows.rows.count() == 0 and drawn(window.item_view) == []
    wait_saved(qtbot, window)
    assert stored(attachment_data_dir, BOERNEHUS_ID) == []


def test_find_matches_and_highlights_are_drawn_together(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    highlights = show_item(qtbot, window, BOERNEHUS_ID)
    select_phrase(window.item_view, CASE_PHRASE)
    with qtbot.waitSignal(highlights.saved, timeout=TIMEOUT_MS):
        assert highlights.highlight("blue")
    assert window.item_view.highlight_all("Børnehus") >= 2
    texts = [text for text, _color in drawn(window.item_view)]
    assert CASE_PHRASE in texts and "Børnehus" in texts
    window.item_view.clear_find()
    assert drawn(window.item_view) == [(CASE_PHRASE, QColor(HIGHLIGHT_COLORS["blue"]))]
