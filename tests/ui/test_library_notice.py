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
        qtbot.waitUntil(lambda: window.import_summary is not None, timeout=LOAD_TIMEOUT_MS)
        summary = window.import_summary.summary_label.text()
        assert "<b>v2.zip</b>" in summary
        assert "Changes are off" in summary and "read-only" in summary
        assert "LibraryError(" not in summary + window.import_summary.details_view.toPlainText()
        assert _visible_dialogs(window) == []  # a summary, not an "unexpected error"
        window.import_summary.close()
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


def test_package_problems_read_in_danish_in_the_window(qapp: object, tmp_path: Path) -> None:
    """The real Danish .ts: a schema problem and a read-only sentence, fully translated."""
    import json

    from PySide6.QtCore import QCoreApplication

    from companion.core.package import MEETING_FILE, read_package
    from companion.core.package import PackageError as Error
    from companion.ui.i18n import TsTranslator, read_ts, translation_file
    from companion.ui.library_notice import import_failure
    from tests.core.test_package import ITEM, meeting_with_files

    (tmp_path / "src").mkdir()
    meeting, files = meeting_with_files(tmp_path / "src")
    package = write_package(meeting, files, tmp_path / "pakke")
    document = json.loads((package / MEETING_FILE).read_text(encoding="utf-8"))
    target = document
    for part in ITEM:
        target = target[part]
    target["name"] = 5
    del document["meeting"]["version"]
    (package / MEETING_FILE).write_text(json.dumps(document), encoding="utf-8")
    try:
        read_package(package)
    except Error as error:
        raised = error
    translator = TsTranslator(read_ts(translation_file("da")), "da")
    QCoreApplication.installTranslator(translator)
    try:
        summary, details = import_failure("pakke", raised)
    finally:
        QCoreApplication.removeTranslator(translator)
    assert summary.startswith("pakke kunne ikke importeres. Intet i biblioteket blev ændret.")
    assert "den har 2 fejl" in summary
    assert "Mødets version mangler." in details
    assert "Punkt 3.2: feltet »titel« skal være tekst, ikke 5." in details
