"""The Keyboard Shortcuts dialog over a real window's actions: rows, filter, Esc."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.main_window import MainWindow
from companion.ui.shortcuts_dialog import (
    ShortcutsDialog,
    action_sections,
    menu_actions,
    plain_text,
)
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import open_window


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def _dialog(qtbot: QtBot, window: MainWindow) -> ShortcutsDialog:
    dialog = ShortcutsDialog(menu_actions(window.menuBar()), window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_lists_the_windows_commands_in_menu_order(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    dialog = _dialog(qtbot, window)
    rows = dialog.visible_rows()
    assert ("Highlight Selection", native("Ctrl+H")) in rows
    assert ("Session Mode", "F9") in rows
    assert ("Export Notes", native("Ctrl+E")) in rows
    assert all("&" not in command and "..." not in command for command, _keys in rows)
    with_keys = [a for a in menu_actions(window.menuBar()) if not a.shortcut().isEmpty()]
    expected = [plain_text(action.text()) for action in with_keys]
    assert [command for command, _keys in rows[: len(expected)]] == expected
    titles = [section.title for section in dialog.sections]
    assert titles[:3] == ["File", "View", "Go"]
    sync = next(row for s in dialog.sections for row in s.rows if row.command == "Sync Now")
    assert sync.description == "Get new and changed meetings from your sources"
    assert dialog.grab().save(str(tmp_path / "shortcuts-dialog.png"))


def test_lists_the_keys_that_are_not_actions(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    dialog = _dialog(qtbot, window)
    rows = dialog.visible_rows()
    next_keys = ", ".join(native(key) for key in ("Right", "Space", "PgDown"))
    assert ("Next item", next_keys) in rows
    assert ("Use a decision template", "1, 2, 3, 4") in rows
    moves = f"{native('Ctrl+Up')}, {native('Ctrl+Down')}"
    assert ("Move the question up or down", moves) in rows
    assert ("Edit the note of the selected mark", f"F2, {native('Return')}") in rows
    assert all(row.keys for section in dialog.pane_sections() for row in section.rows)


def test_the_filter_narrows_the_rows(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    dialog = _dialog(qtbot, window)
    everything = dialog.visible_rows()
    qtbot.keyClicks(dialog.filter_edit, "ctrl+h")
    assert dialog.visible_rows() == [("Highlight Selection", native("Ctrl+H"))]
    dialog.filter_edit.setText("session next")  # words may match the section's title
    next_keys = ", ".join(native(key) for key in ("Right", "Space", "PgDown"))
    assert dialog.visible_rows() == [("Next item", next_keys)]
    dialog.filter_edit.setText("SESSION")
    session_rows = dialog.visible_rows()
    assert ("Session Mode", "F9") in session_rows and ("Next item", next_keys) in session_rows
    assert ("Highlight Selection", native("Ctrl+H")) not in session_rows
    dialog.filter_edit.setText("no such command")
    assert dialog.visible_rows() == []
    assert dialog.empty_label.isVisible()
    assert dialog.empty_label.text() == 'No shortcut matches "no such command".'
    dialog.filter_edit.clear()
    assert dialog.visible_rows() == everything
    assert not dialog.empty_label.isVisible()


def test_escape_closes(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ShortcutsDialog([], parent)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.filter_edit.setFocus()
    qtbot.keyClicks(dialog.filter_edit, "pdf")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_plain_text_drops_mnemonics_and_ellipses() -> None:
    assert plain_text("&Export Notes...") == "Export Notes"
    assert plain_text("Draft &Minutes\u2026") == "Draft Minutes"
    assert plain_text("Save && &Close") == "Save & Close"


def test_sections_group_by_menu_and_skip_actions_without_keys(qtbot: QtBot) -> None:
    bar = QMenuBar()
    qtbot.addWidget(bar)
    file_menu = bar.addMenu("&File")
    quiet = file_menu.addAction("&Sources...")  # no shortcut: not listed
    sync = file_menu.addAction("&Sync Now")
    sync.setShortcut(QKeySequence("F5"))
    submenu = file_menu.addMenu("&Recent")
    recent = submenu.addAction("&Last Meeting")
    recent.setShortcut(QKeySequence("Ctrl+Shift+R"))
    file_menu.addSeparator()
    loose = QAction("Zoom &In", bar)
    loose.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
    assert menu_actions(bar) == [quiet, sync, recent]
    sections = action_sections([*menu_actions(bar), loose, sync], "Other commands")  # sync twice
    assert [(s.title, [r.command for r in s.rows]) for s in sections] == [
        ("File", ["Sync Now"]),
        ("Recent", ["Last Meeting"]),
        ("Other commands", ["Zoom In"]),
    ]
    assert sections[2].rows[0].keys == f"{native('Ctrl++')}, {native('Ctrl+=')}"
