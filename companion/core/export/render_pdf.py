# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""A `Document` as an A4 PDF, laid out by PyMuPDF's ``Story`` like the agenda PDF.

The layout helpers, page geometry and the HTML of agenda blocks come from
`companion.core.agenda_pdf` and `companion.core.html_blocks`; this module adds
the export's own blocks (quotes with a coloured left rule, checklists, fields,
notices), an outline of the `Title` blocks marked ``bookmark`` (levels 1 and 2),
"Side N af M" footers, the title in the metadata and the language.

PyMuPDF is not thread safe: `render_pdf` holds the app-wide `MUPDF_LOCK`.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

import pymupdf

from companion.core import fonts
from companion.core.agenda_pdf import (
    FIXED_PDF_DATE,
    GREY,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MAX_LAYOUT_PASSES,
    PAGE,
    PDF_STYLE,
    RULE_GREY,
    anchor_pages,
    insert_right,
    write_chunks,
)
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
from companion.core.export.output import write_bytes_file
from companion.core.html_blocks import block_html
from companion.core.model import Paragraph
from companion.core.mupdf_lock import serialized

logger = logging.getLogger(__name__)

NOTE_PREFIX = "Note:"
CHECKED, UNCHECKED = "\u2611", "\u2610"
DEFAULT_QUOTE_RULE = "#9fb6cd"
#: A quotation up to this many words moves to the next page with its heading.
KEEP_WITH_HEADING_WORDS = 120
#: Outline levels a `Title` may have in the PDF's bookmarks.
MAX_BOOKMARK_LEVEL = 2

CSS = """
* { font-family: sans-serif; }
body { font-size: 10.5pt; line-height: 1.38; color: #1e1e1e; }
p { margin: 0 0 6pt 0; }
a.web, span.link { color: #1f4e79; text-decoration: none; }
h1.document { font-size: 24pt; font-weight: bold; margin: 0 0 4pt 0; }
p.subtitle { font-size: 12pt; color: #555555; margin: 0 0 16pt 0; }
h2.level-1 { font-size: 15pt; font-weight: bold; color: #1f4e79; margin: 18pt 0 6pt 0;
  border-bottom: 1pt solid #1f4e79; padding-bottom: 3pt; }
h3.level-2 { font-size: 12pt; font-weight: bold; margin: 12pt 0 4pt 0; }
h4.level-3 { font-size: 10.5pt; font-weight: bold; margin: 10pt 0 3pt 0; }
h4.sub { font-size: 10.5pt; font-weight: bold; margin: 8pt 0 3pt 0; }
h5.sub { font-size: 10.5pt; font-style: italic; margin: 8pt 0 3pt 0; }
div.quote { padding: 3pt 8pt 1pt 9pt; margin: 4pt 0 6pt 12pt; background-color: #f5f6f8; }
p.source { font-style: italic; font-size: 9pt; color: #555555; margin: 0 0 3pt 0; }
p.note { margin: 0 0 10pt 12pt; }
p.page-note { padding: 1pt 0 1pt 9pt; margin: 4pt 0 10pt 12pt; }
p.notice { border: 1pt solid #c9a227; background-color: #fff4e0; color: #8b1a1a;
  font-weight: bold; padding: 5pt 8pt 5pt 8pt; margin: 0 0 12pt 0; }
table.fields { margin: 0 0 8pt 0; }
table.keep { width: 100%; margin: 0; border-collapse: collapse; }
td.keep { padding: 0; }
table.fields td { padding: 1pt 12pt 1pt 0; vertical-align: top; }
table.fields td.label { font-weight: bold; color: #555555; }
ul.checklist { list-style-type: none; padding-left: 4pt; margin: 0 0 6pt 0; }
ul, ol { margin: 0 0 6pt 0; padding-left: 16pt; }
li { margin: 0 0 2pt 0; }
table.data { margin: 4pt 0 8pt 0; border-collapse: collapse; }
table.data td, table.data th { border: 0.5pt solid #9a9a9a; padding: 2pt 5pt 2pt 5pt;
  font-size: 9.5pt; vertical-align: top; }
table.data th { font-weight: bold; text-align: left; }
"""


def write_pdf(document: Document, path: Path) -> Path:
    """Write ``document`` as a PDF to ``path`` atomically; ``path``.

    Raises:
        ExportError: the file cannot be written (the message names ``path``).
    """
    return write_bytes_file(path, render_pdf(document))


@serialized
def render_pdf(document: Document) -> bytes:
    """The PDF bytes of ``document`` (A4, bookmarks, page numbers, metadata)."""
    pages: dict[str, int] = {}
    for _attempt in range(MAX_LAYOUT_PASSES):  # one pass; the loop settles the anchors
        data, positions = write_chunks([document_html(document)], css=CSS)
        previous, pages = pages, anchor_pages(positions)
        if pages == previous:
            break
    pdf = pymupdf.open("pdf", data)
    try:
        pdf.set_toc(_outline(document, pages))
        _add_footer(pdf, document.title)
        pdf.set_metadata(
            {
                "title": document.title,
                "subject": document.subtitle,
                "author": document.author,
                "creator": "KKR meeting companion",
                "producer": "PyMuPDF",
                "creationDate": FIXED_PDF_DATE,
                "modDate": FIXED_PDF_DATE,
            }
        )
        pdf.set_language(document.language)
        pdf.subset_fonts()
        result: bytes = pdf.tobytes(garbage=4, deflate=True, deflate_fonts=True, no_new_id=True)
    finally:
        pdf.close()
    logger.debug("rendered %r: %d bytes", document.title, len(result))
    return result


def _title_anchor(index: int) -> str:
    return f"title-{index}"


