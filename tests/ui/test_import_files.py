"""Dropping files on the window, and File > Import: a real window (offscreen), a real library.

The dropped agenda PDF is made here: the app's own agenda PDF of the real 2015
agenda text's import (a test-made PDF; KL's are not in the repository). The
random file is a stand-in for something that is nothing the app reads.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from companion.core.agenda_pdf import render_agenda_pdf
from companion.core.importers.agenda_text import import_agenda_file
from companion.core.library import Library
from companion.core.resources import resources_dir
from companion.ui.main_window import MainWindow
from companion.ui.note_editor import NoteEditor
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window

SAMPLES = resources_dir() / "samples"
FIRST = SAMPLES / "kkr-midtjylland-2020-02-05.zip"
SAMPLE_2016 = SAMPLES / "kkr-midtjylland-2016-11-22.zip"
TEXT_2015 = resources_dir() / "agendas" / "kkr-midtjylland-2015-04-20.txt"
COPY, LEFT, NO_KEYS = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)


def made_agenda_pdf(folder: Path) -> Path:
    """A test-made agenda PDF: the app's rendering of the real 2015 agenda text's import."""
    path = folder / "Dagsorden KKR 20-04-2015.pdf"
    path.write_bytes(render_agenda_pdf(import_agenda_file(TEXT_2015).meeting))
    return path


def random_file(folder: Path) -> Path:
    """A stand-in for a file the app cannot read: random bytes."""
    path = folder / "random.bin"
    path.write_bytes(os.urandom(3000))
    return path


def library_with_one_meeting(data_dir: Path) -> Path:
    with Library(data_dir) as library:
        library.import_path(FIRST)
    return data_dir


def library_state(data_dir: Path) -> tuple[set[str], set[str]]:
    with Library(data_dir) as library:
        meetings = {meeting.id for meeting in library.meetings()}
        blobs = {p.name for p in library.blobs_dir.rglob("*") if p.is_file()}
    return meetings, blobs


def meeting_blobs(data_dir: Path, meeting_id: str) -> set[str]:
    with Library(data_dir) as library:
        return {ref.sha256 for ref in library.meeting(meeting_id).files()}


def file_drag(paths: list[Path]) -> QMimeData:
    """What a file manager puts on a drag of ``paths``: their file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drag_enter(target: QWidget, mime: QMimeData) -> QDragEnterEvent:
    point = target.rect().center()
    event = QDragEnterEvent(point, COPY, mime, LEFT, NO_KEYS)
    QApplication.sendEvent(target, event)
    return event


def drop(target: QWidget, mime: QMimeData) -> QDropEvent:
    """Drag ``mime`` onto ``target`` and drop it there (Qt delivers a drop after an enter)."""
    drag_enter(target, mime)
    point = QPointF(target.rect().center())
    event = QDropEvent(point, COPY, mime, LEFT, NO_KEYS)
    QApplication.sendEvent(target, event)
    return event


def meeting_ids_listed(window: MainWindow) -> list[str]:
    model = window.meeting_chooser.list_model
    return [model.meeting_id(row) for row in range(model.rowCount())]


def test_dropping_a_package_a_pdf_and_a_random_file_imports_what_reads(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, runner, library_with_one_meeting(data_dir), config_dir)
    before_meetings, before_blobs = library_state(data_dir)
    pdf = made_agenda_pdf(tmp_path)
    noise = random_file(tmp_path)
    mime = file_drag([SAMPLE_2016, pdf, noise])
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    entered = drag_enter(window, mime)
    assert entered.isAccepted()
    assert window.drop_hint.isVisible()
    assert window.drop_hint.geometry() == window.centralWidget().geometry()

    ticks_while_importing: list[bool] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks_while_importing.append(runner.busy))
    timer.start()
    dropped = drop(window, mime)
    assert dropped.isAccepted()
    assert not window.drop_hint.isVisible()
    qtbot.waitUntil(
        lambda: window.import_summary is not None and window.import_summary.isVisible(),
        timeout=LOAD_TIMEOUT_MS,
    )
    timer.stop()
    assert any(ticks_while_importing), "no timer tick was handled while the import ran"

    text = window.import_summary.summary_label.text()
    added, failed = text.split("Could not read:")
    assert "Added:" in added
    assert "kkr-midtjylland-2016-11-22.zip</b>: KKR Midtjylland, 22-11-2016" in added
    assert "Dagsorden KKR 20-04-2015.pdf</b>: KKR Midtjylland, 20-04-2015" in added
    assert "<b>random.bin</b>: random.bin is not a meeting package, an agenda text or a PDF" in (
        failed
    )
    assert "random.bin" not in added
    assert window.import_summary.isModal() is False  # the window stays usable

    new = {"kkr-midtjylland-2016-11-22", "kkr-midtjylland-2015-04-20"}
    qtbot.waitUntil(lambda: set(meeting_ids_listed(window)) == before_meetings | new)
    qtbot.waitUntil(
        lambda: (
            window._loaded is not None and window._loaded.meeting.id == "kkr-midtjylland-2016-11-22"
        ),  # the first added
        timeout=LOAD_TIMEOUT_MS,
    )
    after_meetings, after_blobs = library_state(data_dir)
    assert after_meetings == before_meetings | new
    brought = meeting_blobs(data_dir, "kkr-midtjylland-2016-11-22") | meeting_blobs(
        data_dir, "kkr-midtjylland-2015-04-20"
    )
    assert after_blobs == before_blobs | brought  # nothing of the random file got in
    assert "Imported: 2 added, 1 could not be read" in messages
    assert any(m.startswith("Importing ") and m.endswith(" (2 of 3)...") for m in messages)


