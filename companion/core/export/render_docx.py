"""A `Document` as a Word file (python-docx) with real Word styles.

The title uses Word's "Title" style, then a table of contents (a TOC field
Word and LibreOffice fill in), `Title` blocks "Heading 1/2/3" (so Word's
navigation pane and the contents work), quotes "Quote" (with a left border in
the highlight's colour), lists "List Bullet"/"List Number" (+ " 2"/" 3" when
nested, inside quotes too), `Fields` a light two-column table with a narrow
label column, and a "Side X af Y" footer of PAGE and NUMPAGES fields. The page
is the member's paper (A4, or US Letter in a letter locale, see
`companion.core.export.paper`). The core properties carry title, author,
language and the time of writing; the default text language is set too, so Word
checks Danish spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from companion.core.export.document import (
    Checklist,
    DocBlock,
    Document,
    Fields,
    Notice,
    PageNote,
    Quote,
    Title,
)
from companion.core.export.output import atomic_write
from companion.core.export.paper import PAPER_MM, Paper, system_paper
from companion.core.model import Block, BulletList, Heading, ListItem, Paragraph, Span, Table

QUOTE_STYLE = "Quote"
TABLE_STYLE = "Table Grid"
CHECKLIST_STYLE = "List Paragraph"
NOTE_PREFIX = "Note:"
CHECKED, UNCHECKED = "\u2611", "\u2610"
NOTICE_COLOR = RGBColor(0x8B, 0x1A, 0x1A)
LABEL_COLOR = RGBColor(0x55, 0x55, 0x55)
MAX_LIST_LEVEL = 3
#: Left border of a highlight quote: width in eighths of a point, gap in points.
BORDER_SIZE, BORDER_SPACE = 24, 8
#: Page margins: top, bottom, left, right.
MARGINS = (Cm(2.5), Cm(2.5), Cm(2.5), Cm(2.0))
#: The label column of a `Fields` table.
LABEL_WIDTH = Cm(3.5)
#: The light rule under each row of a `Fields` table (eighths of a point, colour).
FIELDS_RULE = ("4", "D0D4DA")
CONTENTS_TITLE = "Indhold"
#: The heading levels the contents list.
CONTENTS_LEVELS = 2
#: Bookmarks of the headings are named _Toc<base + block index>, as Word names its own.
TOC_BOOKMARK_BASE = 100000
#: The contents list heading levels 1 and 2, with links.
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
FOOTER_TEXT = ("Side ", " af ")


def write_docx(document: Document, path: Path, paper: Paper | None = None) -> Path:
    """Write ``document`` as a .docx file to ``path`` atomically; ``path``.

    ``paper`` is the page size (default: the member's, by locale).

    Raises:
        ExportError: the file cannot be written (the sentence names ``path``).
    """
    word = build_docx(document, paper)
    return atomic_write(path, lambda temp: word.save(str(temp)))


def build_docx(
    document: Document, paper: Paper | None = None, now: datetime | None = None
) -> WordDocument:
    """The python-docx document of ``document`` (not saved).

    Args:
        document: what to write.
        paper: "a4" or "letter" (default: the member's, by locale).
        now: the time of writing for the core properties (default: now).
    """
    word = docx.Document()
    _set_core_properties(word, document, now or datetime.now(UTC))
    _set_default_language(word, document.language)
    _set_page(word, paper or system_paper())
    _add_page_footer(word)
    word.add_paragraph(document.title, style="Title")
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    contents = _contents_entries(document)
    if contents:
        _add_contents(
            word, [(level, text, _bookmark_name(index)) for index, level, text in contents]
        )
    marked = {index for index, _level, _text in contents}
    for index, block in enumerate(document.blocks):
        if index in marked and isinstance(block, Title):
            _add_bookmarked_heading(word, block, index)
        else:
            _add_block(word, block)
    return word


def _contents_entries(document: Document) -> list[tuple[int, int, str]]:
    """(block index, level, text) of the titles the contents list: levels 1 and 2, bookmarked."""
    return [
        (index, block.level, " ".join(block.text.split()))
        for index, block in enumerate(document.blocks)
        if isinstance(block, Title) and block.bookmark and block.level <= CONTENTS_LEVELS
    ]


def _bookmark_name(index: int) -> str:
    return f"_Toc{TOC_BOOKMARK_BASE + index}"


def _add_bookmarked_heading(word: WordDocument, title: Title, index: int) -> None:
    """A heading wrapped in the bookmark its contents entry points at."""
    heading = word.add_heading(title.text, level=min(max(title.level, 1), 3))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(index))
    start.set(qn("w:name"), _bookmark_name(index))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(index))
    heading._p.insert(1 if heading._p.pPr is not None else 0, start)
    heading._p.append(end)


def _set_core_properties(word: WordDocument, document: Document, now: datetime) -> None:
    """Title, subject, author, language and times (not python-docx's template's)."""
    properties = word.core_properties
    properties.title = document.title
    properties.subject = document.subtitle
    properties.language = document.language
    properties.author = document.author
    properties.last_modified_by = document.author
    properties.comments = ""
    properties.revision = 1
    stamp = now.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    properties.created = stamp
    properties.modified = stamp


def _set_page(word: WordDocument, paper: Paper) -> None:
    """Every section on ``paper`` with the margins of a Danish letter."""
    width, height = PAPER_MM[paper]
    for section in word.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
        top, bottom, left, right = MARGINS
        section.top_margin, section.bottom_margin = top, bottom
        section.left_margin, section.right_margin = left, right


def _text_width(word: WordDocument) -> int:
    """The width between the margins (EMU), as `_set_page` made it."""
    section = word.sections[0]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    return int(width or 0) - int(left or 0) - int(right or 0)


def _field_char(paragraph: WordParagraph, kind: str) -> None:
    """The begin, separate or end mark of a complex field."""
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        element.set(qn("w:dirty"), "true")  # Word recalculates it on opening
    paragraph.add_run()._r.append(element)


def _instruction(paragraph: WordParagraph, instruction: str) -> None:
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)


def _add_field(paragraph: WordParagraph, instruction: str, shown: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, PAGEREF ...) with ``shown`` as its last result."""
    _field_char(paragraph, "begin")
    _instruction(paragraph, instruction)
    _field_char(paragraph, "separate")
    if shown:
        paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _add_internal_link(paragraph: WordParagraph, text: str, bookmark: str) -> None:
    """``text`` as a link to ``bookmark`` in the document."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    run = paragraph.add_run(text)._r
    link.append(run)
    paragraph._p.append(link)


def _contents_style(word: WordDocument, level: int, width: int) -> str:
    """Word's "toc N" paragraph style (made once): indented by level, dots to the page."""
    name = f"toc {level}"
    if name not in [style.name for style in word.styles]:
        style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = word.styles["Normal"]
        style.next_paragraph_style = word.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(3 if level == 1 else 1)
        style.paragraph_format.tab_stops.add_tab_stop(
            width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        if level == 1:
            style.font.bold = True
    return name


def _add_page_footer(word: WordDocument) -> None:
    """ "Side X af Y" at the right of every page's footer."""
    for section in word.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        before, between = FOOTER_TEXT
        paragraph.add_run(before)
        _add_field(paragraph, "PAGE", "1")
        paragraph.add_run(between)
        _add_field(paragraph, "NUMPAGES", "1")
        for run in paragraph.runs:
            run.font.size = Pt(8)
            run.font.color.rgb = LABEL_COLOR


def _add_contents(word: WordDocument, entries: list[tuple[int, str, str]]) -> None:
    """A table of contents: a TOC field over the headings of levels 1 and 2.

    The field's shown result is already the list of headings, each a link to its
    heading's bookmark, so the contents work before any update: LibreOffice shows
    a TOC field's result as it was saved (Tools > Update > Update All adds the
    page numbers), Word updates the whole field on opening (``updateFields``).
    """
    word.add_paragraph(CONTENTS_TITLE, style="TOC Heading")
    width = _text_width(word)
    for number, (level, text, bookmark) in enumerate(entries):
        paragraph = word.add_paragraph(style=_contents_style(word, level, width))
        if number == 0:
            _field_char(paragraph, "begin")
            _instruction(paragraph, TOC_INSTRUCTION)
            _field_char(paragraph, "separate")
        _add_internal_link(paragraph, text, bookmark)
        if number == len(entries) - 1:
            _field_char(paragraph, "end")
    word.add_paragraph()
    settings = word.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        settings.append(update)
    update.set(qn("w:val"), "true")


def _set_default_language(word: WordDocument, language: str) -> None:
    """Mark the text of the Normal style (and all based on it) as ``language``."""
    run_properties = word.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    run_properties.append(lang)


def _add_block(word: WordDocument, block: DocBlock) -> None:
    if isinstance(block, Title):
        word.add_heading(block.text, level=min(max(block.level, 1), 3))
    elif isinstance(block, Quote):
        _add_quote(word, block)
    elif isinstance(block, PageNote):
        _add_page_note(word, block)
    elif isinstance(block, Checklist):
        for text, done in block.entries:  # the box is the marker: no bullet besides it
            paragraph = word.add_paragraph(style=CHECKLIST_STYLE)
            paragraph.add_run(f"{CHECKED if done else UNCHECKED} {text}")
    elif isinstance(block, Fields):
        _add_fields(word, block)
    elif isinstance(block, Notice):
        run = word.add_paragraph().add_run(block.text)
        run.bold = True
        run.font.color.rgb = NOTICE_COLOR
    else:
        _add_content(word, block)


def _add_content(word: WordDocument, block: Block) -> None:
    """An agenda block in the body: Normal paragraphs, real list styles, tables."""
    if isinstance(block, Paragraph):
        _add_spans(word.add_paragraph(), block.spans)
    elif isinstance(block, Heading):
        _add_spans(word.add_paragraph(style="Heading 4"), block.spans)
    elif isinstance(block, BulletList):
        _add_list(word, block.items, block.ordered, 1)
    elif isinstance(block, Table):
        _add_table(word, block)
    else:
        raise TypeError(f"unknown block {block!r}")


def _add_list(word: WordDocument, items: list[ListItem], ordered: bool, level: int) -> None:
    _list_paragraphs(word, items, ordered, level)


def _list_paragraphs(
    word: WordDocument, items: list[ListItem], ordered: bool, level: int
) -> list[WordParagraph]:
    """``items`` (and their children) as "List Bullet"/"List Number" paragraphs."""
    base = "List Number" if ordered else "List Bullet"
    style = base if level == 1 else f"{base} {min(level, MAX_LIST_LEVEL)}"
    restarted = _restarted_numbering(word, style) if ordered and items else None
    paragraphs: list[WordParagraph] = []
    for item in items:
        paragraph = word.add_paragraph(style=style)
        if restarted is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = restarted
        _add_spans(paragraph, item.spans)
        paragraphs.append(paragraph)
        paragraphs += _list_paragraphs(word, item.children, ordered, level + 1)
    return paragraphs


def _restarted_numbering(word: WordDocument, style_name: str) -> int | None:
    """A new Word numbering for one list of ``style_name`` that starts again at 1.

    Word's list styles share one numbering, so without this a second numbered
    list would go on counting from the first. None when the style has none.
    """
    properties = word.styles[style_name].element.pPr
    if properties is None or properties.numPr is None or properties.numPr.numId is None:
        return None
    numbering = word.part.numbering_part.element
    shared = numbering.num_having_numId(properties.numPr.numId.val)
    own = numbering.add_num(shared.abstractNumId.val)
    own.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(own.numId)


def _add_quote(word: WordDocument, quote: Quote) -> None:
    """Quote-style paragraphs (lists as indented bullets), the source, then the note."""
    paragraphs: list[WordParagraph] = []
    for block in quote.blocks:
        paragraphs += _quote_block(word, block)
    if quote.source:
        source = word.add_paragraph(style=QUOTE_STYLE)
        source.add_run(f"— {quote.source}").italic = True
        paragraphs.append(source)
    if quote.color:
        for paragraph in paragraphs:
            _left_border(paragraph, quote.color)
    if quote.note:
        note = word.add_paragraph()
        note.add_run(f"{NOTE_PREFIX} ").bold = True
        note.add_run(quote.note.strip())


def _add_page_note(word: WordDocument, page_note: PageNote) -> None:
    """A point note: where it is in bold, then the note (its colour as a left border)."""
    paragraph = word.add_paragraph()
    paragraph.add_run(f"{page_note.place}: ").bold = True
    paragraph.add_run(page_note.note.strip())
    if page_note.color:
        _left_border(paragraph, page_note.color)


def _quote_block(word: WordDocument, block: Block) -> list[WordParagraph]:
    if isinstance(block, BulletList):
        return _quote_list(word, block.items, block.ordered, 1)
    if isinstance(block, Table):
        _add_table(word, block)
        return []
    paragraph = word.add_paragraph(style=QUOTE_STYLE)
    _add_spans(paragraph, block.spans, bold=isinstance(block, Heading))
    return [paragraph]


def _quote_list(
    word: WordDocument, items: list[ListItem], ordered: bool, level: int
) -> list[WordParagraph]:
    """A list inside a quotation: real list paragraphs (italic like the quote around them)."""
    paragraphs = _list_paragraphs(word, items, ordered, level)
    for paragraph in paragraphs:
        for run in paragraph.runs:
            run.italic = True
    return paragraphs


def _left_border(paragraph: WordParagraph, color: str) -> None:
    """A thick left border in ``color`` (``#rrggbb``): the highlight's swatch."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    left.set(qn("w:val"), "single")
    left.set(qn("w:sz"), str(BORDER_SIZE))
    left.set(qn("w:space"), str(BORDER_SPACE))
    left.set(qn("w:color"), color.lstrip("#").upper())
    borders.append(left)
    properties.append(borders)


def _add_fields(word: WordDocument, fields: Fields) -> None:
    """Labelled values: a light table (a thin rule under each row), the labels narrow and grey."""
    table = word.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    value_width = _text_width(word) - LABEL_WIDTH
    for label, value in fields.rows:
        cells = table.add_row().cells
        label_run = cells[0].paragraphs[0].add_run(label)
        label_run.bold = True
        label_run.font.color.rgb = LABEL_COLOR
        cells[1].paragraphs[0].add_run(value)
        cells[0].width, cells[1].width = LABEL_WIDTH, value_width
        for cell in cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(2)
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)
    table.columns[0].width, table.columns[1].width = LABEL_WIDTH, value_width
    _light_rules(table)
    word.add_paragraph()


def _light_rules(table: WordTable) -> None:
    """No grid: only a thin light rule between the rows and under the last."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    size, color = FIELDS_RULE
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        if side in ("bottom", "insideH"):
            border.set(qn("w:val"), "single")
            border.set(qn("w:sz"), size)
            border.set(qn("w:color"), color)
        else:
            border.set(qn("w:val"), "nil")
        borders.append(border)
    properties.append(borders)


def _add_table(word: WordDocument, block: Table) -> None:
    if not block.rows:
        return
    width = max(len(row) for row in block.rows)
    table = word.add_table(rows=0, cols=width)
    table.style = TABLE_STYLE
    for index, row in enumerate(block.rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.paragraphs[0].add_run(text).bold = index < block.header_rows


def _add_spans(paragraph: WordParagraph, spans: Iterable[Span], *, bold: bool = False) -> None:
    for span in spans:
        text = span.text
        href = span.href or ""
        if href.startswith(("http://", "https://", "mailto:")) and text.strip() != href:
            text = f"{text} ({href})"
        run = paragraph.add_run(text)
        run.bold = span.bold or bold or None
        run.italic = span.italic or None
