"""The "Detached notes" dialog on a real revision: list, delete after confirming, re-attach.

A real library holds the 2016 sample (v1) and its revision (v2, `tests.revision_data`),
in which item 3.5 is withdrawn; a note on it is detached by re-anchoring.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from companion.core.anchoring import TextAnchor, item_anchor
from companion.core.library import Library
from companion.core.model import Meeting
from companion.core.package import write_package
from companion.core.personal import PersonalStore
from companion.core.reanchor_store import reanchor_after_update
from companion.ui.app import PERSONAL_DB, personal_opener
from companion.ui.detached_dialog import DetachedDialog
from companion.ui.item_view import ItemView
from companion.ui.position_panel import PositionPanel
from companion.ui.tasks import TaskRunner
from tests.revision_data import (
    MEETING_ID,
    PRAKSISPLAN_ID,
    REFERAT_ID,
    SOSU_ID,
    added_item,
    library_with_revision,
    read_sample,
    revise,
    sample_path,
)
from tests.ui.conftest import open_window

REMOVED_QUOTE = "Praksisplanen har været i høring"
NOTE = "tjek PLO's holdning"


@pytest.fixture
def detached_setup(tmp_path: Path) -> tuple[Path, Meeting, str]:
    """The data folder, the current (revised) meeting, and the id of the detached note."""
    data_dir = tmp_path / "data"
    original, revision = library_with_revision(data_dir, tmp_path)
    removed = next(item for item in original.items if item.id == PRAKSISPLAN_ID)
    referat = next(item for item in original.items if item.id == REFERAT_ID)
    with PersonalStore(data_dir / PERSONAL_DB) as store, Library(data_dir) as library:
        start = removed.text.index(REMOVED_QUOTE)
        anchor = item_anchor(removed, start, start + len(REMOVED_QUOTE))
        detached_id = store.add_annotation(
            MEETING_ID, PRAKSISPLAN_ID, "item", anchor.to_dict(), note=NOTE
        ).id
        kept = item_anchor(referat, 0, 11)
        store.add_annotation(MEETING_ID, REFERAT_ID, "item", kept.to_dict(), note="placed")
        summary = reanchor_after_update(store, library, MEETING_ID, 1, 2)
    assert summary.detached == 1
    return data_dir, revision, detached_id


def _dialog(
    qtbot: object, runner: TaskRunner, data_dir: Path, meeting: Meeting, selection: object = None
) -> DetachedDialog:
    panel = PositionPanel(runner, personal_opener(data_dir))
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    dialog = DetachedDialog(panel, meeting, selection or (lambda: None))  # type: ignore[arg-type]
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 1, timeout=5000)  # type: ignore[attr-defined]
    return dialog


def _annotation_ids(data_dir: Path) -> dict[str, bool]:
    with PersonalStore(data_dir / PERSONAL_DB) as store:
        return {annotation.id: annotation.detached for annotation in store.annotations(MEETING_ID)}


def _answer(dialog: DetachedDialog, button: QMessageBox.StandardButton) -> None:
    """Click ``button`` in the confirmation box as soon as it is shown."""

    def click() -> None:
        assert dialog.confirm_box is not None, "a confirmation must be asked"
        dialog.confirm_box.button(button).click()

    QTimer.singleShot(0, click)


def test_lists_the_detached_note_with_quote_note_and_item(
    qtbot: object, runner: TaskRunner, detached_setup: tuple[Path, Meeting, str]
) -> None:
    data_dir, meeting, detached_id = detached_setup
    dialog = _dialog(qtbot, runner, data_dir, meeting)
    row = dialog.table.topLevelItem(0)
    assert [annotation.id for annotation in dialog.annotations] == [detached_id]
    assert row.text(0) == REMOVED_QUOTE
    assert row.text(1) == NOTE
    assert row.text(2) == "(no longer on the agenda)"
    assert row.text(3)  # the date
    assert dialog.delete_button.isEnabled() and dialog.attach_button.isEnabled()


def test_delete_asks_first_and_deletes_only_when_confirmed(
    qtbot: object, runner: TaskRunner, detached_setup: tuple[Path, Meeting, str]
) -> None:
    data_dir, meeting, detached_id = detached_setup
    dialog = _dialog(qtbot, runner, data_dir, meeting)

    _answer(dialog, QMessageBox.StandardButton.No)
    dialog.delete_current()
    runner.wait(5000)
    assert detached_id in _annotation_ids(data_dir)

    _answer(dialog, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.changed, timeout=5000):  # type: ignore[attr-defined]
        dialog.delete_current()
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 0, timeout=5000)  # type: ignore[attr-defined]
    remaining = _annotation_ids(data_dir)
    assert detached_id not in remaining
    assert len(remaining) == 1, "only the confirmed note is deleted"


def test_attach_to_selection_places_the_note_on_the_selected_words(
    qtbot: object, runner: TaskRunner, detached_setup: tuple[Path, Meeting, str]
) -> None:
    data_dir, meeting, detached_id = detached_setup
    item = next(item for item in meeting.items if item.id == SOSU_ID)
    view = ItemView()
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.show_item(item, meeting)

    def selection() -> tuple[str, TextAnchor] | None:
        anchor = view.selection_anchor()
        return None if anchor is None or view.item is None else (view.item.id, anchor)

    dialog = _dialog(qtbot, runner, data_dir, meeting, selection)
    dialog.attach_to_selection()
    assert "Select the words" in dialog.status.text()
    assert _annotation_ids(data_dir)[detached_id] is True

    words = "Ekstra SOSU-assistentelever"
    start = view.toPlainText().index(words)
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    with qtbot.waitSignal(dialog.changed, timeout=5000):  # type: ignore[attr-defined]
        dialog.attach_to_selection()
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 0, timeout=5000)  # type: ignore[attr-defined]

    with PersonalStore(data_dir / PERSONAL_DB) as store:
        attached = next(a for a in store.annotations(MEETING_ID) if a.id == detached_id)
    assert not attached.detached
    assert attached.item_id == SOSU_ID
    assert attached.note == NOTE
    assert item.text[attached.anchor["start"] : attached.anchor["end"]] == words


def _v1_library_with_notes(tmp_path: Path) -> tuple[Path, Path, Meeting, dict[str, str]]:
    """A library holding only v1, two notes on it, and the v2 package (not imported yet)."""
    original, files = read_sample(MEETING_ID, tmp_path / "files")
    revised_zip = write_package(revise(original, added_item(tmp_path)), files, tmp_path / "v2.zip")
    data_dir = tmp_path / "data"
    with Library(data_dir) as library:
        library.import_path(sample_path(MEETING_ID))
    items = {item.id: item for item in original.items}
    ids = {}
    with PersonalStore(data_dir / PERSONAL_DB) as store:
        for key, item_id, quote in (
            ("kept", REFERAT_ID, "godkender referatet"),
            ("lost", PRAKSISPLAN_ID, REMOVED_QUOTE),
        ):
            start = items[item_id].text.index(quote)
            anchor = item_anchor(items[item_id], start, start + len(quote))
            ids[key] = store.add_annotation(MEETING_ID, item_id, "item", anchor.to_dict()).id
    return data_dir, revised_zip, original, ids


def test_window_import_re_anchors_tells_the_member_and_lists_the_detached(
    qtbot: object, runner: TaskRunner, config_dir: Path, tmp_path: Path
) -> None:
    data_dir, revised_zip, _original, ids = _v1_library_with_notes(tmp_path)
    window = open_window(qtbot, runner, data_dir, config_dir, seed=False)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    window.import_package(revised_zip)
    told = "0 notes moved to the new text, 1 could not be placed"
    qtbot.waitUntil(lambda: told in messages, timeout=20_000)  # type: ignore[attr-defined]
    assert _annotation_ids(data_dir) == {ids["kept"]: False, ids["lost"]: True}

    qtbot.waitUntil(lambda: window._loaded is not None and window._loaded.meeting.version == 2)  # type: ignore[attr-defined]
    window.detached_action.trigger()
    dialog = window.detached_dialog
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 1, timeout=5000)  # type: ignore[attr-defined]
    assert [annotation.id for annotation in dialog.annotations] == [ids["lost"]]
    dialog.close()


def test_window_start_catches_up_on_a_version_that_arrived_while_closed(
    qtbot: object, runner: TaskRunner, config_dir: Path, tmp_path: Path
) -> None:
    data_dir, revised_zip, _original, ids = _v1_library_with_notes(tmp_path)
    with PersonalStore(data_dir / PERSONAL_DB) as store:
        store.set_anchored_version(MEETING_ID, 1)
    with Library(data_dir) as library:  # as a sync by another program would
        assert library.import_path(revised_zip).status == "updated"

    window = open_window(qtbot, runner, data_dir, config_dir, seed=False)

    qtbot.waitUntil(lambda: _annotation_ids(data_dir)[ids["lost"]], timeout=20_000)  # type: ignore[attr-defined]
    window._personal_runner.wait(5000)
    with PersonalStore(data_dir / PERSONAL_DB) as store:
        assert store.anchored_version(MEETING_ID) == 2
        assert not next(a for a in store.annotations(MEETING_ID) if a.id == ids["kept"]).detached
