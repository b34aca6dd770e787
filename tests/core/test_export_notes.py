"""The notes export, read back: a real meeting, a member's work made through the core API.

The meeting is the 2016 agenda with an agenda PDF and one provided bilag, built
by `tests.ui.conftest.attachment_meeting` (real agenda text; the bilag's file is
a PDF of that text). Shared by the export tests (core and window).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from html import unescape as unescape_html
from pathlib import Path

import docx
import pymupdf
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from companion.core.anchoring import item_anchor, pdf_anchor_for, pdf_words
from companion.core.export.document import (
    Checklist,
    Document,
    Fields,
    Notice,
    PageNote,
    Quote,
    Title,
    text_paragraph,
)
from companion.core.export.notes import (
    FORMATS,
    NotesOptions,
    build_notes_document,
    export_notes,
    read_store_data,
)
from companion.core.export.output import ExportError
from companion.core.export.render_docx import write_docx
from companion.core.export.render_markdown import escape, markdown
from companion.core.export.render_pdf import render_pdf
from companion.core.library import Library, LibraryError
from companion.core.model import BulletList, ListItem, Meeting, Span
from companion.core.package import file_ref_for, write_package
from companion.core.personal import PersonalStore, personal_db_path
from companion.core.samples import import_samples
from tests.ui.conftest import AGENDA_2016, attachment_meeting, text_pdf

#: A meeting note as the note editor (QTextEdit.toHtml) writes it.
MEETING_NOTE_HTML = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN" '
    '"http://www.w3.org/TR/REC-html40/strict.dtd">\n'
    '<html><head><meta name="qrichtext" content="1" /><meta charset="utf-8" />'
    '<style type="text/css">\np, li { white-space: pre-wrap; }\n</style></head>'
    "<body style=\" font-family:'Sans Serif'; font-size:9pt; font-weight:400; "
    'font-style:normal;">\n<p style=" margin-top:12px; margin-bottom:12px;">Forberedelse '
    'til <span style=" font-weight:700;">KKR Midtjylland</span> i Silkeborg</p>\n'
    '<ul style="margin-top: 0px; -qt-list-indent: 1;">\n'
    '<li style=" margin-top:12px;">Tag toget kl. 8.12 fra Århus</li>\n'
    '<li style=" margin-top:0px;">Læs bilagene om Børnehuset\n'
    '<ul style="margin-top: 0px; -qt-list-indent: 2;">\n'
    '<li style=" margin-top:0px;">især økonomien</li></ul></li></ul></body></html>'
)
ITEM_NOTE_PLAIN = "Spørg til ventetiderne «før og efter».\nHusk tallene fra 2015 – 2016."
REMARK = "Vi støtter analysen, men ønsker en tidsplan."
QUESTIONS = ("Hvornår kommer analysen?", "Hvem betaler for benchmark?")
TEXT_QUOTE = "ca. 250 sager om året"
TEXT_NOTE = "Mange sager for et lille hus."
PDF_NOTE = "Se også tallene i referatet."
POINT_NOTE = "Nævn dette under punkt 3.2."
DETACHED_QUOTE = "rammepapir på voksenhandicapområdet"
DETACHED_NOTE = "Gammel note om rammepapiret."
OPPOSITION_REMARK = "Referatet mangler min bemærkning."
BILAG_PAGE_CHARS = 1200


@dataclass
class Prepared:
    """The library folder, the personal store file and the meeting with its files."""

    data_dir: Path
    personal_path: Path
    meeting: Meeting
    files: dict[str, Path]
    bilag_sha: str


def prepare(tmp_path: Path) -> Prepared:
    """Import the meeting into a tmp library and record the member's work on it."""
    meeting, files = attachment_meeting(tmp_path)
    bilag_with_words(meeting, files, tmp_path)
    data_dir = tmp_path / "data"
    package = write_package(meeting, files, tmp_path / "package.zip")
    with Library(data_dir) as library:
        library.import_path(package)
    bilag = meeting.items[2].attachments[0].file
    assert bilag is not None and meeting.agenda_pdf is not None
    personal_path = personal_db_path(data_dir)  # where the app and the CLI keep it
    with PersonalStore(personal_path) as store:
        record_work(store, meeting, files, bilag.sha256)
    return Prepared(data_dir, personal_path, meeting, files, bilag.sha256)


