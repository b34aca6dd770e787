"""What changed between versions of a meeting, and what the member has not read yet.

A secretariat revises a published meeting (a supplementary agenda, a replaced
bilag); the library keeps every version. This module compares versions
(items matched by their stable id) and turns the member's read marks into
"updated since you read it" and "new" marks, and renders an item's changes as
an inline word diff in HTML. Pure Python, no Qt.

The rules for marks, kept simple enough to explain to a member:

- A meeting the member never opened has no marks (all of it is unread).
- UPDATED: the member read the item in version ``r`` older than the current
  one, and its text or attachments differ between ``r`` and now.
- NEW: the member has not read the item, and it was not in the earliest
  version the member read anything of this meeting in.

Each mark names the version that brought the change and when that version
arrived (its import date).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Protocol

from companion.core.model import (
    AgendaItem,
    Attachment,
    Block,
    BulletList,
    ListItem,
    Meeting,
    Section,
    Table,
)

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
RENUMBERED = "renumbered"

NEW = "new"
UPDATED = "updated"

#: Word tokens, runs of whitespace, and single punctuation marks.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

#: The named anchor before the first changed section of an item diff.
FIRST_CHANGE_ANCHOR = "first-change"
_CHANGE_MARK = re.compile(r'<span class="(?:del|ins)">')

#: The look of insertions and deletions (QTextDocument understands these properties).
DIFF_CSS = """
.del { color: #b42318; background-color: #fde8e7; text-decoration: line-through; }
.ins { color: #146c2e; background-color: #e3f5e6; text-decoration: underline; }
.diff-note { color: #66707a; font-style: italic; margin-bottom: 8px; }
"""


# --- comparing versions ---------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    """How one item differs between two versions.

    ``kind`` is ADDED, REMOVED, CHANGED (text or attachments differ; the number
    may differ too) or RENUMBERED (only its number differs).
    """

    item_id: str
    kind: str
    old: AgendaItem | None
    new: AgendaItem | None

    @property
    def renumbered(self) -> bool:
        """True when the item is in both versions under different numbers."""
        return self.old is not None and self.new is not None and self.old.number != self.new.number


def _attachment_key(attachment: Attachment) -> tuple[str, str, str | None]:
    return attachment.id, attachment.title, attachment.file.sha256 if attachment.file else None


def content_differs(old: AgendaItem, new: AgendaItem) -> bool:
    """True when the item's text or its attachments (titles or files) differ."""
    if old.text != new.text:
        return True
    return [_attachment_key(a) for a in old.attachments] != [
        _attachment_key(a) for a in new.attachments
    ]


def _compare(old: AgendaItem | None, new: AgendaItem | None) -> str | None:
    if old is None:
        return ADDED
    if new is None:
        return REMOVED
    if content_differs(old, new):
        return CHANGED
    if old.number != new.number:
        return RENUMBERED
    return None


def item_changes(old: Meeting | None, new: Meeting) -> dict[str, ItemChange]:
    """The items that differ between ``old`` and ``new`` (a meeting; None: all added).

    Returns:
        item id -> `ItemChange`, new items in agenda order, then removed ones.
    """
    old_items = {item.id: item for item in old.items} if old is not None else {}
    new_items = {item.id: item for item in new.items}
    changes: dict[str, ItemChange] = {}
    for item_id in [*new_items, *(i for i in old_items if i not in new_items)]:
        before, after = old_items.get(item_id), new_items.get(item_id)
        kind = _compare(before, after)
        if kind is not None:
            changes[item_id] = ItemChange(item_id, kind, before, after)
    return changes


# --- marks for the member -------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateMark:
    """Why an item is marked: NEW or UPDATED, by which version, imported when."""

    kind: str
    version: int
    date: datetime | None


def unread_changes(
    versions: Mapping[int, Meeting],
    current: Meeting,
    read: Mapping[str, int],
    dates: Mapping[int, datetime] | None = None,
) -> dict[str, UpdateMark]:
    """The items to mark for a member who read ``read`` (item id -> version read).

    Args:
        versions: version number -> that version of the meeting; loaded lazily by
            callers with many versions (see `LibraryVersions`). Must hold every
            version the member read that is still stored.
        current: the version shown.
        read: the member's read marks of this meeting.
        dates: version -> when it was imported (for the mark's date).

    Returns:
        item id -> `UpdateMark`, only for marked items of ``current``.
    """
    if not read:
        return {}
    dates = dates or {}
    kept = sorted(v for v in versions if v <= current.version)
    first_read = min(read.values())
    baseline = versions.get(first_read) if first_read in versions else None
    baseline_ids = {item.id for item in baseline.items} if baseline is not None else None
    marks: dict[str, UpdateMark] = {}
    for item in current.items:
        read_version = read.get(item.id)
        if read_version is None:
            if baseline_ids is not None and item.id not in baseline_ids:
                added = _first_version_with(item.id, versions, kept, first_read, current)
                marks[item.id] = UpdateMark(NEW, added, dates.get(added))
        elif read_version < current.version:
            changed = _first_change(item, read_version, versions, kept, current)
            if changed is not None:
                marks[item.id] = UpdateMark(UPDATED, changed, dates.get(changed))
    return marks


def _item_in(meeting: Meeting, item_id: str) -> AgendaItem | None:
    return next((item for item in meeting.items if item.id == item_id), None)


def _version(number: int, versions: Mapping[int, Meeting], current: Meeting) -> Meeting:
    return current if number == current.version else versions[number]


def _first_version_with(
    item_id: str,
    versions: Mapping[int, Meeting],
    kept: list[int],
    after: int,
    current: Meeting,
) -> int:
    for number in kept:
        if number > after and _item_in(_version(number, versions, current), item_id):
            return number
    return current.version


def _first_change(
    item: AgendaItem,
    read_version: int,
    versions: Mapping[int, Meeting],
    kept: list[int],
    current: Meeting,
) -> int | None:
    """The first version after ``read_version`` whose item differs from the one read.

    None when the item as read equals the current one. When the version read is no
    longer stored, the item counts as updated by the oldest version kept after it.
    """
    if read_version not in versions:
        later = [number for number in kept if number > read_version]
        return later[0] if later else None
    as_read = _item_in(versions[read_version], item.id)
    if as_read is None or not content_differs(as_read, item):
        return None
    for number in kept:
        if number <= read_version:
            continue
        then = _item_in(_version(number, versions, current), item.id)
        if then is None or content_differs(as_read, then):
            return number
    return current.version


def diff_base_version(versions: list[int], current: int, read_version: int | None) -> int | None:
    """The version to compare ``current`` with: the one read if older, else the previous.

    None when no older version is stored.
    """
    older = [number for number in versions if number < current]
    if not older:
        return None
    if read_version is not None and read_version in older:
        return read_version
    return older[-1]


# --- the diff as HTML -----------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _html_text(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _span(css_class: str, tokens: list[str]) -> str:
    text = "".join(tokens)
    if not text:
        return ""
    return f'<span class="{css_class}">{_html_text(text)}</span>'


def word_diff_html(old_text: str, new_text: str) -> str:
    """``new_text`` with the words removed from ``old_text`` struck and the new ones marked.

    Deleted words are ``<span class="del">``, inserted ones ``<span class="ins">``
    (see `DIFF_CSS`); everything is html-escaped and newlines become ``<br/>``.
    """
    old_tokens, new_tokens = _tokens(old_text), _tokens(new_text)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    parts: list[str] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            parts.append(_html_text("".join(new_tokens[new_start:new_end])))
            continue
        parts.append(_span("del", old_tokens[old_start:old_end]))
        parts.append(_span("ins", new_tokens[new_start:new_end]))
    return "".join(parts)


@dataclass(frozen=True)
class DiffLabels:
    """The words around the diff; the UI passes translated ones."""

    added_item: str = "This item is new in this version."
    removed_item: str = "This item was removed in this version."
    unchanged: str = "No changes in the text or the attachments."
    attachments: str = "Attachments"
    file_replaced: str = "file replaced"
    file_added: str = "file added"
    file_removed: str = "file removed"


def _list_lines(items: list[ListItem], depth: int) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines.append(f"{'    ' * depth}\u2022 {item.text}")
        lines += _list_lines(item.children, depth + 1)
    return lines


def _block_lines(block: Block) -> str:
    if isinstance(block, BulletList):
        return "\n".join(_list_lines(block.items, 0))
    if isinstance(block, Table):
        return "\n".join(" | ".join(row) for row in block.rows)
    return block.text


def section_text(section: Section | None) -> str:
    """A section's text for the diff: blocks separated by blank lines, bullets kept."""
    if section is None:
        return ""
    return "\n\n".join(_block_lines(block) for block in section.blocks)


def _section_key(section: Section) -> tuple[str, str]:
    return (section.kind, section.title if section.kind == "other" else "")


def _paired_sections(
    old: AgendaItem | None, new: AgendaItem | None
) -> list[tuple[Section | None, Section | None]]:
    """Sections matched by kind: the new item's order, then sections only the old had."""
    old_sections = {_section_key(s): s for s in old.sections} if old else {}
    new_sections = {_section_key(s): s for s in new.sections} if new else {}
    keys = [*new_sections, *(key for key in old_sections if key not in new_sections)]
    return [(old_sections.get(key), new_sections.get(key)) for key in keys]


def _item_label(item: AgendaItem | None) -> str:
    return f"{item.number} {item.title}".strip() if item else ""


def _file_note(old: Attachment | None, new: Attachment | None, words: DiffLabels) -> str:
    old_sha = old.file.sha256 if old and old.file else None
    new_sha = new.file.sha256 if new and new.file else None
    if old_sha == new_sha or old is None or new is None:
        return ""
    note = words.file_added if old_sha is None else words.file_removed
    if old_sha and new_sha:
        note = words.file_replaced
    return f' <span class="ins">({escape(note)})</span>'


def _attachments_html(old: AgendaItem | None, new: AgendaItem | None, words: DiffLabels) -> str:
    old_by_id = {a.id: a for a in old.attachments} if old else {}
    new_by_id = {a.id: a for a in new.attachments} if new else {}
    ids = [*new_by_id, *(i for i in old_by_id if i not in new_by_id)]
    if not ids:
        return ""
    rows = []
    for attachment_id in ids:
        before, after = old_by_id.get(attachment_id), new_by_id.get(attachment_id)
        title = word_diff_html(before.title if before else "", after.title if after else "")
        rows.append(f"<li>{title}{_file_note(before, after, words)}</li>")
    return f'<p class="section">{escape(words.attachments)}</p><ul>{"".join(rows)}</ul>'


def item_diff_html(
    old: AgendaItem | None, new: AgendaItem | None, labels: DiffLabels | None = None
) -> str:
    """The item's changes from ``old`` to ``new`` as one inline-diff HTML document.

    Title and number, each section (matched by kind), and the attachment list;
    either side may be None (an added or a removed item). Uses the item view's
    classes (``title``, ``section``) and `DIFF_CSS`.
    """
    words = labels or DiffLabels()
    parts = [f'<p class="title">{word_diff_html(_item_label(old), _item_label(new))}</p>']
    if old is None:
        parts.append(f'<p class="diff-note">{escape(words.added_item)}</p>')
    elif new is None:
        parts.append(f'<p class="diff-note">{escape(words.removed_item)}</p>')
    elif not content_differs(old, new):
        parts.append(f'<p class="diff-note">{escape(words.unchanged)}</p>')
    for before, after in _paired_sections(old, new):
        title = word_diff_html(before.title if before else "", after.title if after else "")
        body = word_diff_html(section_text(before), section_text(after))
        parts.append(f'<p class="section">{title}</p><p>{body}</p>')
    parts.append(_attachments_html(old, new, words))
    return "<html><body>" + _anchor_first_change(parts) + "</body></html>"


def _anchor_first_change(parts: list[str]) -> str:
    """Join ``parts``, `FIRST_CHANGE_ANCHOR` before the first changed one after the title."""
    changed = [i for i, part in enumerate(parts) if i > 0 and _CHANGE_MARK.search(part)]
    if changed and not _CHANGE_MARK.search(parts[0]):
        parts = list(parts)
        parts[changed[0]] = f'<a name="{FIRST_CHANGE_ANCHOR}"></a>' + parts[changed[0]]
    return "\n".join(part for part in parts if part)


# --- versions from the library --------------------------------------------------------------


class VersionSource(Protocol):
    """What `LibraryVersions` needs of a `Library`."""

    def versions(self, meeting_id: str) -> list[int]: ...

    def meeting(self, meeting_id: str, version: int | None = None) -> Meeting: ...


class LibraryVersions(Mapping[int, Meeting]):
    """The stored versions of one meeting, each loaded from the library on first use."""

    def __init__(self, library: VersionSource, meeting_id: str) -> None:
        self._library = library
        self._meeting_id = meeting_id
        self._numbers = library.versions(meeting_id)
        self._loaded: dict[int, Meeting] = {}

    def __getitem__(self, number: int) -> Meeting:
        if number not in self._numbers:
            raise KeyError(number)
        if number not in self._loaded:
            self._loaded[number] = self._library.meeting(self._meeting_id, version=number)
        return self._loaded[number]

    def __iter__(self) -> Iterator[int]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)
