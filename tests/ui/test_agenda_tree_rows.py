"""The agenda tree: full titles for tooltips and screen readers; bilag counted if present."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from companion.core.library import Library
from companion.ui.agenda_model import ATTACHMENT_COLUMN, TITLE_COLUMN, IsGroupRole
from companion.ui.agenda_tree import AgendaTree
from tests.ui.conftest import MEETING_2016_ID

BOERNEHUS_ID = f"{MEETING_2016_ID}-boernehus"
LONG_TITLE_MEETING = "kkr-midtjylland-2020-02-05"


def test_a_long_title_is_whole_in_the_tooltip_and_the_accessible_name(
    qtbot, sample_data_dir: Path
) -> None:
    with Library(sample_data_dir) as library:
        meeting = library.meeting(LONG_TITLE_MEETING)
    tree = AgendaTree()
    qtbot.addWidget(tree)
    tree.resize(300, 500)
    tree.show()
    tree.set_meeting(meeting, {})
    item = max(meeting.items, key=lambda item: len(item.title))
    assert len(item.title) > 40, "a title the pane cuts"
    index = tree.agenda_model.index_of_item(item.id)
    full = f"{item.number} {item.title}"
    assert full in tree.agenda_model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert tree.agenda_model.data(index, Qt.ItemDataRole.AccessibleTextRole) == full
    model = tree.agenda_model
    groups = [model.index(row, TITLE_COLUMN) for row in range(model.rowCount())]
    group_index = next(index for index in groups if model.data(index, IsGroupRole))
    group_label = tree.agenda_model.data(group_index, Qt.ItemDataRole.DisplayRole)
    assert tree.agenda_model.data(group_index, Qt.ItemDataRole.ToolTipRole) == group_label
    assert tree.agenda_model.data(group_index, Qt.ItemDataRole.AccessibleTextRole) == group_label


def test_the_paperclip_counts_the_bilag_in_the_package_and_names_the_missing(
    qtbot, attachment_data_dir: Path
) -> None:
    with Library(attachment_data_dir) as library:
        meeting = library.meeting(MEETING_2016_ID)
    item = next(item for item in meeting.items if item.id == BOERNEHUS_ID)
    present = [a for a in item.attachments if a.provided]
    assert len(present) == 1 and len(item.attachments) == 2, "one bilag in the package, one not"
    tree = AgendaTree()
    qtbot.addWidget(tree)
    tree.set_meeting(meeting, {})
    row = tree.agenda_model.index_of_item(item.id)
    index = row.siblingAtColumn(ATTACHMENT_COLUMN)
    model = tree.agenda_model
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "1/2"
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "1 attachment in the package" in tip and "1 not provided" in tip
    assert model.data(index, Qt.ItemDataRole.AccessibleTextRole) == tip
    assert row.siblingAtColumn(TITLE_COLUMN).isValid()
