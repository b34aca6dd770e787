"""Packing a real agenda text with bilag files into a package, and reading it back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf
import pytest

from companion.core.agenda_pdf import find_item_page
from companion.core.importers.agenda_text import AgendaFormatError
from companion.core.package import read_package, verify_files
from companion.core.packing import AGENDA_PDF_NAME, PackingError, normalized, pack_agenda
from companion.core.resources import resources_dir
from tests.core.test_package import make_pdf

AGENDA_2015 = resources_dir() / "agendas" / "kkr-midtjylland-2015-04-20.txt"


@pytest.fixture
def bilag(tmp_path: Path) -> list[Path]:
    """Two real PDFs: bilag 1 of item 3.2 by number, and 3.8's Rammepapir by title."""
    folder = tmp_path / "bilag"
    folder.mkdir()
    return [
        make_pdf(folder / "3.2-1.pdf", "Udkast til VUS"),
        make_pdf(folder / "Rammepapir Sammenhængende indsats.pdf", "Rammepapir"),
    ]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["kkr-2015-04-20.zip", "kkr-2015-04-20"])
def test_pack_a_real_agenda_and_read_it_back(tmp_path: Path, bilag: list[Path], name: str) -> None:
    result = pack_agenda(AGENDA_2015, bilag, tmp_path / name)
    assert result.path == tmp_path / name
    assert any("6 of 8 bilag not provided" in warning for warning in result.warnings)
    with read_package(result.path) as package:
        meeting = package.meeting
        assert meeting == result.meeting
        assert verify_files(package) == []
        by_number = {item.number: item for item in meeting.items}
        vus = by_number["3.2"].attachments
        assert vus[0].file is not None and vus[0].file.sha256 == _sha256(bilag[0])
        assert vus[0].file.name == vus[0].title
        assert [a.provided for a in vus] == [True, False, False, False]
        rammepapir = by_number["3.8"].attachments[0].file
        assert rammepapir is not None and rammepapir.sha256 == _sha256(bilag[1])
        assert rammepapir.file_name == "Rammepapir Sammenhængende indsats.pdf"
        copied = tmp_path / "copied.pdf"
        package.copy_file(rammepapir, copied)
        assert copied.read_bytes() == bilag[1].read_bytes()

        agenda_pdf = meeting.agenda_pdf
        assert agenda_pdf is not None
        assert agenda_pdf.name == AGENDA_PDF_NAME
        assert agenda_pdf.file_name == "kkr-midtjylland-2015-04-20-dagsorden.pdf"
        with package.open_file(agenda_pdf) as stream:
            document = pymupdf.open("pdf", stream.read())
    page = find_item_page(document.get_toc(), by_number["3.2"])
    assert page is not None
    text = " ".join(" ".join(document[p].get_text() for p in (page, page + 1)).split())
    assert "Udkast til VUS som fremsendt til Vækstforums møde den 13. april 2015 (PDF" in text
    assert "KKR's bemærkninger vedr. VUS, juni 2014 (ikke leveret)" in text


def test_pack_without_files_leaves_every_bilag_not_provided(tmp_path: Path) -> None:
    result = pack_agenda(AGENDA_2015, [], tmp_path / "pkg.zip")
    with read_package(result.path) as package:
        assert [ref.name for ref in package.meeting.files()] == [AGENDA_PDF_NAME]
        assert all(not a.provided for i in package.meeting.items for a in i.attachments)


def test_a_file_matching_nothing_is_an_error_and_nothing_is_written(
    tmp_path: Path, bilag: list[Path]
) -> None:
    stray = make_pdf(tmp_path / "Budget 2016.pdf", "Budget")
    with pytest.raises(PackingError, match="Budget 2016.pdf: matches no bilag"):
        pack_agenda(AGENDA_2015, [*bilag, stray], tmp_path / "pkg.zip")
    assert not (tmp_path / "pkg.zip").exists()


def test_a_file_matching_several_bilag_is_an_error(tmp_path: Path) -> None:
    vague = make_pdf(tmp_path / "KKRs bemærkninger vedr VUS.pdf", "?")
    with pytest.raises(PackingError, match="matches several bilag") as caught:
        pack_agenda(AGENDA_2015, [vague], tmp_path / "pkg")
    assert "juni 2014" in str(caught.value) and "januar 2015" in str(caught.value)
    assert not (tmp_path / "pkg").exists()


@pytest.mark.parametrize(
    ("name", "words"),
    [("9.1-1.pdf", "no item 9.1"), ("3.2-5.pdf", "has 4 bilag, not a bilag 5")],
)
def test_a_numbered_file_must_name_an_existing_bilag(tmp_path: Path, name: str, words: str) -> None:
    path = make_pdf(tmp_path / name, "x")
    with pytest.raises(PackingError, match=words):
        pack_agenda(AGENDA_2015, [path], tmp_path / "pkg.zip")


def test_two_files_for_one_bilag_is_an_error(tmp_path: Path, bilag: list[Path]) -> None:
    again = make_pdf(tmp_path / "Udkast til VUS.pdf", "Udkast til VUS, igen")
    with pytest.raises(PackingError, match="already given by .*3.2-1.pdf"):
        pack_agenda(AGENDA_2015, [bilag[0], again], tmp_path / "pkg.zip")


def test_an_agenda_that_is_not_an_agenda(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("Husk mælk", encoding="utf-8")
    with pytest.raises(AgendaFormatError):
        pack_agenda(text, [], tmp_path / "pkg.zip")
    assert not (tmp_path / "pkg.zip").exists()


def test_normalized_matches_danish_titles_loosely() -> None:
    title = normalized("Rammepapir: Sammenhængende indsats på voksenpsykiatriområdet")
    assert title.startswith(normalized("RAMMEPAPIR sammenhaengende"))
    assert normalized("KKR's bemærkninger") == normalized("KKRs bemaerkninger")
