"""Words on half the attachment pages or more are ranked by date, in bm25's own order.

bm25 gives such a word an inverse document frequency of 1e-6 (FTS5 clamps the
zero or negative ones), so every page it is on scores about -1e-6: one band, in
which the newer meeting comes first (issue 13). `SearchIndex.search` ranks these
pages by date without computing bm25 (`companion.core.search.common_phrases`);
these tests compare that order with bm25's on the same corpus, page for page.

The corpus is STAND-IN attachments: pages of real paragraphs of KD-Net's agenda of
24 January 2020 (two different paragraphs a page, so the pages differ in length
and in how often a word is on them), written by PyMuPDF, packed as bilag of four
real meetings (KKR 2015, KKR 2016, KD-Net 2020, KKR 2020), one file carried by
two meetings and two files of one meeting, so that ties of date are crossed.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pymupdf
import pytest

from companion.core.library import Library
from companion.core.packing import pack_agenda
from companion.core.resources import resources_dir
from companion.core.search.attachments import index_pending
from companion.core.search.common_phrases import PhraseCounts
from companion.core.search.hits import best_page_rows, filter_sql, page_rows
from companion.core.search.index import SCORE_BAND_DECIMALS, SearchFilters, SearchIndex
from companion.core.search.matching import fts5_phrases, match_expression
from companion.core.search.query import parse_query

AGENDAS = resources_dir() / "agendas"
KD_NET = AGENDAS / "kd-net-midtjylland-2020-01-24.txt"
PAGES_A_FILE = 24
#: The files, by name, and where each is a bilag: (meeting, bilag file name).
FILES = {
    "A": [("kkr-midtjylland-2020-02-05", "3.1-1.pdf")],
    "B": [
        ("kkr-midtjylland-2020-02-05", "3.3-1.pdf"),
        ("kd-net-midtjylland-2020-01-24", "6-1.pdf"),
    ],
    "C": [("kd-net-midtjylland-2020-01-24", "5-1.pdf")],
    "D": [("kkr-midtjylland-2016-11-22", "3.1-1.pdf")],
    "E": [("kkr-midtjylland-2015-04-20", "3.8-1.pdf")],
}


def real_paragraphs() -> list[str]:
    """The long lines of KD-Net's agenda: its paragraphs of running text."""
    lines = KD_NET.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if len(line.strip()) > 150]


def stand_in_pdf(path: Path, offset: int, paragraphs: list[str]) -> Path:
    """A STAND-IN attachment: each page two real paragraphs, chosen by page and file."""
    document = pymupdf.open()
    count = len(paragraphs)
    for number in range(PAGES_A_FILE):
        first = paragraphs[(number * 3 + offset) % count]
        second = paragraphs[(number * 7 + 2 * offset + 1) % count]
        page = document.new_page()
        page.insert_textbox(pymupdf.Rect(50, 50, 545, 800), f"{first}\n{second}", fontsize=8)
    document.save(path)
    document.close()
    return path


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("common")
    paragraphs = real_paragraphs()
    assert len(paragraphs) >= 10
    bilag: dict[str, list[Path]] = {}
    for offset, (name, places) in enumerate(FILES.items()):
        made = stand_in_pdf(folder / f"{name}.pdf", offset, paragraphs)
        for meeting, file_name in places:
            (folder / meeting).mkdir(exist_ok=True)
            copy = folder / meeting / file_name
            shutil.copyfile(made, copy)
            bilag.setdefault(meeting, []).append(copy)
    library = Library(folder / "data")
    for meeting, files in bilag.items():
        packed = pack_agenda(AGENDAS / f"{meeting}.txt", files, folder / f"{meeting}.zip")
        library.import_path(packed.path)
    index_pending(library)
    return library


def share(index: SearchIndex, text: str) -> float:
    """The smallest share of the pages that a phrase of ``text`` is on (if on any)."""
    counts = PhraseCounts(index._connection)  # noqa: SLF001
    query = parse_query(text)
    parts = [part for group in query.required for p in group for part in fts5_phrases(p)]
    (pages,) = index._connection.execute(  # noqa: SLF001
        "SELECT count(*) FROM docs WHERE kind = 'page'"
    ).fetchone()
    found = [counts.pages_with(part) for part in parts if counts.pages_with(part)]
    return min(found) / pages


