"""Read marks per attachment in the attachment pane: real library, real personal.db, real PDFs.

The rule under test: an attachment counts as read after it has been shown for the
pane's read delay, or at once when its last page is reached; unread ones are bold,
one whose file was replaced after it was read says "updated".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.core.library import Library
from companion.core.model import Meeting
from companion.core.package import write_package
from companion.core.personal import PersonalStore
from companion.ui.attachment_pane import AttachmentPane
from companion.ui.attachment_reading import READ, UNREAD, UPDATED, replaced_since_read
from companion.ui.meeting_loading import load_meeting
from companion.ui.tasks import TaskRunner
from tests.ui.test_pdf_marks import meeting_with_bilag

WAIT_MS = 10_000


@pytest.fixture
def personal_runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner(max_workers=1)
    yield task_runner
    task_runner.wait(WAIT_MS)


def library_with_versions(tmp_path: Path, replace_bilag: bool) -> tuple[Path, Meeting, Meeting]:
    """A library holding the 2016 test meeting as version 1 and a version 2.

    Version 2 replaces the provided bilag of 3.1 by another file when ``replace_bilag``
    (other paragraphs of the same real agenda), else only amends an item title.
    """
    data_dir = tmp_path / "data"
    first, first_files = meeting_with_bilag(tmp_path / "v1")
    if replace_bilag:
        second, second_files = meeting_with_bilag(tmp_path / "v2", 18)
    else:
        second, second_files = Meeting.from_dict(first.to_dict()), first_files
    second.version = first.version + 1
    second.items[1].title += " (revideret)"
    with Library(data_dir) as library:
        library.import_path(write_package(first, first_files, tmp_path / "v1.zip"))
        library.import_path(write_package(second, second_files, tmp_path / "v2.zip"))
    return data_dir, first, second


def pane_for(
    qtbot: QtBot, runner: TaskRunner, personal_runner: TaskRunner, data_dir: Path
) -> AttachmentPane:
    pane = AttachmentPane(runner)
    qtbot.addWidget(pane)
    pane.set_personal_store(
        lambda: PersonalStore(data_dir / "personal.db"),
        personal_runner,
        open_library=lambda: Library(data_dir),
    )
    pane.resize(560, 800)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def show_bilag(qtbot: QtBot, pane: AttachmentPane, data_dir: Path, meeting_id: str) -> str:
    """Show item 3.1 (its provided bilag opens); the bilag's attachment id."""
    loaded = load_meeting(lambda: Library(data_dir), meeting_id)
    pane.set_meeting(loaded)
    item = loaded.meeting.items[2]
    with qtbot.waitSignal(pane.pdf_view.first_page_shown, timeout=WAIT_MS):
        pane.show_item(item)
    return item.attachments[0].id


def bilag_row(pane: AttachmentPane, attachment_id: str) -> tuple[str, bool]:
    """The bilag row's text and whether it is bold."""
    for row in range(pane.list.count()):
        entry = pane.list.item(row)
        if entry.data(Qt.ItemDataRole.UserRole) == attachment_id:
            return entry.text(), entry.font().bold()
    raise AssertionError(f"no row for {attachment_id}")


def read_marks(data_dir: Path, meeting_id: str) -> dict[tuple[str, str], int]:
    with closing(PersonalStore(data_dir / "personal.db")) as store:
        return store.read_attachments(meeting_id)


def test_an_attachment_shown_for_the_read_delay_is_marked_read_and_no_longer_bold(
    qtbot: QtBot, runner: TaskRunner, personal_runner: TaskRunner, tmp_path: Path
) -> None:
    data_dir, _first, second = library_with_versions(tmp_path, replace_bilag=False)
    pane = pane_for(qtbot, runner, personal_runner, data_dir)
    pane.set_read_delay(300)
    bilag_id = show_bilag(qtbot, pane, data_dir, second.id)
    qtbot.waitUntil(lambda: pane.attachment_state(bilag_id) is not None, timeout=WAIT_MS)
    assert pane.attachment_state(bilag_id) == UNREAD
    title = second.items[2].attachments[0].title
    assert bilag_row(pane, bilag_id) == (title, True)
    assert read_marks(data_dir, second.id) == {}

    with qtbot.waitSignal(pane.attachment_read, timeout=WAIT_MS) as read:
        pass

    item_id = second.items[2].id
    assert read.args == [item_id, bilag_id]
    assert read_marks(data_dir, second.id) == {(item_id, bilag_id): second.version}
    assert pane.attachment_state(bilag_id) == READ
    assert bilag_row(pane, bilag_id) == (title, False)


