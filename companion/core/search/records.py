"""What the search index gives and takes: filters, hits, and rows for the case trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from companion.core.search.matching import Snippet

#: What a hit can be: an item's text, a page of an attachment, the member's own text.
KINDS = ("item", "attachment", "note")
#: What the member wrote, as `Hit.note_kind`.
NOTE_KINDS = ("note", "question", "remark", "highlight")
#: bm25 scores this close count as equal: then the newer meeting comes first.
SCORE_BAND_DECIMALS = 1


@dataclass(frozen=True)
class SearchFilters:
    """What to search in: ``body`` (part of the body's name, any case), ``year``, ``kinds``.

    ``kinds`` is a subset of `KINDS`; empty means every kind. ``meeting_id`` keeps
    one meeting.
    """

    body: str | None = None
    year: int | None = None
    kinds: frozenset[str] = frozenset()
    meeting_id: str | None = None

    def wants(self, kind: str) -> bool:
        """True when hits of ``kind`` are asked for."""
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Hit:
    """One thing that matched a search.

    ``kind`` is "item", "attachment" or "note". ``title`` is what matched: the
    item's title, the attachment's title, or for a note the item's title (the
    meeting's name for a note on the whole meeting). ``page`` is 1-based, for an
    attachment hit or a highlight note in an attachment, else None. ``note_kind``
    says what the member wrote ("note", "question", "remark", "highlight").
    """

    kind: str
    meeting_id: str
    meeting_body: str
    meeting_start: datetime | None
    item_id: str | None
    item_number: str | None
    item_title: str | None
    title: str
    snippet: Snippet
    score: float
    title_hit: bool = False
    page: int | None = None
    attachment_id: str | None = None
    file_sha256: str | None = None
    note_kind: str | None = None

    def sort_key(self) -> tuple[bool, float, float]:
        """Title hits first, then bm25 (in bands), then the newer meeting."""
        newest = -self.meeting_start.timestamp() if self.meeting_start else 0.0
        return (not self.title_hit, round(self.score, SCORE_BAND_DECIMALS), newest)

    def to_json(self) -> dict[str, Any]:
        """The hit as `companion search --json` prints it."""
        return {
            "meeting": self.meeting_id,
            "item": self.item_number,
            "kind": self.kind,
            "page": self.page,
            "title": self.title,
            "snippet": self.snippet.marked(),
            "item_id": self.item_id,
            "item_title": self.item_title,
            "body": self.meeting_body,
            "date": self.meeting_start.date().isoformat() if self.meeting_start else None,
            "attachment": self.attachment_id,
            "note_kind": self.note_kind,
            "score": round(-self.score, 3) + 0.0,  # + 0.0: never "-0.0"
        }


@dataclass(frozen=True)
class PendingFile:
    """An attachment PDF whose pages are not all in the index yet."""

    sha256: str
    title: str
    page_count: int | None
    pages_done: int


@dataclass
class RefreshOutcome:
    """What `SearchIndex.refresh_items` did: meetings (re)indexed and removed."""

    indexed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ItemRow:
    """An indexed item, as the case trail reads it."""

    meeting_id: str
    item_id: str
    number: str
    title: str
    case_number: str | None
    recommendation: str | None
    body: str
    start: datetime | None
    meeting_name: str
    decision: str | None = None  # the item's Beslutning, when its package has one


@dataclass(frozen=True)
class MeetingRow:
    """An indexed meeting."""

    meeting_id: str
    body: str
    name: str
    start: datetime | None


def parse_start(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
