# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""The whole agenda as one PDF, rendered from the imported structure (no Qt).

The meeting becomes HTML (every text escaped), laid out on A4 pages by
PyMuPDF's ``Story``: a title block, a table of contents with page numbers and
links, then each item on a new page (under its group's heading): number and title, case
data, the Indstilling in a box, the other sections, and the bilag with
"(ikke leveret)" for those without a file. The PDF gets bookmarks (level 1 per
group, level 2 per item), a running header, "Side n af m" footers, and fixed
metadata dates, so the same meeting always gives the same bytes.

PyMuPDF is not thread safe: do not render while another thread uses it.
"""

from __future__ import annotations

import html
import io
import logging
from collections.abc import Callable
from typing import Any

import pymupdf

from companion.core import fonts
from companion.core.danish_dates import long_date, short_date
from companion.core.html_blocks import HtmlStyle, blocks_html
from companion.core.model import (
    AgendaGroup,
    AgendaItem,
    Attachment,
    Meeting,
    Section,
    Span,
)
from companion.core.mupdf_lock import serialized

logger = logging.getLogger(__name__)

PAGE = pymupdf.paper_rect("a4")
MARGIN_X = 64.0
MARGIN_TOP = 70.0
MARGIN_BOTTOM = 72.0
CONTENT_RECT = pymupdf.Rect(
    MARGIN_X, MARGIN_TOP, PAGE.width - MARGIN_X, PAGE.height - MARGIN_BOTTOM
)
#: Fixed PDF dates: the output depends on the meeting only.
FIXED_PDF_DATE = "D:20000101000000Z"
GREY = (0.42, 0.42, 0.42)
RULE_GREY = (0.78, 0.78, 0.78)
#: Laying out again with the page numbers found converges in two passes; a safety cap.
MAX_LAYOUT_PASSES = 4

CLOSED_LABEL = "Lukket punkt"
UNTITLED_GROUP_LABEL = "Dagsordenens punkter"
NOT_PROVIDED_LABEL = "(ikke leveret)"

CSS = """
* { font-family: sans-serif; }
body { font-size: 10.5pt; line-height: 1.38; color: #1e1e1e; }
p { margin: 0 0 6pt 0; }
a.web, span.link { color: #1f4e79; text-decoration: none; }
a.toc-link { color: #1e1e1e; text-decoration: none; }
.organization { font-size: 10pt; font-weight: bold; letter-spacing: 1pt; color: #1f4e79;
  margin: 40pt 0 4pt 0; }
h1.document { font-size: 30pt; font-weight: bold; margin: 0 0 4pt 0; color: #1e1e1e; }
.meeting-name { font-size: 12pt; color: #555555; margin: 0 0 18pt 0; }
table.facts { width: 100%; margin: 0 0 8pt 0; }
table.facts td { padding: 2pt 14pt 2pt 0; vertical-align: top; font-size: 11pt; }
table.facts td.label { width: 62pt; font-weight: bold; color: #555555; }
h2.toc-title { font-size: 14pt; font-weight: bold; margin: 28pt 0 8pt 0;
  border-bottom: 1pt solid #1f4e79; padding-bottom: 3pt; }
table.toc { width: 100%; }
table.toc td { padding: 2pt 0 2pt 0; vertical-align: top; }
table.toc td.number { width: 30pt; }
table.toc td.page { width: 30pt; text-align: right; }
table.toc tr.toc-group td { font-weight: bold; padding-top: 7pt; }
h1.group { font-size: 17pt; font-weight: bold; color: #1f4e79; margin: 0 0 12pt 0;
  border-bottom: 1.5pt solid #1f4e79; padding-bottom: 4pt; }
.empty-group { color: #555555; font-style: italic; }
h2.item { font-size: 13pt; font-weight: bold; margin: 0 0 3pt 0; }
p.meta { font-size: 9pt; color: #555555; margin: 0 0 2pt 0; }
p.closed { font-size: 9pt; font-weight: bold; color: #8b1a1a; margin: 3pt 0 2pt 0; }
h3.section { font-size: 11pt; font-weight: bold; margin: 10pt 0 4pt 0; }
div.indstilling { border: 0.75pt solid #9fb6cd; border-left: 3pt solid #1f4e79;
  padding: 4pt 8pt 2pt 8pt; margin: 10pt 0 8pt 0; }
div.indstilling h3.section { margin-top: 2pt; color: #1f4e79; }
h4.sub { font-size: 10.5pt; font-weight: bold; margin: 8pt 0 3pt 0; }
h5.sub { font-size: 10.5pt; font-weight: normal; font-style: italic; margin: 8pt 0 3pt 0; }
ul, ol { margin: 0 0 6pt 0; padding-left: 16pt; }
li { margin: 0 0 2pt 0; }
ul ul { list-style-type: circle; }
ul ul ul { list-style-type: disc; }
table.data { margin: 4pt 0 8pt 0; border-collapse: collapse; }
table.data td, table.data th { border: 0.5pt solid #9a9a9a; padding: 2pt 5pt 2pt 5pt;
  font-size: 9.5pt; vertical-align: top; }
table.data th { font-weight: bold; text-align: left; border-bottom: 1pt solid #1f4e79; }
ol.bilag { margin-top: 0; }
span.missing { color: #8b1a1a; font-style: italic; }
span.file-info { color: #555555; font-size: 9pt; }
"""


@serialized
def render_agenda_pdf(meeting: Meeting) -> bytes:
    """The agenda of ``meeting`` as a PDF (A4, bookmarks, page numbers)."""
    pages: dict[str, int] = {}
    for _attempt in range(MAX_LAYOUT_PASSES):
        data, positions = write_chunks(_document_chunks(meeting, pages))
        previous, pages = pages, anchor_pages(positions)
        if pages == previous:
            break
    document = pymupdf.Story.add_pdf_links(io.BytesIO(data), positions)
    _add_bookmarks(document, meeting, pages)
    _add_header_and_footer(document, meeting)
    document.set_metadata(
        {
            "title": f"{meeting.body}: Dagsorden {short_date(meeting.local_start)}".strip(),
            "author": meeting.body,
            "subject": meeting.name,
            "creator": "KKR meeting companion",
            "producer": "PyMuPDF",
            "creationDate": FIXED_PDF_DATE,
            "modDate": FIXED_PDF_DATE,
        }
    )
    document.subset_fonts()  # a third of the size; the fonts are embedded in full otherwise
    pdf: bytes = document.tobytes(
        garbage=4, deflate=True, deflate_fonts=True, use_objstms=1, no_new_id=True
    )
    document.close()
    logger.debug("rendered agenda of %s: %d bytes", meeting.id, len(pdf))
    return pdf


def item_bookmark_title(item: AgendaItem) -> str:
    """The bookmark of an item: ``"3.2 Første udkast ..."``."""
    return f"{item.number} {item.title}".strip()


def group_bookmark_title(group: AgendaGroup) -> str:
    """The bookmark of a group: ``"3. Regionalpolitiske sager"`` (title alone if unnumbered)."""
    if group.number:
        return f"{group.number}. {group.title}"
    return group.title or UNTITLED_GROUP_LABEL


def find_item_page(toc: list[Any], item: AgendaItem) -> int | None:
    """The 0-based page of ``item``'s bookmark in ``Document.get_toc()`` output, or None."""
    title = item_bookmark_title(item)
    for entry in toc:
        if entry[0] == 2 and entry[1] == title:
            return int(entry[2]) - 1
    return None


# --- layout --------------------------------------------------------------------------


def write_chunks(chunks: list[str], css: str = CSS) -> tuple[bytes, list[Any]]:
    """Lay out each chunk of HTML from a new page; the PDF and the element positions.

    (Each group is its own chunk: CSS page breaks after a table make MuPDF loop.)
    """
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    positions: list[Any] = []

    def record(position: Any) -> None:
        positions.append(position)

    page_number = 0
    archive = fonts.font_archive()  # the embedded font, not MuPDF's unembedded base 14
    for chunk in chunks:
        story = pymupdf.Story(chunk, user_css=css + fonts.font_css(), archive=archive)
        more = True
        while more:
            page_number += 1
            device = writer.begin_page(PAGE)
            more, _filled = story.place(CONTENT_RECT)
            story.element_positions(record, {"page_num": page_number})
            story.draw(device)
            writer.end_page()
    writer.close()
    return buffer.getvalue(), positions


def anchor_pages(positions: list[Any]) -> dict[str, int]:
    """Anchor id -> 1-based page number, from Story element positions."""
    pages: dict[str, int] = {}
    for position in positions:
        if position.id and position.open_close & 1:
            pages.setdefault(position.id, position.page_num)
    return pages


def _group_anchor(index: int) -> str:
    return f"group-{index}"


def _item_anchor(group_index: int, item_index: int) -> str:
    return f"item-{group_index}-{item_index}"


def _add_bookmarks(document: pymupdf.Document, meeting: Meeting, pages: dict[str, int]) -> None:
    toc: list[list[Any]] = []
    for g, group in enumerate(meeting.groups):
        first_item_page = pages.get(_item_anchor(g, 0), 1)
        group_page = pages.get(_group_anchor(g), first_item_page)
        toc.append([1, group_bookmark_title(group), group_page])
        for i, item in enumerate(group.items):
            toc.append([2, item_bookmark_title(item), pages.get(_item_anchor(g, i), group_page)])
    document.set_toc(toc)


def _add_header_and_footer(document: pymupdf.Document, meeting: Meeting) -> None:
    count = document.page_count
    header_left = meeting.body
    header_right = f"Dagsorden {short_date(meeting.local_start)}".strip()
    for number in range(1, count + 1):
        page = document[number - 1]
        footer = f"Side {number} af {count}"
        bottom = PAGE.height - MARGIN_BOTTOM + 34
        insert_right(page, footer, bottom)
        if number > 1:
            top = MARGIN_TOP - 30
            fonts.insert_text(page, (MARGIN_X, top), header_left, 8, GREY)
            insert_right(page, header_right, top)
            page.draw_line(
                (MARGIN_X, top + 6), (PAGE.width - MARGIN_X, top + 6), color=RULE_GREY, width=0.5
            )


def insert_right(page: pymupdf.Page, text: str, baseline: float) -> None:
    x = PAGE.width - MARGIN_X - fonts.text_width(text, 8)
    fonts.insert_text(page, (x, baseline), text, 8, GREY)


# --- HTML ----------------------------------------------------------------------------


def _document_chunks(meeting: Meeting, pages: dict[str, int]) -> list[str]:
    """The HTML of the front page (title and contents), then one chunk per group."""
    front = _title_block(meeting) + _contents(meeting, pages)
    chunks = [front]
    for g, group in enumerate(meeting.groups):
        chunks += _group_chunks(group, g)
    return chunks


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _title_block(meeting: Meeting) -> str:
    facts = [("Dato", long_date(meeting.local_start)), ("Tid", time_range(meeting))]
    facts.append(("Sted", meeting.location or ""))
    if meeting.participants:
        facts.append(("Deltagere", ", ".join(meeting.participants)))
    if meeting.apologies:
        facts.append(("Afbud", ", ".join(meeting.apologies)))
    rows = "".join(
        f'<tr><td class="label">{_e(label)}</td><td>{_e(value)}</td></tr>'
        for label, value in facts
        if value
    )
    name = "" if _name_repeats_title(meeting) else meeting.name
    return (
        f'<p class="organization">{_e(meeting.body.upper())}</p>'
        '<h1 class="document">Dagsorden</h1>'
        + (f'<p class="meeting-name">{_e(name)}</p>' if name else "")
        + f'<table class="facts">{rows}</table>'
    )


def _name_repeats_title(meeting: Meeting) -> bool:
    """True for names like "Dagsorden, KKR Midtjylland 20. april 2015" (nothing new)."""
    name = meeting.name.casefold()
    return name == "dagsorden" or (name.startswith("dagsorden") and meeting.body.casefold() in name)


def _contents(meeting: Meeting, pages: dict[str, int]) -> str:
    rows: list[str] = []
    for g, group in enumerate(meeting.groups):
        if _is_titled(group):
            number = f"{group.number}." if group.number else ""
            rows.append(_toc_row("toc-group", number, group.title, _group_anchor(g), pages))
        for i, item in enumerate(group.items):
            rows.append(_toc_row("toc-item", item.number, item.title, _item_anchor(g, i), pages))
    return '<h2 class="toc-title">Indhold</h2><table class="toc">' + "".join(rows) + "</table>"


def _toc_row(kind: str, number: str, title: str, anchor: str, pages: dict[str, int]) -> str:
    page = str(pages.get(anchor, ""))
    _link = _toc_link(anchor)
    return (
        f'<tr class="{kind}"><td class="number">{_link(number)}</td>'
        f'<td>{_link(title)}</td><td class="page">{_link(page)}</td></tr>'
    )


def _toc_link(anchor: str) -> Callable[[str], str]:
    return lambda text: f'<a class="toc-link" href="#{anchor}">{_e(text)}</a>'


def _is_titled(group: AgendaGroup) -> bool:
    """False for the one unnumbered, untitled group of a flat agenda (KD-Net)."""
    return bool(group.number or group.title)


def _group_chunks(group: AgendaGroup, g: int) -> list[str]:
    """One chunk per item (each item starts a page, as in KKR's own agendas).

    The group heading goes on top of its first item, or alone when it has none.
    """
    title = _e(group_bookmark_title(group))
    heading = f'<h1 class="group" id="{_group_anchor(g)}">{title}</h1>' if _is_titled(group) else ""
    if not group.items:
        return [heading + '<p class="empty-group">Ingen punkter.</p>']
    chunks = [_item_html(item, _item_anchor(g, i)) for i, item in enumerate(group.items)]
    chunks[0] = heading + chunks[0]
    return chunks


def _item_html(item: AgendaItem, anchor: str) -> str:
    parts = [f'<h2 class="item" id="{anchor}">{_e(item_bookmark_title(item))}</h2>']
    if not item.public:
        parts.append(f'<p class="closed">{CLOSED_LABEL}</p>')
    case = " · ".join(
        text
        for text in (
            f"Sag {item.case_number}" if item.case_number else "",
            f"Sagsbehandler: {', '.join(item.case_officers)}" if item.case_officers else "",
        )
        if text
    )
    if case:
        parts.append(f'<p class="meta">{_e(case)}</p>')
    if item.presenter:
        parts.append(f'<p class="meta">Fremlægges af: {_e(item.presenter)}</p>')
    parts += [_section_html(section) for section in item.sections]
    if item.attachments:
        parts.append(_attachments_html(item.attachments))
    return "".join(parts)


def _section_html(section: Section) -> str:
    title = f'<h3 class="section">{_e(section.title)}</h3>' if section.title else ""
    body = title + blocks_html(section.blocks, PDF_STYLE)
    if section.kind == "indstilling":
        return f'<div class="indstilling">{body}</div>'
    return body


def _pdf_heading(level: int, inner: str) -> str:
    tag = "h4" if level <= 1 else "h5"
    return f'<{tag} class="sub">{inner}</{tag}>'


def _pdf_link(span: Span, inner: str) -> str:
    href = span.href or ""
    if href.startswith(("http://", "https://", "mailto:")):
        shown = "" if span.text.strip() == href else f" ({_e(href)})"
        return f'<a class="web" href="{_e(href)}">{inner}</a>{shown}'
    return f'<span class="link">{inner}</span>'


#: How item text looks in the agenda PDF (fitz.Story's HTML and CSS).
PDF_STYLE = HtmlStyle(heading=_pdf_heading, table_open='<table class="data">', link=_pdf_link)


def _attachments_html(attachments: list[Attachment]) -> str:
    entries = "".join(f"<li>{_attachment_entry(a)}</li>" for a in attachments)
    return f'<h3 class="section">Bilag</h3><ol class="bilag">{entries}</ol>'


def _attachment_entry(attachment: Attachment) -> str:
    title = _e(attachment.title)
    if attachment.file is None:
        return f'{title} <span class="missing">{NOT_PROVIDED_LABEL}</span>'
    kind = (
        attachment.file.file_name.rsplit(".", 1)[-1].upper()
        if "." in attachment.file.file_name
        else ""
    )
    size = _human_size(attachment.file.size)
    info = ", ".join(part for part in (kind, size) if part)
    return f'{title} <span class="file-info">({_e(info)})</span>'


# --- Danish sizes ---------------------------------------------------------------------


def time_range(meeting: Meeting) -> str:
    begins, ends = meeting.local_start, meeting.local_end  # the member's time zone
    if begins is None:
        return ""
    start = f"kl. {begins:%H.%M}"
    if ends is None:
        return start
    return f"{start}–{ends:%H.%M}"


def _human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
