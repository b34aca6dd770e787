"""An agenda item's Word-generated HTML (FirstAgenda ``Felter[].Html``) -> its sections.

The field holds the item's sections as ``<h3>`` headings, each followed by its
text in a wrapper ``<span>`` that Aspose.Words (or Word itself) generated: a
``<meta>``/``<title>`` head, then paragraphs, lists, tables and sub-headings::

    <div id='sagsfremstillingContainer'>
      <h3>Beslutningstema</h3><span class='beslutningstema'><meta ...><div><p>...</p></div></span>
      <div><h3>Indstilling</h3><span class='indstilling'>...</span>
           <h3>Beslutning i Økonomiudvalget den 16-03-2026</h3><span>...</span></div>
      ...

So a heading outside a text wrapper opens a section; a heading inside one is a
sub-heading of its section. The text becomes the app's own blocks (`Paragraph`,
`Heading`, `BulletList`, `Table`): bold, italic and links kept; styles, classes,
empty paragraphs, ``<meta>``/``<title>``/``<style>``, comments, ``<o:p>`` and
Word's list-bullet spans (``mso-list:Ignore``) dropped. Parsed with lxml's HTML
parser (libxml2), never with regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import lxml.html
from lxml import etree

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

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: Elements whose content is never text of the item.
_DROPPED = {"meta", "title", "style", "script", "head", "link", "xml", "o:p", "noscript"}
#: Elements that hold blocks (a paragraph inside one ends the running text).
_BLOCK_TAGS = {"p", "ul", "ol", "li", "table", "div", "blockquote", *_HEADINGS}
#: Plain containers at the top of the field: looked into for headings and text wrappers.
_FRAMES = {"div", "section", "article", "body", "html"}
#: Spaces and line ends collapse to one space (no-break spaces are kept: they are meant).
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
#: "18.05.2026 Supplerende indstilling" -> "indstilling"; the date and the word go.
_SECTION_PREFIX = re.compile(r"^(?:\d{1,2}[.-]\d{1,2}[.-]\d{2,4}\s+)?(?:supplerende\s+)?")
_SECTION_KINDS = {
    "baggrund": "baggrund",
    "indstilling": "indstilling",
    "sagsfremstilling": "sagsfremstilling",
    "beslutning": "beslutning",
}
_WORD_LIST_LEVEL = re.compile(r"level(\d+)")


def section_kind(title: str) -> str:
    """The app's section kind of a FirstAgenda heading.

    "Indstilling" and "Supplerende indstilling" are an Indstilling, "Beslutning i
    Økonomiudvalget den 16-03-2026" a decision (beslutning), "Sagsfremstilling" the
    case presentation; Beslutningstema, Økonomiske konsekvenser, Høring ... are
    "other" sections with their own titles.
    """
    name = _SECTION_PREFIX.sub("", " ".join(title.split()).casefold())
    if name.startswith("beslutning i ") or name.startswith("beslutning den "):
        return "beslutning"
    return _SECTION_KINDS.get(name, "other")


def item_sections(html: str) -> list[Section]:
    """The sections of an item's HTML field, in the order they appear.

    Text before the first heading becomes an untitled "other" section; a heading
    with no text under it is left out.
    """
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    sections = _SectionBuilder()
    _walk_frame(root, sections)
    return sections.finish()


def html_blocks(html: str) -> list[Block]:
    """The blocks of a piece of Word HTML (no section headings)."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return _BlockBuilder().build(root)


# --- sections ------------------------------------------------------------------------------


class _SectionBuilder:
    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.current: Section | None = None

    def start(self, title: str) -> None:
        self.current = Section(section_kind(title), title)
        self.sections.append(self.current)

    def add(self, blocks: list[Block]) -> None:
        if not blocks:
            return
        if self.current is None:
            self.current = Section("other", "")
            self.sections.append(self.current)
        self.current.blocks.extend(blocks)

    def finish(self) -> list[Section]:
        return [section for section in self.sections if section.blocks]


