"""Re-anchoring a meeting's annotations in the personal store on a real revision.

Version 1 is the real 2016 sample, version 2 its revision by program
(`tests.revision_data`): 3.2's Indstilling says "drøfter" for "godkender", 3.5 is
withdrawn and 3.6 becomes 3.5.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.core import reanchor_store
from companion.core.anchoring import item_anchor
from companion.core.library import ImportOutcome, Library
from companion.core.model import Meeting
from companion.core.package import write_package
from companion.core.personal import PersonalStore
from companion.core.reanchor_store import (
    Summary,
    library_words,
    reanchor_after_update,
    reanchor_imported,
    reanchor_pending,
    summary_message,
)
from tests.core.test_cli import companion
from tests.revision_data import (
    MEETING_ID,
    PRAKSISPLAN_ID,
    RAMMEPAPIR_ID,
    REFERAT_ID,
    SOSU_ID,
    added_item,
    library_with_revision,
    read_sample,
    revise,
    sample_path,
)


def _annotate(store: PersonalStore, meeting: Meeting, item_id: str, quote: str, note: str) -> str:
    """Highlight the first ``quote`` in the item's text of ``meeting``; the annotation's id."""
    item = next(item for item in meeting.items if item.id == item_id)
    start = item.text.index(quote)
    anchor = item_anchor(item, start, start + len(quote))
    return store.add_annotation(MEETING_ID, item_id, "item", anchor.to_dict(), note=note).id


@pytest.fixture
def revised(tmp_path: Path) -> tuple[Path, Meeting, Meeting]:
    """The data folder of a library holding v1 and v2, and both meetings."""
    data_dir = tmp_path / "data"
    original, revision = library_with_revision(data_dir, tmp_path)
    return data_dir, original, revision


@pytest.fixture
def annotated(
    revised: tuple[Path, Meeting, Meeting], tmp_path: Path
) -> tuple[Path, Path, dict[str, str], Meeting]:
    """Four annotations on v1: unchanged item, moved quote, changed quote, removed item."""
    data_dir, original, revision = revised
    store_path = tmp_path / "personal.db"
    with PersonalStore(store_path) as store:
        ids = {
            "unchanged": _annotate(store, original, REFERAT_ID, "godkender referatet", "ok"),
            "moved": _annotate(
                store, original, RAMMEPAPIR_ID, "forslaget til rammepapir", "spørg om tidsplan"
            ),
            "fuzzy": _annotate(
                store,
                original,
                RAMMEPAPIR_ID,
                "KKR Midtjylland godkender forslaget til rammepapir på voksenhandicapområdet",
                "vigtigt",
            ),
            "removed": _annotate(
                store, original, PRAKSISPLAN_ID, "Praksisplanen har været i høring", "tjek PLO"
            ),
        }
    return data_dir, store_path, ids, revision


def test_reanchor_places_exactly_fuzzily_and_keeps_the_detached(
    annotated: tuple[Path, Path, dict[str, str], Meeting],
) -> None:
    data_dir, store_path, ids, revision = annotated
    with Library(data_dir) as library, PersonalStore(store_path) as store:
        summary = reanchor_after_update(store, library, MEETING_ID, 1, 2)
        by_id = {annotation.id: annotation for annotation in store.annotations(MEETING_ID)}
        assert store.anchored_version(MEETING_ID) == 2

    assert summary == Summary(exact=1, fuzzy=1, detached=1, unchanged=1)
    assert summary_message(summary) == "2 notes moved to the new text, 1 could not be placed"
    assert len(by_id) == 4, "nothing is ever dropped"
    texts = {item.id: item.text for item in revision.items}
    for key in ("unchanged", "moved", "fuzzy"):
        annotation = by_id[ids[key]]
        anchor = annotation.anchor
        assert not annotation.detached
        assert texts[annotation.item_id or ""][anchor["start"] : anchor["end"]] == anchor["exact"]
    assert "drøfter" in by_id[ids["fuzzy"]].anchor["exact"]
    removed = by_id[ids["removed"]]
    assert removed.detached
    assert removed.note == "tjek PLO"
    assert removed.anchor["exact"] == "Praksisplanen har været i høring"


def test_running_twice_changes_nothing(
    annotated: tuple[Path, Path, dict[str, str], Meeting],
) -> None:
    data_dir, store_path, _ids, _revision = annotated
    with Library(data_dir) as library, PersonalStore(store_path) as store:
        reanchor_after_update(store, library, MEETING_ID, 1, 2)
        before = store.annotations(MEETING_ID)
        again = reanchor_after_update(store, library, MEETING_ID, 1, 2)
        assert store.annotations(MEETING_ID) == before  # not even ``updated`` changes
    assert again == Summary(unchanged=4)
    assert summary_message(again) is None


def test_pending_runs_once_per_new_version(
    annotated: tuple[Path, Path, dict[str, str], Meeting],
) -> None:
    data_dir, store_path, ids, _revision = annotated
    with Library(data_dir) as library, PersonalStore(store_path) as store:
        store.set_anchored_version(MEETING_ID, 1)  # the app was closed when v2 arrived
        first = reanchor_pending(store, library, [MEETING_ID, "no-such-meeting"])
        second = reanchor_pending(store, library, [MEETING_ID])
        detached = [a.id for a in store.annotations(MEETING_ID) if a.detached]
    assert first == {MEETING_ID: Summary(exact=1, fuzzy=1, detached=1, unchanged=1)}
    assert second == {}
    assert detached == [ids["removed"]]


def test_pending_without_annotations_only_records_the_version(
    revised: tuple[Path, Meeting, Meeting], tmp_path: Path
) -> None:
    data_dir, _original, _revision = revised
    with Library(data_dir) as library, PersonalStore(tmp_path / "personal.db") as store:
        assert reanchor_pending(store, library, [MEETING_ID]) == {}
        assert store.anchored_version(MEETING_ID) == 2


def test_a_renumbered_item_keeps_its_position_and_note(
    revised: tuple[Path, Meeting, Meeting], tmp_path: Path
) -> None:
    data_dir, original, revision = revised
    numbers = {m.version: {i.id: i.number for i in m.items} for m in (original, revision)}
    assert (numbers[1][SOSU_ID], numbers[2][SOSU_ID]) == ("3.6", "3.5")
    with PersonalStore(tmp_path / "personal.db") as store:
        store.set_position(MEETING_ID, SOSU_ID, stance="forbehold", remark="økonomien")
        store.set_note(MEETING_ID, SOSU_ID, "<p>Ring til borgmesteren</p>")
        with Library(data_dir) as library:
            reanchor_after_update(store, library, MEETING_ID, 1, 2)
            shown = library.meeting(MEETING_ID)
        item = next(item for item in shown.items if item.id == SOSU_ID)
        position = store.position(MEETING_ID, item.id)
        note = store.note(MEETING_ID, item.id)
    assert item.number == "3.5"
    assert position is not None and (position.stance, position.remark) == ("forbehold", "økonomien")
    assert note is not None and note.body == "<p>Ring til borgmesteren</p>"


def test_library_words_reads_a_stored_pdf_and_tolerates_a_missing_one(
    revised: tuple[Path, Meeting, Meeting],
) -> None:
    data_dir, original, _revision = revised
    assert original.agenda_pdf is not None
    with Library(data_dir) as library:
        words_for = library_words(library)
        pages = words_for(original.agenda_pdf.sha256)
        assert any(word[4] == "Midtjylland" for page in pages for word in page)
        assert words_for("0" * 64) == []


def test_an_import_outcome_re_anchors_an_update_once(
    annotated: tuple[Path, Path, dict[str, str], Meeting],
) -> None:
    data_dir, store_path, _ids, _revision = annotated
    updated = ImportOutcome(MEETING_ID, 2, "updated", 1)
    with Library(data_dir) as library, PersonalStore(store_path) as store:
        added = reanchor_imported(store, library, ImportOutcome("other", 3, "added", None))
        first = reanchor_imported(store, library, updated)
        second = reanchor_imported(store, library, updated)
        assert (store.anchored_version("other"), store.anchored_version(MEETING_ID)) == (3, 2)
    assert added is None
    assert first == Summary(exact=1, fuzzy=1, detached=1, unchanged=1)
    assert second is None


def test_companion_import_moves_the_notes_and_says_what_could_not_be_placed(
    tmp_path: Path,
) -> None:
    original, files = read_sample(MEETING_ID, tmp_path / "files")
    revised_zip = write_package(revise(original, added_item(tmp_path)), files, tmp_path / "v2.zip")
    data_dir = tmp_path / "data"
    with Library(data_dir) as library:
        library.import_path(sample_path(MEETING_ID))
    with PersonalStore(data_dir / "personal.db") as store:
        kept = _annotate(store, original, RAMMEPAPIR_ID, "forslaget til rammepapir", "spørg")
        lost = _annotate(store, original, PRAKSISPLAN_ID, "Praksisplanen har været i høring", "x")

    result = companion("import", str(revised_zip), env_dirs=tmp_path)

    assert result.returncode == 0, result.stderr
    assert f"{MEETING_ID}: 1 note moved to the new text, 1 could not be placed" in result.stdout
    with PersonalStore(data_dir / "personal.db") as store:
        detached = {a.id: a.detached for a in store.annotations(MEETING_ID)}
        assert store.anchored_version(MEETING_ID) == 2
    assert detached == {kept: False, lost: True}


def test_a_note_the_member_re_attaches_meanwhile_keeps_the_members_place(
    annotated: tuple[Path, Path, dict[str, str], Meeting],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The window's re-anchoring reads the annotations, works out their new places, then
    # writes them; the member re-attaches the note of the removed item (3.5) in between,
    # through their own connection. The re-anchoring's "detached" must not undo that.
    data_dir, store_path, ids, revision = annotated
    sosu = next(item for item in revision.items if item.id == SOSU_ID)
    quote = sosu.text.split(".")[0]
    members_anchor = item_anchor(sosu, 0, len(quote)).to_dict()
    real_reanchor_meeting = reanchor_store.reanchor_meeting

    def member_acts_meanwhile(*args: object, **kwargs: object) -> object:
        results = real_reanchor_meeting(*args, **kwargs)  # type: ignore[arg-type]
        with PersonalStore(store_path) as members_window:
            members_window.update_annotation(
                ids["removed"], anchor=members_anchor, detached=False, item_id=SOSU_ID
            )
            members_window.update_annotation(ids["unchanged"], note="ok, spørg om økonomi")
        return results

    monkeypatch.setattr(reanchor_store, "reanchor_meeting", member_acts_meanwhile)
    with Library(data_dir) as library, PersonalStore(store_path) as store:
        summary = reanchor_after_update(store, library, MEETING_ID, 1, 2)
        by_id = {annotation.id: annotation for annotation in store.annotations(MEETING_ID)}
        assert store.anchored_version(MEETING_ID) == 2

    removed = by_id[ids["removed"]]
    assert (removed.item_id, removed.anchor, removed.detached) == (SOSU_ID, members_anchor, False)
    assert by_id[ids["unchanged"]].note == "ok, spørg om økonomi"  # a note edit is no conflict
    assert by_id[ids["fuzzy"]].anchor["exact"].count("drøfter") == 1  # the others moved
    assert summary == Summary(exact=1, fuzzy=1, detached=0, unchanged=2)