def bilag_with_words(meeting: Meeting, files: dict[str, Path], tmp_path: Path) -> None:
    """Give bilag 1 of 3.1 three pages of the real agenda text, small enough to be drawn.

    (`attachment_meeting`'s stand-in puts the whole agenda in one text box, which
    PyMuPDF leaves empty when it does not fit; highlights need words.)
    """
    bilag = meeting.items[2].attachments[0]
    assert bilag.file is not None
    del files[bilag.file.sha256]
    text = AGENDA_2016.read_text(encoding="utf-8")
    pages = [
        text[start : start + BILAG_PAGE_CHARS]
        for start in range(0, 3 * BILAG_PAGE_CHARS, BILAG_PAGE_CHARS)
    ]
    stand_in = text_pdf(pages, tmp_path / "bilag-pages.pdf")
    bilag.file = file_ref_for(stand_in, bilag.title, "redegoerelse.pdf")
    files[bilag.file.sha256] = stand_in


def record_work(
    store: PersonalStore, meeting: Meeting, files: dict[str, Path], bilag_sha: str
) -> None:
    """Positions, questions, notes (HTML and plain) and highlights on ``meeting``."""
    referat, _orientering, boernehus, rammepapir = meeting.items
    mid = meeting.id
    store.set_note(mid, None, MEETING_NOTE_HTML)
    store.set_position(mid, referat.id, stance="imod", remark=OPPOSITION_REMARK)
    store.set_position(mid, boernehus.id, stance="tiltraeder", remark=REMARK)
    first = store.add_question(mid, boernehus.id, QUESTIONS[0])
    store.add_question(mid, boernehus.id, QUESTIONS[1])
    store.update_question(first.id, done=True)
    store.set_note(mid, boernehus.id, ITEM_NOTE_PLAIN)
    start = boernehus.text.index(TEXT_QUOTE)
    anchor = item_anchor(boernehus, start, start + len(TEXT_QUOTE)).to_dict()
    store.add_annotation(mid, boernehus.id, "item", anchor, color="green", note=TEXT_NOTE)
    words = pdf_words(files[bilag_sha])
    pdf_anchor = pdf_anchor_for(words, 0, 3, 8, bilag_sha).to_dict()
    store.add_annotation(
        mid, boernehus.id, "attachment", pdf_anchor, file_sha256=bilag_sha, note=PDF_NOTE
    )
    agenda_sha = meeting.agenda_pdf.sha256 if meeting.agenda_pdf else ""
    agenda_words = pdf_words(files[agenda_sha])
    note_anchor = pdf_anchor_for(agenda_words, 2, 0, 0, agenda_sha).to_dict()
    note_anchor["point"] = [120.0, 90.0]
    store.add_annotation(
        mid,
        boernehus.id,
        "attachment",
        note_anchor,
        file_sha256=agenda_sha,
        note=POINT_NOTE,
        color="pink",
    )
    start = rammepapir.text.index(DETACHED_QUOTE)
    lost = item_anchor(rammepapir, start, start + len(DETACHED_QUOTE)).to_dict()
    detached = store.add_annotation(mid, rammepapir.id, "item", lost, note=DETACHED_NOTE)
    store.update_annotation(detached.id, detached=True)


@contextmanager
def open_services(prepared: Prepared) -> Iterator[tuple[Library, PersonalStore]]:
    """The prepared library and personal store, open."""
    with Library(prepared.data_dir) as library, PersonalStore(prepared.personal_path) as store:
        yield library, store


# --- tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """One prepared library for the module's read-only tests."""
    return prepare(tmp_path_factory.mktemp("export"))


