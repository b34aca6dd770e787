"""What a search costs as the attachments grow: counted in SQLite's own steps, not timed.

A search's time is measured by benchmarks/search.py; these tests check the two
causes of its slow p95 (issue 13) are gone, by counting the virtual machine steps
SQLite runs (a progress handler called every 100 instructions), which do not
depend on how busy the machine is:

- item hits must not read the attachment pages' matches (items and pages shared
  one FTS5 table, so a search for items walked every matching page);
- the page hits of a search without filters must not join every matching page
  to its attachment and meeting when only the best ``limit`` are shown;
- a word on half the pages or more, which bm25 scores 0 on every page, must not
  be scored at all: its pages are read by date, and only the newest looked at.

The pages are STAND-IN attachments: one real paragraph of KD-Net's agenda of 24
January 2020 (item 8, line 191) a page, written by PyMuPDF, packed as bilag of
KKR 2020's item 3.3 and KKR 2015's item 3.8.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from companion.core.library import Library
from companion.core.packing import pack_agenda
from companion.core.resources import resources_dir
from companion.core.search.attachments import index_pending
from companion.core.search.index import SearchFilters, SearchIndex
from companion.core.search.query import parse_query

AGENDAS = resources_dir() / "agendas"
KKR_2020 = "kkr-midtjylland-2020-02-05"
KKR_2015 = "kkr-midtjylland-2015-04-20"
#: KD-Net 2020-01-24, item 8, line 191.
PARAGRAPH = (
    "De ti udviklingsinitiativer udviklet i regi af alliancen om den nære psykiatri er "
    "forankret i forskelligt regi, hvor nogle udvikles og afprøves i klyngerne eller i "
    "enkelte kommuner, mens andre udvikles i tværsektorielle arbejdsgrupper."
)


def stand_in_pdf(path: Path, pages: int, label: str) -> Path:
    """A STAND-IN attachment of ``pages`` pages, each the paragraph and its page label.

    Then twenty of the paragraph's words: "psykiatri" as often as the page number's
    last digits say (0-19), "regi" the rest, so every page is as long and a search
    for "psykiatri" ranks them in twenty bands.
    """
    document = pymupdf.open()
    for number in range(pages):
        page = document.new_page()
        often = number % 20
        tail = " ".join(["psykiatri"] * often + ["regi"] * (20 - often))
        text = f"{PARAGRAPH} Side {number + 1:04d} {label} {tail}"
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontsize=11)
    document.save(path)
    document.close()
    return path


def library_with_pages(folder: Path, pages_2020: int, pages_2015: int) -> Library:
    library = Library(folder / "data")
    for meeting, item, pages, label in (
        (KKR_2020, "3.3", pages_2020, "A"),
        (KKR_2015, "3.8", pages_2015, "B"),
    ):
        (folder / meeting).mkdir()
        bilag = stand_in_pdf(folder / meeting / f"{item}-1.pdf", pages, label)
        packed = pack_agenda(AGENDAS / f"{meeting}.txt", [bilag], folder / f"{meeting}.zip")
        library.import_path(packed.path)
    index_pending(library)
    return library


def steps_of(index: SearchIndex, text: str, kinds: set[str]) -> int:
    """SQLite instructions (in hundreds) that one search runs."""
    counted = [0]

    def count() -> int:
        counted[0] += 1
        return 0

    # The index's own connection: the steps are what SearchIndex.search asks of it.
    connection = index._connection  # noqa: SLF001
    connection.set_progress_handler(count, 100)
    try:
        index.search(parse_query(text), SearchFilters(kinds=frozenset(kinds)), limit=20)
    finally:
        connection.set_progress_handler(None, 0)
    return counted[0]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return library_with_pages(tmp_path_factory.mktemp("small"), 30, 30)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return library_with_pages(tmp_path_factory.mktemp("large"), 600, 600)


def test_item_hits_do_not_read_the_pages(small: Library, large: Library) -> None:
    with SearchIndex(small.data_dir) as few, SearchIndex(large.data_dir) as many:
        # "kommuner" stands on every stand-in page and in items of both meetings.
        assert few.search(parse_query("kommuner"), SearchFilters(kinds=frozenset({"item"})))
        few_steps = steps_of(few, "kommuner", {"item"})
        many_steps = steps_of(many, "kommuner", {"item"})
    assert many_steps < few_steps * 1.5, (few_steps, many_steps)


def fts5_walk_steps(index: SearchIndex, text: str) -> int:
    """SQLite instructions (in hundreds) of FTS5 alone ranking every page that matches."""
    counted = [0]

    def count() -> int:
        counted[0] += 1
        return 0

    connection = index._connection  # noqa: SLF001
    connection.set_progress_handler(count, 100)
    try:
        connection.execute(
            "SELECT rowid, bm25(pages_fts) FROM pages_fts WHERE pages_fts MATCH ?", [text]
        ).fetchall()
    finally:
        connection.set_progress_handler(None, 0)
    return counted[0]


def test_the_best_pages_are_joined_not_every_match(large: Library) -> None:
    with SearchIndex(large.data_dir) as index:
        search_steps = steps_of(index, "psykiatri", {"attachment"})
        walk_steps = fts5_walk_steps(index, "psykiatri")
    # "psykiatri" is on all 1,200 pages. Ranking them costs FTS5's walk; joining each
    # to its attachment, meeting and item cost 3.6 times that walk, for 20 shown.
    assert search_steps < walk_steps * 3, (walk_steps, search_steps)


def test_equal_pages_come_newest_meeting_first_whatever_the_cut(large: Library) -> None:
    with SearchIndex(large.data_dir) as index:
        hits = index.search(
            parse_query("udviklingsinitiativer"), SearchFilters(kinds=frozenset({"attachment"})), 20
        )
        filtered = index.search(
            parse_query("udviklingsinitiativer"),
            SearchFilters(kinds=frozenset({"attachment"}), year=2015),
            20,
        )
    # Every page scores the same: the 2020 meeting's pages first, in page order.
    assert [(hit.meeting_id, hit.page) for hit in hits] == [(KKR_2020, n) for n in range(1, 21)]
    # A filter still finds the older meeting's pages (the cut is for unfiltered searches).
    assert [(hit.meeting_id, hit.page) for hit in filtered] == [(KKR_2015, n) for n in range(1, 21)]


@pytest.fixture(scope="module")
def mostly_old(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """1,200 pages, of which the newest meeting's file holds 60: where a common word's best are."""
    return library_with_pages(tmp_path_factory.mktemp("mostly_old"), 60, 1140)


def test_a_common_word_costs_its_newest_pages_not_bm25_of_every_page(mostly_old: Library) -> None:
    with SearchIndex(mostly_old.data_dir) as index:
        # "udviklingsinitiativer" is on all 1,200 pages: bm25 scores each of them about
        # -1e-6, one band, so the 20 shown are the newest meeting's first pages.
        first = steps_of(index, "udviklingsinitiativer", {"attachment"})
        again = steps_of(index, "udviklingsinitiativer", {"attachment"})
        walk_steps = fts5_walk_steps(index, '"udviklingsinitiativ"')
        hits = index.search(
            parse_query("udviklingsinitiativer"), SearchFilters(kinds=frozenset({"attachment"})), 20
        )
    assert [(hit.meeting_id, hit.page) for hit in hits] == [(KKR_2020, n) for n in range(1, 21)]
    # Scoring every page with bm25 and joining each to its file to sort them cost twice
    # FTS5's bm25 walk (316 hundred steps against 159, each search). Read by date, the first
    # search counts the word's pages once (kept until the index changes), lists them, and
    # looks at the newest file's 60 pages: 123; the same search again 72.
    assert first < walk_steps, (walk_steps, first)
    assert again < walk_steps * 0.6, (walk_steps, again)
