"""The text size preference scales every level of the item text together, and every pane."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from companion.core.library import Library
from companion.ui.item_view import ItemView
from companion.ui.main_window import MainWindow
from companion.ui.preferences_dialog import PreferencesDialog
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import open_window

MEETING_2020 = "kkr-midtjylland-2020-02-05"


def point_sizes(view: ItemView) -> dict[str, float]:
    """The point size of the first block of each kind shown (title, section, meta, body)."""
    document = view.document()
    default = document.defaultFont().pointSizeF()
    item = view.item
    assert item is not None
    section = next(s for s in item.sections if s is not item.recommendation)
    wanted = {
        "title": lambda text: text == f"{item.number} {item.title}",
        "section": lambda text: text == section.title,
        "meta": lambda text: text.startswith("Case "),
        "body": lambda text: (
            len(text) > 60
            and text != f"{item.number} {item.title}"
            and not text.startswith("Case ")
            and "\u00b7" not in text
        ),
    }
    sizes: dict[str, float] = {}
    block = document.begin()
    while block.isValid():
        text = block.text().strip()
        for kind, matches in wanted.items():
            if kind not in sizes and text and matches(text):
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
                sizes[kind] = cursor.charFormat().fontPointSize() or default
        block = block.next()
    assert set(sizes) == set(wanted), f"not every level found: {sizes}"
    return sizes


@pytest.mark.parametrize("points", [11, 18])
def test_every_level_of_the_item_keeps_its_ratio_at_each_text_size(
    qtbot, sample_data_dir: Path, points: int
) -> None:
    with Library(sample_data_dir) as library:
        meeting = library.meeting(MEETING_2020)
    item = next(i for i in meeting.items if i.recommendation is not None and len(i.sections) > 1)
    view = ItemView()
    qtbot.addWidget(view)
    view.set_font_size(points)
    view.show_item(item, meeting)
    sizes = point_sizes(view)
    assert sizes["body"] == pytest.approx(points)
    assert sizes["title"] > sizes["section"] > sizes["body"], sizes
    assert sizes["meta"] <= sizes["body"] < sizes["title"], sizes
    at_default = {"title": 16, "section": 12.5, "meta": 11, "body": 11}
    for kind, size in sizes.items():
        assert size == pytest.approx(at_default[kind] * points / 11, abs=0.5), (kind, sizes)


def pane_widgets(window: MainWindow) -> dict[str, QWidget]:
    """A widget of each pane whose text the member reads."""
    return {
        "meeting list": window.meeting_chooser,
        "agenda tree": window.agenda_tree,
        "position panel": window.position_panel.stance_buttons["imod"],
        "questions": window.position_panel.question_input,
        "notes": window.position_panel.item_note,
        "attachment list": window.attachment_pane.list,
        "PDF tools": window.attachment_pane.pdf_view._page_entry,
        "status line": window.meeting_label,
    }


def test_the_text_size_preference_scales_every_pane(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    before = {name: widget.font().pointSizeF() for name, widget in pane_widgets(window).items()}
    window.preferences_action.trigger()
    dialog = window.preferences_dialog
    assert isinstance(dialog, PreferencesDialog)
    dialog.font_size_spin.setValue(22)  # twice the default
    dialog.accept()
    after = {name: widget.font().pointSizeF() for name, widget in pane_widgets(window).items()}
    for name, size in after.items():
        assert size == pytest.approx(before[name] * 2, abs=0.6), (name, before[name], size)
    assert window.item_view.document().defaultFont().pointSize() == 22
