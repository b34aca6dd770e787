"""The export dialog on a real meeting with a member's work: preview, export, errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from companion.core.library import Library
from companion.core.personal import PersonalStore
from companion.ui.export_dialog import ExportDialog
from companion.ui.messages import ErrorDialog
from companion.ui.tasks import TaskRunner
from tests.core.test_export_notes import QUESTIONS, REMARK, TEXT_NOTE, Prepared, prepare
from tests.ui.conftest import LOAD_TIMEOUT_MS


@pytest.fixture
def dialog(qtbot: object, runner: TaskRunner, tmp_path: Path) -> tuple[ExportDialog, Prepared]:
    prepared = prepare(tmp_path)
    widget = ExportDialog(
        runner,
        lambda: Library(prepared.data_dir),
        lambda: PersonalStore(prepared.personal_path),
        prepared.meeting.id,
        open_when_done=False,
    )
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    with qtbot.waitSignal(widget.preview_shown, timeout=LOAD_TIMEOUT_MS):  # type: ignore[attr-defined]
        widget.show()
    return widget, prepared


def test_preview_and_default_name(dialog: tuple[ExportDialog, Prepared]) -> None:
    widget, _prepared = dialog
    pixmap = widget.preview_label.pixmap()
    assert not pixmap.isNull() and pixmap.width() == 300
    assert widget.destination().name == "Noter KKR Midtjylland 2016-11-22.pdf"
    widget.set_format("docx")
    assert widget.destination().suffix == ".docx"


def test_export_docx_has_the_members_words(
    qtbot: object, dialog: tuple[ExportDialog, Prepared], tmp_path: Path
) -> None:
    widget, _prepared = dialog
    widget.set_format("docx")
    target = tmp_path / "mine noter.docx"
    widget.set_destination(target)
    with qtbot.waitSignal(widget.exported, timeout=LOAD_TIMEOUT_MS) as blocker:  # type: ignore[attr-defined]
        widget.export_button.click()
    assert blocker.args == [target]
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(target)).paragraphs)
    assert QUESTIONS[0] in text and TEXT_NOTE in text
    cells = [c.text for t in docx.Document(str(target)).tables for r in t.rows for c in r.cells]
    assert REMARK in cells
    assert not widget.progress_bar.isVisible() and widget.export_button.isEnabled()
    assert widget.grab().save(str(tmp_path / "export-dialog.png"))


def test_unwritable_destination_shows_an_error(
    qtbot: object, dialog: tuple[ExportDialog, Prepared], tmp_path: Path
) -> None:
    widget, _prepared = dialog
    target = tmp_path / "missing folder" / "noter.pdf"
    widget.set_destination(target)
    widget.export_button.click()
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: widget.findChild(ErrorDialog) is not None, timeout=LOAD_TIMEOUT_MS
    )
    error = widget.findChild(ErrorDialog)
    assert "missing folder" in error.summary_label.text()
    assert widget.export_button.isEnabled() and not target.exists()


def test_export_with_annotated_attachments_writes_one_zip(
    qtbot: object, dialog: tuple[ExportDialog, Prepared], tmp_path: Path
) -> None:
    widget, _prepared = dialog
    widget.attachments_check.setChecked(True)
    assert widget.destination().suffix == ".zip"
    target = tmp_path / "eksport.zip"
    widget.set_destination(target)
    with qtbot.waitSignal(widget.exported, timeout=LOAD_TIMEOUT_MS):  # type: ignore[attr-defined]
        widget.export_button.click()
    with zipfile.ZipFile(target) as bundle:
        names = bundle.namelist()
    assert sum(name.endswith(".pdf") for name in names) == 3, names  # notes, agenda, bilag
