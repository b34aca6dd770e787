"""The search index over the four sample meetings and the member's own notes.

Every expected hit was read by hand in the agenda texts (shared/agendas, the same
texts as resources/agendas); the line that answers is quoted in a comment.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.personal import PersonalStore, personal_db_path
from companion.core.samples import sample_packages
from companion.core.search.index import Hit, SearchFilters, SearchIndex, search_db_path
from companion.core.search.matching import Snippet
from companion.core.search.query import parse_query
from companion.core.search.terms import STEMMER_ID, term, terms_text

KD_NET = "kd-net-midtjylland-2020-01-24"
KKR_2015 = "kkr-midtjylland-2015-04-20"
KKR_2016 = "kkr-midtjylland-2016-11-22"
KKR_2020 = "kkr-midtjylland-2020-02-05"
MARKED = re.compile(r"\[([^\]]*)\]")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    with Library(folder) as library:
        for package in sample_packages():
            library.import_path(package)
    return folder


@pytest.fixture(scope="module")
def index(data_dir: Path) -> Iterator[SearchIndex]:
    with Library(data_dir) as library, SearchIndex(data_dir) as search_index:
        search_index.refresh_items(library)
        yield search_index


def search(index: SearchIndex, text: str, **filters: object) -> list[Hit]:
    return index.search(parse_query(text), SearchFilters(**filters), limit=500)  # type: ignore[arg-type]


def found(index: SearchIndex, text: str, **filters: object) -> set[tuple[str, str | None]]:
    return {(hit.meeting_id, hit.item_number) for hit in search(index, text, **filters)}


def marked(hits: list[Hit]) -> set[str]:
    return {text.casefold() for hit in hits for text in MARKED.findall(hit.snippet.marked())}


# --- terms --------------------------------------------------------------------------------


def test_inflected_forms_share_a_term() -> None:
    # The brief's pairs, and the s that Snowball leaves after taking "er" (a second step).
    assert term("lærepladser") == term("læreplads") == term("lærepladsen")
    assert term("erhvervshusene") == term("Erhvervshus") == term("erhvervshuset")
    assert term("pædagoguddannelse") == term("pædagoguddannelsen")
    assert term("praktikpladser") == term("praktikplads")


def test_short_words_keep_their_own_term() -> None:
    # A second step below five letters would join these (foreligger -> for, oversigt -> over).
    assert term("foreligger") != term("for")
    assert term("oversigt") != term("over")
    assert term("tilsiger") != term("til")
    assert term("børsen") != term("bør")


def test_danish_letters_stay_letters_and_case_numbers_keep_their_digits() -> None:
    assert terms_text("Børnehus Ærø Åbyhøj") == "børnehus ærø åbyhøj"
    assert terms_text("SAG-2019-07153 jhp") == "sag 2019 07153 jhp"
    assert terms_text("Sagsnr. 25/26257") == "sagsnr 25 26257"


# --- searching the samples ------------------------------------------------------------------


def test_an_inflected_form_finds_the_others(index: SearchIndex) -> None:
    # Quoted, so no prefix: only the shared term can find them.
    # KD-Net 5: "Godkendelse af resultatkontrakt 2020 mellem KKR Midtjylland og Erhvervshus
    # Midtjylland" (line 31); 2020's 3.2: "... og Erhvervshus Midtjylland" (line 210);
    # 3.1: "KKR kan – i samarbejde med erhvervshusene – have en strategisk ..." (line 182);
    # KD-Net 15: "- Resultatkontrakt for erhvervshus Midtjylland 2020" (line 337).
    expected = {(KD_NET, "5"), (KD_NET, "15"), (KKR_2020, "3.1"), (KKR_2020, "3.2")}
    assert found(index, '"erhvervshusene"') == expected
    assert found(index, '"Erhvervshus"') == expected
    assert {"erhvervshus", "erhvervshusene"} <= marked(search(index, '"erhvervshusene"'))


def test_pædagoguddannelse_finds_pædagoguddannelsen(index: SearchIndex) -> None:
    # KD-Net 10 "Orientering om dimensionering af pædagoguddannelsen" (line 293), KD-Net 15
    # "- Dimensionering af pædagoguddannelsen" (line 340), 2020's 3.4 (line 241) and 2016's
    # 4.1 "Dimensionering af pædagoguddannelsen 2017/2018".
    hits = search(index, '"pædagoguddannelse"')
    assert {(hit.meeting_id, hit.item_number) for hit in hits} == {
        (KD_NET, "10"),
        (KD_NET, "15"),
        (KKR_2020, "3.4"),
        (KKR_2016, "4.1"),
    }
    assert marked(hits) == {"pædagoguddannelsen"}


def test_praktikplads_finds_praktikpladser(index: SearchIndex) -> None:
    # 2016's 3.6: "en pulje på 64 ekstra SOSU-assistent praktikpladser" (line 330).
    assert found(index, '"praktikplads"') == {(KKR_2016, "3.6")}


def test_æ_ø_å_are_letters(index: SearchIndex) -> None:
    # 2016's 3.1 "Børnehus Midtjylland – aktiviteter og drift 2016-17".
    assert found(index, "Børnehus") == {(KKR_2016, "3.1")}
    assert found(index, "Bornehus") == set()  # ø is not o
    # "sårbare" (KD-Net 7 line 162, 2020's 3.6, 2016's 3.3 "sårbare børn" and 3.5).
    assert found(index, '"sårbar"') == {
        (KD_NET, "7"),
        (KKR_2016, "3.3"),
        (KKR_2016, "3.5"),
        (KKR_2020, "3.6"),
    }


def test_a_phrase_is_its_words_in_a_row(index: SearchIndex) -> None:
    # "sårbare borgere" stands in KD-Net 7 (line 162) and 2020's 3.6 (line 359); 2016's 3.3
    # has "sårbare børn", 3.5 both words apart.
    hits = search(index, '"sårbare borgere"')
    assert {(hit.meeting_id, hit.item_number) for hit in hits} == {(KD_NET, "7"), (KKR_2020, "3.6")}
    assert marked(hits) == {"sårbare borgere"}


def test_a_case_number_matches_as_typed(index: SearchIndex) -> None:
    # "SAG-2019-07153 jhp" and the like under every item of the 2020 KKR agenda (10 items),
    # no other meeting has it.
    hits = search(index, "SAG-2019-07153")
    assert {hit.meeting_id for hit in hits} == {KKR_2020}
    assert len(hits) == 10
    assert marked(hits) == {"sag-2019-07153"}
    assert search(index, "SAG-2019-07154") == []


def test_short_words_do_not_find_longer_words_by_their_stem(index: SearchIndex) -> None:
    # "foreligger" stands in 2015's text; "for" must mark "for" only, never "foreligger".
    assert marked(search(index, '"for"')) == {"for"}
    assert marked(search(index, '"til"')) == {"til"}
    # The last word is a prefix of its letters as typed, not of its stem: "kommune" finds
    # "kommunerne" and "kommunekontaktrådet", not "kommunikation" (KD-Net 3, line 83).
    prefixed = marked(search(index, "kommune"))
    assert "kommunerne" in prefixed and "kommunikation" not in prefixed


def test_title_hits_come_first(index: SearchIndex) -> None:
    hits = search(index, "Erhvervshus")
    titles = [hit.title_hit for hit in hits]
    assert titles == sorted(titles, reverse=True) and titles[:2] == [True, True]
    assert {
        (hits[0].meeting_id, hits[0].item_number),
        (hits[1].meeting_id, hits[1].item_number),
    } == {
        (KD_NET, "5"),
        (KKR_2020, "3.2"),
    }


def test_among_equal_scores_the_newer_meeting_comes_first() -> None:
    def hit(start: datetime, score: float, title_hit: bool) -> Hit:
        return Hit("item", "m", "KKR", start, "i", "1", "t", "t", Snippet("t"), score, title_hit)

    older, newer = datetime(2015, 4, 20), datetime(2020, 2, 5)
    ordered = sorted(
        [hit(older, -5.01, False), hit(newer, -4.99, False), hit(older, -1.0, True)],
        key=Hit.sort_key,
    )
    assert [(h.title_hit, h.meeting_start) for h in ordered] == [
        (True, older),  # a title hit first, even with a weaker score
        (False, newer),  # -5.01 and -4.99 are equal: the newer first
        (False, older),
    ]


def test_filters_by_body_year_and_kind(index: SearchIndex) -> None:
    assert found(index, '"Erhvervshus"', body="kd-net") == {(KD_NET, "5"), (KD_NET, "15")}
    # "psykiatri" in 2016: 3.3 and 4.1 ("Opfølgning på temadrøftelse om psykiatri").
    assert found(index, "psykiatri", year=2016) == {(KKR_2016, "3.3"), (KKR_2016, "4.1")}
    assert found(index, "psykiatri", kinds=frozenset({"note"})) == set()


def test_the_snippet_shows_the_original_text_around_the_hit(index: SearchIndex) -> None:
    (hit,) = search(index, '"praktikplads"')
    # The first of them: "... SOSU-området til efterretning og fordelte praktikpladserne
    # mellem kommunerne." (line 328)
    assert "og fordelte [praktikpladserne] mellem kommunerne." in hit.snippet.marked()
    start, end = hit.snippet.marks[0]
    assert hit.snippet.text[start:end] == "praktikpladserne"


# --- the member's own text ------------------------------------------------------------------


def item_id(index: SearchIndex, meeting_id: str, number: str) -> str:
    return next(
        row.item_id
        for row in index.item_rows()
        if row.meeting_id == meeting_id and row.number == number
    )


def test_the_members_notes_are_found_and_never_written_to_the_content(data_dir: Path) -> None:
    with Library(data_dir) as library, SearchIndex(data_dir) as index:
        index.refresh_items(library)
        resultatkontrakt = item_id(index, KKR_2020, "3.2")
        with PersonalStore(personal_db_path(data_dir)) as store:
            store.add_question(KKR_2020, resultatkontrakt, "Hvordan følges målsætningerne op?")
            store.set_position(
                KKR_2020, resultatkontrakt, stance="forbehold", remark="Spørg til budgettet"
            )
            store.set_note(KKR_2020, None, "Husk frokostmødet med borgmestrene")
        hits = search(index, "målsætning", kinds=frozenset({"note"}))
        assert [(hit.kind, hit.note_kind, hit.item_number, hit.title) for hit in hits] == [
            (
                "note",
                "question",
                "3.2",
                "Resultatkontrakt 2020 mellem KKR Midtjylland og Erhvervshus Midtjylland",
            )
        ]
        assert hits[0].snippet.marked() == "Hvordan følges [målsætningerne] op?"
        # Merged with the content's hits: 2015's 3.7 and 3.8 have "målsætning" in the title.
        merged = search(index, "målsætningerne")
        assert {hit.kind for hit in merged} == {"item", "note"}
        (remark,) = search(index, "budgetter", kinds=frozenset({"note"}))
        assert remark.note_kind == "remark"
        (meeting_note,) = search(index, "frokostmøde", kinds=frozenset({"note"}))
        assert (meeting_note.note_kind, meeting_note.item_number) == ("note", None)
        assert meeting_note.title == "Dagsorden, KKR Midtjylland 5. februar 2020"  # the meeting

        # A change of the personal store is seen at the next search.
        with PersonalStore(personal_db_path(data_dir)) as store:
            store.set_note(KKR_2020, None, "Frokost aflyst")
        assert search(index, "frokostmøde", kinds=frozenset({"note"})) == []
        assert len(search(index, "aflyst", kinds=frozenset({"note"}))) == 1

    for path in (data_dir / "content.db", search_db_path(data_dir)):
        for file in (path, Path(f"{path}-wal")):
            if file.exists():
                assert b"Frokost aflyst" not in file.read_bytes(), file
                assert "målsætningerne op".encode() not in file.read_bytes(), file


def test_a_highlight_note_in_an_attachment_says_its_page(data_dir: Path, tmp_path: Path) -> None:
    with Library(data_dir) as library, SearchIndex(data_dir, tmp_path / "personal.db") as index:
        index.refresh_items(library)
        klima = item_id(index, KKR_2020, "3.1")
        with PersonalStore(tmp_path / "personal.db") as store:
            anchor = {"type": "pdf", "file_sha256": "a" * 64, "page": 1, "quads": [], "exact": "x"}
            store.add_annotation(
                KKR_2020,
                klima,
                "attachment",
                anchor,
                file_sha256="a" * 64,
                note="Vigtigt klimaspor",
            )
        (hit,) = search(index, "klimaspor")
        assert (hit.kind, hit.note_kind, hit.page, hit.item_number) == (
            "note",
            "highlight",
            2,
            "3.1",
        )


# --- the file itself ------------------------------------------------------------------------


def test_an_index_from_another_stemmer_or_a_damaged_file_is_rebuilt(tmp_path: Path) -> None:
    with Library(tmp_path) as library:
        library.import_path(sample_packages()[0])
        with SearchIndex(tmp_path) as index:
            index.refresh_items(library)
        with sqlite3.connect(search_db_path(tmp_path)) as connection:
            connection.execute("UPDATE meta SET value = 'another' WHERE key = 'stemmer'")
        connection.close()
        with SearchIndex(tmp_path) as index:
            assert search(index, "Sociolancen") == []  # rebuilt empty: items come at refresh
            index.refresh_items(library)
            assert found(index, "Sociolancen") == {(KD_NET, "7"), (KD_NET, "15")}
        for suffix in ("-wal", "-shm"):
            Path(f"{search_db_path(tmp_path)}{suffix}").unlink(missing_ok=True)
        search_db_path(tmp_path).write_bytes(b"not a database at all" * 100)
        with SearchIndex(tmp_path) as index:
            index.refresh_items(library)
            assert found(index, "Sociolancen") == {(KD_NET, "7"), (KD_NET, "15")}
        with sqlite3.connect(search_db_path(tmp_path)) as connection:
            stored = connection.execute("SELECT value FROM meta WHERE key = 'stemmer'").fetchone()
        connection.close()
        assert stored == (STEMMER_ID,)


def test_a_removed_meeting_leaves_the_index(tmp_path: Path) -> None:
    with Library(tmp_path) as library, SearchIndex(tmp_path) as index:
        for package in sample_packages():
            library.import_path(package)
        index.refresh_items(library)
        assert found(index, "Sociolancen") == {(KD_NET, "7"), (KD_NET, "15"), (KKR_2020, "3.6")}
        library.remove_meeting(KD_NET)
        outcome = index.refresh_items(library)
        assert outcome.removed == [KD_NET] and outcome.indexed == []
        assert found(index, "Sociolancen") == {(KKR_2020, "3.6")}
        assert index.refresh_items(library).removed == []  # nothing more to do
