"""Anchors and re-anchoring on revisions made by program from the real agendas."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from companion.core.anchoring import (
    BRACKET_MIN_SIMILARITY,
    FUZZY_MIN_SCORE,
    AnchorError,
    PdfAnchor,
    Quad,
    TextAnchor,
    Word,
    anchor_for,
    anchor_from_dict,
    item_anchor,
    locate,
    pdf_anchor_for,
    pdf_words,
    reanchor,
    reanchor_meeting,
    reanchor_pdf,
    section_at,
)
from companion.core.model import FileRef, Meeting
from companion.core.personal import PersonalStore
from tests.core.anchoring_corpus import (
    EDITS,
    QUOTE_INTACT,
    Case,
    corpus,
    longest_item,
    quotes_of,
    real_meetings,
    revised_meeting,
    text_pdf,
)

RECOMMENDATION = "Det indstilles, at KKR Midtjylland"


@pytest.fixture(scope="module")
def meetings() -> list[Meeting]:
    return real_meetings()


@pytest.fixture(scope="module")
def kkr_2016(meetings: list[Meeting]) -> Meeting:
    return _by_id(meetings, "kkr-midtjylland-2016-11-22")


@pytest.fixture(scope="module")
def kkr_2015(meetings: list[Meeting]) -> Meeting:
    return _by_id(meetings, "kkr-midtjylland-2015-04-20")


@pytest.fixture(scope="module")
def kd_net_2020(meetings: list[Meeting]) -> Meeting:
    return _by_id(meetings, "kd-net-midtjylland-2020-01-24")


def _by_id(meetings: list[Meeting], meeting_id: str) -> Meeting:
    return next(meeting for meeting in meetings if meeting.id == meeting_id)


# -- anchors ---------------------------------------------------------------------------


def test_anchor_for_keeps_the_quote_its_context_and_offsets(kkr_2016: Meeting) -> None:
    text = kkr_2016.items[3].text
    start = text.index(RECOMMENDATION)
    anchor = anchor_for(text, start, start + len(RECOMMENDATION), context=10)
    assert anchor.exact == RECOMMENDATION
    assert anchor.prefix == text[start - 10 : start]
    assert anchor.suffix == text[anchor.end : anchor.end + 10]
    assert (anchor.start, anchor.end) == (start, start + len(RECOMMENDATION))


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 3), (3, 10_000), (8, 4)])
def test_anchor_for_rejects_a_bad_range_naming_it(start: int, end: int) -> None:
    with pytest.raises(AnchorError, match=f"{start}..{end}"):
        anchor_for("Det indstilles, at KKR Midtjylland godkender", start, end)


def test_anchor_for_rejects_white_space_only() -> None:
    with pytest.raises(AnchorError, match="white space"):
        anchor_for("Baggrund\n\nIndstilling", 8, 10)


def test_item_anchor_names_the_section_it_starts_in(kkr_2016: Meeting) -> None:
    item = kkr_2016.items[3]
    start = item.text.index(RECOMMENDATION)
    anchor = item_anchor(item, start, start + len(RECOMMENDATION))
    assert anchor.section == "indstilling"
    assert section_at(item, 0) is None  # the title is in no section
    assert section_at(item, len(item.text) - 1) == item.sections[-1].kind


def test_text_anchor_survives_json_round_trip(kkr_2016: Meeting) -> None:
    item = kkr_2016.items[3]
    anchor = item_anchor(item, 10, 40)
    stored = json.loads(json.dumps(anchor.to_dict()))
    assert TextAnchor.from_dict(stored) == anchor
    assert anchor_from_dict(stored) == anchor


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "text", "prefix": "", "suffix": "", "start": 0, "end": 3}, "no field 'exact'"),
        ({"exact": "KKR", "prefix": "", "suffix": "", "start": "0", "end": 3}, "'start' must"),
        ({"type": "pdf", "exact": "KKR"}, "expected 'text'"),
    ],
)
def test_text_anchor_from_bad_dict_names_the_problem(data: dict[str, object], message: str) -> None:
    with pytest.raises(AnchorError, match=message):
        TextAnchor.from_dict(data)


# -- re-anchoring a single text ----------------------------------------------------------


def test_reanchor_on_unchanged_text_is_exact_in_place(kkr_2016: Meeting) -> None:
    text = kkr_2016.items[3].text
    anchor = anchor_for(text, 100, 160)
    result = reanchor(anchor, text)
    assert (result.kind, result.start, result.end, result.score) == ("exact", 100, 160, 1.0)
    assert result.anchor == anchor


def test_reanchor_tells_repeated_quotes_apart_by_context(kkr_2016: Meeting) -> None:
    item = next(item for item in kkr_2016.items if item.text.count(RECOMMENDATION) == 1)
    text = item.text + "\n" + item.text  # the same quote twice, the second with other context
    second = text.rindex(RECOMMENDATION)
    anchor = anchor_for(text, second, second + len(RECOMMENDATION))
    revised = "Tillæg til dagsordenen\n" + text
    result = reanchor(anchor, revised)
    assert result.kind == "exact"
    assert result.start == revised.rindex(RECOMMENDATION)


def test_reanchor_fuzzy_finds_an_edited_quote_and_rebuilds_the_anchor(kkr_2016: Meeting) -> None:
    text = kkr_2016.items[3].text
    start = text.index(RECOMMENDATION)
    end = text.index("\n", start)
    anchor = anchor_for(text, start, end)
    revised = text.replace("godkender", "drøfter", 1)
    result = reanchor(anchor, revised)
    assert result.kind == "fuzzy"
    assert FUZZY_MIN_SCORE <= result.score < 1.0
    assert result.start == start
    assert revised[result.start : result.end] == result.anchor.exact
    assert "drøfter" in result.anchor.exact


def test_reanchor_detaches_a_quote_that_is_not_in_the_new_text(
    kkr_2015: Meeting, kd_net_2020: Meeting
) -> None:
    quote = quotes_of(kkr_2015)[5]
    result = reanchor(quote.anchor, longest_item(kd_net_2020).text)
    assert (result.kind, result.start, result.end) == ("detached", None, None)
    assert result.anchor == quote.anchor  # the member keeps the quote and its note


def test_reanchor_does_not_take_a_wrong_place_in_other_agendas(
    kkr_2015: Meeting, kd_net_2020: Meeting
) -> None:
    """Quotes of KKR 2015 against all of KD-Net 2020's text (no sentence in common)."""
    other = "\n".join(item.text for item in kd_net_2020.items)
    results = [reanchor(quote.anchor, other) for quote in quotes_of(kkr_2015)]
    assert len(results) >= 100
    assert [result for result in results if not result.detached] == []


