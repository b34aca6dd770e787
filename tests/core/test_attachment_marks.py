"""Read marks per attachment and re-attaching detached notes, on a real personal.db."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.core.anchoring import PdfAnchor, item_anchor, pdf_anchor_for, reanchor_meeting
from companion.core.model import FileRef, Meeting
from companion.core.personal import PersonalStore, UnknownRecordError
from companion.core.reanchor_store import reattach
from tests.revision_data import MEETING_ID, REFERAT_ID, read_sample

OLD_FILE = "a" * 64
NEW_FILE = "b" * 64
ITEM = f"{MEETING_ID}/30441bf83cc5"


def pdf_anchor(sha256: str, page: int, exact: str) -> PdfAnchor:
    return PdfAnchor(sha256, page, [(60.0, 100.0, 180.0, 100.0, 60.0, 112.0, 180.0, 112.0)], exact)


def test_read_attachments_lists_only_attachment_marks_with_their_version(tmp_path: Path) -> None:
    with PersonalStore(tmp_path / "personal.db") as store:
        store.mark_read(MEETING_ID, ITEM, 1)  # the item itself
        store.mark_read(MEETING_ID, ITEM, 1, attachment_id="bilag-1")
        store.mark_read(MEETING_ID, ITEM, 2, attachment_id="bilag-1")  # read again in v2
        store.mark_read(MEETING_ID, ITEM, 1, attachment_id="bilag-2")
        store.mark_read("kkr-midtjylland-2020-02-05", "x", 1, attachment_id="bilag-1")

        assert store.read_attachments(MEETING_ID) == {(ITEM, "bilag-1"): 2, (ITEM, "bilag-2"): 1}
        assert store.read_items(MEETING_ID) == {ITEM: 1}
        assert store.read_attachments("no-such-meeting") == {}


def test_reattach_moves_a_detached_pdf_highlight_to_another_file_keeping_its_note(
    tmp_path: Path,
) -> None:
    with PersonalStore(tmp_path / "personal.db") as store:
        lost = store.add_annotation(
            MEETING_ID,
            ITEM,
            "attachment",
            pdf_anchor(OLD_FILE, 3, "Børnehus Midt").to_dict(),
            file_sha256=OLD_FILE,
            color="green",
            note="spørg til ventetiden",
        )
        store.update_annotation(lost.id, detached=True)
        target = pdf_anchor(NEW_FILE, 1, "Børnehus Midtjylland")

        attached = reattach(store, lost, target, REFERAT_ID)

        assert not attached.detached
        assert attached.file_sha256 == NEW_FILE
        assert attached.item_id == REFERAT_ID
        assert attached.anchor == target.to_dict()
        assert (attached.note, attached.color) == ("spørg til ventetiden", "green")


def test_reattach_keeps_a_point_note_a_point_note_at_the_chosen_words(tmp_path: Path) -> None:
    with PersonalStore(tmp_path / "personal.db") as store:
        anchor = {**pdf_anchor(OLD_FILE, 0, "KKR").to_dict(), "point": [300.0, 400.0]}
        lost = store.add_annotation(
            MEETING_ID, ITEM, "attachment", anchor, file_sha256=OLD_FILE, note="OBS"
        )

        attached = reattach(store, lost, pdf_anchor(NEW_FILE, 2, "Silkeborg"), None)

        assert attached.anchor["point"] == [60.0, 100.0]
        assert attached.anchor["page"] == 2
        assert attached.item_id == ITEM, "None keeps the item"


def test_reattach_places_a_text_note_and_refuses_the_wrong_kind_of_anchor(
    tmp_path: Path,
) -> None:
    meeting, _files = read_sample(MEETING_ID, tmp_path / "files")
    referat = next(item for item in meeting.items if item.id == REFERAT_ID)
    words = item_anchor(referat, 0, 11)
    with PersonalStore(tmp_path / "personal.db") as store:
        text_note = store.add_annotation(MEETING_ID, ITEM, "item", {"type": "text", "exact": "x"})
        pdf_mark = store.add_annotation(
            MEETING_ID,
            ITEM,
            "attachment",
            pdf_anchor(OLD_FILE, 0, "KKR").to_dict(),
            file_sha256=OLD_FILE,
        )

        placed = reattach(store, text_note, words, REFERAT_ID)
        assert (placed.anchor, placed.item_id) == (words.to_dict(), REFERAT_ID)
        with pytest.raises(ValueError, match="is on a PDF page; it cannot be attached to a Text"):
            reattach(store, pdf_mark, words, REFERAT_ID)
        with pytest.raises(ValueError, match="is on the item text"):
            reattach(store, text_note, pdf_anchor(NEW_FILE, 0, "KKR"), REFERAT_ID)
        store.delete_annotation(pdf_mark.id)
        with pytest.raises(UnknownRecordError):
            reattach(store, pdf_mark, pdf_anchor(NEW_FILE, 0, "KKR"), None)


def test_a_point_note_re_anchored_in_a_replacement_file_moves_with_its_word(
    tmp_path: Path,
) -> None:
    old_meeting, _files = read_sample(MEETING_ID, tmp_path / "files")
    item = next(item for item in old_meeting.items if item.attachments)
    item.attachments[0].file = FileRef("Bilag", "bilag.pdf", "application/pdf", 1, OLD_FILE)
    new_meeting = Meeting.from_dict(old_meeting.to_dict())
    new_meeting.version += 1
    new_item = next(found for found in new_meeting.items if found.id == item.id)
    new_item.attachments[0].file = FileRef("Bilag", "bilag.pdf", "application/pdf", 1, NEW_FILE)
    # The replacement file has one line more at the top: every word sits 20 points lower.
    line = ["Børnehus", "Midt", "har", "ca.", "250", "sager", "om", "året"]
    old_words = [
        (60.0 + 40 * n, 100.0, 95.0 + 40 * n, 112.0, text, 0, 0, n) for n, text in enumerate(line)
    ]
    new_words = [(x0, y0 + 20, x1, y1 + 20, *rest) for x0, y0, x1, y1, *rest in old_words]
    anchor = pdf_anchor_for([old_words], 0, 4, 4, OLD_FILE)
    with PersonalStore(tmp_path / "personal.db") as store:
        note = store.add_annotation(
            MEETING_ID,
            item.id,
            "attachment",
            {**anchor.to_dict(), "point": [230.0, 90.0]},
            file_sha256=OLD_FILE,
            note="ventetid?",
        )

    [result] = reanchor_meeting([note], old_meeting, new_meeting, lambda sha: [new_words])

    assert not result.detached
    assert result.file_sha256 == NEW_FILE
    assert result.anchor["exact"] == "250"
    assert result.anchor["point"] == [230.0, 110.0]
