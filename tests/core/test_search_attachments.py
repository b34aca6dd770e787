"""Attachment pages in the search: extracted in a spawned process, once per file, resumable.

The samples ship no bilag files, so these tests make STAND-IN attachment PDFs: real
paragraphs of KD-Net's agenda of 24 January 2020 (item 8, lines 185-236), one
paragraph a page, written into a PDF by PyMuPDF. They are packed as bilag 1 of KKR
2020's item 3.3 ("Nær psykiatri efter Januarkonferencen", whose first bilag is the
"konferenceavis", a file we do not have).
"""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest

from companion.core.library import Library
from companion.core.packing import pack_agenda
from companion.core.resources import resources_dir
from companion.core.search.attachments import WORKER_NICENESS, IndexProgress, index_pending
from companion.core.search.index import SearchFilters, SearchIndex
from companion.core.search.query import parse_query

AGENDAS = resources_dir() / "agendas"
KKR_2020 = "kkr-midtjylland-2020-02-05"
#: Stand-in pages: paragraphs of KD-Net 2020-01-24, item 8 (lines 191, 231 and 233).
STAND_IN_PAGES = [
    "De ti udviklingsinitiativer udviklet i regi af alliancen om den nære psykiatri er "
    "forankret i forskelligt regi, hvor nogle udvikles og afprøves i klyngerne eller i "
    "enkelte kommuner, mens andre udvikles i tværsektorielle arbejdsgrupper.",
    "Konkret har initiativet om Fælles forpligtende forløb og handleplan (initiativ 1) "
    "henvendt sig til styregruppen for alliancen om den nære psykiatri ift. samfinansiering "
    "af 300.000 kr. til en halv projektlederstilling til selve afprøvningen i en kommune "
    "fra februar 2020.",
    "Region Midtjylland har tilkendegivet finansiering af halvdelen af beløbet – dvs. "
    "150.000 kr. Der udestår således en hurtig stillingtagen til den kommunale halvdel af "
    "de 300.000 kr.",
]


def stand_in_pdf(path: Path, pages: list[str]) -> Path:
    """A STAND-IN attachment: one real agenda paragraph per page."""
    document = pymupdf.open()
    for text in pages:
        page = document.new_page()
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontsize=11)
    document.save(path)
    document.close()
    return path


@pytest.fixture
def library_with_bilag(tmp_path: Path) -> Library:
    bilag = stand_in_pdf(tmp_path / "3.3-1.pdf", STAND_IN_PAGES)
    packed = pack_agenda(AGENDAS / f"{KKR_2020}.txt", [bilag], tmp_path / "kkr.zip")
    library = Library(tmp_path / "data")
    library.import_path(packed.path)
    return library


def attachment_hits(library: Library, text: str) -> list[tuple[str, str | None, int | None]]:
    with SearchIndex(library.data_dir) as index:
        hits = index.search(parse_query(text), SearchFilters(kinds=frozenset({"attachment"})))
    return [(hit.meeting_id, hit.item_number, hit.page) for hit in hits]


def test_an_attachment_page_is_found_with_its_page_number(library_with_bilag: Library) -> None:
    with library_with_bilag as library:
        progress: list[IndexProgress] = []
        outcome = index_pending(library, progress=progress.append)
        assert (outcome.files_indexed, outcome.pages_indexed, outcome.failed) == (1, 3, [])
        # Extracted in another process: the test's own never ran get_text.
        assert outcome.worker_pids and os.getpid() not in outcome.worker_pids
        assert progress[-1].files_done == progress[-1].files_total == 1
        assert progress[-1].pages_done == progress[-1].page_count == 3
        # "projektlederstilling" stands on the second stand-in page only; the inflected
        # "halvdelen" (page 3) is found by "halvdel".
        assert attachment_hits(library, "projektlederstilling") == [(KKR_2020, "3.3", 2)]
        assert attachment_hits(library, '"halvdel"') == [(KKR_2020, "3.3", 3)]
        with SearchIndex(library.data_dir) as index:
            (hit,) = index.search(parse_query("projektlederstilling"))
            assert hit.kind == "attachment" and hit.title.startswith("De enkelte initiativer")
            assert "[projektlederstilling]" in hit.snippet.marked()
        # Nothing is left to do: a second run reads no file.
        again = index_pending(library)
        assert (again.files_indexed, again.pages_indexed, again.worker_pids) == (0, 0, set())


