"""The window on a read-only library: a notice, not an error; failures name their cause."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot

from companion.core.library import Library
from companion.core.package import write_package
from companion.ui.library_notice import library_failure
from companion.ui.messages import ErrorDialog
from companion.ui.tasks import TaskRunner
from tests.core.test_library_robustness import read_only_file
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window

MEETING_2015 = "kkr-midtjylland-2015-04-20"


def _visible_dialogs(window: object) -> list[ErrorDialog]:
    return [d for d in window.findChildren(ErrorDialog) if d.isVisible()]  # type: ignore[attr-defined]


def test_a_read_only_library_shows_a_notice_and_refuses_an_import_with_its_reason(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    with Library(sample_data_dir) as library:
        meeting = library.meeting(MEETING_2015)
        files = {ref.sha256: library.blob_path(ref.sha256) for ref in meeting.files()}
    package = write_package(dataclasses.replace(meeting, version=2), files, tmp_path / "v2.zip")

    # content.db write-protected (a read-only bind mount: root ignores chmod)
    with read_only_file(sample_data_dir / "content.db"):
        window = open_window(qtbot, runner, sample_data_dir, config_dir)
        notice = window.read_only_notice
        qtbot.waitUntil(notice.isVisible, timeout=LOAD_TIMEOUT_MS)
        assert notice.text() == "Read-only library: changes are off"
        assert notice.toolTip().startswith("Changes are off: the library database")
        assert _visible_dialogs(window) == []
        assert window.meeting_chooser.current_meeting_id is not None

        window.import_package(package)
        qtbot.waitUntil(lambda: bool(_visible_dialogs(window)), timeout=LOAD_TIMEOUT_MS)
        [dialog] = _visible_dialogs(window)
        summary = dialog.summary_label.text()
        assert summary.startswith("v2.zip could not be imported.")
        assert "Changes are off" in summary and "read-only" in summary
        assert "LibraryError(" not in summary + dialog.details
        dialog.close()
        runner.wait(10_000)


def test_a_library_that_cannot_be_opened_is_named_by_its_cause(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "content.db").write_bytes(b"not a database " * 100)
    try:
        Library(data)
    except Exception as error:  # noqa: BLE001 - the window gets whatever the worker raised
        summary, details = library_failure(error)
    assert summary.startswith("The library could not be opened: The library database")
    assert "damaged" in summary and "move it away" in summary
    assert "LibraryError(" not in summary and details == ""
