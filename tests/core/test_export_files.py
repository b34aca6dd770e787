"""The exported files as a member opens them: read back with python-docx and PyMuPDF.

Word files on the member's paper with their name, the time, page numbers and a
table of contents; PDFs with every font embedded and text that copies as typed;
a point note as a note on its page; the format and the name agreeing; errors as
sentences for the window. The meeting and the member's work are those of
`tests.core.test_export_notes` (real agenda text).
"""

from __future__ import annotations

import errno
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pymupdf
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from companion.cli import main
from companion.core.agenda_pdf import render_agenda_pdf
from companion.core.errors import Cause, MemberError
from companion.core.export.document import Document, Fields, Title, text_paragraph
from companion.core.export.minutes import export_minutes
from companion.core.export.notes import export_bundle, export_notes
from companion.core.export.output import ExportError, atomic_write
from companion.core.export.render_docx import build_docx
from companion.core.export.render_pdf import render_pdf
from companion.core.library import Library
from companion.core.personal import PersonalStore
from companion.core.samples import import_samples
from tests.core.test_export_notes import POINT_NOTE, QUESTIONS, Prepared, open_services, prepare

MEMBER = "Anne Sørensen"
#: How the point note on page 3 of the agenda PDF reads in every format.
POINT_NOTE_LINE = f"Note på side 3 i dagsordenen: {POINT_NOTE}"
#: Words MuPDF's shaping would set with a ligature glyph (ﬁ, ﬂ, ﬀ, ﬃ).
LIGATURE_WORDS = "finansiering fiskeri officielt afløb effekt «æøå ÆØÅ» – “citat”"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    return prepare(tmp_path_factory.mktemp("export"))


def near(length: int, expected: int) -> bool:
    """Word keeps page sizes in twentieths of a point: equal within a tenth of a millimetre."""
    return abs(length - expected) < Mm(0.1)