def test_a_drop_of_only_what_cannot_be_read_changes_nothing(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, runner, library_with_one_meeting(data_dir), config_dir)
    before = library_state(data_dir)
    shown = window._loaded
    cut = tmp_path / "cut.zip"
    cut.write_bytes(SAMPLE_2016.read_bytes()[:5000])  # a download cut off

    noise = random_file(tmp_path)
    mime = file_drag([noise, cut])
    assert drop(window, mime).isAccepted()
    qtbot.waitUntil(lambda: window.import_summary is not None, timeout=LOAD_TIMEOUT_MS)

    text = window.import_summary.summary_label.text()
    assert text.startswith("<p><b>Could not read:</b>")
    assert "<b>cut.zip</b>: The meeting package " in text and "not a valid zip file" in text
    assert library_state(data_dir) == before
    assert window._loaded is shown


def test_only_local_files_are_taken(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, library_with_one_meeting(data_dir), config_dir)
    web = QMimeData()
    web.setUrls([QUrl("https://www.kl.dk/media/dagsorden.pdf")])
    text = QMimeData()
    text.setText("3.2 Første udkast")
    for mime in (web, text):
        assert not drag_enter(window, mime).isAccepted()
        assert not window.drop_hint.isVisible()


def test_a_drop_on_a_note_field_imports_instead_of_pasting_a_path(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, library_with_one_meeting(data_dir), config_dir)
    remark = next(
        field
        for field in window.position_panel.findChildren(QLineEdit)
        if field.placeholderText() == "Remark on your position"
    )
    note = next(
        editor
        for editor in window.position_panel.findChildren(NoteEditor)
        if editor.placeholderText() == "Your note on this item"
    )
    qtbot.waitUntil(lambda: remark.isEnabled() and note.isEnabled())  # the notes are loaded
    # Over a text editor a drag meets its viewport; both take dropped text by themselves.
    # The same package twice: the first drop adds it, the second finds it there.
    for target, said in ((remark, "Added:"), (note.viewport(), "Already in the library:")):
        assert drag_enter(target, file_drag([SAMPLE_2016])).isAccepted()
        assert window.drop_hint.isVisible()
        drop(target, file_drag([SAMPLE_2016]))
        assert not window.drop_hint.isVisible()
        qtbot.waitUntil(lambda said=said: _summary_says(window, said), timeout=LOAD_TIMEOUT_MS)
    assert remark.text() == "" and note.toPlainText() == ""  # no file path typed into them


def test_files_dropped_during_an_import_are_imported_after_it(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, runner, library_with_one_meeting(data_dir), config_dir)
    summaries: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and summaries.append(text))
    pdf = made_agenda_pdf(tmp_path)
    # Three drops in a row, the second and third while the first runs: one import at a
    # time (two at once would race for the library and end in either order).
    for paths in ([SAMPLE_2016], [pdf], [SAMPLE_2016]):
        drop(window, file_drag(paths))
    assert window.busy_bar.isVisible()
    qtbot.waitUntil(lambda: _summary_says(window, "Already in the library:"), timeout=60_000)
    assert not window.busy_bar.isVisible()  # the busy line stayed up until the last one
    meetings, _ = library_state(data_dir)
    assert {"kkr-midtjylland-2016-11-22", "kkr-midtjylland-2020-02-05"} <= meetings
    assert len(meetings) == 3  # and the agenda PDF's meeting
    outcomes = [text for text in summaries if text.startswith("Imported:")]
    assert outcomes == ["Imported: 1 added", "Imported: 1 added", "Imported: 1 unchanged"]


def _summary_says(window: MainWindow, words: str) -> bool:
    return window.import_summary is not None and words in window.import_summary.summary_label.text()


def test_file_import_is_ctrl_o(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, library_with_one_meeting(data_dir), config_dir)
    assert window.import_action.shortcut().toString() == "Ctrl+O"
    assert window.import_action.text() == "&Import..."
