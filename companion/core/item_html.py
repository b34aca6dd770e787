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

#: The designed colours on white (the defaults of `ItemColours`).
ACCENT = "#1f5f8b"
RECOMMENDATION_TINT = "#eef4f9"
RECOMMENDATION_BORDER = "#c5d8e8"
MUTED = "#66707a"


@dataclass(frozen=True)
class ItemColours:
    """The item text's colours; the UI fills them from the system palette.

    The defaults are the designed look on white (dark text, a blue accent, a
    light blue Indstilling box). Under a dark or high-contrast palette the UI
    passes the palette's own text, ground and highlight, so the title stays
    readable and the Indstilling box stays set apart.
    """

    text: str = "#1d2329"
    muted: str = MUTED
    accent: str = ACCENT
    link: str = ACCENT
    closed: str = "#9a3412"
    box_background: str = RECOMMENDATION_TINT
    box_border: str = RECOMMENDATION_BORDER
    table_border: str = "#d5dade"
    table_heading: str = "#f1f3f5"


def item_css(colours: ItemColours | None = None) -> str:
    """The item view's default style sheet in ``colours`` (the designed ones when None)."""
    c = colours or ItemColours()
    return f"""
body {{ color: {c.text}; }}
p {{ margin-top: 0px; margin-bottom: 10px; line-height: 145%; }}
li {{ margin-bottom: 4px; line-height: 140%; }}
.title {{ font-size: 16pt; font-weight: 600; margin-top: 2px; margin-bottom: 8px;
          line-height: 120%; }}
.section {{ font-size: 12.5pt; font-weight: 600; color: {c.accent}; margin-top: 24px;
            margin-bottom: 8px; }}
.sub1 {{ font-size: 11pt; font-weight: 600; margin-top: 14px; margin-bottom: 6px; }}
.sub2 {{ font-weight: 600; font-style: italic; margin-top: 10px; margin-bottom: 4px; }}
.overline {{ color: {c.muted}; font-size: 9pt; margin-bottom: 4px; }}
.meta {{ color: {c.muted}; margin-bottom: 2px; }}
.closed {{ color: {c.closed}; font-weight: 600; }}
.box-title {{ font-size: 9pt; font-weight: 600; color: {c.accent}; margin-bottom: 6px; }}
.missing-link {{ color: {c.muted}; text-decoration: underline dotted; }}
.placeholder {{ color: {c.muted}; font-size: 12pt; margin-top: 120px; }}
.not-provided {{ color: {c.muted}; font-style: italic; }}
a {{ color: {c.link}; }}
th {{ background-color: {c.table_heading}; font-weight: 600; text-align: left; }}
"""


#: The style sheet in the designed colours (for a screen that keeps them).
ITEM_CSS = item_css()


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


def item_html(
    item: AgendaItem,
    meeting: Meeting,
    labels: ItemLabels | None = None,
    colours: ItemColours | None = None,
) -> str:
    """The item as an HTML document for QTextBrowser.

    Args:
        item: the item to render.
        meeting: the meeting the item belongs to (for the overline).
        labels: the surrounding words; English defaults when None.
        colours: the colours of the Indstilling box and tables (as `item_css`'s);
            the designed ones when None.

    Returns:
        A complete ``<html>`` document.
    """
    words = labels or ItemLabels()
    tones = colours or ItemColours()
    parts = [_header(item, meeting, words)]
    recommendation = item.recommendation
    if recommendation is not None:
        index = item.sections.index(recommendation)
        parts.append(_recommendation_box(recommendation, index, words, tones))
    for index, section in enumerate(item.sections):
        if section is not recommendation:
            parts.append(_section(section, index, words, tones))
    if not item.sections:
        parts.append(f'<p class="meta">{escape(words.no_text)}</p>')
    if item.attachments:
        parts.append(_attachments(item.attachments, words))
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def recommendation_html(
    item: AgendaItem, labels: ItemLabels | None = None, colours: ItemColours | None = None
) -> str:
    """The blocks of the item's Indstilling as HTML ("" when it has none), as the view shows them.

    For screens that show the Indstilling alone (the chair's session, the presenter).
    """
    recommendation = item.recommendation
    if recommendation is None:
        return ""
    return _blocks(recommendation.blocks, labels or ItemLabels(), colours or ItemColours())


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


def _recommendation_box(
    section: Section, index: int, words: ItemLabels, colours: ItemColours
) -> str:
    body = _blocks(section.blocks, words, colours)
    return (
        f'<a name="section-{index}"></a>'
        f'<table width="100%" cellpadding="14" cellspacing="0" border="1" '
        f'style="border-color: {colours.box_border}; border-style: solid; '
        f'margin-top: 18px; margin-bottom: 8px;" bgcolor="{colours.box_background}">'
        f'<tr><td><p class="box-title">{escape(section.title)}</p>{body}</td></tr></table>'
    )


def _section(section: Section, index: int, words: ItemLabels, colours: ItemColours) -> str:
    heading = f'<a name="section-{index}"></a>{_section_title(section.title)}'
    return heading + _blocks(section.blocks, words, colours)


def _blocks(blocks: list[Block], words: ItemLabels, colours: ItemColours) -> str:
    return blocks_html(blocks, _view_style(words, colours))


def _view_heading(level: int, inner: str) -> str:
    return f'<p class="sub{min(max(level, 1), 2)}">{inner}</p>'


def _view_style(words: ItemLabels, colours: ItemColours) -> HtmlStyle:
    """How item text looks in the item view (QTextDocument's HTML subset)."""

    def link(span: Span, inner: str) -> str:
        if span.href in ("", "#"):
            hint = escape(words.document_not_included, quote=True)
            return f'<span class="missing-link" title="{hint}">{inner}</span>'
        return f'<a href="{escape(span.href or "", quote=True)}">{inner}</a>'

    return HtmlStyle(heading=_view_heading, table_open=view_table_open(colours), link=link)


def view_table_open(colours: ItemColours) -> str:
    """A table's opening tag: QTextDocument needs its look as attributes (partial CSS)."""
    return (
        '<table width="100%" cellpadding="6" cellspacing="0" border="1" '
        f'style="border-color: {colours.table_border}; border-style: solid; margin-top: 4px; '
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
