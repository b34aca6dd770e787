"""A `Document` as a Word file (python-docx) with real Word styles.

The title uses Word's "Title" style, `Title` blocks "Heading 1/2/3" (so Word's
navigation pane and a table of contents work), quotes "Quote" (with a left
border in the highlight's colour), lists "List Bullet"/"List Number" (+ " 2"/" 3"
when nested), `Fields` a table. The core properties carry title and language,
and the default text language is set too, so Word checks Danish spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph as WordParagraph

from companion.core.export.document import (
    Checklist,
    DocBlock,
    Document,
    Fields,
    Notice,
    Quote,
    Title,
)
from companion.core.export.output import atomic_write
from companion.core.model import Block, BulletList, Heading, ListItem, Paragraph, Span, Table

QUOTE_STYLE = "Quote"
TABLE_STYLE = "Table Grid"
NOTE_PREFIX = "Note:"
CHECKED, UNCHECKED = "\u2611", "\u2610"
NOTICE_COLOR = RGBColor(0x8B, 0x1A, 0x1A)
MAX_LIST_LEVEL = 3
#: Left border of a highlight quote: width in eighths of a point, gap in points.
BORDER_SIZE, BORDER_SPACE = 24, 8


def write_docx(document: Document, path: Path) -> Path:
    """Write ``document`` as a .docx file to ``path`` atomically; ``path``.

    Raises:
        ExportError: the file cannot be written (the message names ``path``).
    """
    word = build_docx(document)
    return atomic_write(path, lambda temp: word.save(str(temp)))


def build_docx(document: Document) -> WordDocument:
    """The python-docx document of ``document`` (not saved)."""
    word = docx.Document()
    word.core_properties.title = document.title
    word.core_properties.subject = document.subtitle
    word.core_properties.language = document.language
    _set_default_language(word, document.language)
    word.add_paragraph(document.title, style="Title")
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    for block in document.blocks:
        _add_block(word, block)
    return word


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
    elif isinstance(block, Checklist):
        for text, done in block.entries:
            paragraph = word.add_paragraph(style="List Bullet")
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
    base = "List Number" if ordered else "List Bullet"
    style = base if level == 1 else f"{base} {min(level, MAX_LIST_LEVEL)}"
    restarted = _restarted_numbering(word, style) if ordered and items else None
    for item in items:
        paragraph = word.add_paragraph(style=style)
        if restarted is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = restarted
        _add_spans(paragraph, item.spans)
        _add_list(word, item.children, ordered, level + 1)


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


def _quote_block(word: WordDocument, block: Block) -> list[WordParagraph]:
    if isinstance(block, BulletList):
        return _quote_list(word, block.items, block.ordered, 0)
    if isinstance(block, Table):
        _add_table(word, block)
        return []
    paragraph = word.add_paragraph(style=QUOTE_STYLE)
    _add_spans(paragraph, block.spans, bold=isinstance(block, Heading))
    return [paragraph]


def _quote_list(
    word: WordDocument, items: list[ListItem], ordered: bool, depth: int
) -> list[WordParagraph]:
    paragraphs: list[WordParagraph] = []
    for number, item in enumerate(items, start=1):
        paragraph = word.add_paragraph(style=QUOTE_STYLE)
        marker = f"{number}." if ordered else "•"
        paragraph.add_run(f"{'    ' * depth}{marker} ")
        _add_spans(paragraph, item.spans)
        paragraphs.append(paragraph)
        paragraphs += _quote_list(word, item.children, ordered, depth + 1)
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
    table = word.add_table(rows=0, cols=2)
    table.style = TABLE_STYLE
    for label, value in fields.rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    word.add_paragraph()


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