def _outline(document: Document, pages: dict[str, int]) -> list[list[Any]]:
    """Bookmarks of the marked titles; a level never jumps more than one below the last."""
    toc: list[list[Any]] = []
    last_level = 0
    for index, block in enumerate(document.blocks):
        if not (isinstance(block, Title) and block.bookmark and block.level <= MAX_BOOKMARK_LEVEL):
            continue
        level = min(max(block.level, 1), last_level + 1)
        toc.append([level, " ".join(block.text.split()), pages.get(_title_anchor(index), 1)])
        last_level = level
    return toc


def _add_footer(pdf: pymupdf.Document, title: str) -> None:
    count = pdf.page_count
    baseline = PAGE.height - MARGIN_BOTTOM + 34
    for number in range(1, count + 1):
        page = pdf[number - 1]
        insert_right(page, f"Side {number} af {count}", baseline)
        if number > 1:
            top = MARGIN_TOP - 30
            fonts.insert_text(page, (MARGIN_X, top), title, 8, GREY)
            page.draw_line(
                (MARGIN_X, top + 6), (PAGE.width - MARGIN_X, top + 6), color=RULE_GREY, width=0.5
            )


# --- HTML ------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def document_html(document: Document) -> str:
    """The HTML (for ``fitz.Story`` with `CSS`) of the whole document."""
    parts = [f'<h1 class="document">{_e(document.title)}</h1>']
    if document.subtitle:
        parts.append(f'<p class="subtitle">{_e(document.subtitle)}</p>')
    blocks = document.blocks
    index = 0
    while index < len(blocks):
        after_titles = index
        while after_titles < len(blocks) and isinstance(blocks[after_titles], Title):
            after_titles += 1
        if index < after_titles < len(blocks) and _keeps_with_heading(blocks[after_titles]):
            unit = range(index, after_titles + 1)  # the headings and the block under them
            parts.append(_unbreakable("".join(_block_html(blocks[i], i) for i in unit)))
            index = after_titles + 1
            continue
        parts.append(_block_html(blocks[index], index))
        index += 1
    return '<div class="export">' + "\n".join(parts) + "</div>"


def _keeps_with_heading(block: DocBlock) -> bool:
    """Whether ``block`` is short enough to move to the next page with its headings."""
    if isinstance(block, Fields | Checklist | Notice | PageNote):
        return True
    return isinstance(block, Quote) and _is_short(block)


def _is_short(quote: Quote) -> bool:
    """A quotation of plain paragraphs of at most `KEEP_WITH_HEADING_WORDS` words with its note."""
    if not all(isinstance(block, Paragraph) for block in quote.blocks):
        return False  # lists and tables may run long
    words = sum(
        len(span.text.split())
        for block in quote.blocks
        if isinstance(block, Paragraph)
        for span in block.spans
    )
    return words + len(quote.note.split()) <= KEEP_WITH_HEADING_WORDS


def _unbreakable(markup: str) -> str:
    """``markup`` in one table row, which MuPDF moves to the next page whole.

    MuPDF has no "keep with next" for headings but breaks tables between rows
    only: a heading and a short block in one row never leave the heading alone
    at the bottom of a page.
    """
    return f'<table class="keep"><tr><td class="keep">{markup}</td></tr></table>'


def _fields_html(fields: Fields) -> str:
    """Labelled values as a two-column table."""
    rows = "".join(
        f'<tr><td class="label">{_e(label)}</td><td>{_e(value)}</td></tr>'
        for label, value in fields.rows
    )
    return f'<table class="fields">{rows}</table>'


def _block_html(block: DocBlock, index: int) -> str:
    if isinstance(block, Title):
        level = min(max(block.level, 1), 3)
        tag = f"h{level + 1}"
        anchor = _title_anchor(index)
        return f'<{tag} class="level-{level}" id="{anchor}">{_e(block.text)}</{tag}>'
    if isinstance(block, Quote):
        return _quote_html(block)
    if isinstance(block, PageNote):
        return _page_note_html(block)
    if isinstance(block, Checklist):
        entries = "".join(
            f"<li>{CHECKED if done else UNCHECKED} {_e(text)}</li>" for text, done in block.entries
        )
        return f'<ul class="checklist">{entries}</ul>'
    if isinstance(block, Fields):
        return _fields_html(block)
    if isinstance(block, Notice):
        return f'<p class="notice">{_e(block.text)}</p>'
    return _with_line_breaks(block_html(block, PDF_STYLE))


def _quote_html(quote: Quote) -> str:
    rule = quote.color or DEFAULT_QUOTE_RULE
    inner = "".join(_with_line_breaks(block_html(block, PDF_STYLE)) for block in quote.blocks)
    if quote.source:
        inner += f'<p class="source">{_e(quote.source)}</p>'
    text = f'<div class="quote" style="border-left: 3pt solid {_e(rule)}">{inner}</div>'
    if quote.note:
        note = _e(quote.note.strip()).replace("\n", "<br/>")
        text += f'<p class="note"><b>{NOTE_PREFIX}</b> {note}</p>'
    return text


def _page_note_html(page_note: PageNote) -> str:
    """A point note: where it is in bold, then the note, with its colour as a left rule."""
    rule = page_note.color or DEFAULT_QUOTE_RULE
    note = _e(page_note.note.strip()).replace("\n", "<br/>")
    return (
        f'<p class="page-note" style="border-left: 3pt solid {_e(rule)}">'
        f"<b>{_e(page_note.place)}:</b> {note}</p>"
    )


def _with_line_breaks(markup: str) -> str:
    """Newlines inside text (a member's multi-line note) as ``<br/>``."""
    return markup.replace("\n", "<br/>")
