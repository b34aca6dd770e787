"""A small document model shared by every export (notes, draft minutes).

An export first builds a `Document` (what to say, in order) from the library
and the personal store; a renderer then writes it as PDF, DOCX or Markdown.
Builders never format, renderers never decide content, so a new format is one
renderer and a new export is one builder.

Text inside blocks reuses the agenda's own block types from `core.model`
(`Paragraph`, `Heading`, `BulletList`, `Table`, with `Span` runs), so an
Indstilling can be quoted exactly as the agenda has it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from companion.core.model import Block, BulletList, Paragraph, Span


@dataclass
class Title:
    """A document-level heading (level 1 opens a chapter: one per agenda item).

    Attributes:
        text: the heading's text.
        level: 1 (item), 2 (part of an item) or 3.
        bookmark: whether the heading goes in the PDF outline / DOCX navigation.
    """

    text: str
    level: int = 1
    bookmark: bool = True


@dataclass
class Quote:
    """Quoted text: an Indstilling, or a passage the member highlighted.

    Attributes:
        blocks: the quoted content.
        source: where it comes from, e.g. "Bilag 2, side 4" (may be empty).
        note: the member's note on the quote (may be empty).
        color: the highlight colour (``#rrggbb``) or None.
    """

    blocks: list[Block]
    source: str = ""
    note: str = ""
    color: str | None = None


@dataclass
class PageNote:
    """A note the member put on a page (a point note), with no text selected.

    Attributes:
        place: where it is, as a sentence start: "Note på side 3 i dagsordenen".
        note: the member's note.
        color: the note's colour (``#rrggbb``) or None.
    """

    place: str
    note: str
    color: str | None = None


@dataclass
class Checklist:
    """A list of questions with their done state."""

    entries: list[tuple[str, bool]]


@dataclass
class Fields:
    """Labelled one-line values (Dato, Sted, Holdning ...), shown as a small table."""

    rows: list[tuple[str, str]]


@dataclass
class Notice:
    """A sentence set apart, e.g. a warning that closed items are included."""

    text: str


DocBlock = Title | Quote | PageNote | Checklist | Fields | Notice | Block


@dataclass
class Document:
    """What an export says, in order, before it is given a format.

    Attributes:
        title: the document title (also the PDF/DOCX metadata title).
        subtitle: a line under the title (e.g. the meeting's body and date).
        blocks: the content in reading order.
        language: BCP 47 language tag of the content.
        author: who wrote it (the member's name; "" leaves it out).
    """

    title: str
    subtitle: str = ""
    blocks: list[DocBlock] = field(default_factory=list)
    language: str = "da"
    author: str = ""

    def add(self, *blocks: DocBlock) -> None:
        """Append blocks in order."""
        self.blocks.extend(blocks)


def text_paragraph(text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    """A paragraph of plain text as one run."""
    return Paragraph(spans=[Span(text=text, bold=bold, italic=italic)])


__all__ = [
    "BulletList",
    "Checklist",
    "DocBlock",
    "Document",
    "Fields",
    "Notice",
    "PageNote",
    "Paragraph",
    "Quote",
    "Span",
    "Title",
    "text_paragraph",
]
