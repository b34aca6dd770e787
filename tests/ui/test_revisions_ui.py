"""Update marks and Show Changes in the real window, on a real library with two versions.

The library holds the shipped sample of 22-11-2016 as version 1 and a revision
made by program as version 2 (see `tests.revision_data`); the member's personal
store says every item was read in version 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QFont, QIcon, QTextCharFormat
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from companion.core.library import Library
from companion.core.personal import PersonalStore
from companion.core.revisions import UPDATED, UpdateMark
from companion.ui.agenda_model import MarkRole
from companion.ui.agenda_tree import AgendaTree
from companion.ui.app import PERSONAL_DB, personal_opener
from companion.ui.diff_view import DiffDialog
from companion.ui.item_view import CHANGES_URL
from companion.ui.main_window import MainWindow
from companion.ui.meeting_list import MeetingChooser, ReadVersionRole
from companion.ui.tasks import TaskRunner
from tests.revision_data import (
    ADDED_ID,
    BOERNEHUS_ID,
    MEETING_ID,
    PRAKSISPLAN_ID,
    RAMMEPAPIR_ID,
    REFERAT_ID,
    SOSU_ID,
    library_with_revision,
    sample_path,
)
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window
from tests.ui.test_main_window import click_item


@pytest.fixture
def revised_data_dir(tmp_path: Path, data_dir: Path) -> Path:
    """A library with versions 1 and 2 of the 2016 meeting; every v1 item read in v1."""
    original, _ = library_with_revision(data_dir, tmp_path)
    with PersonalStore(data_dir / PERSONAL_DB) as store:
        for item in original.items:
            store.mark_read(MEETING_ID, item.id, 1)
    return data_dir


def item_data(window: MainWindow, item_id: str, role: int) -> object:
    model = window.agenda_tree.agenda_model
    return model.data(model.index_of_item(item_id), role)


def char_format_of(dialog: DiffDialog, text: str) -> QTextCharFormat:
    cursor = dialog.view.document().find(text)
    assert not cursor.isNull(), f"{text!r} is not in the diff"
    return cursor.charFormat()


def test_tree_marks_changed_and_new_items_only(
    qtbot: QtBot, runner: TaskRunner, revised_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, revised_data_dir, config_dir, seed=False)
    assert item_data(window, RAMMEPAPIR_ID, MarkRole) == "updated"
    assert item_data(window, BOERNEHUS_ID, MarkRole) == "updated"
    assert item_data(window, ADDED_ID, MarkRole) == "new"
    assert item_data(window, SOSU_ID, MarkRole) is None  # only renumbered
    assert item_data(window, REFERAT_ID, MarkRole) is None
    assert window.agenda_tree.agenda_model.index_of_item(PRAKSISPLAN_ID) == QModelIndex()
    with Library(revised_data_dir) as library:
        date = library.version_dates(MEETING_ID)[2].astimezone().strftime("%d-%m-%Y")
    tip = item_data(window, RAMMEPAPIR_ID, Qt.ItemDataRole.ToolTipRole)
    assert f"Updated since you read it (version 2, {date})" in str(tip)
    assert "New since you first read this meeting" in str(
        item_data(window, ADDED_ID, Qt.ItemDataRole.ToolTipRole)
    )
    font = item_data(window, RAMMEPAPIR_ID, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    icon = item_data(window, RAMMEPAPIR_ID, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert item_data(window, REFERAT_ID, Qt.ItemDataRole.FontRole) is None
    window.agenda_tree.grab().save("/tmp/tree-marks.png")


def test_showing_an_item_clears_its_mark_after_the_read_mark_is_saved(
    qtbot: QtBot, runner: TaskRunner, revised_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, revised_data_dir, config_dir, seed=False)
    click_item(qtbot, window, RAMMEPAPIR_ID)
    assert "Updated since you read it (version 2" in window.item_view.toPlainText()
    qtbot.waitUntil(lambda: item_data(window, RAMMEPAPIR_ID, MarkRole) is None)
    with PersonalStore(revised_data_dir / PERSONAL_DB) as store:
        assert store.read_items(MEETING_ID)[RAMMEPAPIR_ID] == 2
    assert item_data(window, BOERNEHUS_ID, MarkRole) == "updated"  # others keep theirs
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):
        window.open_meeting(MEETING_ID)  # marks computed again from the stores
    assert item_data(window, RAMMEPAPIR_ID, MarkRole) is None
    assert item_data(window, BOERNEHUS_ID, MarkRole) == "updated"


def test_show_changes_shows_old_and_new_words(
    qtbot: QtBot, runner: TaskRunner, revised_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, revised_data_dir, config_dir, seed=False)
    click_item(qtbot, window, RAMMEPAPIR_ID)
    assert window.show_changes_action.isEnabled()
    window.show_changes_action.trigger()
    dialog = window.findChild(DiffDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.shown_version == 1, timeout=LOAD_TIMEOUT_MS)
    assert dialog.version_box.currentData() == 1  # the version the member read
    text = dialog.view.toPlainText()
    assert "Det indstilles, at KKR Midtjylland godkenderdrøfter forslaget" in text
    assert char_format_of(dialog, "godkender").fontStrikeOut()
    assert char_format_of(dialog, "drøfter").fontUnderline()
    assert not char_format_of(dialog, "forslaget").fontStrikeOut()
    dialog.grab().save("/tmp/diff.png")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_item_view_link_opens_the_changes_of_a_new_item(
    qtbot: QtBot, runner: TaskRunner, revised_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, revised_data_dir, config_dir, seed=False)
    click_item(qtbot, window, ADDED_ID)
    assert "New since you first read this meeting (version 2" in window.item_view.toPlainText()
    window.item_view.anchorClicked.emit(QUrl(CHANGES_URL))  # the notice's link, clicked
    dialog = window.findChild(DiffDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.shown_version == 1, timeout=LOAD_TIMEOUT_MS)
    assert "This item is new in this version." in dialog.view.toPlainText()
    assert char_format_of(dialog, "Dimensionering af pædagoguddannelsen").fontUnderline()


def test_show_changes_is_off_for_a_meeting_with_one_version(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    assert window.agenda_tree.current_item is not None
    assert not window.show_changes_action.isEnabled()
    window.show_changes()
    assert window.findChild(DiffDialog) is None


def test_meeting_list_marks_new_and_updated_meetings(
    qtbot: QtBot, runner: TaskRunner, revised_data_dir: Path
) -> None:
    with Library(revised_data_dir) as library:
        library.import_path(sample_path("kkr-midtjylland-2015-04-20"))  # never opened
        summaries = library.meetings()
    chooser = MeetingChooser()
    qtbot.addWidget(chooser)
    chooser.track_reading(runner, personal_opener(revised_data_dir))
    chooser.set_meetings(summaries)
    model = chooser.list_model
    row = model.row_of(MEETING_ID)
    other = 1 - row
    qtbot.waitUntil(lambda: model.index(row).data(ReadVersionRole) == 1)
    assert "updated to version 2" in model.index(row).data()
    assert "Updated since you read it (version 2" in model.index(row).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "new" in model.index(other).data().split("\u00b7")[-1]
    assert not model.index(row).data(Qt.ItemDataRole.DecorationRole).isNull()
    chooser.note_read(MEETING_ID, 2)
    assert "updated" not in model.index(row).data()
    assert model.index(row).data(Qt.ItemDataRole.DecorationRole) is None


def test_agenda_model_with_marks_passes_qtmodeltester(
    qtmodeltester: ModelTester, qtbot: QtBot, revised_data_dir: Path
) -> None:
    with Library(revised_data_dir) as library:
        meeting = library.meeting(MEETING_ID)
    tree = AgendaTree()
    qtbot.addWidget(tree)
    marks = {RAMMEPAPIR_ID: UpdateMark(UPDATED, 2, None)}
    tree.set_meeting(meeting, marks)
    qtmodeltester.check(tree.agenda_model)
    with qtbot.waitSignal(tree.agenda_model.dataChanged):
        tree.clear_mark(RAMMEPAPIR_ID)
    assert tree.agenda_model.mark(RAMMEPAPIR_ID) is None
    qtmodeltester.check(tree.agenda_model)
