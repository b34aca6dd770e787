"""Tab goes through the reading window as a member reads it, and Shift+Tab back.

Meeting list -> agenda -> item text -> position -> questions/notes -> attachments
-> PDF, pressed key by key in the real window on the 2016 meeting's item 3.1 (its
bilag's PDF open), reading `QApplication.focusWidget()` after each press.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.accessibility import describe, spoken_name
from companion.ui.main_window import MainWindow
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window

READING_ORDER = [
    "meeting list",
    "agenda",
    "item text",
    "position",
    "questions and notes",
    "attachments",
    "PDF",
]


def stop_of(window: MainWindow, widget: QWidget) -> str:
    """The part of the reading order ``widget`` belongs to ("" for none of them)."""
    panel = window.position_panel
    parts: list[tuple[str, QWidget]] = [
        ("meeting list", window.meeting_chooser),
        ("agenda", window.agenda_tree),
        ("item text", window.item_view),
        ("questions and notes", panel.tabs),
        ("position", panel),
        ("attachments", window.attachment_pane.list),
        ("PDF", window.attachment_pane.pdf_view),
    ]
    for part, container in parts:
        if widget is container or container.isAncestorOf(widget):
            return part
    return ""


def walk(qtbot: QtBot, window: MainWindow, key: Qt.Key, presses: int) -> list[str]:
    """Press ``key`` ``presses`` times; the parts the focus was in, each once, in order."""
    parts: list[str] = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None, "the focus was lost"
        part = stop_of(window, focused)
        print(f"  {part or '-':20} {spoken_name(focused)!r:40} {describe(focused)}")
        if part and (not parts or parts[-1] != part):
            parts.append(part)
        qtbot.keyClick(focused, key)
    return parts


def reading_window(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> MainWindow:
    window = open_window(qtbot, runner, data_dir, config_dir)
    meeting = window.agenda_tree.agenda_model.meeting
    assert meeting is not None
    window.agenda_tree.select_item(meeting.items[2].id)  # 3.1, with its bilag's PDF
    pdf = window.attachment_pane.pdf_view
    qtbot.waitUntil(lambda: pdf.page_count > 0, timeout=LOAD_TIMEOUT_MS)
    panel = window.position_panel  # enabled once the member's position is read
    qtbot.waitUntil(lambda: panel.ready and panel.item_id is not None, timeout=LOAD_TIMEOUT_MS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_tab_goes_from_the_meeting_list_to_the_pdf_and_shift_tab_back(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = reading_window(qtbot, runner, attachment_data_dir, config_dir)
    window.meeting_chooser.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.meeting_chooser)
    print("\nTab:")
    forward = walk(qtbot, window, Qt.Key.Key_Tab, 12)
    assert forward == READING_ORDER, forward

    page_entry = window.attachment_pane.pdf_view._page_entry
    page_entry.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page_entry)
    print("Shift+Tab:")
    backward = walk(qtbot, window, Qt.Key.Key_Backtab, 11)
    assert backward == list(reversed(READING_ORDER)), backward


def test_the_scroll_area_around_the_position_panel_is_no_tab_stop(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    """From the item text, one Tab lands on a position button, not on its scroll area."""
    window = reading_window(qtbot, runner, attachment_data_dir, config_dir)
    window.item_view.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.item_view)
    qtbot.keyClick(window.item_view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in window.position_panel.stance_buttons.values()
