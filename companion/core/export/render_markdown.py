"""A `Document` as CommonMark (with GitHub's task lists and pipe tables).

The document title is the one ``#`` heading; `Title` blocks of level 1, 2 and 3
become ``##``, ``###`` and ``####``. Every piece of text is escaped, so what a
member typed never turns into Markdown syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

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
from companion.core.export.output import write_text_file
from companion.core.model import Block, BulletList, Heading, ListItem, Paragraph, Span, Table

#: ASCII punctuation that can start or end Markdown syntax anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!&])")
#: Line starts that would make a list, a heading rule or a setext underline.
_LINE_START_SPECIAL = re.compile(r"^(\s*)([-+=]|\d+[.)])")
NOTE_PREFIX = "Note:"


def escape(text: str) -> str:
    """``text`` with every character that could be Markdown syntax backslash-escaped."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    lines = [_LINE_START_SPECIAL.sub(_escape_line_start, line) for line in escaped.split("\n")]
    return "\n".join(lines)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():
        return f"{match.group(1)}{marker[:-1]}\\{marker[-1]}"
    return f"{match.group(1)}\\{marker}"


def markdown(document: Document) -> str:
    """The Markdown text of ``document`` (ends with one newline)."""
    parts = [f"# {_one_line(document.title)}"]
    if document.subtitle:
        parts.append(f"*{_one_line(document.subtitle)}*")
    parts += [block_markdown(block) for block in document.blocks]
    return "\n\n".join(part for part in parts if part) + "\n"


def write_markdown(document: Document, path: Path) -> Path:
    """Write ``document`` as Markdown (UTF-8) to ``path`` atomically; ``path``.

    Raises:
        ExportError: the file cannot be written (the message names ``path``).
    """
    return write_text_file(path, markdown(document))


def block_markdown(block: DocBlock) -> str:
    """The Markdown of one block (no trailing newline)."""
    if isinstance(block, Title):
        level = min(max(block.level, 1), 5) + 1
        return f"{'#' * level} {_one_line(block.text)}"
    if isinstance(block, Quote):
        return _quote(block)
    if isinstance(block, PageNote):
        note = _hard_breaks(escape(block.note.strip()))
        return f"**{_one_line(block.place)}:** {note}".rstrip()
    if isinstance(block, Checklist):
        return "\n".join(
            f"- [{'x' if done else ' '}] {_one_line(text)}" for text, done in block.entries
        )
    if isinstance(block, Fields):
        return "  \n".join(
            f"**{_one_line(label)}:** {_one_line(value)}" for label, value in block.rows
        )
    if isinstance(block, Notice):
        return _blockquote(f"**{_one_line(block.text)}**")
    return content_markdown(block)


def content_markdown(block: Block) -> str:
    """The Markdown of an agenda block (paragraph, sub-heading, list, table)."""
    if isinstance(block, Paragraph):
        return spans_markdown(block.spans)
    if isinstance(block, Heading):
        return f"**{_one_line(''.join(span.text for span in block.spans))}**"
    if isinstance(block, BulletList):
        return "\n".join(_list_lines(block.items, block.ordered, ""))
    if isinstance(block, Table):
        return _table(block)
    raise TypeError(f"unknown block {block!r}")


def _quote(quote: Quote) -> str:
    inner = "\n\n".join(content_markdown(block) for block in quote.blocks)
    if quote.source:
        inner += f"\n\n— *{_one_line(quote.source)}*"
    text = _blockquote(inner)
    if quote.note:
        text += f"\n\n**{NOTE_PREFIX}** {_hard_breaks(escape(quote.note.strip()))}"
    return text


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def spans_markdown(spans: Iterable[Span]) -> str:
    """Inline text with emphasis and web links; newlines become hard line breaks."""
    return _hard_breaks("".join(_span(span) for span in spans))


def _span(span: Span) -> str:
    text = escape(span.text)
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    if span.bold:
        core = f"**{core}**"
    if span.italic:
        core = f"*{core}*"
    href = span.href or ""
    if href.startswith(("http://", "https://", "mailto:")):
        core = f"[{core}](<{href.replace('>', '%3E').replace(' ', '%20')}>)"
    return f"{lead}{core}{trail}"


def _hard_breaks(text: str) -> str:
    return "\\\n".join(line.strip() for line in text.strip().split("\n"))


def _one_line(text: str) -> str:
    return escape(" ".join(text.split()))


def _list_lines(items: list[ListItem], ordered: bool, indent: str) -> list[str]:
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        marker = f"{number}. " if ordered else "- "
        text = " ".join(spans_markdown(item.spans).split("\\\n")) or "\u00a0"
        lines.append(f"{indent}{marker}{text}")
        lines += _list_lines(item.children, ordered, indent + " " * len(marker))
    return lines


def _table(table: Table) -> str:
    if not table.rows:
        return ""
    width = max(len(row) for row in table.rows)
    rows = [[_cell(cell) for cell in row] + [""] * (width - len(row)) for row in table.rows]
    header, body = (rows[0], rows[1:]) if table.header_rows else ([""] * width, rows)
    lines = [_row(header), _row(["---"] * width)]
    lines += [_row(row) for row in body]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return _one_line(text)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
