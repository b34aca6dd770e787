"""Every control a member operates has a name a screen reader reads.

The walk asks Qt's accessibility interface (`QAccessible.queryAccessibleInterface`)
for each control's name, as Orca, NVDA or VoiceOver would: a visible label or a
buddy counts only when Qt passes it on. It covers the reading window with its
search popup, session mode, the presenter screen and every dialog the window
opens. What was walked is printed (run with ``-s`` to see it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.about_dialog import AboutDialog
from companion.ui.accessibility import controls, describe, spoken_name, unnamed_controls
from companion.ui.agenda_model import AgendaModel, stance_label
from companion.ui.main_window import MainWindow
from companion.ui.messages import ErrorDialog
from companion.ui.pdf_mark_dialogs import _MarkNoteDialog
from companion.ui.pdf_marks import PdfMark
from companion.ui.sources_dialog import SourcesDialog
from companion.ui.tasks import TaskRunner
from companion.ui.window_import import ImportSummaryDialog
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window

#: Fewer controls than this in the reading window means the walk missed its panes.
LEAST_WINDOW_CONTROLS = 40


def walk(surface: str, root: QWidget, least: int = 1) -> list[str]:
    """Print what was walked under ``root``; the controls without a spoken name."""
    walked = list(controls(root))
    print(f"\n{surface}: {len(walked)} controls walked")
    for widget in walked:
        print(f"  {spoken_name(widget)!r:48} {describe(widget)}")
    assert len(walked) >= least, f"{surface}: only {len(walked)} controls found"
    return [f"{surface}: {where}" for where in unnamed_controls(root)]


@pytest.fixture
def window(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> MainWindow:
    """The reading window on the 2016 meeting, on item 3.1 with its bilag's PDF open."""
    window = open_window(qtbot, runner, attachment_data_dir, config_dir)
    window.agenda_tree.select_item(window.agenda_tree.agenda_model.meeting.items[2].id)  # type: ignore[union-attr]
    pdf = window.attachment_pane.pdf_view
    qtbot.waitUntil(lambda: pdf.page_count > 0, timeout=LOAD_TIMEOUT_MS)
    return window


def test_every_control_of_the_reading_window_and_its_dialogs_has_a_spoken_name(
    qtbot: QtBot, window: MainWindow, attachment_data_dir: Path, config_dir: Path
) -> None:
    missing = walk("reading window", window, LEAST_WINDOW_CONTROLS)
    window.find_bar.open_bar()
    window.search.open_popup()
    popup = window.search.popup
    missing += walk("search popup", popup, 5)

    window.open_preferences()
    missing += walk("preferences", window.preferences_dialog, 4)
    window.export_notes()
    missing += walk("export", window.export_dialog, 5)
    window.show_shortcuts()
    missing += walk("shortcuts", window.shortcuts_dialog, 2)
    window.show_detached_notes()
    missing += walk("detached notes", window.detached_dialog, 2)
    window.open_sources()
    sources = window.findChild(SourcesDialog)
    assert sources is not None
    sources.add_tabs.setCurrentWidget(sources.firstagenda_form)
    missing += walk("sources with the FirstAgenda form", sources, 10)
    missing += walk("about", AboutDialog(attachment_data_dir, config_dir, window), 1)
    missing += walk("error", ErrorDialog("The file could not be read.", "details", window), 2)
    summary = ImportSummaryDialog("1 meeting imported.", "details", window)
    missing += walk("import summary", summary, 1)
    pdf = window.attachment_pane.pdf_view
    pdf.note_editor.open_at(0, QPointF(40, 40), QPoint(10, 10))
    missing += walk("PDF note editor", pdf.note_editor, 2)
    mark = PdfMark("m", 0, "yellow", "Børnehus Midtjylland", "Spørg ind om økonomien", False)
    missing += walk("PDF note dialog", _MarkNoteDialog(mark, window), 2)
    for dialog in window.findChildren(QDialog):
        dialog.close()
    assert not missing, "\n".join(missing)


def test_every_control_of_session_mode_and_the_presenter_has_a_spoken_name(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.enter_session_mode()
    qtbot.waitUntil(lambda: view.controller.state is not None, timeout=LOAD_TIMEOUT_MS)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # starts the session: the clock and decision run
    missing = walk("session mode", view, 10)
    presenter = view.open_presenter()
    qtbot.addWidget(presenter)
    missing += walk("presenter", presenter, 1)
    assert not missing, "\n".join(missing)


def test_the_agenda_tree_reads_each_item_with_its_number_title_stance_and_state(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A screen reader reads the row's number and title, and its stance and state after."""
    tree = window.agenda_tree
    model: AgendaModel = tree.agenda_model
    item = model.meeting.items[2]  # type: ignore[union-attr]
    model.set_stance(item.id, "for")
    index = model.index_of_item(item.id)
    text = model.data(index, Qt.ItemDataRole.AccessibleTextRole)
    assert item.number in text and item.title in text, text
    description = model.data(index, Qt.ItemDataRole.AccessibleDescriptionRole)
    assert stance_label("for") in description, description
    assert "attachment" in description, description
    interface = QAccessible.queryAccessibleInterface(tree)
    assert interface is not None
    spoken = [
        interface.child(row).text(QAccessible.Text.Name) for row in range(interface.childCount())
    ]
    assert any(item.title in line for line in spoken), spoken


def high_contrast_palette() -> QPalette:
    """Black ground, white text, yellow highlight: a typical high-contrast system palette."""
    palette = QPalette()
    role = QPalette.ColorRole
    for colour_role, colour in [
        (role.Window, "black"),
        (role.WindowText, "white"),
        (role.Base, "black"),
        (role.Text, "white"),
        (role.Button, "black"),
        (role.ButtonText, "white"),
        (role.Highlight, "yellow"),
        (role.HighlightedText, "black"),
        (role.Mid, "#808080"),
    ]:
        palette.setColor(colour_role, QColor(colour))
    return palette


def test_under_a_high_contrast_palette_the_position_buttons_and_panes_keep_their_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(high_contrast_palette())
    try:
        qtbot.wait(50)
        assert "#ffff00" in window.styleSheet(), "the selection follows the palette"
        assert "#f4f6f8" not in window.styleSheet(), "no fixed light tint left"
        button = window.position_panel.stance_buttons["imod"]
        image = button.grab().toImage()
        colours = [
            image.pixelColor(x, y).lightness()
            for x in range(image.width())
            for y in range(image.height())
        ]
        dark = sum(1 for lightness in colours if lightness < 40)
        light = sum(1 for lightness in colours if lightness > 215)
        assert dark > len(colours) / 2, "the button's ground is the palette's black"
        assert light > 20, "its label is drawn in the palette's white"
    finally:
        app.setPalette(before)
