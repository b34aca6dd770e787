"""Session mode, the presenter and the exports from the main window's menus and keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.ui.agenda_model import SessionItemRole
from companion.ui.chair.session_view import SessionView
from companion.ui.export_dialog import ExportDialog
from companion.ui.main_window import MainWindow
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import open_window

TIMEOUT_MS = 10_000


def session_item(window: MainWindow) -> str | None:
    return window.agenda_tree.agenda_model.session_item_id


def test_f9_enters_session_mode_and_the_tree_follows_the_session(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    assert window.stack.currentWidget() is window.splitter
    meeting = window.agenda_tree.agenda_model.meeting
    assert meeting is not None
    qtbot.keyClick(window.agenda_tree, Qt.Key.Key_F9)
    view = window.session_view
    assert isinstance(view, SessionView)
    assert window.stack.currentWidget() is view
    qtbot.waitUntil(lambda: view.meeting is not None and view.meeting.id == meeting.id)
    qtbot.waitUntil(lambda: view.controller.state is not None, timeout=TIMEOUT_MS)

    qtbot.keyClick(view, Qt.Key.Key_Right)  # starts the session on the first item
    qtbot.keyClick(view, Qt.Key.Key_Right)
    second = meeting.items[1].id
    qtbot.waitUntil(lambda: session_item(window) == second, timeout=TIMEOUT_MS)
    model = window.agenda_tree.agenda_model
    assert model.data(model.index_of_item(second), SessionItemRole) is True
    assert window.agenda_tree.current_item is not None
    assert window.agenda_tree.current_item.id == second, "members follow: the tree shows it"

    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.splitter)
    assert session_item(window) == second, "the session keeps running behind the panes"
    window.session_action.trigger()
    assert window.stack.currentWidget() is view
    assert view.controller.state is not None
    assert view.controller.state.current_item_id == second


def test_presenter_and_export_are_in_the_menus(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    meeting_menu = [action.text() for action in menus["&Meeting"].actions()]
    assert meeting_menu == ["&Session Mode", "&Presenter Screen", "Draft &Minutes..."]
    assert window.session_action.shortcut().toString() == "F9"
    assert window.presenter_action.shortcut().toString() == "Ctrl+Shift+P"

    window.presenter_action.trigger()
    view = window.session_view
    assert view is not None
    qtbot.waitUntil(lambda: view.presenter is not None and view.presenter.isVisible())
    window.close()
    assert not view.presenter.isVisible(), "the presenter closes with the window"

    again = open_window(qtbot, runner, sample_data_dir, config_dir)
    assert again.export_action.isEnabled()
    qtbot.keyClick(again.agenda_tree, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = again.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_session_mode_comes_back_after_a_restart(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    meeting = window.agenda_tree.agenda_model.meeting
    assert meeting is not None
    view = window.enter_session_mode()
    qtbot.waitUntil(lambda: view.controller.state is not None, timeout=TIMEOUT_MS)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    second = meeting.items[1].id
    qtbot.waitUntil(lambda: session_item(window) == second, timeout=TIMEOUT_MS)
    window.close()

    again = open_window(qtbot, runner, sample_data_dir, config_dir)
    qtbot.waitUntil(lambda: again.session_view is not None, timeout=TIMEOUT_MS)
    view = again.session_view
    assert view is not None and again.stack.currentWidget() is view
    qtbot.waitUntil(
        lambda: view.controller.state is not None and view.shown_item() is not None,
        timeout=TIMEOUT_MS,
    )
    assert view.shown_item().id == second, "the session resumes on the item it was on"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert again.stack.currentWidget() is again.splitter
    again.close()

    third = open_window(qtbot, runner, sample_data_dir, config_dir)
    assert third.stack.currentWidget() is third.splitter, "left session mode: the panes"
    assert third.session_view is None
