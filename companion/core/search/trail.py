"""The case trail: where an item's case was before, and where it went after.

A case often travels: KD-Net prepares it, KKR decides it a week or two later,
and a later meeting follows it up. Two items of different meetings are the same
case when

- their titles (and, where both say more than boilerplate, their Indstilling)
  match once what every item says is taken away: the years and dates, a "v. NAME"
  presenter, the body's own name, "Godkendelse af", "Orientering om" and the
  little words; similarity by RapidFuzz (token sort ratio over the words' terms,
  so "pædagoguddannelsen" and "Pædagoguddannelsen" are one word and order does
  not matter), at least `LINK_SCORE`;
- or they carry the same case number, and it is the item's own: in KKR's
  agendas nearly every item of a meeting carries the meeting's one SAG number,
  so a number most items of a meeting share links nothing.

Both must be within `MAX_GAP_DAYS` of each other: the Rammeaftale and the
Resultatkontrakt come back every year under the same title, each year a new case.

Generic items ("Godkendelse af dagsorden", "Godkendelse af referat",
"Orientering", "Eventuelt", "Kommende møder", "Meddelelser") never link. An item
that announces a meeting ("Foreløbig oversigt over sager til KKR Midtjyllands
næste møde", "Foreløbig punkter til KKR-mødet den 5. februar 2020") links to the
meeting it names, not to items.

Computed on demand from the index's item rows (one item against a year of
meetings is a few hundred comparisons).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime

from rapidfuzz import fuzz

from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError
from companion.core.search.index import ItemRow, MeetingRow, SearchIndex
from companion.core.search.terms import WORD, normalize, term

# Similarity (0-100) from which two items are one case.
LINK_SCORE = 80.0
# Items further apart than this are not linked (a yearly item is a new case each year).
MAX_GAP_DAYS = 300
# A recommendation takes part only with at least this many words of its own.
MIN_RECOMMENDATION_TERMS = 2

UNKNOWN_ITEM = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The meeting {meeting} has no item {item}: use the item's number as the agenda prints it.",
)
UNKNOWN_MEETING = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The meeting {meeting} is not in the library: `companion meetings` lists the meetings.",
)


class TrailError(MemberError):
    """The meeting or item asked for is not in the library."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template, Cause.MISSING, **params)


@dataclass(frozen=True)
class TrailLink:
    """An appearance of the case elsewhere: an item, or (``item_id`` None) a meeting named.

    ``direction`` is "earlier" or "later" than the item asked about; ``reason``
    is "title", "case number" or "names the meeting"; ``score`` is 0-100.
    ``decision`` is what was decided there, where known: the item's Beslutning
    in its package, else the decision recorded in the chair's session mode.
    """

    meeting_id: str
    meeting_body: str
    meeting_start: datetime | None
    item_id: str | None
    item_number: str | None
    title: str
    direction: str
    score: float
    reason: str
    decision: str | None = None

    def to_json(self) -> dict[str, object]:
        """The link as `companion trail --json` prints it."""
        return {
            "meeting": self.meeting_id,
            "item": self.item_number,
            "title": self.title,
            "direction": self.direction,
            "score": round(self.score, 1),
            "reason": self.reason,
            "body": self.meeting_body,
            "date": self.meeting_start.date().isoformat() if self.meeting_start else None,
            "item_id": self.item_id,
            "decision": self.decision,
        }


# --- what every item says ---------------------------------------------------------------

_MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_DATE = re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_PRESENTER = re.compile(r"\s+v\.\s+\S.*$")
_BOILERPLATE_START = re.compile(
    r"^(godkendelse af|orientering (om|fra)|drøftelse (af|med)|status (på|for)|"
    r"opfølgning på|behandling af|beslutning om)\s+",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"^(godkendelse af (dagsorden\w*|referat\w*)\b.*|orientering|eventuelt|evt|meddelelser|"
    r"kommende møder|mødekalender\w*|siden sidst|udpegninger|kkr|kd net|lukket punkt)$",
    re.IGNORECASE,
)
_ANNOUNCES = re.compile(r"(foreløbig\w*|sager til dagsorden|punkter til)\b.*\bmøde", re.IGNORECASE)
_NEXT_MEETING = re.compile(r"\bnæste møde\b", re.IGNORECASE)

