"""The attachment pane on its own: stale documents, damaged PDFs."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from companion.core.package import file_ref_for
from companion.ui.attachment_pane import AGENDA_ROW_KEY, AttachmentPane
from companion.ui.meeting_loading import LoadedMeeting
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import attachment_meeting

TIMEOUT_MS = 20_000


def test_item_without_anything_to_show_closes_the_previous_document(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    meeting, files = attachment_meeting(tmp_path)
    meeting.agenda_pdf = None  # a package without the agenda PDF
    pane = AttachmentPane(runner)
    qtbot.addWidget(pane)
    pane.show()
    pane.set_meeting(LoadedMeeting(meeting, files))
    boernehus, rammepapir = meeting.items[2], meeting.items[3]
    with qtbot.waitSignal(pane.pdf_view.first_page_shown, timeout=TIMEOUT_MS):
        pane.show_item(boernehus)
    assert pane.pdf_view.document_path == files[boernehus.attachments[0].file.sha256]
    assert pane.list.count() == 2  # no agenda row
    pane.show_item(rammepapir)
    assert pane.pdf_view.document_path is None
    assert pane.shown_key is None


def test_damaged_agenda_pdf_is_reported_without_a_crash(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    meeting, files = attachment_meeting(tmp_path)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\nthis file was cut short")
    meeting.agenda_pdf = file_ref_for(damaged, "Dagsorden", "dagsorden.pdf")
    files[meeting.agenda_pdf.sha256] = damaged
    pane = AttachmentPane(runner)
    qtbot.addWidget(pane)
    pane.show()
    with qtbot.waitSignal(pane.pdf_view.failed, timeout=TIMEOUT_MS) as failure:
        pane.set_meeting(LoadedMeeting(meeting, files))
        pane.show_item(meeting.items[0])
    assert "damaged.pdf" in failure.args[0]
    assert pane.shown_key == AGENDA_ROW_KEY
    runner.wait(5000)  # the bookmark task fails quietly (logged), nothing raised
    with qtbot.waitSignal(pane.pdf_view.first_page_shown, timeout=TIMEOUT_MS):
        pane.show_item(meeting.items[2])  # its provided bilag still opens
