"""Item text blocks as HTML, shared by the item view and the agenda PDF.

Both render the same structure (paragraphs, sub-headings, nested lists,
tables, emphasis, links); they differ only in a few tags and in how a link is
shown, which an `HtmlStyle` supplies. All text is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from companion.core.model import Block, BulletList, Heading, ListItem, Paragraph, Span, Table


@dataclass(frozen=True)
class HtmlStyle:
    """What differs between the targets.

    Attributes:
        heading: (level, inner HTML) -> the HTML of a sub-heading.
        table_open: the opening ``<table ...>`` tag.
        link: (span, inner HTML) -> the HTML of a span with an ``href``.
    """

    heading: Callable[[int, str], str]
    table_open: str
    link: Callable[[Span, str], str]


def blocks_html(blocks: Iterable[Block], style: HtmlStyle) -> str:
    """The HTML of a section's blocks."""
    return "\n".join(block_html(block, style) for block in blocks)


def block_html(block: Block, style: HtmlStyle) -> str:
    """The HTML of one block."""
    if isinstance(block, Paragraph):
        return f"<p>{spans_html(block.spans, style)}</p>"
    if isinstance(block, Heading):
        return style.heading(block.level, spans_html(block.spans, style))
    if isinstance(block, BulletList):
        return list_html(block.items, block.ordered, style)
    if isinstance(block, Table):
        return table_html(block, style)
    raise TypeError(f"unknown block {block!r}")


def list_html(items: Iterable[ListItem], ordered: bool, style: HtmlStyle) -> str:
    """A (nested) list; empty when there are no items."""
    tag = "ol" if ordered else "ul"
    entries = "".join(
        f"<li>{spans_html(item.spans, style)}{list_html(item.children, ordered, style)}</li>"
        for item in items
    )
    return f"<{tag}>{entries}</{tag}>" if entries else ""


def table_html(table: Table, style: HtmlStyle) -> str:
    """A table; the first ``header_rows`` rows use ``<th>``."""
    rows = []
    for index, row in enumerate(table.rows):
        cell = "th" if index < table.header_rows else "td"
        rows.append("<tr>" + "".join(f"<{cell}>{escape(text)}</{cell}>" for text in row) + "</tr>")
    return style.table_open + "".join(rows) + "</table>"


def spans_html(spans: Iterable[Span], style: HtmlStyle) -> str:
    """Inline text with emphasis and links."""
    return "".join(span_html(span, style) for span in spans)


def span_html(span: Span, style: HtmlStyle) -> str:
    """One span: escaped, bold/italic, and a link when it has an ``href``."""
    text = escape(span.text)
    if span.bold:
        text = f"<b>{text}</b>"
    if span.italic:
        text = f"<i>{text}</i>"
    return text if span.href is None else style.link(span, text)
