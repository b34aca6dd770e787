"""A member's note (Qt rich-text HTML or plain text) as model blocks, without Qt.

The note editor stores what `QTextEdit.toHtml()` writes: a full HTML document
whose paragraphs and (nested) lists carry inline CSS (``font-weight:700``,
``font-style:italic``). `note_blocks` reads that with `html.parser` into
`Paragraph`s with bold/italic `Span`s and `BulletList`s; plain text becomes
paragraphs (a blank line between them) and ``- `` lines become a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from companion.core.model import Block, BulletList, ListItem, Paragraph, Span

_WEIGHT = re.compile(r"font-weight\s*:\s*([a-z0-9]+)")
_SLANT = re.compile(r"font-style\s*:\s*([a-z]+)")
_BOLD_WEIGHT = re.compile(r"bold|bolder|[6-9]00")
_ITALIC = re.compile(r"italic|oblique")
_BULLET_LINE = re.compile(r"^\s*[-*•]\s+(.*)$")
_WEB_LINK = ("http://", "https://", "mailto:")
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "pre"}
_SKIPPED_TAGS = {"head", "style", "script", "title"}


def looks_like_html(body: str) -> bool:
    """Whether ``body`` is the HTML the note editor writes (else it is plain text).

    The same test as `companion.ui.note_editor.looks_like_html`, which core cannot import.
    """
    start = body.lstrip()[:64].lower()
    return start.startswith(("<!doctype html", "<html"))


def note_blocks(body: str) -> list[Block]:
    """The blocks of a note body (HTML from the editor, or plain text); [] when empty."""
    if looks_like_html(body):
        return html_blocks(body)
    return plain_blocks(body)


def note_plain_text(body: str) -> str:
    """The text of a note body, paragraphs separated by blank lines."""
    return "\n\n".join(_block_plain_text(block) for block in note_blocks(body))


def _block_plain_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, BulletList):
        return "\n".join(_item_lines(block.items, 0))
    return ""


def _item_lines(items: list[ListItem], depth: int) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines.append(f"{'  ' * depth}- {item.text}")
        lines += _item_lines(item.children, depth + 1)
    return lines


def plain_blocks(text: str) -> list[Block]:
    """Plain text: paragraphs split at blank lines (line breaks kept), ``- `` lines a list."""
    blocks: list[Block] = []
    lines: list[str] = []
    bullets: list[ListItem] = []

    def flush() -> None:
        if lines:
            blocks.append(Paragraph([Span("\n".join(lines))]))
            lines.clear()
        if bullets:
            blocks.append(BulletList(list(bullets)))
            bullets.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        bullet = _BULLET_LINE.match(line)
        if not line or (bullet and lines) or (not bullet and bullets):
            flush()
        if bullet:
            bullets.append(ListItem([Span(bullet.group(1).strip())]))
        elif line:
            lines.append(line)
    flush()
    return blocks


def html_blocks(markup: str) -> list[Block]:
    """The blocks of rich-text HTML (as Qt writes it; other simple HTML works too)."""
    parser = _NoteParser()
    parser.feed(markup)
    parser.close()
    return parser.finish()


@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass
class _OpenList:
    items: list[ListItem]
    ordered: bool


class _NoteParser(HTMLParser):
    """Collects paragraphs and nested lists with their bold/italic runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._formats: list[tuple[str, _Format]] = []
        self._spans: list[Span] = []
        self._lists: list[_OpenList] = []
        self._items: list[ListItem] = []
        self._skipping = 0

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
            return
        if tag == "br":
            self._text("\n")
            return
        if tag in ("ul", "ol"):
            self._open_list(tag == "ol")
        elif tag == "li":
            self._open_item()
        elif tag in _PARAGRAPH_TAGS and not self._items:
            self._flush_paragraph()
        self._formats.append((tag, self._format_of(tag, dict(attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
            return
        self._pop_format(tag)
        if tag in ("ul", "ol"):
            self._close_list()
        elif tag == "li" and self._items:
            self._items.pop()
        elif tag in _PARAGRAPH_TAGS and not self._items:
            self._flush_paragraph()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._text(data.replace("\r", "").replace("\n", ""))

    # -- building

    def finish(self) -> list[Block]:
        """The blocks, after closing whatever the markup left open."""
        self._flush_paragraph()
        while self._lists:
            self._close_list()
        return self.blocks

    def _format_of(self, tag: str, attrs: dict[str, str | None]) -> _Format:
        current = self._formats[-1][1] if self._formats else _Format()
        style = (attrs.get("style") or "").lower()
        bold = _styled(_WEIGHT.search(style), _BOLD_WEIGHT, current.bold)
        italic = _styled(_SLANT.search(style), _ITALIC, current.italic)
        href = attrs.get("href") if tag == "a" else current.href
        return _Format(
            bold=bold or tag in ("b", "strong"), italic=italic or tag in ("i", "em"), href=href
        )

    def _pop_format(self, tag: str) -> None:
        for index in range(len(self._formats) - 1, -1, -1):
            if self._formats[index][0] == tag:
                del self._formats[index:]
                return

    def _text(self, text: str) -> None:
        if not text:
            return
        current = self._formats[-1][1] if self._formats else _Format()
        href = current.href if current.href and current.href.startswith(_WEB_LINK) else None
        span = Span(text, bold=current.bold, italic=current.italic, href=href)
        target = self._items[-1].spans if self._items else self._spans
        if target and replace(target[-1], text=text) == span:
            target[-1] = replace(span, text=target[-1].text + text)
        else:
            target.append(span)

    def _flush_paragraph(self) -> None:
        spans = _trimmed(self._spans)
        self._spans = []
        if spans:
            self.blocks.append(Paragraph(spans))

    def _open_list(self, ordered: bool) -> None:
        if not self._lists:
            self._flush_paragraph()
        items = self._items[-1].children if self._items else []
        self._lists.append(_OpenList(items, ordered))

    def _open_item(self) -> None:
        if not self._lists:
            self._open_list(ordered=False)
        item = ListItem([])
        self._lists[-1].items.append(item)
        self._items.append(item)

    def _close_list(self) -> None:
        if not self._lists:
            return
        closed = self._lists.pop()
        for item in closed.items:
            item.spans[:] = _trimmed(item.spans)
        if not self._lists and closed.items:
            self.blocks.append(BulletList(closed.items, closed.ordered))


def _styled(declared: re.Match[str] | None, on: re.Pattern[str], inherited: bool) -> bool:
    """Whether a CSS property declared as ``declared`` (None: not declared) is on."""
    return inherited if declared is None else bool(on.fullmatch(declared.group(1)))


def _trimmed(spans: list[Span]) -> list[Span]:
    """``spans`` without leading/trailing whitespace, and none left empty."""
    if not spans:
        return []
    spans = list(spans)
    spans[0] = replace(spans[0], text=spans[0].text.lstrip(" \t"))
    spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip(" \t\n"))
    return [span for span in spans if span.text]
