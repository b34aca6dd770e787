"""Revisions of a real meeting: item changes, unread marks, and the inline word diff."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.model import Meeting
from companion.core.revisions import (
    ADDED,
    CHANGED,
    FIRST_CHANGE_ANCHOR,
    NEW,
    REMOVED,
    RENUMBERED,
    UPDATED,
    LibraryVersions,
    diff_base_version,
    item_changes,
    item_diff_html,
    unread_changes,
    word_diff_html,
)
from tests.revision_data import (
    ADDED_ID,
    AMENDED_BILAG_SUFFIX,
    BOERNEHUS_ID,
    MEETING_ID,
    PRAKSISPLAN_ID,
    RAMMEPAPIR_ID,
    REFERAT_ID,
    SOSU_ID,
    added_item,
    library_with_revision,
    read_sample,
    revise,
)

DATE_1 = datetime(2016, 11, 15, 9, 0)
DATE_2 = datetime(2016, 11, 20, 14, 30)


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Meeting, Meeting]:
    """Version 1 (the real sample) and version 2 (the programmatic revision)."""
    original, _ = read_sample(MEETING_ID, tmp_path / "files")
    return original, revise(original, added_item(tmp_path))


def read_all(meeting: Meeting) -> dict[str, int]:
    return {item.id: meeting.version for item in meeting.items}


# --- item_changes -----------------------------------------------------------------------


def test_item_changes_names_each_kind_of_change(versions: tuple[Meeting, Meeting]) -> None:
    old, new = versions
    changes = item_changes(old, new)
    assert changes[RAMMEPAPIR_ID].kind == CHANGED
    assert changes[BOERNEHUS_ID].kind == CHANGED  # a bilag title amended
    assert changes[ADDED_ID].kind == ADDED and changes[ADDED_ID].old is None
    assert changes[PRAKSISPLAN_ID].kind == REMOVED and changes[PRAKSISPLAN_ID].new is None
    assert changes[SOSU_ID].kind == RENUMBERED and changes[SOSU_ID].renumbered
    assert (changes[SOSU_ID].old.number, changes[SOSU_ID].new.number) == ("3.6", "3.5")  # type: ignore[union-attr]
    assert REFERAT_ID not in changes
    assert list(changes)[-1] == PRAKSISPLAN_ID  # removed ones come last


def test_item_changes_from_nothing_are_all_added(versions: tuple[Meeting, Meeting]) -> None:
    old, _ = versions
    changes = item_changes(None, old)
    assert [change.kind for change in changes.values()] == [ADDED] * len(old.items)


def test_same_version_has_no_changes(versions: tuple[Meeting, Meeting]) -> None:
    old, _ = versions
    assert item_changes(old, Meeting.from_dict(old.to_dict())) == {}


# --- unread_changes ---------------------------------------------------------------------


def test_items_read_in_version_1_are_marked_updated_or_new(
    versions: tuple[Meeting, Meeting],
) -> None:
    old, new = versions
    marks = unread_changes({1: old, 2: new}, new, read_all(old), {1: DATE_1, 2: DATE_2})
    assert marks[RAMMEPAPIR_ID].kind == UPDATED
    assert (marks[RAMMEPAPIR_ID].version, marks[RAMMEPAPIR_ID].date) == (2, DATE_2)
    assert marks[BOERNEHUS_ID].kind == UPDATED
    assert marks[ADDED_ID].kind == NEW and marks[ADDED_ID].version == 2
    assert set(marks) == {RAMMEPAPIR_ID, BOERNEHUS_ID, ADDED_ID}  # renumbered: no mark


def test_an_item_read_in_the_new_version_is_not_marked(
    versions: tuple[Meeting, Meeting],
) -> None:
    old, new = versions
    read = read_all(old) | {RAMMEPAPIR_ID: 2, ADDED_ID: 2}
    marks = unread_changes({1: old, 2: new}, new, read)
    assert set(marks) == {BOERNEHUS_ID}
    assert marks[BOERNEHUS_ID].date is None  # no dates given


def test_a_meeting_never_opened_has_no_marks(versions: tuple[Meeting, Meeting]) -> None:
    old, new = versions
    assert unread_changes({1: old, 2: new}, new, {}) == {}


def test_unread_items_of_the_first_version_are_not_new(
    versions: tuple[Meeting, Meeting],
) -> None:
    old, new = versions
    marks = unread_changes({1: old, 2: new}, new, {REFERAT_ID: 1})
    assert {item_id: mark.kind for item_id, mark in marks.items()} == {ADDED_ID: NEW}


def test_the_mark_names_the_version_that_changed_the_item(
    versions: tuple[Meeting, Meeting],
) -> None:
    old, new = versions
    third = Meeting.from_dict(new.to_dict())
    third.version = 3
    third.name += " (tillægsdagsorden)"  # the items stay as in version 2
    marks = unread_changes({1: old, 2: new, 3: third}, third, read_all(old), {2: DATE_2})
    assert marks[RAMMEPAPIR_ID].version == 2 and marks[RAMMEPAPIR_ID].date == DATE_2
    assert marks[ADDED_ID].version == 2


def test_a_read_version_no_longer_stored_counts_as_updated_by_the_next(
    versions: tuple[Meeting, Meeting],
) -> None:
    _, new = versions
    third = Meeting.from_dict(new.to_dict())
    third.version = 3
    marks = unread_changes({2: new, 3: third}, third, {REFERAT_ID: 1})
    assert marks[REFERAT_ID].kind == UPDATED and marks[REFERAT_ID].version == 2


def test_diff_base_is_the_version_read_else_the_previous() -> None:
    assert diff_base_version([1, 2, 3], 3, 1) == 1
    assert diff_base_version([1, 2, 3], 3, 3) == 2
    assert diff_base_version([1, 2, 3], 3, None) == 2
    assert diff_base_version([3], 3, 1) is None


# --- the HTML diff ----------------------------------------------------------------------


def test_word_diff_marks_deleted_and_inserted_words() -> None:
    html = word_diff_html(
        "Det indstilles, at KKR Midtjylland godkender forslaget.",
        "Det indstilles, at KKR Midtjylland drøfter forslaget.",
    )
    assert html == (
        "Det indstilles, at KKR Midtjylland "
        '<span class="del">godkender</span><span class="ins">drøfter</span> forslaget.'
    )


def test_word_diff_escapes_html_and_keeps_line_breaks() -> None:
    html = word_diff_html("a < b\nc", "a < b\nc & d")
    assert html == 'a &lt; b<br/>c<span class="ins"> &amp; d</span>'


def test_item_diff_shows_the_changed_indstilling(versions: tuple[Meeting, Meeting]) -> None:
    old, new = versions
    html = item_diff_html(old.item(RAMMEPAPIR_ID), new.item(RAMMEPAPIR_ID))
    assert '<span class="del">godkender</span><span class="ins">drøfter</span>' in html
    assert '<p class="section">Indstilling</p>' in html
    assert "Forslag til rammepapir på voksenhandicapområdet" in html
    assert html.count('class="del"') == 1 and html.count('class="ins"') == 1
    anchor = f'<a name="{FIRST_CHANGE_ANCHOR}"></a><p class="section">Indstilling</p>'
    assert anchor in html


def test_item_diff_shows_an_amended_attachment_and_a_new_number(
    versions: tuple[Meeting, Meeting],
) -> None:
    old, new = versions
    html = item_diff_html(old.item(BOERNEHUS_ID), new.item(BOERNEHUS_ID))
    assert f'<span class="ins">{AMENDED_BILAG_SUFFIX}</span>' in html
    sosu = item_diff_html(old.item(SOSU_ID), new.item(SOSU_ID))
    assert '<span class="del">6</span><span class="ins">5</span>' in sosu
    assert "No changes in the text or the attachments." in sosu


def test_item_diff_of_an_added_and_a_removed_item(versions: tuple[Meeting, Meeting]) -> None:
    old, new = versions
    added = item_diff_html(None, new.item(ADDED_ID))
    assert "This item is new in this version." in added
    assert 'class="del"' not in added
    assert '<span class="ins">3.8 Dimensionering af pædagoguddannelsen</span>' in added
    removed = item_diff_html(old.item(PRAKSISPLAN_ID), None)
    assert "This item was removed in this version." in removed
    assert 'class="ins"' not in removed


# --- from the library -------------------------------------------------------------------


def test_library_versions_and_dates_feed_the_marks(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    original, _ = library_with_revision(data_dir, tmp_path)
    with Library(data_dir) as library:
        stored = LibraryVersions(library, MEETING_ID)
        dates = library.version_dates(MEETING_ID)
        current = library.meeting(MEETING_ID)
        assert list(stored) == [1, 2] and len(stored) == 2
        assert set(dates) == {1, 2} and dates[1] <= dates[2]
        marks = unread_changes(stored, current, read_all(original), dates)
        with pytest.raises(KeyError):
            stored[7]
    assert marks[RAMMEPAPIR_ID].date == dates[2]
    assert set(marks) == {RAMMEPAPIR_ID, BOERNEHUS_ID, ADDED_ID}
