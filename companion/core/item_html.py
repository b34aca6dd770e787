"""Render one agenda item as HTML for the reading pane (pure, no Qt).

The HTML targets QTextDocument's rich-text subset: plain block elements, a
one-cell table for the tinted Indstilling box, and a small style sheet
(`ITEM_CSS`) that the view installs as the document's default style sheet.
Every piece of text from the package is html-escaped. Each section starts
with a named anchor (``section-<index>``) so later features (highlights,
notes) can map a position in the document back to the model.

User-visible words that are not agenda content come from `ItemLabels`, so the
UI can pass translated strings while this module stays free of Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from companion.core.html_blocks import HtmlStyle, blocks_html
from companion.core.model import (
    AgendaGroup,
    AgendaItem,
    Attachment,
    Block,
    Meeting,
    Section,
    Span,
)

#: Colours shared by the style sheet and the inline attributes QTextDocument needs.
ACCENT = "#1f5f8b"
RECOMMENDATION_TINT = "#eef4f9"
RECOMMENDATION_BORDER = "#c5d8e8"
MUTED = "#66707a"

ITEM_CSS = f"""
body {{ color: #1d2329; }}
p {{ margin-top: 0px; margin-bottom: 10px; line-height: 145%; }}
li {{ margin-bottom: 4px; line-height: 140%; }}
.title {{ font-size: 16pt; font-weight: 600; margin-top: 2px; margin-bottom: 8px;
          line-height: 120%; }}
.section {{ font-size: 12.5pt; font-weight: 600; color: {ACCENT}; margin-top: 24px;
            margin-bottom: 8px; }}
.sub1 {{ font-size: 11pt; font-weight: 600; margin-top: 14px; margin-bottom: 6px; }}
.sub2 {{ font-weight: 600; font-style: italic; margin-top: 10px; margin-bottom: 4px; }}
.overline {{ color: {MUTED}; font-size: 9pt; margin-bottom: 4px; }}
.meta {{ color: {MUTED}; margin-bottom: 2px; }}
.closed {{ color: #9a3412; font-weight: 600; }}
.box-title {{ font-size: 9pt; font-weight: 600; color: {ACCENT}; margin-bottom: 6px; }}
.missing-link {{ color: {MUTED}; text-decoration: underline dotted; }}
.placeholder {{ color: {MUTED}; font-size: 12pt; margin-top: 120px; }}
.not-provided {{ color: {MUTED}; font-style: italic; }}
a {{ color: {ACCENT}; }}
th {{ background-color: #f1f3f5; font-weight: 600; text-align: left; }}
"""


@dataclass(frozen=True)
class ItemLabels:
    """The words around agenda content; the UI passes translated ones."""

    case: str = "Case"
    officers: str = "Case officer"
    presenter: str = "Presented by"
    recommendation: str = "Recommendation"
    attachments: str = "Attachments"
    not_provided: str = "not provided in the package"
    closed: str = "Closed item"
    document_not_included: str = "document not included in the package"
    no_text: str = "This item has no text."


def item_html(item: AgendaItem, meeting: Meeting, labels: ItemLabels | None = None) -> str:
    """The item as an HTML document for QTextBrowser.

    Args:
        item: the item to render.
        meeting: the meeting the item belongs to (for the overline).
        labels: the surrounding words; English defaults when None.

    Returns:
        A complete ``<html>`` document.
    """
    words = labels or ItemLabels()
    parts = [_header(item, meeting, words)]
    recommendation = item.recommendation
    if recommendation is not None:
        parts.append(
            _recommendation_box(recommendation, item.sections.index(recommendation), words)
        )
    for index, section in enumerate(item.sections):
        if section is not recommendation:
            parts.append(_section(section, index, words))
    if not item.sections:
        parts.append(f'<p class="meta">{escape(words.no_text)}</p>')
    if item.attachments:
        parts.append(_attachments(item.attachments, words))
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def recommendation_html(item: AgendaItem, labels: ItemLabels | None = None) -> str:
    """The blocks of the item's Indstilling as HTML ("" when it has none), as the view shows them.

    For screens that show the Indstilling alone (the chair's session, the presenter).
    """
    recommendation = item.recommendation
    if recommendation is None:
        return ""
    return _blocks(recommendation.blocks, labels or ItemLabels())


def _group_of(item: AgendaItem, meeting: Meeting) -> AgendaGroup | None:
    return next((group for group in meeting.groups if item in group.items), None)


def _overline(item: AgendaItem, meeting: Meeting) -> str:
    pieces = [meeting.body]
    if meeting.local_start is not None:
        pieces.append(meeting.local_start.strftime("%d-%m-%Y"))
    group = _group_of(item, meeting)
    if group is not None and group.title:
        pieces.append(f"{group.number} {group.title}".strip())
    return " \u00b7 ".join(escape(piece) for piece in pieces if piece)


def _header(item: AgendaItem, meeting: Meeting, words: ItemLabels) -> str:
    title = escape(f"{item.number} {item.title}".strip())
    lines = [f'<p class="overline">{_overline(item, meeting)}</p>', f'<p class="title">{title}</p>']
    if not item.public:
        lines.append(f'<p class="closed">{escape(words.closed)}</p>')
    case = _case_line(item, words)
    if case:
        lines.append(f'<p class="meta">{case}</p>')
    if item.presenter:
        lines.append(f'<p class="meta">{escape(words.presenter)}: {escape(item.presenter)}</p>')
    return "\n".join(lines)


def _case_line(item: AgendaItem, words: ItemLabels) -> str:
    pieces = []
    if item.case_number:
        pieces.append(f"{escape(words.case)} {escape(item.case_number)}")
    if item.case_officers:
        officers = ", ".join(escape(name) for name in item.case_officers)
        pieces.append(f"{escape(words.officers)}: {officers}")
    return " \u00b7 ".join(pieces)


def _recommendation_box(section: Section, index: int, words: ItemLabels) -> str:
    body = _blocks(section.blocks, words)
    return (
        f'<a name="section-{index}"></a>'
        f'<table width="100%" cellpadding="14" cellspacing="0" border="1" '
        f'style="border-color: {RECOMMENDATION_BORDER}; border-style: solid; '
        f'margin-top: 18px; margin-bottom: 8px;" bgcolor="{RECOMMENDATION_TINT}">'
        f'<tr><td><p class="box-title">{escape(section.title)}</p>{body}</td></tr></table>'
    )


def _section(section: Section, index: int, words: ItemLabels) -> str:
    heading = f'<a name="section-{index}"></a>{_section_title(section.title)}'
    return heading + _blocks(section.blocks, words)


def _blocks(blocks: list[Block], words: ItemLabels) -> str:
    return blocks_html(blocks, _view_style(words))


def _view_heading(level: int, inner: str) -> str:
    return f'<p class="sub{min(max(level, 1), 2)}">{inner}</p>'


def _view_style(words: ItemLabels) -> HtmlStyle:
    """How item text looks in the item view (QTextDocument's HTML subset)."""

    def link(span: Span, inner: str) -> str:
        if span.href in ("", "#"):
            hint = escape(words.document_not_included, quote=True)
            return f'<span class="missing-link" title="{hint}">{inner}</span>'
        return f'<a href="{escape(span.href or "", quote=True)}">{inner}</a>'

    return HtmlStyle(heading=_view_heading, table_open=VIEW_TABLE_OPEN, link=link)


#: QTextDocument needs the table's look as attributes; its CSS support is partial.
VIEW_TABLE_OPEN = (
    '<table width="100%" cellpadding="6" cellspacing="0" border="1" '
    'style="border-color: #d5dade; border-style: solid; margin-top: 4px; '
    'margin-bottom: 12px;">'
)


def _attachments(attachments: list[Attachment], words: ItemLabels) -> str:
    rows = []
    for attachment in attachments:
        title = escape(attachment.title)
        if attachment.provided:
            rows.append(f"<li>{title}</li>")
        else:
            rows.append(
                f'<li>{title} <span class="not-provided">({escape(words.not_provided)})</span></li>'
            )
    return _section_title(words.attachments) + "<ul>" + "".join(rows) + "</ul>"


def _section_title(title: str) -> str:
    # <p> with a class, not <h2>: QTextDocument scales headings on top of any CSS size.
    return f'<p class="section">{escape(title)}</p>'
