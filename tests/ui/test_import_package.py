"""Importing a meeting package from the window (File > Import), as its summary tells."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot

from companion.core.library import Library
from companion.core.package import write_package
from companion.ui.messages import ErrorDialog
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window

MEETING_2015 = "kkr-midtjylland-2015-04-20"


def test_a_new_version_is_imported_and_shown(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    with Library(sample_data_dir) as library:
        meeting = library.meeting(MEETING_2015)
        files = {ref.sha256: library.blob_path(ref.sha256) for ref in meeting.files()}
    revised = dataclasses.replace(meeting, version=2)
    package = write_package(revised, files, tmp_path / "revised.zip")

    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):
        window.import_package(package)

    assert window.meeting_chooser.current_meeting_id == MEETING_2015
    assert "Imported: 1 updated" in messages
    qtbot.waitUntil(lambda: window.import_summary is not None, timeout=LOAD_TIMEOUT_MS)
    summary = window.import_summary.summary_label.text()
    assert "<b>Updated:</b><br><b>revised.zip</b>: KKR Midtjylland, 20-04-2015 (version 2)" in (
        summary
    )
    assert "version 2" in window.meeting_label.full_text()
    with Library(sample_data_dir) as library:
        assert library.versions(MEETING_2015) == [1, 2]


def test_a_broken_package_is_reported_and_nothing_changes(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    shown = window.agenda_tree.current_item
    with Library(sample_data_dir) as library:
        before = library.meetings()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this zip was cut off in the download")

    window.import_package(broken)

    qtbot.waitUntil(lambda: window.import_summary is not None, timeout=LOAD_TIMEOUT_MS)
    summary = window.import_summary
    text = summary.summary_label.text()
    assert text.startswith("<p><b>Could not read:</b><br><b>broken.zip</b>: The meeting package ")
    assert "not a valid zip file" in text  # the cause, in the sentence
    assert "zip" in summary.details_view.toPlainText().lower()  # every problem, for support
    assert not [d for d in window.findChildren(ErrorDialog) if d.isVisible()]
    assert window.agenda_tree.current_item is shown
    with Library(sample_data_dir) as library:
        assert library.meetings() == before
    summary.close()