@pytest.fixture(scope="module")
def files(prepared: Prepared, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The notes in each format, exported by a Danish member (a Danish locale)."""
    out = tmp_path_factory.mktemp("files")
    with open_services(prepared) as (library, store), pytest.MonkeyPatch.context() as patch:
        patch.setenv("LC_ALL", "da_DK.UTF-8")
        return {
            fmt: export_notes(
                library, store, prepared.meeting.id, fmt, out / f"noter.{fmt}", author=MEMBER
            )
            for fmt in ("pdf", "docx", "md")
        }


def flat(text: str) -> str:
    return " ".join(text.split())


# --- a point note -----------------------------------------------------------------------


def test_a_point_note_is_a_note_on_its_page_in_every_format(files: dict[str, Path]) -> None:
    with pymupdf.open(files["pdf"]) as pdf:
        assert POINT_NOTE_LINE in flat("".join(page.get_text() for page in pdf))
    markdown = files["md"].read_text(encoding="utf-8")
    assert f"**Note på side 3 i dagsordenen:** {POINT_NOTE}" in markdown
    assert not re.search(r"^>\s*$\n^> — \*Dagsorden, side 3\*", markdown, re.MULTILINE)
    word = docx.Document(str(files["docx"]))
    styled = [(paragraph.style.name, paragraph.text) for paragraph in word.paragraphs]
    assert ("Normal", POINT_NOTE_LINE) in styled
    assert not any("Dagsorden, side 3" in text for _style, text in styled), "no empty quotation"


# --- Word ----------------------------------------------------------------------------------


def test_word_file_is_a4_with_author_time_footer_and_contents(files: dict[str, Path]) -> None:
    word = docx.Document(str(files["docx"]))
    section = word.sections[0]
    assert near(section.page_width, Mm(210)) and near(section.page_height, Mm(297))
    properties = word.core_properties
    assert properties.author == MEMBER and properties.last_modified_by == MEMBER
    assert properties.title.startswith("Mine noter")
    assert properties.comments == ""
    assert properties.created is not None
    created = properties.created.replace(tzinfo=properties.created.tzinfo or UTC)
    assert abs(created - datetime.now(UTC)) < timedelta(minutes=5)
    footer = section.footer._element.xml
    instructions = [
        " ".join(text.split()) for text in re.findall(r"<w:instrText[^>]*>([^<]*)<", footer)
    ]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert section.footer.paragraphs[0].text.startswith("Side ")
    body = word.element.body.xml
    assert re.search(r"<w:instrText[^>]*> TOC \\o &quot;1-2&quot; \\h", body) or re.search(
        r'<w:instrText[^>]*> TOC \\o "1-2" \\h', body
    )
    toc = [p.text for p in word.paragraphs if p.style.name.lower().startswith("toc ")]
    assert "3.1 Børnehus Midtjylland – aktiviteter og drift 2016-17" in toc
    assert word.settings.element.find(qn("w:updateFields")) is not None


def test_word_lists_questions_and_fields_look_finished(files: dict[str, Path]) -> None:
    word = docx.Document(str(files["docx"]))
    styled = [(paragraph.style.name, paragraph.text) for paragraph in word.paragraphs]
    # The Indstilling of 3.1 has two bullets: real list items, not typed "•".
    indstilling = [
        text for style, text in styled if style == "List Bullet" and "Børnehusets" in text
    ]
    assert len(indstilling) == 2, styled
    assert not any(text.lstrip().startswith("•") for _style, text in styled)
    # One marker per question: the box, no bullet besides it.
    questions = [(style, text) for style, text in styled if QUESTIONS[1] in text]
    assert questions == [("List Paragraph", f"\u2610 {QUESTIONS[1]}")]
    facts = word.tables[0]
    assert facts.style is None or facts.style.name != "Table Grid"
    borders = facts._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    values = {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}
    assert values["left"] == values["right"] == values["insideV"] == "nil"
    label, value = facts.columns[0].width, facts.columns[1].width
    assert label is not None and value is not None and label * 3 < value


def test_word_paper_follows_the_locale() -> None:
    document = Document("Referat", blocks=[Title("Punkt"), text_paragraph("Tekst")])
    letter = build_docx(document, "letter").sections[0]
    assert near(letter.page_width, Mm(215.9)) and near(letter.page_height, Mm(279.4))
    a4 = build_docx(document, "a4").sections[0]
    assert near(a4.page_height, Mm(297))


def test_minutes_in_word_carry_author_and_a4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "da_DK.UTF-8")
    with Library(tmp_path / "data") as library, PersonalStore(tmp_path / "p.db") as store:
        import_samples(library)
        target = export_minutes(
            library, store, "kkr-midtjylland-2020-02-05", "docx", tmp_path / "r.docx", MEMBER
        )
    word = docx.Document(str(target))
    assert word.core_properties.author == MEMBER
    assert near(word.sections[0].page_height, Mm(297))


# --- PDF -------------------------------------------------------------------------------------


def assert_fonts_embedded(pdf: pymupdf.Document) -> None:
    for page in pdf:
        for font in page.get_fonts(full=True):
            xref, ext, name = font[0], font[1], font[3]
            assert ext != "n/a", f"font {name} (xref {xref}) on page {page.number + 1} not embedded"


def test_pdf_embeds_its_fonts_and_copies_without_ligatures() -> None:
    document = Document(
        "Finansiering og afløb",
        blocks=[Title("Officielle effekter"), text_paragraph(LIGATURE_WORDS)]
        + [text_paragraph("fyld " * 300) for _ in range(3)],  # a second page: the running header
    )
    with pymupdf.open("pdf", render_pdf(document)) as pdf:
        assert pdf.page_count >= 2
        assert_fonts_embedded(pdf)
        text = "".join(page.get_text() for page in pdf)
    assert LIGATURE_WORDS in text and "Officielle effekter" in text
    assert not re.search("[\ufb00-\ufb06]", text)
    assert "Side 2 af" in text


def test_agenda_pdf_embeds_its_fonts_too(tmp_path: Path) -> None:
    with Library(tmp_path / "data") as library:
        import_samples(library)
        meeting = library.meeting("kkr-midtjylland-2020-02-05")
    with pymupdf.open("pdf", render_agenda_pdf(meeting)) as pdf:
        assert_fonts_embedded(pdf)
        text = "".join(page.get_text() for page in pdf)
    assert not re.search("[\ufb00-\ufb06]", text)


def test_notes_pdf_names_the_member(files: dict[str, Path]) -> None:
    with pymupdf.open(files["pdf"]) as pdf:
        assert pdf.metadata["author"] == MEMBER
        assert_fonts_embedded(pdf)


# --- the name and the format agree ------------------------------------------------------------


def test_a_format_that_does_not_fit_the_name_is_refused(prepared: Prepared, tmp_path: Path) -> None:
    with open_services(prepared) as (library, store):
        with pytest.raises(ExportError, match=r"x\.docx ends in \.docx, which is not a PDF file"):
            export_notes(library, store, prepared.meeting.id, "pdf", tmp_path / "x.docx")
        written = export_notes(library, store, prepared.meeting.id, None, tmp_path / "y.docx")
        assert docx.Document(str(written)).paragraphs[0].text.startswith("Mine noter")
        with pytest.raises(ExportError, match="Cannot tell the format"):
            export_notes(library, store, prepared.meeting.id, None, tmp_path / "z.txt")
        with pytest.raises(ExportError, match=r"referat\.pdf"):
            export_minutes(library, store, prepared.meeting.id, "docx", tmp_path / "referat.pdf")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["y.docx"]


def test_cli_refuses_a_mismatch_and_takes_the_format_from_the_suffix(
    prepared: Prepared, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(prepared.data_dir), "export", prepared.meeting.id]
    wrong = tmp_path / "x.docx"
    assert main([*base, "--format", "pdf", "-o", str(wrong)]) == 1
    assert "which is not a PDF file" in capsys.readouterr().err and not wrong.exists()
    by_suffix = tmp_path / "noter.md"
    assert main([*base, "-o", str(by_suffix)]) == 0
    assert by_suffix.read_text(encoding="utf-8").startswith("# Mine noter")
    minutes = ["--data-dir", str(prepared.data_dir), "minutes", prepared.meeting.id]
    assert main([*minutes, "--format", "pdf", "-o", str(tmp_path / "r.docx")]) == 2
    assert "which is not a PDF file" in capsys.readouterr().err


# --- errors for the window ----------------------------------------------------------------------


def test_a_missing_folder_is_a_member_error_naming_the_cause(
    prepared: Prepared, tmp_path: Path
) -> None:
    target = tmp_path / "Documents" / "noter.pdf"
    with open_services(prepared) as (library, store), pytest.raises(MemberError) as caught:
        export_notes(library, store, prepared.meeting.id, "pdf", target)
    assert caught.value.cause is Cause.MISSING
    assert "No such file or directory" not in str(caught.value)
    assert str(caught.value) == (
        f"Could not write {target}: the folder does not exist. Choose another folder."
    )
    with open_services(prepared) as (library, store), pytest.raises(MemberError) as bundle:
        export_bundle(library, store, prepared.meeting.id, "pdf", tmp_path / "no" / "x.zip")
    assert bundle.value.cause is Cause.MISSING


def test_a_full_disk_is_named_as_such(tmp_path: Path) -> None:
    def fill(_temp: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError) as caught:
        atomic_write(tmp_path / "noter.pdf", fill)
    assert caught.value.cause is Cause.DISK_FULL and "the disk is full" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_fields_keep_their_rows_in_word() -> None:
    document = Document("T", blocks=[Fields([("Dato", "5. februar 2020"), ("Sted", "Silkeborg")])])
    table = build_docx(document, "a4").tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Dato", "5. februar 2020"],
        ["Sted", "Silkeborg"],
    ]
