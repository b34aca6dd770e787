"""A corpus of revisions made by program from the real agendas, for the anchoring tests.

Quotes are every third sentence fragment (text between ``.``, ``;``, ``:`` and
line ends, at least three words) of every item of the four real agendas in
resources/agendas. Each quote's item text is then revised in one way at a time
(`EDITS`): a word inserted or deleted just before or after the quote, a word
inserted or deleted inside it, or its paragraph moved to another place in the
item. Inserted words are real words taken from the same agenda; nothing is
invented. Each `Case` knows where the (possibly edited) quote lies in the
revised text, so a test can check where it was re-anchored.

`revised_meeting` revises a whole meeting the way a secretariat might: items
in each group in reverse order and renumbered, one item removed, the first
block of every section moved to its end, and a real word inserted into every
paragraph.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

from companion.core.anchoring import TextAnchor, anchor_for
from companion.core.importers.agenda_text import import_agenda_file
from companion.core.model import AgendaItem, Block, Meeting, Paragraph, Section
from companion.core.resources import resources_dir

EDITS = (
    "insert_before",
    "delete_before",
    "insert_after",
    "delete_after",
    "insert_inside",
    "delete_inside",
    "paragraph_moved",
)
#: Edits that leave the quote itself intact: they must re-anchor exactly.
QUOTE_INTACT = ("insert_before", "delete_before", "insert_after", "delete_after", "paragraph_moved")
QUOTE_EVERY = 3
_FRAGMENT = re.compile(r"[^.;:\n]+")
_SEED = 20261122


@dataclass(frozen=True)
class Quote:
    """A quote in a real item: the item's id and text, and the anchor."""

    item_id: str
    text: str
    anchor: TextAnchor


@dataclass(frozen=True)
class Case:
    """One revision of one quote's item text and where the quote now lies."""

    quote: Quote
    edit: str
    new_text: str
    expected_start: int
    expected_end: int

    @property
    def expected(self) -> str:
        return self.new_text[self.expected_start : self.expected_end]


def real_meetings() -> list[Meeting]:
    """The four real agendas shipped in resources/agendas, imported."""
    paths = sorted((resources_dir() / "agendas").glob("*.txt"))
    return [import_agenda_file(Path(path)).meeting for path in paths]


def quotes_of(meeting: Meeting, every: int = QUOTE_EVERY) -> list[Quote]:
    """Every ``every``-th sentence fragment of the meeting's items, anchored."""
    fragments: list[Quote] = []
    for item in meeting.items:
        text = item.text
        for found in _FRAGMENT.finditer(text):
            start, end = _stripped(text, found.start(), found.end())
            if end - start >= 20 and len(text[start:end].split()) >= 3:
                fragments.append(Quote(item.id, text, anchor_for(text, start, end)))
    return fragments[::every]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def corpus(meetings: list[Meeting] | None = None) -> list[Case]:
    """Every quote of every real meeting under every edit of `EDITS`."""
    cases: list[Case] = []
    for meeting in meetings if meetings is not None else real_meetings():
        words = _real_words(meeting)
        pick = random.Random(_SEED)
        for quote in quotes_of(meeting):
            for edit in EDITS:
                cases.append(revise(quote, edit, pick.choice(words)))
    return cases


def _real_words(meeting: Meeting) -> list[str]:
    """Words of at least five letters from the meeting's own text."""
    text = " ".join(item.text for item in meeting.items)
    return sorted({word for word in re.findall(r"\w{5,}", text) if not word.isdigit()})


def revise(quote: Quote, edit: str, word: str) -> Case:
    """Apply ``edit`` to the quote's item text, inserting ``word`` where a word goes in."""
    text, start, end = quote.text, quote.anchor.start, quote.anchor.end
    if edit == "insert_before":
        at = _word_start_before(text, start)
        shift = len(word) + 1
        return _case(quote, edit, text[:at] + word + " " + text[at:], start + shift, end + shift)
    if edit == "delete_before":
        at = _word_start_before(text, start)
        removed = start - at
        return _case(quote, edit, text[:at] + text[start:], at, end - removed)
    if edit == "insert_after":
        at = _word_end_after(text, end)
        return _case(quote, edit, text[:at] + " " + word + text[at:], start, end)
    if edit == "delete_after":
        at = _word_end_after(text, end)
        return _case(quote, edit, text[:end] + text[at:], start, end)
    if edit == "insert_inside":
        at = _middle_space(text, start, end)
        return _case(quote, edit, text[:at] + " " + word + text[at:], start, end + len(word) + 1)
    if edit == "delete_inside":
        return _delete_inside(quote)
    if edit == "paragraph_moved":
        return _paragraph_moved(quote)
    raise ValueError(f"unknown edit {edit!r}")


def _case(quote: Quote, edit: str, new_text: str, start: int, end: int) -> Case:
    return Case(quote, edit, new_text, start, end)