@pytest.fixture(scope="module")
def exported(prepared: Prepared, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The notes exported once in each format with the default options."""
    out = tmp_path_factory.mktemp("out")
    paths = {}
    with Library(prepared.data_dir) as library, PersonalStore(prepared.personal_path) as store:
        for fmt in FORMATS:
            paths[fmt] = export_notes(library, store, prepared.meeting.id, fmt, out / f"n.{fmt}")
    return paths


#: The member's words, in the order the document must show them.
WORDS_IN_ORDER = [
    "Forberedelse til",
    "Tag toget kl. 8.12 fra Århus",
    "især økonomien",
    "1.1 Godkendelse af referat",
    "Imod",
    OPPOSITION_REMARK,
    "3.1 Børnehus Midtjylland – aktiviteter og drift 2016-17",
    "Der igangsættes en nærmere analyse",
    "Tiltræder indstillingen",
    REMARK,
    QUESTIONS[0],
    QUESTIONS[1],
    "Spørg til ventetiderne «før og efter».",
    "Husk tallene fra 2015 – 2016.",
    TEXT_QUOTE,
    TEXT_NOTE,
    POINT_NOTE,  # the agenda PDF comes before the bilag
    PDF_NOTE,
    "Noter der ikke længere kan placeres",
    DETACHED_QUOTE,
    DETACHED_NOTE,
]


def assert_in_order(text: str, words: list[str]) -> None:
    """Every one of ``words`` is in ``text``, in this order."""
    flat = " ".join(text.split())
    position = 0
    for word in words:
        found = flat.find(" ".join(word.split()), position)
        assert found >= 0, f"{word!r} missing (or out of order) after position {position}"
        position = found + len(word)


def test_document_has_the_members_work_in_agenda_order(prepared: Prepared) -> None:
    with PersonalStore(prepared.personal_path) as store:
        data = read_store_data(store, prepared.meeting)
    document = build_notes_document(prepared.meeting, data, NotesOptions())
    titles = [block.text for block in document.blocks if isinstance(block, Title)]
    assert titles[0] == "Noter til mødet"
    assert "2.1 Orientering" not in titles  # nothing of mine there
    assert titles.index(
        "1.1 Godkendelse af referat fra møde i KKR Midtjylland den 13. september 2016"
    ) < titles.index("3.1 Børnehus Midtjylland – aktiviteter og drift 2016-17")
    quotes = [block for block in document.blocks if isinstance(block, Quote)]
    sources = [quote.source for quote in quotes]
    assert "Bilag 1 til punkt 3.1: Redegørelse Børnehus Midt af. 16. august 2016, side 1" in sources
    assert "Dagsorden, side 3" not in sources  # the point note there is a PageNote
    page_notes = [block for block in document.blocks if isinstance(block, PageNote)]
    assert [(note.place, note.note) for note in page_notes] == [
        ("Note på side 3 i dagsordenen", POINT_NOTE)
    ]
    green = next(quote for quote in quotes if quote.note == TEXT_NOTE)
    assert green.color == "#5fd35f"
    assert not any(isinstance(block, Notice) for block in document.blocks)


def test_all_items_and_no_indstilling(prepared: Prepared) -> None:
    with PersonalStore(prepared.personal_path) as store:
        data = read_store_data(store, prepared.meeting)
    options = NotesOptions(only_items_with_my_work=False, include_indstilling=False)
    document = build_notes_document(prepared.meeting, data, options)
    titles = [block.text for block in document.blocks if isinstance(block, Title)]
    assert "2.1 Orientering" in titles
    assert "Indstilling" not in titles


def test_closed_items_left_out_unless_asked_with_a_warning(prepared: Prepared) -> None:
    meeting = replace(prepared.meeting)
    meeting.groups = [replace(group) for group in prepared.meeting.groups]
    closed = replace(meeting.items[2], public=False)
    meeting.groups[2].items = [closed, meeting.groups[2].items[1]]
    with PersonalStore(prepared.personal_path) as store:
        data = read_store_data(store, meeting)
    hidden = markdown(build_notes_document(meeting, data, NotesOptions()))
    assert REMARK not in hidden and TEXT_NOTE not in hidden and PDF_NOTE not in hidden
    shown = build_notes_document(meeting, data, NotesOptions(include_closed=True))
    assert isinstance(shown.blocks[0], Notice) and "fortrolige" in shown.blocks[0].text
    assert REMARK in markdown(shown)


def test_pdf_export_text_bookmarks_footer_metadata(exported: dict[str, Path]) -> None:
    with pymupdf.open(exported["pdf"]) as pdf:
        text = "".join(page.get_text() for page in pdf)
        toc = pdf.get_toc()
        assert pdf.metadata["title"] == "Mine noter: KKR Midtjylland 22. november 2016"
        assert pdf[0].rect.width == pytest.approx(595, abs=1)
        count = pdf.page_count
    assert_in_order(text, WORDS_IN_ORDER)
    assert f"Side 1 af {count}" in text
    levels = {(level, title) for level, title, _page in toc}
    assert (1, "3.1 Børnehus Midtjylland – aktiviteter og drift 2016-17") in levels
    assert (2, "Min holdning") in levels
    assert toc[0][:2] == [1, "Noter til mødet"]


def test_docx_export_uses_word_styles(exported: dict[str, Path]) -> None:
    word = docx.Document(str(exported["docx"]))
    styled = [(paragraph.style.name, paragraph.text) for paragraph in word.paragraphs]
    styles = {style for style, _text in styled}
    assert {"Title", "Heading 1", "Heading 2", "Quote", "List Bullet", "List Bullet 2"} <= styles
    assert ("Heading 1", "3.1 Børnehus Midtjylland – aktiviteter og drift 2016-17") in styled
    assert any(style == "Quote" and TEXT_QUOTE in text for style, text in styled)
    assert ("List Bullet 2", "især økonomien") in styled
    table_text = " ".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    body = "\n".join(text for _style, text in styled)
    assert REMARK in table_text and "Tiltræder indstillingen" in table_text
    assert_in_order(
        body,
        [
            w
            for w in WORDS_IN_ORDER
            if w not in (REMARK, OPPOSITION_REMARK, "Imod", "Tiltræder indstillingen")
        ],
    )
    assert word.core_properties.language == "da"
    assert word.core_properties.title.startswith("Mine noter")


def test_markdown_export_parses(exported: dict[str, Path]) -> None:
    """Parsed as CommonMark: headings, quotes and task lists are what they claim to be."""
    text = exported["md"].read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    headings = {
        (token.tag, _plain(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    }
    assert ("h1", "Mine noter: KKR Midtjylland 22. november 2016") in headings
    assert ("h2", "3.1 Børnehus Midtjylland – aktiviteter og drift 2016-17") in headings
    quoted = _inline_text_inside(tokens, "blockquote_open", "blockquote_close")
    assert any(TEXT_QUOTE in line for line in quoted), "the text highlight is a quotation"
    listed = _inline_text_inside(tokens, "bullet_list_open", "bullet_list_close")
    assert f"[x] {QUESTIONS[0]}" in listed and f"[ ] {QUESTIONS[1]}" in listed
    strong = [
        tokens[index].children[position + 1].content
        for index, token in enumerate(tokens)
        if token.type == "inline"
        for position, child in enumerate(token.children or [])
        if child.type == "strong_open"
    ]
    assert "Holdning:" in strong
    rendered = MarkdownIt("commonmark").render(text)
    assert_in_order(unescape_html(rendered), WORDS_IN_ORDER)


def _inline_text_inside(tokens: list[Token], opening: str, closing: str) -> list[str]:
    """The text of every inline token between ``opening`` and ``closing`` tokens."""
    depth, found = 0, []
    for token in tokens:
        depth += (token.type == opening) - (token.type == closing)
        if depth > 0 and token.type == "inline":
            found.append(_plain(token))
    return found


def _plain(inline: Token) -> str:
    """An inline token's text as a reader sees it (escapes resolved, no markup)."""
    return "".join(child.content for child in inline.children or [] if child.type == "text")


def test_markdown_escapes_member_text() -> None:
    document = Document("T", blocks=[text_paragraph("# ikke en *overskrift* [link](x) | 1. ikke")])
    text = markdown(document)
    assert "\\# ikke en \\*overskrift\\* \\[link\\](x) \\| 1. ikke" in text
    assert escape("1. punkt") == "1\\. punkt" and escape("- streg") == "\\- streg"


def test_unknown_meeting_and_format_are_clear(prepared: Prepared, tmp_path: Path) -> None:
    with Library(prepared.data_dir) as library, PersonalStore(prepared.personal_path) as store:
        with pytest.raises(LibraryError, match="nope"):
            export_notes(library, store, "nope", "pdf", tmp_path / "x.pdf")
        with pytest.raises(ValueError, match="rtf"):
            export_notes(library, store, prepared.meeting.id, "rtf", tmp_path / "x.rtf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_unwritable_destination_is_a_clear_error_and_leaves_nothing(
    prepared: Prepared, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"noter.{fmt}"  # a folder of that name: the file cannot replace it
    target.mkdir()
    (target / "kept.txt").write_text("kept")
    with (
        open_services(prepared) as (library, store),
        pytest.raises(ExportError, match=re.escape(str(target))),
    ):
        export_notes(library, store, prepared.meeting.id, fmt, target)
    assert (target / "kept.txt").read_text() == "kept"
    assert [path.name for path in tmp_path.iterdir()] == [target.name]  # no temporary file


def test_missing_folder_is_a_clear_error(prepared: Prepared, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "noter.docx"
    with (
        open_services(prepared) as (library, store),
        pytest.raises(ExportError, match="no such folder"),
    ):
        export_notes(library, store, prepared.meeting.id, "docx", target)


def test_sample_meeting_exports_with_agenda_highlight(tmp_path: Path) -> None:
    with Library(tmp_path / "data") as library, PersonalStore(tmp_path / "p.db") as store:
        import_samples(library)
        meeting = library.meeting("kkr-midtjylland-2015-04-20")
        assert meeting.agenda_pdf is not None
        agenda = library.blob_path(meeting.agenda_pdf.sha256)
        assert agenda is not None
        anchor = pdf_anchor_for(pdf_words(agenda), 0, 0, 2, meeting.agenda_pdf.sha256)
        item = meeting.items[0]
        store.add_annotation(
            meeting.id,
            item.id,
            "attachment",
            anchor.to_dict(),
            file_sha256=meeting.agenda_pdf.sha256,
            note="Første side",
        )
        path = export_notes(library, store, meeting.id, "md", tmp_path / "noter.md")
    text = path.read_text(encoding="utf-8")
    assert "Første side" in text and "Dagsorden, side 1" in text


def test_each_numbered_list_in_word_starts_at_one(tmp_path: Path) -> None:
    questions = BulletList([ListItem([Span("Hvad koster det?")]), ListItem([Span("Hvornår?")])])
    steps = BulletList([ListItem([Span("Læs bilaget")]), ListItem([Span("Ring til KL")])])
    questions.ordered = steps.ordered = True
    document = Document("Mine noter", blocks=[questions, text_paragraph("Og så:"), steps])
    word = docx.Document(str(write_docx(document, tmp_path / "lists.docx")))
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    texts = ["Hvad koster det?", "Hvornår?", "Læs bilaget", "Ring til KL"]
    assert [p.text for p in numbered] == texts
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert num_ids[0] == num_ids[1] and num_ids[2] == num_ids[3], "one numbering per list"
    assert num_ids[0] != num_ids[2], "the second list does not go on counting from the first"
    numbering = word.part.numbering_part.element
    for num_id in (num_ids[0], num_ids[2]):
        num = numbering.num_having_numId(num_id)
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]


@pytest.mark.parametrize(
    ("heading", "block", "first_words"),
    [
        ("Min holdning", Fields([("Holdning", "Imod"), ("Bemærkning", "Mangler.")]), "Imod"),
        ("Spørgsmål", Checklist([("Hvad koster det?", False)]), "Hvad koster det?"),
        ("Markeringer", Quote([text_paragraph("ca. 250 sager om året")]), "ca. 250 sager"),
    ],
)
def test_a_heading_never_stays_alone_above_a_short_block_at_a_page_end(
    heading: str, block: Fields | Checklist | Quote, first_words: str
) -> None:
    """Whatever comes before, the heading is on the page where its block begins."""
    for filler in (*range(26, 34), *range(60, 68)):  # around the ends of pages 1 and 2
        lines = [text_paragraph(f"Linje {number} af min forberedelse.") for number in range(filler)]
        document = Document("Mine noter", blocks=[*lines, Title(heading, 2), block])
        with pymupdf.open("pdf", render_pdf(document)) as pdf:
            texts = [page.get_text() for page in pdf]
        heading_pages = [n for n, text in enumerate(texts) if heading in text]
        block_pages = [n for n, text in enumerate(texts) if first_words in text]
        assert heading_pages == block_pages[:1], f"{filler} lines before {heading!r}"


def test_a_long_quotation_is_not_kept_with_its_heading() -> None:
    """A quotation longer than a page could never move whole: it flows from its heading."""
    long_words = " ".join(["sagsfremstilling"] * 900)
    document = Document("Mine noter", blocks=[Title("Markeringer", 2)])
    document.add(Quote([text_paragraph(long_words)]))
    with pymupdf.open("pdf", render_pdf(document)) as pdf:
        assert pdf.page_count >= 2
        assert "Markeringer" in pdf[0].get_text() and "sagsfremstilling" in pdf[0].get_text()


def test_an_item_title_and_its_first_sub_heading_stay_with_the_block_under_them() -> None:
    for filler in (*range(24, 34), *range(58, 68)):
        lines = [text_paragraph(f"Linje {number} af min forberedelse.") for number in range(filler)]
        document = Document("Mine noter", blocks=[*lines, Title("3.1 Børnehus Midtjylland", 1)])
        document.add(Title("Min holdning", 2), Fields([("Holdning", "Imod")]))
        with pymupdf.open("pdf", render_pdf(document)) as pdf:
            texts = [page.get_text() for page in pdf]
            outline = pdf.get_toc()
        pages = {word: [n for n, t in enumerate(texts) if word in t] for word in ("3.1", "Imod")}
        assert pages["3.1"] == pages["Imod"], f"{filler} lines before"
        assert [entry[1] for entry in outline] == ["3.1 Børnehus Midtjylland", "Min holdning"]
        assert outline[0][2] == pages["Imod"][0] + 1, "the bookmark points at the moved title"