def _tag(element: etree._Element) -> str | None:
    """The element's lowercase tag name; None for comments and processing instructions."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else None


def _walk_frame(element: etree._Element, sections: _SectionBuilder) -> None:
    """Headings at this level open sections; everything else is text of the current one."""
    loose = _BlockBuilder()
    if element.text and element.text.strip():
        loose.add_text(element.text, _Style())
    for child in element:
        tag = _tag(child)
        if tag is not None and (tag in _HEADINGS or tag in _FRAMES):
            sections.add(loose.take())
            if tag in _HEADINGS:
                sections.start(_plain_text(child))
            else:
                _walk_frame(child, sections)
        elif tag is not None:
            loose.visit(child, _Style())
        if child.tail and child.tail.strip():
            loose.add_text(child.tail, _Style())
    sections.add(loose.take())


def _plain_text(element: etree._Element) -> str:
    return " ".join("".join(_texts(element)).split())


def _texts(element: etree._Element) -> list[str]:
    """The text of ``element`` without the text of dropped elements (its tail excluded)."""
    parts = [element.text or ""]
    for child in element:
        if _tag(child) not in _DROPPED and _tag(child) is not None:
            parts.extend(_texts(child))
        parts.append(child.tail or "")
    return parts


# --- blocks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    bold: bool = False
    italic: bool = False
    href: str | None = None


def _styled(element: etree._Element, style: _Style) -> _Style:
    tag = _tag(element)
    if tag in ("b", "strong"):
        return replace(style, bold=True)
    if tag in ("i", "em"):
        return replace(style, italic=True)
    if tag == "a" and element.get("href"):
        return replace(style, href=str(element.get("href")).strip())
    return style


def _is_word_bullet(element: etree._Element) -> bool:
    """Word's own bullet or number before a list paragraph (``mso-list:Ignore``)."""
    style = (element.get("style") or "").replace(" ", "").casefold()
    return "mso-list:ignore" in style


def _word_list_level(element: etree._Element) -> int | None:
    """The level of a paragraph Word wrote as a list item (``mso-list:l0 level2 lfo1``)."""
    if _tag(element) != "p":
        return None
    style = (element.get("style") or "").casefold()
    if "mso-list" not in style:
        return None
    found = _WORD_LIST_LEVEL.search(style)
    return int(found.group(1)) if found else 1