#: Words of the paragraphs on half the pages or more (checked below), typed as a member does.
COMMON = ["at", "og", "kommunerne", "og at"]
#: On fewer than half the pages: bm25 ranks them, and not by date.
RARER = ["psykiatri"]


@pytest.mark.parametrize("text", COMMON)
def test_a_common_word_is_ranked_as_bm25_ranks_it(library: Library, text: str) -> None:
    with SearchIndex(library.data_dir) as index:
        assert share(index, text) >= 0.5, "the word must be on half the pages or more"
        connection = index._connection  # noqa: SLF001
        match = match_expression(parse_query(text))
        everything = 10 * len(FILES) * PAGES_A_FILE
        by_bm25 = best_page_rows(connection, match, everything, by_date=False)
        by_date = best_page_rows(connection, match, everything, by_date=True)
        # bm25 scores every page in one band: the premise of ranking by date.
        assert {round(row[-1], SCORE_BAND_DECIMALS) for row in by_bm25} == {0.0}
        assert len({row[-1] for row in by_bm25}) > 1, "bm25 still tells the pages apart"
        assert len(by_bm25) > len(FILES) * PAGES_A_FILE / 2
        assert [row[:-1] for row in by_date] == [row[:-1] for row in by_bm25]
        # The first 20 too, and with a filter (which joins every match).
        assert best_page_rows(connection, match, 20, by_date=True) == [
            (*row[:-1], 0.0) for row in by_bm25[:20]
        ]
        where, params = filter_sql(SearchFilters(year=2020))
        filtered_bm25 = page_rows(connection, match, where, params, everything)
        filtered_date = page_rows(connection, match, where, params, everything, by_date=True)
        assert [row[:-1] for row in filtered_date] == [row[:-1] for row in filtered_bm25]
        assert {row[3] for row in filtered_date} == {
            "kkr-midtjylland-2020-02-05",
            "kd-net-midtjylland-2020-01-24",
        }
        # And the search itself: the pages of the newest meeting first, two files crossed.
        hits = index.search(parse_query(text), SearchFilters(kinds=frozenset({"attachment"})), 20)
    best = [(row[3], row[1]) for row in by_bm25[:20]]
    assert [(hit.meeting_id, hit.page) for hit in hits] == best
    assert {hit.meeting_id for hit in hits} == {"kkr-midtjylland-2020-02-05"}
    assert len({hit.file_sha256 for hit in hits}) == 2


@pytest.mark.parametrize("text", RARER)
def test_a_rarer_word_is_ranked_by_bm25(library: Library, text: str) -> None:
    with SearchIndex(library.data_dir) as index:
        assert 0 < share(index, text) < 0.5
        connection = index._connection  # noqa: SLF001
        match = match_expression(parse_query(text))
        counts = PhraseCounts(connection)
        parts = [part for p in parse_query(text).phrases() for part in fts5_phrases(p)]
        assert not counts.all_common(parts)
        by_bm25 = best_page_rows(connection, match, 20)
        hits = index.search(parse_query(text), SearchFilters(kinds=frozenset({"attachment"})), 20)
        # Here the date order would be wrong: bm25 puts the pages in several bands.
        assert len({round(row[-1], SCORE_BAND_DECIMALS) for row in by_bm25}) > 1
        assert by_bm25 != best_page_rows(connection, match, 20, by_date=True)
    assert [(hit.meeting_id, hit.page) for hit in hits] == [(row[3], row[1]) for row in by_bm25]


def test_an_index_made_before_the_ranking_indexes_gets_them_when_opened(tmp_path: Path) -> None:
    with SearchIndex(tmp_path):
        pass
    made = sqlite3.connect(tmp_path / "search.db")
    made.execute("DROP INDEX files_by_newest")
    made.execute("DROP INDEX docs_page_key")
    made.commit()
    made.close()
    with SearchIndex(tmp_path) as index:
        names = {
            row[0]
            for row in index._connection.execute(  # noqa: SLF001
                "SELECT name FROM sqlite_master WHERE type = 'index'"
            )
        }
        assert index.search(parse_query("at"), SearchFilters()) == []
    assert {"files_by_newest", "docs_page_key"} <= names
