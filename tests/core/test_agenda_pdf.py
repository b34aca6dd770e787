"""The whole agenda as a PDF: structure, bookmarks, Danish text, page numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from companion.core.agenda_pdf import (
    CLOSED_LABEL,
    CONTENT_RECT,
    find_item_page,
    item_bookmark_title,
    render_agenda_pdf,
)
from companion.core.importers.agenda_text import import_agenda_file
from companion.core.model import FileRef, Meeting, Table
from companion.core.resources import resources_dir
from tests.core.test_package import meeting_2015

AGENDAS = sorted((resources_dir() / "agendas").glob("*.txt"))


def _open(meeting: Meeting) -> pymupdf.Document:
    return pymupdf.open("pdf", render_agenda_pdf(meeting))


def _text(document: pymupdf.Document) -> str:
    return "\n".join(page.get_text() for page in document)


def _flat(text: str) -> str:
    """Text with line breaks and repeated spaces folded, for phrase searches."""
    return re.sub(r"\s+", " ", text)


def test_the_real_agendas_are_there() -> None:
    assert len(AGENDAS) == 4


@pytest.fixture(scope="module", params=AGENDAS, ids=lambda path: path.stem)
def real(request: pytest.FixtureRequest) -> tuple[Meeting, pymupdf.Document]:
    meeting = import_agenda_file(request.param).meeting
    return meeting, _open(meeting)


def test_real_agenda_has_pages_and_one_bookmark_per_item(
    real: tuple[Meeting, pymupdf.Document],
) -> None:
    meeting, document = real
    assert document.page_count > 1
    toc = document.get_toc()
    assert [entry[1] for entry in toc if entry[0] == 2] == [
        item_bookmark_title(item) for item in meeting.items
    ]
    for item in meeting.items:
        page = find_item_page(toc, item)
        assert page is not None
        assert _flat(item.title) in _flat(document[page].get_text()), item.number


def test_real_agenda_footer_numbers_every_page(real: tuple[Meeting, pymupdf.Document]) -> None:
    _, document = real
    count = document.page_count
    for number, page in enumerate(document, start=1):
        footer = page.get_text(clip=pymupdf.Rect(0, CONTENT_RECT.y1, page.rect.width, 842))
        assert f"Side {number} af {count}" in footer


def test_real_agenda_lists_not_provided_bilag(real: tuple[Meeting, pymupdf.Document]) -> None:
    meeting, document = real
    bilag = [a for item in meeting.items for a in item.attachments]
    assert _flat(_text(document)).count("(ikke leveret)") == len(bilag)


def test_the_2015_agenda_reads_in_danish() -> None:
    [path] = [p for p in AGENDAS if p.stem == "kkr-midtjylland-2015-04-20"]
    text = _flat(_text(_open(import_agenda_file(path).meeting)))
    for phrase in ("Godkendelse af referat", "Første udkast", "Udgårdsvej", "Regionsrådet"):
        assert phrase in text
    assert "Mandag den 20. april 2015" in text


def test_the_2020_agenda_keeps_its_table() -> None:
    [path] = [p for p in AGENDAS if p.stem == "kkr-midtjylland-2020-02-05"]
    meeting = import_agenda_file(path).meeting
    [item] = [
        i for i in meeting.items if any(isinstance(b, Table) for s in i.sections for b in s.blocks)
    ]
    document = _open(meeting)
    page = find_item_page(document.get_toc(), item)
    assert page is not None
    tables = [t for p in (page, page + 1) for t in document[p].find_tables().tables]
    assert any("Holstebro" in str(t.extract()) for t in tables)


def test_contents_page_links_to_items() -> None:
    meeting = meeting_2015()
    document = _open(meeting)
    targets = {link["page"] for link in document[0].get_links()}
    toc = document.get_toc()
    assert {find_item_page(toc, item) for item in meeting.items} <= targets


def test_closed_items_are_marked_and_files_described() -> None:
    meeting = meeting_2015()
    meeting.items[1].public = False
    meeting.items[2].attachments[0].file = FileRef(
        "Udkast til VUS", "3.2-1.pdf", "application/pdf", 250_000, "b" * 64
    )
    document = _open(meeting)
    toc = document.get_toc()
    closed_page = document[find_item_page(toc, meeting.items[1]) or 0].get_text()
    assert CLOSED_LABEL in closed_page
    assert CLOSED_LABEL not in document[find_item_page(toc, meeting.items[0]) or 0].get_text()
    text = _flat(_text(document))
    assert "13. april 2015. (PDF, 244 kB)" in text
    assert text.count("(ikke leveret)") == 2


def test_indstilling_is_set_apart_in_a_box() -> None:
    meeting = meeting_2015()
    document = _open(meeting)
    page = document[find_item_page(document.get_toc(), meeting.items[2]) or 0]
    [hit] = page.search_for("Det indstilles, at KKR Midtjylland drøfter")
    rules = [d["rect"] for d in page.get_drawings()]
    left = [r for r in rules if r.x1 <= hit.x0 and r.y0 < hit.y0 and r.y1 > hit.y1]
    spanning = [r for r in rules if r.x0 < hit.x0 and r.x1 > hit.x1]
    above = [r for r in spanning if hit.y0 - 40 < r.y1 <= hit.y0]
    below = [r for r in spanning if hit.y1 <= r.y0 < hit.y1 + 50]
    assert left and above and below, "the Indstilling has no box around it"


def test_same_meeting_gives_the_same_bytes() -> None:
    assert render_agenda_pdf(meeting_2015()) == render_agenda_pdf(meeting_2015())


def test_title_page_has_the_meeting_facts_and_no_header() -> None:
    document = _open(meeting_2015())
    first = _flat(document[0].get_text())
    for phrase in ("KKR MIDTJYLLAND", "Dagsorden", "kl. 10.00", "Scandic, Udgårdsvej 2", "Indhold"):
        assert phrase in first
    header = document[1].get_text(clip=pymupdf.Rect(0, 0, 595, CONTENT_RECT.y0 - 10))
    assert "KKR Midtjylland" in header and "Dagsorden 20. april 2015" in header


def test_find_item_page_is_none_for_an_unknown_item() -> None:
    meeting = meeting_2015()
    toc = _open(meeting).get_toc()
    meeting.items[0].title = "Ikke på dagsordenen"
    assert find_item_page(toc, meeting.items[0]) is None


def test_render_page_one_for_a_look(tmp_path: Path) -> None:
    document = _open(meeting_2015())
    png = tmp_path / "agenda-page-1.png"
    document[0].get_pixmap(dpi=60).save(png)
    assert png.stat().st_size > 5_000