def test_locate_finds_the_quote_in_another_rendering(kkr_2016: Meeting) -> None:
    text = kkr_2016.items[3].text
    start = text.index(RECOMMENDATION)
    anchor = anchor_for(text, start, start + len(RECOMMENDATION))
    rendering = text.replace("\n", "\n\n")  # as a view with blank lines between blocks shows it
    match = locate(anchor, rendering)
    assert match is not None
    assert rendering[match.start : match.end] == RECOMMENDATION
    assert locate(anchor, "Godkendelse af referat") is None


# -- the revision corpus -------------------------------------------------------------------


def _overlaps(case: Case, start: int, end: int) -> bool:
    return start < case.expected_end and case.expected_start < end


def test_corpus_of_revisions_reanchors_every_quote(capsys: pytest.CaptureFixture[str]) -> None:
    cases = corpus()
    assert len({case.quote.anchor for case in cases}) >= 300  # several hundred quotes
    kinds: Counter[tuple[str, str]] = Counter()
    in_place = 0
    for case in cases:
        result = reanchor(case.quote.anchor, case.new_text)
        kinds[(case.edit, result.kind)] += 1
        if result.kind == "exact":
            assert case.new_text[result.start : result.end] == case.quote.anchor.exact
            in_place += result.start == case.expected_start
        elif result.kind == "fuzzy":
            assert result.start is not None and result.end is not None
            assert result.anchor.exact == case.new_text[result.start : result.end]
            assert result.score >= BRACKET_MIN_SIMILARITY
        else:
            assert result.anchor == case.quote.anchor  # kept, never dropped
    with capsys.disabled():
        print(f"\nre-anchoring {len(cases)} revisions of {len(cases) // len(EDITS)} quotes")
        print(f"{'edit':<16}{'exact':>8}{'fuzzy':>8}{'detached':>10}")
        for edit in EDITS:
            row = [kinds[(edit, kind)] for kind in ("exact", "fuzzy", "detached")]
            print(f"{edit:<16}{row[0]:>8}{row[1]:>8}{row[2]:>10}")
    assert sum(kinds.values()) == len(cases)
    intact = [case for case in cases if case.edit in QUOTE_INTACT]
    assert all(kinds[(edit, "fuzzy")] + kinds[(edit, "detached")] == 0 for edit in QUOTE_INTACT)
    assert in_place >= 0.98 * len(intact)
    edited = len(cases) - len(intact)
    detached = sum(kinds[(edit, "detached")] for edit in EDITS)
    assert detached <= 0.01 * edited