class _BlockBuilder:
    """Collects blocks; inline content outside a paragraph becomes a paragraph of its own."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.inline: list[Span] = []
        self.word_list: list[tuple[int, list[Span]]] = []

    def build(self, root: etree._Element) -> list[Block]:
        if root.text:
            self.add_text(root.text, _Style())
        for child in root:
            self.visit(child, _Style())
            if child.tail:
                self.add_text(child.tail, _Style())
        return self.take()

    def take(self) -> list[Block]:
        """The blocks so far (the running text closed), and start afresh."""
        self._flush_inline()
        self._flush_word_list()
        blocks, self.blocks = self.blocks, []
        return blocks

    def add_text(self, text: str, style: _Style) -> None:
        self.inline.append(Span(text, style.bold, style.italic, style.href))

    def _flush_inline(self) -> None:
        spans = _clean_spans(self.inline)
        self.inline = []
        if spans:
            self._flush_word_list()
            self.blocks.append(Paragraph(spans))

    def _add_block(self, block: Block | None) -> None:
        self._flush_inline()
        self._flush_word_list()
        if block is not None:
            self.blocks.append(block)

    def visit(self, element: etree._Element, style: _Style) -> None:
        """Add ``element`` (not its tail) to the blocks."""
        tag = _tag(element)
        if tag is None or tag in _DROPPED or _is_word_bullet(element):
            return
        level = _word_list_level(element)
        if level is not None:
            self._flush_inline()
            spans = _clean_spans(_inline_spans(element, style))
            if spans:
                self.word_list.append((level, spans))
            return
        if tag == "p":
            self._add_block(_paragraph(element, style))
        elif tag in _HEADINGS:
            spans = _clean_spans(_inline_spans(element, style))
            self._add_block(Heading(spans, max(1, _HEADINGS[tag] - 2)) if spans else None)
        elif tag in ("ul", "ol"):
            items = _list_items(element, style)
            if items and not self._continues_list(element, items):
                self._add_block(BulletList(items, tag == "ol"))
        elif tag == "table":
            self._add_block(_table(element))
        elif tag == "br":
            self.add_text("\n", style)
        elif _holds_blocks(element):
            inner = _styled(element, style)
            if element.text:
                self.add_text(element.text, inner)
            for child in element:
                self.visit(child, inner)
                if child.tail:
                    self.add_text(child.tail, inner)
            if tag in _BLOCK_TAGS:
                self._flush_inline()
        else:
            self.inline.extend(_inline_spans(element, style))

    def _continues_list(self, element: etree._Element, items: list[ListItem]) -> bool:
        """Word writes one numbered list as ``<ol>``s of one item each (``start="2"``, ...):
        a list that starts where the list just before it ended is added to that list."""
        start = str(element.get("start") or "")
        self._flush_inline()
        self._flush_word_list()
        last = self.blocks[-1] if self.blocks else None
        if (
            _tag(element) == "ol"
            and isinstance(last, BulletList)
            and last.ordered
            and start.isdigit()
            and int(start) == len(last.items) + 1
        ):
            last.items.extend(items)
            return True
        return False

    def _flush_word_list(self) -> None:
        if not self.word_list:
            return
        entries, self.word_list = self.word_list, []
        root: list[ListItem] = []
        stack: list[tuple[int, list[ListItem]]] = [(0, root)]
        for level, spans in entries:
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            item = ListItem(spans)
            stack[-1][1].append(item)
            stack.append((level, item.children))
        self.blocks.append(BulletList(root))


def _holds_blocks(element: etree._Element) -> bool:
    return any(
        _tag(child) in _BLOCK_TAGS or _word_list_level(child) is not None
        for child in element.iter()
        if child is not element
    )


def _paragraph(element: etree._Element, style: _Style) -> Block | None:
    spans = _clean_spans(_inline_spans(element, style))
    return Paragraph(spans) if spans else None


def _inline_spans(element: etree._Element, style: _Style) -> list[Span]:
    """The text of ``element`` as spans (its tail excluded); nested lists are left out."""
    inner = _styled(element, style)
    spans = [Span(element.text, inner.bold, inner.italic, inner.href)] if element.text else []
    for child in element:
        tag = _tag(child)
        if tag is not None and tag not in _DROPPED and tag not in ("ul", "ol"):
            if tag == "br":
                spans.append(Span("\n", inner.bold, inner.italic, inner.href))
            elif tag == "p" and spans:
                spans.append(Span("\n", inner.bold, inner.italic, inner.href))
                spans.extend(_inline_spans(child, inner))
            elif not _is_word_bullet(child):
                spans.extend(_inline_spans(child, inner))
        if child.tail:
            spans.append(Span(child.tail, inner.bold, inner.italic, inner.href))
    return spans


def _clean_spans(spans: list[Span]) -> list[Span]:
    """Spaces collapsed, neighbours of one style joined, the ends trimmed; [] when blank."""
    joined: list[Span] = []
    for span in spans:
        text = "\n".join(_SPACES.sub(" ", line) for line in span.text.split("\n"))
        if not text:
            continue
        last = joined[-1] if joined else None
        if last is not None and (last.bold, last.italic, last.href) == (
            span.bold,
            span.italic,
            span.href,
        ):
            joined[-1] = replace(last, text=last.text + text)
        else:
            joined.append(replace(span, text=text))
    cleaned = _tidy_line_breaks(joined)
    if not "".join(span.text for span in cleaned).strip():
        return []
    cleaned[0] = replace(cleaned[0], text=cleaned[0].text.lstrip())
    cleaned[-1] = replace(cleaned[-1], text=cleaned[-1].text.rstrip())
    return [span for span in cleaned if span.text]


def _tidy_line_breaks(spans: list[Span]) -> list[Span]:
    """No spaces around a line break, and no blank lines inside a paragraph."""
    text = "".join(span.text for span in spans)
    if "\n" not in text:
        return spans
    tidy: list[Span] = []
    previous = ""
    for span in spans:
        lines = [line.strip(" ") if "\n" in span.text else line for line in span.text.split("\n")]
        piece = "\n".join(lines)
        while "\n\n" in piece:
            piece = piece.replace("\n\n", "\n")
        if previous.endswith("\n"):
            piece = piece.lstrip(" \n")
        if piece:
            tidy.append(replace(span, text=piece))
            previous = piece
    return tidy


def _list_items(element: etree._Element, style: _Style) -> list[ListItem]:
    items: list[ListItem] = []
    for child in element:
        if _tag(child) != "li":
            continue
        spans = _clean_spans(_inline_spans(child, style))
        children = [
            item
            for nested in child.iter("ul", "ol")
            if _nearest_list(nested, child) is child
            for item in _list_items(nested, style)
        ]
        if spans or children:
            items.append(ListItem(spans, children))
    return items


def _nearest_list(nested: etree._Element, item: etree._Element) -> etree._Element | None:
    """The ``<li>`` that ``nested`` (a list inside ``item``) belongs to directly."""
    parent = nested.getparent()
    while parent is not None and parent is not item:
        if _tag(parent) == "li":
            return parent
        parent = parent.getparent()
    return parent


def _table(element: etree._Element) -> Table | None:
    rows: list[list[str]] = []
    header_rows = 0
    counting_headers = True
    for row in element.iter("tr"):
        cells: list[str] = []
        all_header = True
        for cell in row:
            if _tag(cell) not in ("td", "th"):
                continue
            all_header = all_header and _tag(cell) == "th"
            text = " ".join(" ".join(_texts(cell)).split())
            span = str(cell.get("colspan") or "1")
            cells.append(text)
            cells.extend([""] * (int(span) - 1 if span.isdigit() and int(span) > 1 else 0))
        if not cells:
            continue
        in_head = any(_tag(parent) == "thead" for parent in row.iterancestors())
        if counting_headers and (in_head or all_header):
            header_rows += 1
        else:
            counting_headers = False
        rows.append(cells)
    if not any(text for row in rows for text in row):
        return None
    width = max(len(row) for row in rows)
    return Table([row + [""] * (width - len(row)) for row in rows], header_rows)
