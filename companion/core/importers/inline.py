"""Inline markup of extracted agenda text -> `Span`s.

The PDF-to-text extraction left a small markdown-like inline language:
``**bold**``, ``*italic*``, ``<b>bold</b>``, ``<i>italic</i>``, links
``[title](#)`` (the target is unknown, so ``href="#"``), autolinks
``<http://...>`` and ``CO<sub>2</sub>``. A marker without its partner (the
footnote star in ``Randers*``) stays literal text.
"""

from __future__ import annotations

import re

from companion.core.model import Span

_LINK = r"\[(?P<link_text>[^\]]+)\]\((?P<link_href>[^)\s]*)\)"
_AUTOLINK = r"<(?P<url>(?:https?://|www\.)[^>\s]+)>"
_BOLD = r"\*\*(?=\S)(?P<bold>.+?)(?<=\S)\*\*|<b>(?P<bold_tag>.*?)</b>"
_ITALIC = r"\*(?=[^\s*])(?P<italic>.+?)(?<=[^\s*])\*(?!\*)|<i>(?P<italic_tag>.*?)</i>"
_SCRIPT = r"<su[bp]>(?P<script>.*?)</su[bp]>"
_INLINE = re.compile("|".join((_LINK, _AUTOLINK, _BOLD, _ITALIC, _SCRIPT)), re.DOTALL)
_TAG = re.compile(r"</?(?:b|i|sub|sup)>")
_EMPHASIS = re.compile(r"\*+")


def parse_inline(text: str) -> list[Span]:
    """The spans of one line or paragraph of marked-up text."""
    return _merge(_parse(text, bold=False, italic=False))


def plain_text(text: str) -> str:
    """``text`` without inline markup: links keep their title, tags and stars go."""
    return "".join(span.text for span in parse_inline(text))


def strip_emphasis(text: str) -> str:
    """``text`` without stray ``*`` and ``<b>``-style tags (for titles)."""
    return re.sub(r"\s+", " ", _EMPHASIS.sub("", _TAG.sub("", plain_text(text)))).strip()


def _parse(text: str, *, bold: bool, italic: bool) -> list[Span]:
    spans: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()], bold, italic))
        spans.extend(_span_of(match, bold=bold, italic=italic))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:], bold, italic))
    return spans


def _span_of(match: re.Match[str], *, bold: bool, italic: bool) -> list[Span]:
    groups = match.groupdict()
    if groups["link_text"] is not None:
        link_text = _TAG.sub("", groups["link_text"]).replace("*", "")
        return [Span(link_text, bold, italic, href=groups["link_href"] or "#")]
    if groups["url"] is not None:
        return [Span(groups["url"], bold, italic, href=groups["url"])]
    for name in ("bold", "bold_tag"):
        if groups[name] is not None:
            return _parse(groups[name], bold=True, italic=italic)
    for name in ("italic", "italic_tag"):
        if groups[name] is not None:
            return _parse(groups[name], bold=bold, italic=True)
    return [Span(groups["script"] or "", bold, italic)]


def _merge(spans: list[Span]) -> list[Span]:
    """Join neighbours with the same style; drop empty spans."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.href is None
            and span.href is None
            and (previous.bold, previous.italic) == (span.bold, span.italic)
        ):
            merged[-1] = Span(previous.text + span.text, span.bold, span.italic)
        else:
            merged.append(span)
    return merged
