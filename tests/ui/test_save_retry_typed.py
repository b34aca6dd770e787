"""Questions and highlight notes not saved on a full disk are kept and retried like remarks.

Before, the position panel wrote questions once (`DebouncedSaver.write`): a question
added on a full disk was cleared from the input and gone, and a highlight note was
only tried again when another note was saved. The disk is real: the small tmpfs of
`tests.ui.test_save_retry`, filled with a stand-in file and freed by deleting it.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from companion.core.anchoring import TextAnchor
from companion.core.personal import PersonalStore
from companion.ui.position_panel import PositionPanel
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import MEETING_2016_ID
from tests.ui.test_main_window import BOERNEHUS_ID, RAMMEPAPIR_ID
from tests.ui.test_save_retry import RETRY_TIMEOUT_MS, SmallDisk, small_disk

__all__ = ["small_disk"]  # the fixture, used by name


def _panel(qtbot: QtBot, runner: TaskRunner, disk: SmallDisk) -> PositionPanel:
    path = disk.root / "personal.db"
    PersonalStore(path).close()
    panel = PositionPanel(runner, lambda: PersonalStore(path))
    qtbot.addWidget(panel)
    panel.show()
    panel.show_item(MEETING_2016_ID, RAMMEPAPIR_ID)
    qtbot.waitUntil(lambda: panel.ready, timeout=RETRY_TIMEOUT_MS)
    return panel


def _wait_saved(qtbot: QtBot, panel: PositionPanel) -> None:
    qtbot.waitUntil(
        lambda: not panel.has_pending and panel.save_state.text() == "Saved",
        timeout=RETRY_TIMEOUT_MS,
    )


def test_a_question_added_on_a_full_disk_lands_once_there_is_room(
    qtbot: QtBot, runner: TaskRunner, small_disk: SmallDisk
) -> None:
    panel = _panel(qtbot, runner, small_disk)
    small_disk.fill()
    question = "Hvornår kommer den nye tidsplan?"
    qtbot.keyClicks(panel.question_input, question)
    qtbot.keyClick(panel.question_input, "\r")
    qtbot.waitUntil(lambda: panel.save_state.property("problem") is True, timeout=5000)
    assert panel.save_state.text().endswith("— retrying")
    assert panel.saver.unsaved_text() == question  # kept, and the member can copy it
    assert panel.copy_unsaved.isVisible()

    panel.show_item(MEETING_2016_ID, BOERNEHUS_ID)  # the member moves on
    qtbot.wait(2500)  # a retry on the full disk fails again: still kept
    assert panel.has_pending

    small_disk.free()
    _wait_saved(qtbot, panel)
    with PersonalStore(small_disk.root / "personal.db") as store:
        saved = [q.text for q in store.questions(MEETING_2016_ID, RAMMEPAPIR_ID)]
    assert saved == [question]
    panel.show_item(MEETING_2016_ID, RAMMEPAPIR_ID)  # and the list shows it
    qtbot.waitUntil(lambda: panel.questions.count() == 1, timeout=RETRY_TIMEOUT_MS)
    assert panel.questions.item(0).text() == question


def test_a_highlight_note_not_saved_on_a_full_disk_is_retried_until_it_lands(
    qtbot: QtBot, runner: TaskRunner, small_disk: SmallDisk
) -> None:
    panel = _panel(qtbot, runner, small_disk)
    path = small_disk.root / "personal.db"
    with PersonalStore(path) as store:
        anchor = TextAnchor(exact="Rammepapir", prefix="", suffix="", start=0, end=10)
        highlight = store.add_annotation(MEETING_2016_ID, RAMMEPAPIR_ID, "item", anchor.to_dict())
    small_disk.fill()
    note = "Spørg til økonomien"
    # The call `companion.ui.annotation_list.TextHighlights._save_note` makes.
    panel.save(
        lambda store: store.update_annotation(highlight.id, note=note),
        key=f"highlight:{highlight.id}",
        unsaved=note,
    )
    qtbot.waitUntil(lambda: panel.save_state.property("problem") is True, timeout=5000)
    assert panel.saver.unsaved_text() == note
    panel.show_item(MEETING_2016_ID, BOERNEHUS_ID)
    small_disk.free()
    _wait_saved(qtbot, panel)
    with PersonalStore(path) as store:
        notes = [a.note for a in store.annotations(MEETING_2016_ID, RAMMEPAPIR_ID)]
    assert notes == [note]