def test_fuzzy_matches_overlap_the_edited_quote() -> None:
    edited = [case for case in corpus() if case.edit not in QUOTE_INTACT]
    fuzzy = overlapping = 0
    for case in edited:
        result = reanchor(case.quote.anchor, case.new_text)
        if result.kind == "fuzzy":
            assert result.start is not None and result.end is not None
            fuzzy += 1
            overlapping += _overlaps(case, result.start, result.end)
    assert fuzzy >= 0.9 * len(edited)
    # near-identical sentences elsewhere in an item ("... (mod 7,7 pct" / "(mod 9,2 pct")
    # may win when the edit removes much of a short quote: a few, never many
    assert overlapping >= 0.98 * fuzzy


# -- a whole meeting revised, through the personal store ------------------------------------


def test_reanchor_meeting_follows_items_and_detaches_a_removed_ones(
    kkr_2016: Meeting, tmp_path: Path
) -> None:
    removed = kkr_2016.items[4]
    revised = revised_meeting(kkr_2016, removed.id)
    assert revised.item(removed.id) is None
    old_numbers = {item.id: item.number for item in kkr_2016.items}
    assert any(item.number != old_numbers[item.id] for item in revised.items)  # renumbered
    with PersonalStore(tmp_path / "personal.db") as store:
        for quote in quotes_of(kkr_2016):
            store.add_annotation(kkr_2016.id, quote.item_id, "item", quote.anchor.to_dict())
        saved = store.annotations(kkr_2016.id)
        results = reanchor_meeting(saved, kkr_2016, revised)
        for result in results:
            store.update_annotation(
                result.annotation_id, anchor=result.anchor, detached=result.detached
            )
        after = {annotation.id: annotation for annotation in store.annotations(kkr_2016.id)}
    assert [result.annotation_id for result in results] == [annotation.id for annotation in saved]
    assert set(after) == {annotation.id for annotation in saved}  # nothing dropped
    for result in results:
        annotation = after[result.annotation_id]
        assert annotation.detached == (result.kind == "detached")
        if annotation.item_id == removed.id:
            assert result.detached and "no longer on the agenda" in result.reason
            continue
        anchor = TextAnchor.from_dict(annotation.anchor)
        new_item = revised.item(annotation.item_id or "")
        assert new_item is not None
        if not result.detached:
            assert new_item.text[anchor.start : anchor.end] == anchor.exact
    kinds = Counter(result.kind for result in results if result.item_id != removed.id)
    assert kinds["detached"] <= 0.02 * sum(kinds.values())
    assert kinds["exact"] >= 0.5 * sum(kinds.values())


def test_reanchor_meeting_keeps_an_unchanged_meeting_exact(kkr_2016: Meeting) -> None:
    quotes = quotes_of(kkr_2016)
    records = [
        _Record(f"a{n}", quote.item_id, quote.anchor.to_dict()) for n, quote in enumerate(quotes)
    ]
    results = reanchor_meeting(records, kkr_2016, kkr_2016)
    assert {result.kind for result in results} == {"exact"}
    assert [result.anchor for result in results] == [record.anchor for record in records]


def test_reanchor_meeting_detaches_an_unreadable_anchor(kkr_2016: Meeting) -> None:
    item_id = kkr_2016.items[0].id
    [result] = reanchor_meeting([_Record("x", item_id, {"type": "text"})], kkr_2016, kkr_2016)
    assert result.detached and "no field 'exact'" in result.reason
    assert result.anchor == {"type": "text"}  # kept as it was


# -- PDF anchors -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_layouts(tmp_path_factory: pytest.TempPathFactory, kkr_2015: Meeting) -> list[Path]:
    """The longest real item of 2015 as an A4 PDF at 11 pt and a landscape Letter PDF at 8 pt."""
    folder = tmp_path_factory.mktemp("pdfs")
    paragraphs = [line for line in longest_item(kkr_2015).text.split("\n") if line.strip()]
    return [
        text_pdf(folder / "a4.pdf", paragraphs, "a4", 11),
        text_pdf(folder / "letter.pdf", paragraphs, "letter-l", 8),
    ]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _covered_words(words: list[Word], quads: list[Quad]) -> list[str]:
    """The words whose centres lie inside one of ``quads``."""

    def inside(word: Word, quad: Quad) -> bool:
        x, y = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
        return quad[0] <= x <= quad[2] and quad[1] <= y <= quad[5]

    return [word[4] for word in words if any(inside(word, quad) for quad in quads)]


