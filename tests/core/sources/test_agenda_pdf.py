"""Agenda PDFs -> the same meeting as the agenda text, items at their pages in the original.

KL's own PDFs are not in the repository; the test PDFs are made here from the
real agenda texts in two ways (tests.core.sources.agenda_pdf_makers): typeset
by LibreOffice with headings in bold, and the app's own agenda PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from companion.core.agenda_pdf import find_item_page, render_agenda_pdf
from companion.core.errors import Cause
from companion.core.importers.agenda_text import import_agenda_file
from companion.core.library import Library
from companion.core.model import Meeting
from companion.core.package import member_name, read_package
from companion.core.resources import resources_dir
from companion.core.sources.agenda_pdf import (
    PdfAgendaError,
    import_agenda_pdf,
    pack_agenda_pdf,
)
from tests.core.sources.agenda_pdf_makers import agenda_html, libreoffice_pdfs, scanned_pdf
from tests.core.test_package import make_pdf

AGENDAS = sorted((resources_dir() / "agendas").glob("*.txt"))
NAMES = [path.stem for path in AGENDAS]
KINDS = ["libreoffice", "app"]
STAND_IN = "Stand-in page made by the tests (the real bilag is not in the repository)"


@pytest.fixture(scope="session")
def text_imports() -> dict[str, Meeting]:
    return {path.stem: import_agenda_file(path).meeting for path in AGENDAS}


@pytest.fixture(scope="session")
def agenda_pdfs(
    tmp_path_factory: pytest.TempPathFactory, text_imports: dict[str, Meeting]
) -> dict[tuple[str, str], Path]:
    """Each real agenda as a PDF typeset by LibreOffice (one soffice call) and by the app."""
    folder = tmp_path_factory.mktemp("agenda-pdfs")
    htmls = {
        path.stem: agenda_html(path.read_text("utf-8"), text_imports[path.stem]) for path in AGENDAS
    }
    pdfs = {(name, "libreoffice"): pdf for name, pdf in libreoffice_pdfs(htmls, folder).items()}
    for name, meeting in text_imports.items():
        app = folder / f"{name}-app.pdf"
        app.write_bytes(render_agenda_pdf(meeting))
        pdfs[(name, "app")] = app
    return pdfs


def _outline(meeting: Meeting) -> list[tuple[object, ...]]:
    groups = [(group.number, group.title, len(group.items)) for group in meeting.groups]
    items = [
        (
            item.id,
            item.number,
            item.title,
            item.case_number,
            item.public,
            [(section.kind, section.title) for section in item.sections],
            [attachment.title for attachment in item.attachments],
        )
        for item in meeting.items
    ]
    return [(meeting.id, meeting.body, meeting.start), *groups, *items]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_a_pdf_reads_as_the_same_agenda_as_its_text(
    agenda_pdfs: dict[tuple[str, str], Path], text_imports: dict[str, Meeting], name: str, kind: str
) -> None:
    imported = import_agenda_pdf(agenda_pdfs[(name, kind)])
    assert _outline(imported.meeting) == _outline(text_imports[name])
    assert imported.meeting.items, "an agenda without items would compare equal too easily"


def _heading_page(document: pymupdf.Document, number: str, title: str) -> int | None:
    """The first page with a line "<number>[.] <title>" (a TOC has them in separate cells)."""
    heading = re.compile(rf"^(?:[•-]\s*)?{re.escape(number)}\.?\s+{re.escape(title[:15])}")
    for page in document:
        lines = page.get_text().splitlines()
        if any(heading.match(line.strip()) for line in lines):
            return int(page.number or 0)
    return None


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_each_item_is_at_the_page_of_its_heading(
    agenda_pdfs: dict[tuple[str, str], Path], name: str, kind: str
) -> None:
    imported = import_agenda_pdf(agenda_pdfs[(name, kind)])
    with pymupdf.open(agenda_pdfs[(name, kind)]) as document:
        toc = document.get_toc()
        expected = {
            item.id: _heading_page(document, item.number, item.title)
            for item in imported.meeting.items
        }
    assert imported.item_pages == expected
    assert None not in expected.values()
    assert len(set(expected.values())) > 1
    if kind == "app":  # the app's own bookmarks say the same
        assert imported.item_pages == {
            item.id: find_item_page(toc, item) for item in imported.meeting.items
        }


def test_the_package_keeps_the_original_pdf_and_opens_items_at_their_pages(
    agenda_pdfs: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    original = agenda_pdfs[("kkr-midtjylland-2016-11-22", "libreoffice")]
    result = pack_agenda_pdf(original, [], tmp_path / "package.zip")
    imported = import_agenda_pdf(original)
    with read_package(result.path) as package:
        meeting = package.meeting
        assert meeting.agenda_pdf is not None
        package.copy_file(meeting.agenda_pdf, tmp_path / "agenda.pdf")
    stored = (tmp_path / "agenda.pdf").read_bytes()
    # The original bytes, then an incremental update that adds the bookmarks.
    assert stored.startswith(original.read_bytes())
    assert len(stored) > original.stat().st_size
    assert meeting.agenda_pdf.file_name == original.name
    with pymupdf.open(tmp_path / "agenda.pdf") as document:
        toc = document.get_toc()
        assert document.page_count == pymupdf.open(original).page_count
    pages = {item.id: find_item_page(toc, item) for item in meeting.items}
    assert pages == imported.item_pages


def test_the_apps_own_pdf_goes_into_the_package_unchanged(
    agenda_pdfs: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    original = agenda_pdfs[("kkr-midtjylland-2020-02-05", "app")]
    result = pack_agenda_pdf(original, [], tmp_path / "package")
    assert result.meeting.agenda_pdf is not None
    stored = result.path / member_name(result.meeting.agenda_pdf)
    assert stored.read_bytes() == original.read_bytes()  # its bookmarks already fit


def _with_printed_bilag(original: Path, dest: Path) -> Path:
    """``original`` with stand-in bilag pages under "Bilag:" headings: after 3.2, and at the end."""
    with pymupdf.open(original) as document:
        imported = import_agenda_pdf(original)
        item_3_3 = next(item for item in imported.meeting.items if item.number == "3.3")
        after_3_2 = imported.item_pages[item_3_3.id] - 1  # the last page of item 3.2
        inserts = [
            (after_3_2 + 1, "Bilag: Udkast til VUS som fremsendt til Vækstforums møde", 1),
            (document.page_count, "Bilag 3.8.1: Rammepapir: Sammenhængende indsats", 2),
        ]
        for position, heading, count in reversed(inserts):
            for extra in range(count):
                page = document.new_page(position + extra)
                if extra == 0:
                    page.insert_text((57, 60), heading, fontname="hebo", fontsize=12)
                page.insert_text((57, 90 + 14 * extra), STAND_IN, fontname="helv", fontsize=10)
        document.save(dest)
    return dest


def test_bilag_printed_inside_the_agenda_become_files_of_their_pages(
    agenda_pdfs: dict[tuple[str, str], Path],
    text_imports: dict[str, Meeting],
    tmp_path: Path,
) -> None:
    name = "kkr-midtjylland-2015-04-20"
    agenda = _with_printed_bilag(agenda_pdfs[(name, "libreoffice")], tmp_path / "med-bilag.pdf")
    imported = import_agenda_pdf(agenda)
    assert _outline(imported.meeting) == _outline(text_imports[name])  # bilag text stays out
    with pymupdf.open(agenda) as document:
        for item in imported.meeting.items:
            assert imported.item_pages[item.id] == _heading_page(document, item.number, item.title)
    result = pack_agenda_pdf(agenda, [], tmp_path / "package")
    items = {item.number: item for item in result.meeting.items}
    vus, rammepapir = items["3.2"].attachments[0], items["3.8"].attachments[0]
    assert vus.title.startswith("Udkast til VUS")
    assert rammepapir.title.startswith("Rammepapir: Sammenhængende")
    assert [a.provided for a in items["3.2"].attachments] == [True, False, False, False]
    expected_pages = {vus.id: 1, rammepapir.id: 2}
    for attachment in (vus, rammepapir):
        assert attachment.file is not None
        with pymupdf.open(result.path / member_name(attachment.file)) as bilag:
            assert bilag.page_count == expected_pages[attachment.id]
            text = "".join(page.get_text() for page in bilag)
            assert text.count(STAND_IN) == expected_pages[attachment.id]


def test_bilag_files_given_alongside_are_matched_by_their_titles(
    agenda_pdfs: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    folder = tmp_path / "Bilag"
    folder.mkdir()
    files = {
        "rammepapir": make_pdf(
            folder / "Bilag 3.8 Rammepapir Sammenhængende indsats på voksenpsykiatriområdet.pdf",
            "Rammepapir",
        ),
        "numbered": make_pdf(folder / "3.1-2.pdf", "Oversigt"),
        "alike": make_pdf(folder / "KKR's bemærkninger vedr. VUS.pdf", "Bemærkninger"),
        "unknown": make_pdf(folder / "Frokostmenu.pdf", "Menu"),
    }
    loose = make_pdf(tmp_path / "Genberegnede flygtningekvoter 2015.pdf", "Kvoter")
    agenda = agenda_pdfs[("kkr-midtjylland-2015-04-20", "libreoffice")]
    result = pack_agenda_pdf(agenda, [folder, loose], tmp_path / "package.zip")
    provided = {
        attachment.title: attachment.file.name
        for item in result.meeting.items
        for attachment in item.attachments
        if attachment.file is not None
    }
    assert set(provided) == {
        "Rammepapir: Sammenhængende indsats på voksenpsykiatriområdet, marts 2015",
        "Oversigt over de midtjyske kommuners eksisterende samarbejder på beskæftigelsesområdet",
        "Genberegnete flygtningekvoter 2015, som blev udsendt til de midtjyske kommuner den "
        "27. marts 2015",
    }
    left_out = [warning for warning in result.warnings if "left out" in warning]
    assert sorted(w.split(":")[0] for w in left_out) == sorted(
        [files["alike"].name, files["unknown"].name]
    )


def test_the_package_imports_into_the_library(
    agenda_pdfs: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    agenda = agenda_pdfs[("kd-net-midtjylland-2020-01-24", "libreoffice")]
    result = pack_agenda_pdf(agenda, [], tmp_path / "package.zip")
    library = Library(tmp_path / "library")
    try:
        outcome = library.import_path(result.path)
        assert outcome.status == "added"
        meeting = library.meeting(outcome.meeting_id)
        assert meeting.agenda_pdf is not None
        stored = library.blob_path(meeting.agenda_pdf.sha256)
        assert stored is not None
        assert stored.read_bytes().startswith(agenda.read_bytes())
        assert [item.number for item in meeting.items] == [str(n) for n in range(1, 18)]
    finally:
        library.close()


def test_a_scanned_agenda_says_it_has_no_text_layer(
    agenda_pdfs: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    original = agenda_pdfs[("kkr-midtjylland-2016-11-22", "libreoffice")]
    scan = scanned_pdf(original, tmp_path / "scan.pdf")
    with pytest.raises(PdfAgendaError) as raised:
        import_agenda_pdf(scan)
    message = str(raised.value)
    assert raised.value.cause is Cause.INVALID
    assert "scan.pdf has no text layer" in message
    assert "scan" in message.split(":", 1)[1] and "OCR" in message


def test_a_file_that_is_not_a_pdf_says_so(tmp_path: Path) -> None:
    fake = tmp_path / "dagsorden.pdf"
    fake.write_text(AGENDAS[0].read_text("utf-8")[:2000], encoding="utf-8")
    with pytest.raises(PdfAgendaError) as raised:
        import_agenda_pdf(fake)
    assert raised.value.cause in {Cause.DAMAGED, Cause.INVALID}
    assert "dagsorden.pdf is not a PDF" in str(raised.value)