#: Words that say nothing of a case: function words, the bodies' names, decision verbs.
_STOP_WORD_TEXT = (
    "af at de den der det dets du efter eller en et for fra før har hvor i ikke in med "
    "mellem mod nu når og om op over på samt sig skal som til ud under ved vedr "
    "vedrørende via tidl tidligere "
    "kkr kd net midtjylland midtjyllands midtjyske region regionen kommuner kommunerne "
    "indstilles indstiller indstilling godkender godkendes godkendelse drøfter drøftes "
    "drøftelse tager orienteringen orientering efterretning sagen sag sager udvalget "
    "besluttes beslutter tilslutter"
)
_STOP_WORDS = frozenset(term(word) for word in _STOP_WORD_TEXT.split())


def _content_terms(text: str) -> list[str]:
    """The terms of ``text`` that can tell a case: no digits, no stop words."""
    found = []
    for match in WORD.finditer(normalize(text)):
        word = match.group()
        if word.isdigit():
            continue  # years, dates, numbers of pages and places
        stem = term(word)
        if stem not in _STOP_WORDS and stem not in _MONTH_TERMS and len(stem) > 1:
            found.append(stem)
    return found


_MONTH_TERMS = frozenset(term(month) for month in _MONTHS)


def _plain_title(title: str) -> str:
    """The title without its presenter, dates and leading boilerplate, lower case."""
    plain = _PRESENTER.sub("", normalize(title)).strip()
    plain = _DATE.sub(" ", plain)
    plain = re.sub(r"[^\w\s]|_", " ", plain.lower())
    plain = re.sub(r"\b\d+\b", " ", plain)
    return " ".join(plain.split())


def is_generic(title: str) -> bool:
    """True for an item every meeting has (approvals, Orientering, Eventuelt, ...)."""
    plain = _plain_title(title)
    if _GENERIC.match(plain):
        return True
    return not _content_terms(_BOILERPLATE_START.sub("", plain))


def announces_meeting(title: str) -> bool:
    """True for an item that lists the cases of a coming meeting."""
    return bool(_ANNOUNCES.search(normalize(title)))


@dataclass(frozen=True)
class _Case:
    row: ItemRow
    title_words: str
    recommendation_words: str | None


def _case(row: ItemRow) -> _Case:
    title = " ".join(_content_terms(_BOILERPLATE_START.sub("", _plain_title(row.title))))
    recommendation = _content_terms(row.recommendation or "")
    return _Case(
        row,
        title,
        " ".join(recommendation) if len(recommendation) >= MIN_RECOMMENDATION_TERMS else None,
    )


def similarity(first: ItemRow, second: ItemRow) -> float:
    """How alike two items are as a case, 0-100 (titles; Indstillinger can only add)."""
    return _similarity(_case(first), _case(second))


def _similarity(first: _Case, second: _Case) -> float:
    title = float(fuzz.token_sort_ratio(first.title_words, second.title_words))
    if first.recommendation_words and second.recommendation_words:
        recommendation = float(
            fuzz.token_set_ratio(first.recommendation_words, second.recommendation_words)
        )
        return max(title, (title + recommendation) / 2)
    return title


def meeting_case_numbers(rows: list[ItemRow]) -> set[tuple[str, str]]:
    """(meeting, case number) pairs where the number is the meeting's, not an item's.

    A number that more than half of a meeting's items carry (from three items on)
    is the meeting's own file.
    """
    items = Counter(row.meeting_id for row in rows)
    numbers = Counter((row.meeting_id, row.case_number) for row in rows if row.case_number)
    return {
        (meeting_id, number)
        for (meeting_id, number), count in numbers.items()
        if number is not None and items[meeting_id] >= 3 and count * 2 > items[meeting_id]
    }


# --- the trail ----------------------------------------------------------------------------


def case_trail(index: SearchIndex, meeting_id: str, item: str) -> list[TrailLink]:
    """The other appearances of the case of ``item`` (its number, or its id) in ``meeting_id``.

    Oldest first. Raises `TrailError` when the meeting or the item is not indexed.
    """
    rows = index.item_rows()
    meetings = index.meeting_rows()
    if not any(meeting.meeting_id == meeting_id for meeting in meetings):
        raise TrailError(UNKNOWN_MEETING, meeting=meeting_id)
    target = next(
        (
            row
            for row in rows
            if row.meeting_id == meeting_id and item in (row.number, row.number + ".", row.item_id)
        ),
        None,
    )
    if target is None:
        raise TrailError(UNKNOWN_ITEM, meeting=meeting_id, item=item)
    if announces_meeting(target.title):
        named = named_meeting(target, meetings)
        return [] if named is None else [_meeting_link(target, named)]
    if is_generic(target.title):
        return []
    links = _with_decisions(_item_links(target, rows), rows, index)
    links.sort(key=lambda link: (link.meeting_start or datetime.min, link.item_number or ""))
    return links


