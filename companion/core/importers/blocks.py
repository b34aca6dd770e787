"""The text of one agenda item -> sections of blocks (paragraphs, lists, tables).

Input is a list of ``(line number, text)`` pairs. The steps:

1. Split into *chunks*: runs of non-blank lines.
2. Join page-break fragments: a chunk whose last line is long and has no
   closing punctuation, followed (after any run of blank lines) by a chunk that
   starts with a lower-case letter - or a digit, when the cut line is long
   enough to be a full PDF line - is one paragraph cut by a page break
   (``"... projekter i den\\n\\n\\n\\nenkelte kommune"``). A hyphen at the cut
   joins the word (``styre-`` + ``gruppe``).
3. Read each chunk line by line: ``#`` headings, section headings (Baggrund,
   Indstilling, Sagsfremstilling, Beslutning - with or without ``#``, bold or a
   colon), bullet lists (``-``/``•``/``1.``; nesting by indentation; a
   non-bullet line right after a bullet continues it), tab-separated tables
   and paragraphs (lines joined with a space; two trailing spaces keep a line
   break).
4. A line standing alone that is wholly emphasised (``*Bornholm:*``) is a
   sub-heading; so is a short plain line without closing punctuation that is
   followed by more text in its section (``Temaer til debat``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from companion.core.importers.inline import parse_inline, strip_emphasis
from companion.core.model import (
    Block,
    BulletList,
    Heading,
    ListItem,
    Paragraph,
    Section,
    Span,
    Table,
)

#: ``(1-based line number, text)`` of one source line.
Line = tuple[int, str]

SECTION_KINDS_BY_TITLE = {
    "baggrund": "baggrund",
    "indstilling": "indstilling",
    "sagsfremstilling": "sagsfremstilling",
    "beslutning": "beslutning",
}
#: Headings that open a real section of kind "other" in any layout.
OTHER_SECTION_TITLES = frozenset(
    {"beslutningstema", "økonomi", "lovgrundlag", "tidsplan", "høring", "kommunikation"}
)
RECOMMENDATION = re.compile(
    r"^\W*(?:Det indstilles|[\w-]+(?: [\w-]+)? indstiller\b)", re.IGNORECASE
)

_LIST_LINE = re.compile(r"^(?P<indent>\s*)(?P<marker>[-•*]|\d{1,2}[.)])\s+(?P<text>\S.*)$")
_CLOSING_PUNCTUATION = ".:;!?"
_LINK = re.compile(r"\[[^\]]+\]\([^)]*\)|<(?:https?://|www\.)[^>]+>")
_EMPHASISED_LINE = re.compile(r"^(?:\*\*?|<b>|<i>)(?=\S).*\S(?:\*\*?|</b>|</i>)$")
_CONTINUATION_MIN_LENGTH = 40
_DIGIT_CONTINUATION_MIN_LENGTH = 60
_PLAIN_HEADING_MAX_LENGTH = 100
_PLAIN_HEADING_MAX_WORDS = 14


@dataclass
class SectionHeading:
    """A recognised section heading and any text after its colon."""

    kind: str
    title: str
    rest: str = ""


class _TentativeHeading(Heading):
    """A plain line that reads like a heading; confirmed when text follows it."""


@dataclass
class ItemBody:
    """What `parse_item_body` found: blocks before any section, and sections."""

    preamble: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def section_heading(text: str) -> SectionHeading | None:
    """The section a line opens (``### **Baggrund**``, ``Sagsfremstilling:``), or None."""
    stripped = text.strip()
    is_markdown = stripped.startswith("#")
    content = stripped.lstrip("#").strip()
    plain = strip_emphasis(content)
    name, colon, rest = plain.partition(":")
    name = name.strip()
    kind = SECTION_KINDS_BY_TITLE.get(name.casefold())
    if kind is not None and (not rest.strip() or not is_markdown):
        return SectionHeading(kind, name, rest.strip())
    if not rest.strip() and name.casefold() in OTHER_SECTION_TITLES:
        return SectionHeading("other", name)
    if is_markdown and not colon and _is_wholly_bold(content) and not name[:1].isdigit():
        return SectionHeading("other", name)
    return None


def is_link_only(text: str) -> bool:
    """True when ``text`` (bullet removed) is nothing but one or more links."""
    stripped = _LIST_LINE.sub(r"\g<text>", text).strip()
    return bool(stripped) and not _LINK.sub("", stripped).strip(" -–,.")


def has_link(text: str) -> bool:
    """True when ``text`` contains a markdown link or an autolink."""
    return _LINK.search(text) is not None


def parse_item_body(lines: list[Line]) -> ItemBody:
    """Sections and blocks of an item's text (heading and case line removed)."""
    body = ItemBody()
    current: list[Block] = body.preamble
    for chunk in join_page_breaks(split_chunks(lines)):
        for token in _chunk_tokens(chunk):
            if isinstance(token, SectionHeading):
                section = Section(token.kind, token.title)
                body.sections.append(section)
                current = section.blocks
                if token.rest:
                    current.append(Paragraph(parse_inline(token.rest)))
            else:
                _append_block(current, token)
    _settle_tentative_headings(body.preamble)
    for section in body.sections:
        _settle_tentative_headings(section.blocks)
    return body


def split_chunks(lines: list[Line]) -> list[list[Line]]:
    """Runs of consecutive non-blank lines."""
    chunks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line[1].strip():
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def join_page_breaks(chunks: list[list[Line]]) -> list[list[Line]]:
    """Glue chunks that are one paragraph cut by a page break (see module doc)."""
    joined: list[list[Line]] = []
    for chunk in chunks:
        if joined and _continues(joined[-1][-1][1], chunk[0][1]):
            previous = joined[-1]
            number, text = previous[-1]
            previous[-1] = (number, _join_fragments(text, chunk[0][1]))
            previous.extend(chunk[1:])
        else:
            joined.append(list(chunk))
    return joined


def _continues(previous: str, following: str) -> bool:
    previous = previous.rstrip()
    following = following.strip()
    if previous.lstrip().startswith(("#", "|", "./")) or "\t" in previous or "\t" in following:
        return False
    if not previous or previous.rstrip("*_ ")[-1:] in _CLOSING_PUNCTUATION:
        return False
    if section_heading(previous) is not None:
        return False
    first = following[:1]
    if first.islower():
        return len(previous) >= _CONTINUATION_MIN_LENGTH
    if first.isdigit():
        is_list = _LIST_LINE.match(following) is not None
        return not is_list and len(previous) >= _DIGIT_CONTINUATION_MIN_LENGTH
    return False


def _join_fragments(previous: str, following: str) -> str:
    previous = previous.rstrip()
    following = following.strip()
    first_word = following.split(" ", 1)[0]
    hyphenated = previous.endswith("-") and previous[-2:-1].isalpha()
    if hyphenated and following[:1].islower() and first_word not in {"og", "eller"}:
        return previous[:-1] + following
    return f"{previous} {following}"


def _chunk_tokens(chunk: list[Line]) -> Iterator[Block | SectionHeading]:
    """Blocks and section headings of one chunk, in order."""
    reader = _ChunkReader()
    for index, (_, text) in enumerate(chunk):
        yield from reader.feed(text, first_in_chunk=index == 0)
    yield from reader.flush()


class _ChunkReader:
    """Collects the lines of one chunk into blocks."""

    def __init__(self) -> None:
        self.paragraph: list[str] = []
        self.list_lines: list[tuple[int, str, str]] = []
        self.table_rows: list[str] = []

    def feed(self, text: str, *, first_in_chunk: bool) -> Iterator[Block | SectionHeading]:
        stripped = text.strip()
        heading = section_heading(stripped)
        if heading is not None and (first_in_chunk or not heading.rest):
            yield from self.flush()
            yield heading
        elif stripped.startswith("#"):
            yield from self.flush()
            yield Heading(parse_inline(stripped.lstrip("#").strip()))
        elif "\t" in text:
            if not self.table_rows:
                yield from self.flush()
            self.table_rows.append(text)
        elif (match := _LIST_LINE.match(text)) is not None:
            if not self.list_lines:
                yield from self.flush()
            indent = len(match["indent"].expandtabs(4))
            self.list_lines.append((indent, match["marker"], match["text"]))
        elif self.list_lines:
            indent, marker, previous = self.list_lines[-1]
            self.list_lines[-1] = (indent, marker, _join_line(previous, text))
        else:
            if self.table_rows:
                yield from self.flush()
            self.paragraph.append(text)

    def flush(self) -> Iterator[Block]:
        if self.paragraph:
            yield _paragraph_block(self.paragraph)
        if self.list_lines:
            yield _bullet_list(self.list_lines)
        if self.table_rows:
            yield _table(self.table_rows)
        self.paragraph, self.list_lines, self.table_rows = [], [], []


def _join_line(previous: str, text: str) -> str:
    separator = "\n" if previous.endswith("  ") else " "
    return previous.rstrip() + separator + text.strip()


def _paragraph_block(lines: list[str]) -> Block:
    text = lines[0].strip() if len(lines) == 1 else _joined(lines)
    spans = parse_inline(text)
    if len(lines) == 1 and _is_emphasised_heading(text, spans):
        return Heading(spans)
    if len(lines) == 1 and looks_like_plain_heading(text):
        return _TentativeHeading(spans)
    return Paragraph(spans)


def _joined(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        text = _join_line(text, line)
    return text.strip()


def _is_emphasised_heading(text: str, spans: list[Span]) -> bool:
    if not _EMPHASISED_LINE.match(text) or not spans or has_link(text):
        return False
    if not all(span.bold or span.italic for span in spans):
        return False
    plain = strip_emphasis(text)
    return not plain.endswith(".") and ", at " not in plain and not RECOMMENDATION.match(plain)


def looks_like_plain_heading(text: str) -> bool:
    """A short capitalised line without closing punctuation, not a sentence."""
    plain = strip_emphasis(text)
    return (
        0 < len(plain) <= _PLAIN_HEADING_MAX_LENGTH
        and len(plain.split()) <= _PLAIN_HEADING_MAX_WORDS
        and plain[0].isupper()
        and plain[-1] not in _CLOSING_PUNCTUATION + ","
        and ", at " not in plain
        and not has_link(text)
        and not RECOMMENDATION.match(plain)
    )


def _bullet_list(lines: list[tuple[int, str, str]]) -> BulletList:
    """A possibly nested list from ``(indent, marker, text)`` lines."""
    roots: list[ListItem] = []
    stack: list[tuple[int, ListItem]] = []
    for indent, _, text in lines:
        item = ListItem(parse_inline(text.strip()))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(item)
        stack.append((indent, item))
    ordered = lines[0][1][0].isdigit()
    return BulletList(roots, ordered=ordered)


def _table(rows: list[str]) -> Table:
    cells = [[_cell_text(cell) for cell in row.split("\t")] for row in rows]
    width = max(len(row) for row in cells)
    cells = [row + [""] * (width - len(row)) for row in cells]
    return Table(cells, header_rows=_header_rows(rows))


def _cell_text(cell: str) -> str:
    return re.sub(r"</?(?:b|i)>", "", cell).strip()


def _header_rows(rows: list[str]) -> int:
    """Leading all-bold rows; without bold, one header row when it starts empty."""
    if any("<b>" in row for row in rows):
        count = 0
        for row in rows:
            cells = [cell.strip() for cell in row.split("\t") if cell.strip()]
            if not cells or not all(cell.startswith("<b>") for cell in cells):
                break
            count += 1
        return count
    return 1 if not rows[0].split("\t")[0].strip() else 0


def _append_block(blocks: list[Block], block: Block) -> None:
    """Append ``block``; a list right after a list (a loose list) extends it."""
    previous = blocks[-1] if blocks else None
    if (
        isinstance(block, BulletList)
        and isinstance(previous, BulletList)
        and previous.ordered == block.ordered
    ):
        previous.items.extend(block.items)
    else:
        blocks.append(block)


def _settle_tentative_headings(blocks: list[Block]) -> None:
    """A tentative heading is a heading when text follows it, else a paragraph."""
    for index, block in enumerate(blocks):
        if isinstance(block, _TentativeHeading):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            is_heading = following is not None and not isinstance(following, Heading)
            blocks[index] = Heading(block.spans) if is_heading else Paragraph(block.spans)


def _is_wholly_bold(text: str) -> bool:
    spans = parse_inline(text)
    return bool(spans) and all(span.bold and not span.italic for span in spans)