def test_reaching_the_last_page_marks_it_read_at_once(
    qtbot: QtBot, runner: TaskRunner, personal_runner: TaskRunner, tmp_path: Path
) -> None:
    data_dir, _first, second = library_with_versions(tmp_path, replace_bilag=False)
    pane = pane_for(qtbot, runner, personal_runner, data_dir)
    pane.set_read_delay(60_000)
    bilag_id = show_bilag(qtbot, pane, data_dir, second.id)
    qtbot.waitUntil(lambda: pane.pdf_view.page_count == 3, timeout=WAIT_MS)
    pane.pdf_view.go_to_page(1)
    personal_runner.wait(WAIT_MS)
    assert read_marks(data_dir, second.id) == {}, "page 2 of 3 is not the end"

    with qtbot.waitSignal(pane.attachment_read, timeout=WAIT_MS):
        pane.pdf_view.go_to_page(2)

    assert read_marks(data_dir, second.id) == {(second.items[2].id, bilag_id): 2}


def test_switching_away_before_the_delay_leaves_it_unread(
    qtbot: QtBot, runner: TaskRunner, personal_runner: TaskRunner, tmp_path: Path
) -> None:
    data_dir, _first, second = library_with_versions(tmp_path, replace_bilag=False)
    pane = pane_for(qtbot, runner, personal_runner, data_dir)
    pane.set_read_delay(400)
    show_bilag(qtbot, pane, data_dir, second.id)

    pane.show_item(second.items[1])  # no bilag: the agenda PDF
    qtbot.wait(700)
    personal_runner.wait(WAIT_MS)

    assert read_marks(data_dir, second.id) == {}


def test_a_bilag_replaced_after_it_was_read_shows_updated_until_read_again(
    qtbot: QtBot, runner: TaskRunner, personal_runner: TaskRunner, tmp_path: Path
) -> None:
    data_dir, first, second = library_with_versions(tmp_path, replace_bilag=True)
    item, bilag = first.items[2], first.items[2].attachments[0]
    with PersonalStore(data_dir / "personal.db") as store:
        store.mark_read(first.id, item.id, 1, attachment_id=bilag.id)
    pane = pane_for(qtbot, runner, personal_runner, data_dir)
    pane.set_read_delay(60_000)
    show_bilag(qtbot, pane, data_dir, second.id)

    qtbot.waitUntil(lambda: pane.attachment_state(bilag.id) == UPDATED, timeout=WAIT_MS)
    assert bilag_row(pane, bilag.id) == (f"{bilag.title} \u2014 updated", True)
    tooltip = pane.list.item(1).toolTip()
    assert "replaced in version 2" in tooltip

    with qtbot.waitSignal(pane.attachment_read, timeout=WAIT_MS):
        pane.pdf_view.go_to_page(2)
    assert pane.attachment_state(bilag.id) == READ
    assert bilag_row(pane, bilag.id) == (bilag.title, False)
    assert read_marks(data_dir, first.id) == {(item.id, bilag.id): 2}


def test_an_unchanged_bilag_read_in_an_older_version_stays_read(
    qtbot: QtBot, runner: TaskRunner, personal_runner: TaskRunner, tmp_path: Path
) -> None:
    data_dir, first, second = library_with_versions(tmp_path, replace_bilag=False)
    item, bilag = first.items[2], first.items[2].attachments[0]
    with PersonalStore(data_dir / "personal.db") as store:
        store.mark_read(first.id, item.id, 1, attachment_id=bilag.id)
    pane = pane_for(qtbot, runner, personal_runner, data_dir)
    pane.set_read_delay(60_000)

    show_bilag(qtbot, pane, data_dir, second.id)

    qtbot.waitUntil(lambda: pane.attachment_state(bilag.id) is not None, timeout=WAIT_MS)
    assert pane.attachment_state(bilag.id) == READ
    assert bilag_row(pane, bilag.id) == (bilag.title, False)


def test_replaced_since_read_names_the_version_that_brought_the_new_file(
    tmp_path: Path,
) -> None:
    v1, _ = meeting_with_bilag(tmp_path / "a")
    v2 = Meeting.from_dict(v1.to_dict())
    v2.version = 2
    v3, _ = meeting_with_bilag(tmp_path / "b", 18)
    v3.version = 3
    item, bilag = v1.items[2], v1.items[2].attachments[0]
    key = (item.id, bilag.id)
    versions = {1: v1, 2: v2, 3: v3}

    assert replaced_since_read({key: 1}, v3, versions) == {key: 3}
    assert replaced_since_read({key: 3}, v3, versions) == {}
    assert replaced_since_read({key: 1}, v2, versions) == {}
    assert replaced_since_read({(item.id, "gone"): 1}, v3, versions) == {}
    assert replaced_since_read({key: 1}, v3, {3: v3}) == {}, "the version read is not stored"