def _item_links(target: ItemRow, rows: list[ItemRow]) -> list[TrailLink]:
    meeting_numbers = meeting_case_numbers(rows)
    own_number = (
        target.case_number
        if target.case_number and (target.meeting_id, target.case_number) not in meeting_numbers
        else None
    )
    target_case = _case(target)
    links = []
    for row in rows:
        if row.meeting_id == target.meeting_id or not _near(target.start, row.start):
            continue
        if is_generic(row.title) or announces_meeting(row.title):
            continue
        own = (row.meeting_id, row.case_number) not in meeting_numbers
        if own_number and row.case_number == own_number and own:
            links.append(_link(target, row, 100.0, "case number"))
            continue
        score = _similarity(target_case, _case(row))
        if score >= LINK_SCORE:
            links.append(_link(target, row, score, "title"))
    return links


def _with_decisions(
    links: list[TrailLink], rows: list[ItemRow], index: SearchIndex
) -> list[TrailLink]:
    """``links`` with the decision of each item, where one is known."""
    written = {(row.meeting_id, row.item_id): row.decision for row in rows if row.decision}
    recorded = index.recorded_decisions() if links else {}
    return [
        replace(link, decision=written.get(key) or recorded.get(key))
        if (key := (link.meeting_id, link.item_id or "")) in written or key in recorded
        else link
        for link in links
    ]


def _near(first: datetime | None, second: datetime | None) -> bool:
    if first is None or second is None:
        return True
    return abs((first - second).days) <= MAX_GAP_DAYS


def _direction(target: ItemRow, start: datetime | None) -> str:
    if target.start is not None and start is not None and start < target.start:
        return "earlier"
    return "later"


def _link(target: ItemRow, row: ItemRow, score: float, reason: str) -> TrailLink:
    return TrailLink(
        meeting_id=row.meeting_id,
        meeting_body=row.body,
        meeting_start=row.start,
        item_id=row.item_id,
        item_number=row.number,
        title=row.title,
        direction=_direction(target, row.start),
        score=score,
        reason=reason,
    )


def _meeting_link(target: ItemRow, meeting: MeetingRow) -> TrailLink:
    return TrailLink(
        meeting_id=meeting.meeting_id,
        meeting_body=meeting.body,
        meeting_start=meeting.start,
        item_id=None,
        item_number=None,
        title=meeting.name,
        direction=_direction(target, meeting.start),
        score=100.0,
        reason="names the meeting",
    )


def _named_date(text: str) -> date | None:
    found = _DATE.search(normalize(text))
    if found is None:
        return None
    day, month, year = int(found.group(1)), _MONTHS[found.group(2).lower()], int(found.group(3))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _named_bodies(title: str, meetings: list[MeetingRow]) -> set[str]:
    """The bodies whose name (its first word: "KKR", "KD-Net") the title uses."""
    words = set(_plain_title(title).split())
    named = set()
    for meeting in meetings:
        first = meeting.body.split()[0].lower() if meeting.body.split() else ""
        if first and set(re.sub(r"[^\w\s]", " ", first).split()) <= words:
            named.add(meeting.body)
    return named


def named_meeting(item: ItemRow, meetings: list[MeetingRow]) -> MeetingRow | None:
    """The meeting an announcing item names: by the date in its title, else its "næste møde".

    The body is the one the title names, else the item's own; None when that
    meeting is not in the library.
    """
    bodies = _named_bodies(item.title, meetings) or {item.body}
    candidates = [meeting for meeting in meetings if meeting.body in bodies]
    when = _named_date(item.title)
    if when is not None:
        return next((m for m in candidates if m.start is not None and m.start.date() == when), None)
    if _NEXT_MEETING.search(item.title) and item.start is not None:
        later = [m for m in candidates if m.start is not None and m.start > item.start]
        return min(later, key=lambda m: m.start or datetime.max, default=None)
    return None


def announcements(index: SearchIndex, meeting_id: str) -> list[TrailLink]:
    """The items of other meetings that announce ``meeting_id`` (e.g. KD-Net's list for KKR)."""
    meetings = index.meeting_rows()
    found = []
    for row in index.item_rows():
        if row.meeting_id == meeting_id or not announces_meeting(row.title):
            continue
        named = named_meeting(row, meetings)
        if named is not None and named.meeting_id == meeting_id:
            target = next(m for m in meetings if m.meeting_id == meeting_id)
            link = _link(
                ItemRow(
                    meeting_id,
                    "",
                    "",
                    target.name,
                    None,
                    None,
                    target.body,
                    target.start,
                    target.name,
                ),
                row,
                100.0,
                "names the meeting",
            )
            found.append(link)
    return found
