"""Attachment (bilag) markers ``./.`` and ``./..`` -> attachment titles.

The agendas mark attachments with ``./.`` (or ``./..``) in the margin; the
text extraction puts the marker at the start of a line, sometimes inside a
bullet (``- ./.``), sometimes twice in a row, once damaged to ``./`` (read as
``./.`` with a warning). How the titles are found:

* Text after the marker on its own line is a title
  (``./. Ekstra elevpladser på SOSU uddannelserne.``) - unless it reads as a
  *sentence* of the case text (``./. De enkelte initiativer er beskrevet i
  vedlagte konferenceavis.``): then the line stays in the body and the
  attachment is named by the sentence that mentions it (``vedlagt``,
  ``vedhæftet``, ``bilag``; else the first sentence) or by the link in it
  (``./. I den netop vedtagne [Rammeaftale 2017](#) er ...`` ->
  ``Rammeaftale 2017``). A line is a sentence when it contains ``, at`` or one
  of the finite verbs that these agendas use around attachments (``er``,
  ``peger``, ``modtog``, ``fremgår``, ``igangsættes``, ``vedlagt(e)``,
  ``vedhæftet``, ``beskrevet``) or a link.
* The following lines are titles, one per line (bullet or not, hard line
  breaks included), as long as they are *title-like*: not a heading, not a
  sentence, not a table row, at most 200 characters, no link. A line that is
  only a link (``- [Børnehus Midt](#)``) is skipped and stays in the body as a
  link: links name documents that are not attachments.
* Blank lines may come between the marker and its first title. After a title,
  the next paragraph (after blank lines) still holds titles only when every
  line of it is title-like or a bare link (the extra titles at the end of item
  3.8 in 2016); otherwise the titles end there.
* A marker without any title gets a warning, not an invented name.

Title lines are removed from the body (they are listed as attachments);
sentence lines stay. Trailing ``.``/``:`` is removed from titles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from companion.core.importers.blocks import Line, has_link, is_link_only, section_heading
from companion.core.importers.inline import parse_inline, strip_emphasis

Warn = Callable[[int, str], None]

_MARKER = re.compile(r"^(?P<bullet>\s*(?:[-•]\s+)?)\./(?P<dots>\.{0,2})(?=\s|$)\s*(?P<rest>.*)$")
_LIST_PREFIX = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s+")
_SENTENCE_WORDS = re.compile(
    r"\b(?:er|peger|modtog|fremgår|igangsættes|vedlagt|vedlagte|vedhæftet|vedhæftede|beskrevet)\b"
    r"|,\s+at\b",
    re.IGNORECASE,
)
_MENTIONS_ATTACHMENT = re.compile(r"vedlag|vedhæft|bilag", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_MAX_TITLE_LENGTH = 200


@dataclass
class FoundAttachments:
    """The body lines left after taking out title lines, and the titles found."""

    body: list[Line] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


def extract_attachments(lines: list[Line], warn: Warn) -> FoundAttachments:
    """Find attachment titles after ``./.`` markers in an item's lines."""
    found = FoundAttachments()
    index = 0
    while index < len(lines):
        number, text = lines[index]
        marker = _MARKER.match(text)
        index += 1
        if marker is None:
            found.body.append((number, text))
            continue
        if not marker["dots"]:
            warn(number, "attachment marker './' lacks its last '.'; read as './.'")
        titles_before = len(found.titles)
        rest = marker["rest"].strip()
        if rest and is_sentence(rest):
            found.titles.append(title_from_sentence(rest))
            found.body.append((number, marker["bullet"] + rest))
            continue
        if rest:
            found.titles.append(clean_title(rest))
        index = _collect_titles(lines, index, found, have_title=bool(rest))
        if len(found.titles) == titles_before:
            warn(number, "attachment marker './.' is not followed by a title")
    return found


def _collect_titles(
    lines: list[Line], index: int, found: FoundAttachments, *, have_title: bool
) -> int:
    """Take title lines after a marker; return the index where the body resumes."""
    crossed_blank = False
    while index < len(lines):
        number, text = lines[index]
        stripped = _LIST_PREFIX.sub("", text).strip()
        if not stripped:
            crossed_blank = True
            found.body.append((number, text))
        elif (marker := _MARKER.match(text)) is not None and not marker["rest"].strip():
            pass  # the same marker twice (``- ./.`` then ``./.``)
        elif crossed_blank and have_title and not _paragraph_is_titles(lines, index):
            return index
        elif is_link_only(stripped):
            found.body.append((number, text))
        elif not have_title and is_sentence(stripped) and _is_body_text(stripped):
            found.titles.append(title_from_sentence(stripped))
            found.body.append((number, text))
            return index + 1
        elif is_title_like(stripped):
            found.titles.append(clean_title(stripped))
            have_title = True
        else:
            return index
        index += 1
    return index


def _paragraph_is_titles(lines: list[Line], index: int) -> bool:
    """Whether every line of the paragraph starting at ``index`` is a title or a link."""
    for _, text in lines[index:]:
        stripped = _LIST_PREFIX.sub("", text).strip()
        if not stripped:
            break
        if not (is_title_like(stripped) or is_link_only(stripped)):
            return False
    return True


def is_sentence(text: str) -> bool:
    """Whether ``text`` reads as running text rather than a document title."""
    return has_link(text) or _SENTENCE_WORDS.search(strip_emphasis(text)) is not None


def is_title_like(text: str) -> bool:
    """Whether ``text`` can be an attachment title (see module doc)."""
    return (
        _is_body_text(text)
        and len(strip_emphasis(text)) <= _MAX_TITLE_LENGTH
        and not has_link(text)
        and not text.casefold().startswith("link til")
        and not is_sentence(text)
    )


def _is_body_text(text: str) -> bool:
    return (
        not text.startswith(("#", "|"))
        and "\t" not in text
        and section_heading(text) is None
        and bool(strip_emphasis(text))
    )


def title_from_sentence(text: str) -> str:
    """The attachment title a sentence gives: its link, or the sentence naming it."""
    links = [span.text for span in parse_inline(text) if span.href is not None]
    if links:
        return clean_title(links[0])
    sentences = _SENTENCE_END.split(strip_emphasis(text))
    naming = [sentence for sentence in sentences if _MENTIONS_ATTACHMENT.search(sentence)]
    return clean_title((naming or sentences)[0])


def clean_title(text: str) -> str:
    """``text`` without markup, trailing colon or sentence full stop."""
    title = strip_emphasis(text).strip().rstrip(":;,").strip()
    last_word = title.rsplit(" ", 1)[-1]
    if title.endswith(".") and "." not in last_word[:-1]:
        title = title[:-1].rstrip()
    return title
