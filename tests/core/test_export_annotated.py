"""Annotated attachment PDFs, the folder/zip bundle and `companion export`, read back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pymupdf
import pytest

from companion.cli import main
from companion.core.export.annotated import AnnotatedPdfError, write_annotated_pdf
from companion.core.export.member import member_name
from companion.core.export.notes import export_bundle
from companion.core.library import Library
from companion.core.personal import PersonalStore
from tests.core.test_export_notes import PDF_NOTE, POINT_NOTE, REMARK, Prepared, prepare

BILAG_FILE = "3.1 Bilag 1 Redegørelse Børnehus Midt af. 16. august 2016.pdf"
AGENDA_FILE = "Dagsorden med markeringer.pdf"
NOTES_FILE = "Noter KKR Midtjylland 2016-11-22.pdf"
MEMBER = "Anne Sørensen"


@pytest.fixture
def prepared(tmp_path: Path) -> Prepared:
    return prepare(tmp_path)


def _bundle(prepared: Prepared, dest: Path, author: str = MEMBER) -> tuple[list[str], list[str]]:
    with Library(prepared.data_dir) as library, PersonalStore(prepared.personal_path) as store:
        result = export_bundle(library, store, prepared.meeting.id, "pdf", dest, author=author)
    return result.files, [str(problem) for problem in result.problems]


def test_folder_bundle_has_notes_and_real_pdf_annotations(
    prepared: Prepared, tmp_path: Path
) -> None:
    folder = tmp_path / "eksport"
    files, problems = _bundle(prepared, folder)
    assert problems == []
    assert sorted(files) == sorted([NOTES_FILE, AGENDA_FILE, BILAG_FILE])
    assert sorted(path.name for path in folder.iterdir()) == sorted(files)
    with PersonalStore(prepared.personal_path) as store:
        stored = next(a for a in store.annotations(prepared.meeting.id) if a.note == PDF_NOTE)
    with pymupdf.open(folder / BILAG_FILE) as pdf:
        first_page = pdf[0]
        annotations = list(first_page.annots())
        assert len(annotations) == 1
        highlight = annotations[0]
        assert highlight.type[1] == "Highlight"
        assert highlight.info["content"] == PDF_NOTE and highlight.info["title"] == MEMBER
        assert highlight.colors["stroke"] == pytest.approx((1.0, 0.831, 0.0), abs=0.01)
        vertices = highlight.vertices
        expected = stored.anchor["quads"][0]
        assert vertices[0] == pytest.approx(tuple(expected[0:2]), abs=0.5)
        assert vertices[3] == pytest.approx(tuple(expected[6:8]), abs=0.5)
        assert sum(len(list(page.annots())) for page in pdf) == 1
        # The appearance is drawn in the stored colour: what every viewer shows.
        assert b" 1 0.831" in highlight._getAP() or b"1 .831" in highlight._getAP()
        left, top = vertices[0]
        right, bottom = vertices[3]
        pixels = first_page.get_pixmap(clip=pymupdf.Rect(left, top, right, bottom))
        tints = [pixels.pixel(x, y) for x in range(pixels.width) for y in range(pixels.height)]
        assert any(red > 200 and 180 < green < 230 and blue < 60 for red, green, blue in tints)
    with pymupdf.open(folder / AGENDA_FILE) as pdf:
        third_page = pdf[2]
        notes = list(third_page.annots())
        assert [(n.type[1], n.info["content"]) for n in notes] == [("Text", POINT_NOTE)]
    with pymupdf.open(folder / NOTES_FILE) as pdf:
        assert REMARK in "".join(page.get_text() for page in pdf)


def test_zip_bundle(prepared: Prepared, tmp_path: Path) -> None:
    files, _problems = _bundle(prepared, tmp_path / "eksport.zip")
    with zipfile.ZipFile(tmp_path / "eksport.zip") as archive:
        assert sorted(archive.namelist()) == sorted(files)
        assert archive.read(BILAG_FILE).startswith(b"%PDF")


def test_damaged_and_missing_attachments_are_reported_others_written(
    prepared: Prepared, tmp_path: Path
) -> None:
    with Library(prepared.data_dir) as library:
        bilag_blob = library.blob_path(prepared.bilag_sha)
        assert prepared.meeting.agenda_pdf is not None
        agenda_blob = library.blob_path(prepared.meeting.agenda_pdf.sha256)
    assert bilag_blob is not None and agenda_blob is not None
    bilag_blob.write_bytes(b"%PDF-1.7\n this is not a PDF any more")
    files, problems = _bundle(prepared, tmp_path / "eksport")
    assert AGENDA_FILE in files and BILAG_FILE not in files
    assert len(problems) == 1
    # bytes that no longer hash to the blob's name: treated as missing, to be fetched again
    assert "Bilag 1 til punkt 3.1" in problems[0] and "not in the library" in problems[0]
    assert not bilag_blob.exists()
    agenda_blob.unlink()
    files, problems = _bundle(prepared, tmp_path / "eksport2")
    assert files == [NOTES_FILE]
    assert any("Dagsorden: the file is not in the library" in p for p in problems)


def test_annotations_and_notes_carry_the_members_name(prepared: Prepared, tmp_path: Path) -> None:
    """The author is the member (setting), else the system account; never the app's name."""
    folder = tmp_path / "eksport"
    _bundle(prepared, folder)
    with pymupdf.open(folder / AGENDA_FILE) as agenda, pymupdf.open(folder / NOTES_FILE) as notes:
        authors = {annotation.info["title"] for page in agenda for annotation in page.annots()}
        assert authors == {MEMBER}
        assert notes.metadata["author"] == MEMBER
    fallback = tmp_path / "uden navn"
    _bundle(prepared, fallback, author="")
    with pymupdf.open(fallback / AGENDA_FILE) as agenda:
        authors = {annotation.info["title"] for page in agenda for annotation in page.annots()}
    assert authors == {member_name()} and member_name() not in ("", "KKR Meeting Companion")


def test_damaged_pdf_error_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "bilag.pdf"
    broken.write_bytes(b"not a pdf")
    with pytest.raises(AnnotatedPdfError, match="bilag.pdf"):
        write_annotated_pdf(broken, [], tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_cli_export(prepared: Prepared, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--data-dir", str(prepared.data_dir)]
    target = tmp_path / "noter.md"
    code = main([*base, "export", prepared.meeting.id, "--format", "md", "-o", str(target)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip() == str(target)
    assert REMARK in target.read_text(encoding="utf-8")
    code = main(
        [*base, "export", "no-such-meeting", "--format", "pdf", "-o", str(tmp_path / "x.pdf")]
    )
    _out, err = capsys.readouterr()
    assert code == 1 and "no-such-meeting" in err
    assert "confidential" not in err

    code = main(
        [*base, "export", prepared.meeting.id, "--format", "md", "-o", str(target)]
        + ["--include-closed"]
    )
    _out, err = capsys.readouterr()
    assert code == 0 and "closed (confidential) items are included" in err
