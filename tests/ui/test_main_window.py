"""The real main window on a real library: reading, attachments, keys, restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from companion.core.library import Library
from companion.ui.app import create_window, run_app
from companion.ui.attachment_pane import AGENDA_ROW_KEY
from companion.ui.main_window import MainWindow
from companion.ui.tasks import TaskRunner
from companion.ui.window_style import tones
from tests.ui.conftest import LOAD_TIMEOUT_MS, MEETING_2016_ID, open_window

PDF_TIMEOUT_MS = 20_000
BOERNEHUS_ID = f"{MEETING_2016_ID}-boernehus"
RAMMEPAPIR_ID = f"{MEETING_2016_ID}-rammepapir"


def click_item(qtbot: QtBot, window: MainWindow, item_id: str) -> None:
    """Click the item's row in the agenda tree, as the member does."""
    tree = window.agenda_tree
    index = tree.agenda_model.index_of_item(item_id)
    tree.scrollTo(index)
    with qtbot.waitSignal(tree.item_selected):
        qtbot.mouseClick(
            tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
        )


def test_first_start_shows_the_first_item(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    assert window.meeting_chooser.current_meeting_id == MEETING_2016_ID
    assert "22-11-2016  KKR Midtjylland" in window.meeting_chooser.currentText()
    assert "4 items" in window.meeting_chooser.currentText()
    text = window.item_view.toPlainText()
    assert "1.1 Godkendelse af referat fra møde i KKR Midtjylland den 13. september 2016" in text
    assert "Scandic, Udgårdsvej 2, 8600 Silkeborg" in window.meeting_label.full_text()


def test_clicking_an_item_renders_title_and_indstilling(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    click_item(qtbot, window, BOERNEHUS_ID)
    text = window.item_view.toPlainText()
    assert "3.1 Børnehus Midtjylland – aktiviteter og drift 2016-17" in text
    assert "KKR Midtjylland tager Børnehusets redegørelse til efterretning" in text
    assert text.index("Indstilling") < text.index("Baggrund") < text.index("Sagsfremstilling")
    assert "not provided in the package" in text  # bilag 2 of the item


def test_provided_attachment_opens_in_the_viewer(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    pane = window.attachment_pane
    with qtbot.waitSignal(pane.pdf_view.first_page_shown, timeout=PDF_TIMEOUT_MS):
        click_item(qtbot, window, BOERNEHUS_ID)
    assert pane.shown_key == f"{BOERNEHUS_ID}-bilag-1"
    assert pane.pdf_view.document_path is not None
    assert pane.pdf_view.document_path.parent.parent.name == "blobs"
    rows = [pane.list.item(row) for row in range(pane.list.count())]
    assert [row.data(Qt.ItemDataRole.UserRole) for row in rows] == [
        AGENDA_ROW_KEY,
        f"{BOERNEHUS_ID}-bilag-1",
        f"{BOERNEHUS_ID}-bilag-2",
    ]
    missing = rows[2]
    assert "not provided in the package" in missing.text()
    assert not missing.flags() & Qt.ItemFlag.ItemIsEnabled


def test_item_without_attachment_shows_the_agenda_at_its_page(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    view = window.attachment_pane.pdf_view
    qtbot.waitSignal(view.first_page_shown, timeout=PDF_TIMEOUT_MS, raising=False)
    qtbot.waitUntil(lambda: view.page_count == 4, timeout=PDF_TIMEOUT_MS)
    agenda_path = view.document_path
    click_item(qtbot, window, RAMMEPAPIR_ID)  # 3.2: the fourth item, page 4 of the agenda
    assert window.attachment_pane.shown_key == AGENDA_ROW_KEY
    qtbot.waitUntil(lambda: view.current_page == 3, timeout=PDF_TIMEOUT_MS)
    assert view.document_path == agenda_path  # paged, not reopened
    window.agenda_tree.step(-2)  # 2.1: back to page 2 of the same document
    qtbot.waitUntil(lambda: view.current_page == 1, timeout=PDF_TIMEOUT_MS)
    assert view.document_path == agenda_path


def test_keyboard_moves_through_items_from_tree_and_item_view(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    window.activateWindow()
    window.agenda_tree.setFocus()
    qtbot.keyClick(window.agenda_tree, Qt.Key.Key_Down)
    assert window.agenda_tree.current_item.number == "2.1"
    assert "2.1 Orientering" in window.item_view.toPlainText()
    qtbot.waitUntil(window.isActiveWindow)
    window.item_view.setFocus()
    qtbot.keyClick(window.item_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.agenda_tree.current_item.number == "3.1"
    assert "3.1 Børnehus Midtjylland" in window.item_view.toPlainText()
    qtbot.keyClick(window.item_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.agenda_tree.current_item.number == "2.1"
    assert window.next_item_action.shortcut().toString() == "Alt+Down"
    assert window.previous_item_action.shortcut().toString() == "Alt+Up"
    go_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Go")
    assert window.next_item_action in go_menu.actions()


def test_find_bar_highlights_steps_and_reports_no_match(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    click_item(qtbot, window, BOERNEHUS_ID)
    bar = window.find_bar
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.item_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.field.hasFocus()
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    qtbot.keyClicks(bar.field, "Børnehus")
    assert bar.match_count >= 4
    assert bar.status.text() == f"{bar.match_count} matches"
    assert len(window.item_view.extraSelections()) == bar.match_count
    first = window.item_view.textCursor().selectionStart()
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    second = window.item_view.textCursor().selectionStart()
    assert second > first
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.item_view.textCursor().selectionStart() == first
    bar.field.setText("Sociolancen")
    assert bar.match_count == 0 and bar.status.text() == "No matches"
    problem = tones(bar.palette())["problem_tint"].name()
    assert problem in bar.field.styleSheet(), "the field turns to the palette's problem tint"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.item_view.extraSelections() == []


def test_ctrl_l_focuses_the_meeting_list(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    assert window.meeting_list_action.shortcut().toString() == "Ctrl+L"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.item_view.setFocus()
    assert not window.meeting_chooser.hasFocus()
    qtbot.keyClick(window.item_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.meeting_chooser.hasFocus()
    assert QApplication.focusWidget() is window.meeting_chooser


def test_reopening_restores_meeting_item_and_splitter(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    first = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    click_item(qtbot, first, RAMMEPAPIR_ID)
    first.resize(780, 560)  # fits the offscreen screen (800x600), so restoring keeps it
    first.splitter.setSizes([200, 330, 250])
    sizes = first.splitter.sizes()
    first.close()
    second = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    assert second.meeting_chooser.current_meeting_id == MEETING_2016_ID
    assert second.agenda_tree.current_item.id == RAMMEPAPIR_ID
    assert "3.2 Forslag til rammepapir" in second.item_view.toPlainText()
    assert second.size() == first.size()
    assert second.splitter.sizes() == sizes
    assert second.splitter.objectName() == "mainSplitter"
    assert (config_dir / "window-state.ini").exists()


def test_first_start_imports_the_samples_and_opens_the_newest(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> None:
    window = create_window(runner, data_dir, config_dir, seed=True)
    qtbot.addWidget(window)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.show()
    window.start()
    assert window.busy_bar.isVisibleTo(window)
    qtbot.waitUntil(lambda: window.busy_bar.isHidden(), timeout=60_000)
    assert "Importing sample meetings..." in messages
    with Library(data_dir) as library:
        newest = library.meetings()[0]
    assert window.meeting_chooser.count() == 4
    assert window.meeting_chooser.current_meeting_id == newest.id
    assert window.agenda_tree.current_item is not None
    assert window.agenda_tree.current_item.id == window.agenda_tree.agenda_model.items[0].id


def test_sample_meeting_item_and_its_agenda_page(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir, seed=False)
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):
        assert window.meeting_chooser.choose(MEETING_2016_ID)
    items = {item.number: item for item in window.agenda_tree.agenda_model.items}
    view = window.attachment_pane.pdf_view
    with qtbot.waitSignal(view.first_page_shown, timeout=PDF_TIMEOUT_MS):
        click_item(qtbot, window, items["3.2"].id)
    text = window.item_view.toPlainText()
    assert "3.2 Forslag til rammepapir på voksenhandicapområdet" in text
    assert (
        "Det indstilles, at KKR Midtjylland godkender forslaget til rammepapir på "
        "voksenhandicapområdet." in text
    )
    assert window.attachment_pane.shown_key == AGENDA_ROW_KEY
    qtbot.waitUntil(lambda: view.current_page > 0, timeout=PDF_TIMEOUT_MS)  # 3.2 is not on p. 1


def test_a_failed_background_task_is_shown_to_the_member(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)

    def broken() -> None:
        raise OSError("disk full while exporting")

    runner.run(broken)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "errorDialog") is not None)
    dialog = window.findChild(QDialog, "errorDialog")
    assert "disk full while exporting" in dialog.summary_label.text()
    assert "OSError" in dialog.details
    dialog.close()


def test_damaged_library_shows_an_error_and_keeps_running(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> None:
    (data_dir / "content.db").write_bytes(b"this is not a database" * 100)
    window = create_window(runner, data_dir, config_dir, seed=True)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "errorDialog") is not None)
    dialog = window.findChild(QDialog, "errorDialog")
    assert "content.db" in dialog.summary_label.text()
    assert "could not be opened" in window.item_view.toPlainText()
    dialog.close()


def test_run_app_shows_the_window_and_returns_when_it_closes(
    qapp: QApplication, attachment_data_dir: Path, config_dir: Path
) -> None:
    seen: list[str] = []
    earlier = set(qapp.topLevelWidgets())  # windows other tests left: not run_app's
    for leftover in earlier:  # a visible one would keep the app from quitting when ours closes
        leftover.hide()
    # Fail, never hang the suite: also if the app goes on after its window closed.
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: qapp.exit(2))
    watchdog.start(60_000)

    def close_when_ready() -> None:
        windows = [
            w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w not in earlier
        ]
        # The app's window builds its panes after its first paint: no tree before that.
        ready = [
            w
            for w in windows
            if w.isVisible() and getattr(w, "agenda_tree", None) and w.agenda_tree.current_item
        ]
        if not ready:
            QTimer.singleShot(20, close_when_ready)
            return
        seen.append(ready[0].agenda_tree.current_item.number)
        ready[0].close()
        ready[0].deleteLater()

    QTimer.singleShot(0, close_when_ready)
    try:
        code = run_app(["companion"], data_dir=attachment_data_dir, config_dir=config_dir)
    finally:
        watchdog.stop()  # never to end a later test's event loop
    assert code == 0
    assert seen == ["1.1"]
    assert "lastMeeting=kkr-midtjylland-2016-11-22" in (config_dir / "window-state.ini").read_text()


def test_run_app_returns_when_its_window_is_closed_during_the_start(
    qapp: QApplication, attachment_data_dir: Path, config_dir: Path
) -> None:
    """Closed before its item is painted: the app ends, and no late answer reaches a pane."""
    earlier = set(qapp.topLevelWidgets())
    for leftover in earlier:
        leftover.hide()
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: qapp.exit(2))
    watchdog.start(30_000)
    closed: list[bool] = []

    def close_once_built() -> None:  # the panes made, the meeting still loading
        window = next(
            (w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w not in earlier),
            None,
        )
        if window is None or not window.isVisible() or not getattr(window, "_built", False):
            QTimer.singleShot(1, close_once_built)
            return
        closed.append(window.item_view.item is None)
        window.close()
        window.deleteLater()

    QTimer.singleShot(0, close_once_built)
    try:
        code = run_app(["companion"], data_dir=attachment_data_dir, config_dir=config_dir)
    finally:
        watchdog.stop()
    assert code == 0
    assert closed == [True]  # closed before any item was shown