def test_pdf_highlight_is_found_in_a_relaid_out_replacement(two_layouts: list[Path]) -> None:
    old_path, new_path = two_layouts
    old_words, new_words = pdf_words(old_path), pdf_words(new_path)
    assert len(old_words) == 2 and len(new_words) == 2  # the phrase moves to another page
    anchor = pdf_anchor_for(old_words, 1, 100, 112, _sha256(old_path))
    assert _covered_words(old_words[1], anchor.quads) == anchor.exact.split()
    result = reanchor_pdf(anchor, new_words, file_sha256=_sha256(new_path))
    assert result.kind == "exact" and result.page == 0
    assert _covered_words(new_words[0], result.quads) == anchor.exact.split()
    assert result.anchor.file_sha256 == _sha256(new_path)
    assert len(result.quads) == 2  # the phrase wraps onto a second line in both layouts


def test_pdf_highlight_with_an_edited_quote_is_found_fuzzily(two_layouts: list[Path]) -> None:
    old_words, new_words = pdf_words(two_layouts[0]), pdf_words(two_layouts[1])
    anchor = pdf_anchor_for(old_words, 1, 100, 112, "a" * 64)
    words = anchor.exact.split()
    edited = replace(anchor, exact=" ".join([*words[:5], "reviderede", *words[5:]]))
    result = reanchor_pdf(edited, new_words)
    assert result.kind == "fuzzy"
    assert set(_covered_words(new_words[0], result.quads)) >= set(words[1:-1])


def test_pdf_highlight_not_in_the_replacement_is_detached(two_layouts: list[Path]) -> None:
    words = pdf_words(two_layouts[0])
    anchor = pdf_anchor_for(words, 0, 10, 20, "a" * 64)
    result = reanchor_pdf(anchor, [[], []])
    assert (result.kind, result.page, result.quads) == ("detached", None, [])
    assert result.anchor == anchor


def test_pdf_anchor_round_trips_and_rejects_bad_input(two_layouts: list[Path]) -> None:
    words = pdf_words(two_layouts[0])
    anchor = pdf_anchor_for(words, 0, 3, 9, "a" * 64)
    assert PdfAnchor.from_dict(json.loads(json.dumps(anchor.to_dict()))) == anchor
    assert anchor_from_dict(anchor.to_dict()) == anchor
    with pytest.raises(AnchorError, match="quads"):
        PdfAnchor.from_dict({**anchor.to_dict(), "quads": [[1, 2, 3]]})
    with pytest.raises(AnchorError, match="bad word range 9..3 on page 0"):
        pdf_anchor_for(words, 0, 9, 3, "a" * 64)


def test_pdf_words_names_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bilag.pdf"
    path.write_text("ikke en pdf")
    with pytest.raises(AnchorError, match="bilag.pdf"):
        pdf_words(path)


def test_reanchor_meeting_follows_a_replaced_attachment(
    kkr_2016: Meeting, two_layouts: list[Path]
) -> None:
    old_path, new_path = two_layouts
    old_meeting, new_meeting = (_with_bilag(kkr_2016, path) for path in two_layouts)
    anchor = pdf_anchor_for(pdf_words(old_path), 1, 100, 112, _sha256(old_path))
    item_id = next(item.id for item in kkr_2016.items if item.attachments)
    record = _Record("pdf", item_id, anchor.to_dict(), "attachment", _sha256(old_path))
    words = {_sha256(new_path): pdf_words(new_path)}
    [moved] = reanchor_meeting([record], old_meeting, new_meeting, words.__getitem__)
    assert (moved.kind, moved.file_sha256) == ("exact", _sha256(new_path))
    assert PdfAnchor.from_dict(moved.anchor).page == 0
    [unchanged] = reanchor_meeting([record], old_meeting, old_meeting)
    assert (unchanged.kind, unchanged.anchor) == ("exact", record.anchor)
    [unread] = reanchor_meeting([record], old_meeting, new_meeting)
    assert unread.detached and "could not be read" in unread.reason
    [gone] = reanchor_meeting([record], old_meeting, kkr_2016)
    assert gone.detached and "no longer on the agenda" in gone.reason


# -- helpers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    """An annotation as the personal store gives it, reduced to what re-anchoring reads."""

    id: str
    item_id: str
    anchor: dict[str, Any]
    target: str = "item"
    file_sha256: str | None = None


def _with_bilag(meeting: Meeting, path: Path) -> Meeting:
    """``meeting`` with the first bilag of its first item with bilag provided as ``path``."""
    copy = Meeting.from_dict(meeting.to_dict())
    item = next(item for item in copy.items if item.attachments)
    item.attachments[0].file = FileRef(
        name=item.attachments[0].title,
        file_name=path.name,
        mime_type="application/pdf",
        size=path.stat().st_size,
        sha256=_sha256(path),
    )
    return copy