def test_a_cancelled_run_goes_on_where_it_stopped(library_with_bilag: Library) -> None:
    with library_with_bilag as library:
        first = index_pending(library, chunk_pages=1, cancelled=_after_calls(1))
        assert first.cancelled and first.pages_indexed == 1
        with SearchIndex(library.data_dir) as index:
            (pending,) = index.pending_files()
            assert (pending.page_count, pending.pages_done) == (3, 1)
        rest = index_pending(library, chunk_pages=1)
        assert (rest.files_indexed, rest.pages_indexed) == (1, 2)  # pages 2 and 3, once each
        with SearchIndex(library.data_dir) as index:
            assert index.pending_files() == []
            (sha256,) = {
                hit.file_sha256
                for hit in index.search(parse_query("alliancen"))
                if hit.kind == "attachment"
            }
            assert index.indexed_pages(sha256) == 3


def test_a_file_two_meetings_carry_is_read_once(tmp_path: Path) -> None:
    bilag = stand_in_pdf(tmp_path / "3.3-1.pdf", STAND_IN_PAGES)
    kkr = pack_agenda(AGENDAS / f"{KKR_2020}.txt", [bilag], tmp_path / "kkr.zip")
    # KD-Net's item 4 has one bilag: the same stand-in file, for this test.
    kd_bilag = tmp_path / "kd" / "4-1.pdf"
    kd_bilag.parent.mkdir()
    kd_bilag.write_bytes(bilag.read_bytes())
    kd_net = pack_agenda(
        AGENDAS / "kd-net-midtjylland-2020-01-24.txt", [kd_bilag], tmp_path / "kd.zip"
    )
    with Library(tmp_path / "data") as library:
        library.import_path(kkr.path)
        library.import_path(kd_net.path)
        outcome = index_pending(library)
        assert (outcome.files_indexed, outcome.pages_indexed) == (1, 3)
        assert sorted(attachment_hits(library, "projektlederstilling")) == [
            ("kd-net-midtjylland-2020-01-24", "4", 2),
            (KKR_2020, "3.3", 2),
        ]


def test_a_file_that_is_no_pdf_is_recorded_and_not_tried_again(tmp_path: Path) -> None:
    broken = tmp_path / "3.3-1.pdf"
    broken.write_bytes(b"STAND-IN: not a PDF, a damaged download " * 20)
    packed = pack_agenda(AGENDAS / f"{KKR_2020}.txt", [broken], tmp_path / "kkr.zip")
    with Library(tmp_path / "data") as library:
        library.import_path(packed.path)
        outcome = index_pending(library)
        assert len(outcome.failed) == 1 and outcome.pages_indexed == 0
        assert index_pending(library).failed == []  # recorded: not read again
        with SearchIndex(library.data_dir) as index:
            assert index.pending_files() == []


def _after_calls(allowed: int):  # type: ignore[no-untyped-def]
    """A ``cancelled`` that says no ``allowed`` times, then yes."""
    calls = {"count": 0}

    def cancelled() -> bool:
        calls["count"] += 1
        return calls["count"] > allowed

    return cancelled


def test_a_long_file_is_stored_in_few_transactions_and_reported_per_transaction(
    tmp_path: Path,
) -> None:
    # Each transaction is a new FTS5 segment to merge and a progress signal to the
    # window: 16 pages a transaction made a 300-page file 19 of each (issue 13).
    bilag = stand_in_pdf(tmp_path / "3.3-1.pdf", STAND_IN_PAGES * 100)
    packed = pack_agenda(AGENDAS / f"{KKR_2020}.txt", [bilag], tmp_path / "kkr.zip")
    progress: list[IndexProgress] = []
    with Library(tmp_path / "data") as library:
        library.import_path(packed.path)
        outcome = index_pending(library, progress=progress.append)
        assert outcome.pages_indexed == 300
        assert len(attachment_hits(library, "projektlederstilling")) == 100
    assert [report.pages_done for report in progress] == [128, 256, 300]
    assert progress[-1].files_done == 1


def test_the_workers_read_at_a_lower_priority_than_the_window(tmp_path: Path) -> None:
    bilag = stand_in_pdf(tmp_path / "3.3-1.pdf", STAND_IN_PAGES)
    packed = pack_agenda(AGENDAS / f"{KKR_2020}.txt", [bilag], tmp_path / "kkr.zip")
    with Library(tmp_path / "data") as library:
        library.import_path(packed.path)
        outcome = index_pending(library)
    assert outcome.pages_indexed == 3
    assert outcome.worker_niceness == {min(19, os.nice(0) + WORKER_NICENESS)}