def _word_start_before(text: str, start: int) -> int:
    """The start of the word before ``start`` on the same line (``start`` if none)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].rstrip()
    if not before:
        return start
    return line_start + before.rfind(" ") + 1


def _word_end_after(text: str, end: int) -> int:
    """The end of the word after ``end`` on the same line (``end`` if none)."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    after = text[end:line_end]
    stripped = after.lstrip()
    if not stripped:
        return end
    lead = len(after) - len(stripped)
    space = stripped.find(" ")
    return end + lead + (len(stripped) if space < 0 else space)


def _middle_space(text: str, start: int, end: int) -> int:
    spaces = [index for index in range(start, end) if text[index] == " "]
    return spaces[len(spaces) // 2]


def _delete_inside(quote: Quote) -> Case:
    text, start, end = quote.text, quote.anchor.start, quote.anchor.end
    spaces = [index for index in range(start, end) if text[index] == " "]
    if len(spaces) < 3:  # too short to lose a word and stay recognisable: delete a letter
        at = spaces[0] + 1
        return Case(quote, "delete_inside", text[:at] + text[at + 1 :], start, end - 1)
    first, second = spaces[len(spaces) // 2 - 1], spaces[len(spaces) // 2]
    removed = second - first
    return Case(quote, "delete_inside", text[:first] + text[second:], start, end - removed)


def _paragraph_moved(quote: Quote) -> Case:
    """Move the quote's line to the end of the item (to just after the title if it is last)."""
    text, start, end = quote.text, quote.anchor.start, quote.anchor.end
    lines = text.split("\n")
    index = text.count("\n", 0, start)
    line = lines.pop(index)
    target = len(lines) if index < len(lines) else 1
    lines.insert(target, line)
    new_text = "\n".join(lines)
    line_offset = start - (text.rfind("\n", 0, start) + 1)
    new_line_start = sum(len(part) + 1 for part in lines[:target])
    new_start = new_line_start + line_offset
    return Case(quote, "paragraph_moved", new_text, new_start, new_start + end - start)


# -- a whole meeting revised ---------------------------------------------------------


def revised_meeting(meeting: Meeting, removed_item_id: str) -> Meeting:
    """The meeting revised: items reversed and renumbered, one removed, text edited."""
    words = _real_words(meeting)
    pick = random.Random(_SEED)
    revised = Meeting.from_dict(meeting.to_dict())
    for group in revised.groups:
        kept = [item for item in reversed(group.items) if item.id != removed_item_id]
        group.items = [
            _revised_item(item, _number(group.number, position, item.number), words, pick)
            for position, item in enumerate(kept, start=1)
        ]
    revised.version = meeting.version + 1
    return revised


def _number(group_number: str, position: int, old_number: str) -> str:
    """``3.2`` style numbers keep their group prefix; flat ones are just the position."""
    return f"{group_number.rstrip('.')}.{position}" if "." in old_number else str(position)


def _revised_item(
    item: AgendaItem, number: str, words: list[str], pick: random.Random
) -> AgendaItem:
    sections = [_revised_section(section, words, pick) for section in item.sections]
    return replace(item, number=number, sections=sections)


def _revised_section(section: Section, words: list[str], pick: random.Random) -> Section:
    blocks = [_with_word(block, pick.choice(words)) for block in section.blocks]
    if len(blocks) > 1:
        blocks.append(blocks.pop(0))
    return replace(section, blocks=blocks)


def _with_word(block: Block, word: str) -> Block:
    """A paragraph with ``word`` inserted at a space in its longest span; other blocks as is."""
    if not isinstance(block, Paragraph) or not block.spans:
        return block
    longest = max(range(len(block.spans)), key=lambda index: len(block.spans[index].text))
    span = block.spans[longest]
    space = span.text.find(" ", len(span.text) // 2)
    if space < 0:
        return block
    edited = replace(span, text=span.text[:space] + " " + word + span.text[space:])
    spans = [*block.spans[:longest], edited, *block.spans[longest + 1 :]]
    return Paragraph(spans)


# -- PDFs of real text in two layouts ------------------------------------------------


def longest_item(meeting: Meeting) -> AgendaItem:
    """The item of ``meeting`` with the most text."""
    return max(meeting.items, key=lambda item: len(item.text))


def text_pdf(path: Path, paragraphs: list[str], paper: str, font_size: float) -> Path:
    """Lay ``paragraphs`` out on ``paper`` pages (PyMuPDF names: "a4", "letter-l") at a size."""
    import pymupdf

    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    css = f"p {{font-family: sans-serif; font-size: {font_size}pt; margin: 0 0 4pt 0;}}"
    story = pymupdf.Story(html=body, user_css=css)
    page = pymupdf.paper_rect(paper)
    writer = pymupdf.DocumentWriter(str(path))
    more = True
    while more:
        device = writer.begin_page(page)
        more, _filled = story.place(page + (36, 36, -36, -36))
        story.draw(device)
        writer.end_page()
    writer.close()
    return path
