# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""Anchors for highlights, and finding them again after a revision (no Qt).

A text anchor is W3C Web Annotation's TextQuoteSelector (``exact`` with a
``prefix`` and ``suffix`` of context) plus a TextPositionSelector (``start``,
``end``), over the canonical plain text of an item: `AgendaItem.text`. The item
view must map its selection to offsets in that text (or find the quote with
`locate`, which works on any rendering that keeps the words).

Re-anchoring on a new version of the text (`reanchor`):

1. the exact quote; several hits are told apart by how much of the prefix and
   suffix agree, then by the distance from the expected place;
2. otherwise an approximate match (bit-parallel edit distance, Myers 1999) in a
   window around the expected place, then in the whole text; it is accepted
   only when its edit distance is at most ``1 - FUZZY_MIN_SCORE`` of the
   quote's length, so a wrong place is not taken;
3. otherwise (or when less than half of the fuzzy match's context agrees),
   when the prefix and suffix are both still there (at least
   ``MIN_CONTEXT_FOR_BRACKET`` characters each), the text between them, if it
   still resembles the quote (``BRACKET_MIN_SIMILARITY``): a word or two
   inserted into a short quote;
4. otherwise the anchor is *detached*: the caller keeps the annotation (and its
   quote and note) and lists it; nothing is ever dropped.

PDF anchors (`PdfAnchor`) hold the file's sha256, the page, quads and the
quoted words; `reanchor_pdf` looks for the quote in a replacement file's words
(as PyMuPDF's ``page.get_text("words")`` gives them) with the same matcher.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal, Protocol

from companion.core.model import AgendaItem, Meeting
from companion.core.mupdf_lock import serialized

log = logging.getLogger(__name__)

#: Characters of context kept on each side of a quote.
DEFAULT_CONTEXT = 32
#: Words of context kept on each side of a quote in a PDF.
DEFAULT_CONTEXT_WORDS = 6
#: The lowest score (1 - edit distance / quote length) a fuzzy match may have.
FUZZY_MIN_SCORE = 0.7
#: Extra characters searched on each side of the expected place before the whole text.
WINDOW_MARGIN = 256
#: Characters of unchanged prefix and suffix that let the text between them stand in.
MIN_CONTEXT_FOR_BRACKET = 12
#: How much the text between unchanged context must still resemble the quote (0..1).
BRACKET_MIN_SIMILARITY = 0.5
#: How many places within the fuzzy threshold are compared (the best first).
MAX_FUZZY_CANDIDATES = 16
#: Edit distance a character of agreeing context outweighs when ranking fuzzy places.
CONTEXT_WEIGHT = 0.5

Kind = Literal["exact", "fuzzy", "detached"]
Quad = tuple[float, float, float, float, float, float, float, float]
#: A word as PyMuPDF gives it: (x0, y0, x1, y1, word, block_no, line_no, word_no).
Word = tuple[float, float, float, float, str, int, int, int]


class AnchorError(ValueError):
    """An anchor that cannot be made or read; the message names the problem."""


# -- text anchors -----------------------------------------------------------------


@dataclass(frozen=True)
class TextAnchor:
    """A quote in an item's text: exact text, its context and its offsets."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    section: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict stored in the personal store."""
        return {
            "type": "text",
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "section": self.section,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextAnchor:
        """Read a dict written by `to_dict`; raises `AnchorError` naming a bad field."""
        _require_type(data, "text")
        return cls(
            exact=_field(data, "exact", str),
            prefix=_field(data, "prefix", str),
            suffix=_field(data, "suffix", str),
            start=_field(data, "start", int),
            end=_field(data, "end", int),
            section=data.get("section"),
        )


@dataclass(frozen=True)
class Match:
    """Where a quote was found: ``text[start:end]``, with a score in 0..1."""

    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Reanchored:
    """The outcome of re-anchoring one text anchor on a new text.

    ``anchor`` is the anchor to store from now on: rebuilt over the new text
    when placed, the old one unchanged when detached (``start``/``end`` None).
    """

    kind: Kind
    start: int | None
    end: int | None
    score: float
    anchor: TextAnchor

    @property
    def detached(self) -> bool:
        return self.kind == "detached"


def anchor_for(
    text: str, start: int, end: int, context: int = DEFAULT_CONTEXT, section: str | None = None
) -> TextAnchor:
    """The anchor of ``text[start:end]``; raises `AnchorError` on an empty or bad range."""
    if not 0 <= start < end <= len(text):
        raise AnchorError(f"bad range {start}..{end} in a text of {len(text)} characters")
    if not text[start:end].strip():
        raise AnchorError(f"the range {start}..{end} holds only white space")
    return TextAnchor(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
        section=section,
    )


def item_anchor(
    item: AgendaItem, start: int, end: int, context: int = DEFAULT_CONTEXT
) -> TextAnchor:
    """The anchor of ``item.text[start:end]``, with the kind of the section it starts in."""
    return anchor_for(item.text, start, end, context, section=section_at(item, start))


def section_at(item: AgendaItem, offset: int) -> str | None:
    """The kind of the section of ``item`` whose title or text holds ``offset`` in `item.text`."""
    position = len(item.title) + 1 if item.title else 0
    if offset < position:
        return None
    for section in item.sections:
        for part in (section.title, section.text):
            if part:
                position += len(part) + 1
        if offset < position:
            return section.kind
    return None


def locate(anchor: TextAnchor, text: str) -> Match | None:
    """Where ``anchor``'s quote is in ``text`` (any rendering), or None when it is not placed."""
    result = reanchor(anchor, text)
    if result.start is None or result.end is None:
        return None
    return Match(result.start, result.end, result.score)


def reanchor(anchor: TextAnchor, new_text: str) -> Reanchored:
    """Place ``anchor`` in ``new_text``: exactly, fuzzily, or detached (see the module)."""
    expected = _expected_start(anchor, new_text)
    match = _exact_match(anchor, new_text, expected) or _inexact_match(anchor, new_text, expected)
    if match is None:
        return Reanchored("detached", None, None, 0.0, anchor)
    kind: Kind = "exact" if match.score == 1.0 else "fuzzy"
    context = max(len(anchor.prefix), len(anchor.suffix), 1)
    moved = anchor_for(new_text, match.start, match.end, context, anchor.section)
    return Reanchored(kind, match.start, match.end, match.score, moved)


def _inexact_match(anchor: TextAnchor, text: str, expected: int) -> Match | None:
    """A fuzzy match, unless its context disagrees and the text between the context fits."""
    fuzzy = _fuzzy_match(anchor, text, expected)
    context = len(anchor.prefix) + len(anchor.suffix)
    if fuzzy and 2 * _context_agreement(anchor, text, fuzzy.start, fuzzy.end) >= context:
        return fuzzy
    return _between_context(anchor, text, expected) or fuzzy


def _expected_start(anchor: TextAnchor, text: str) -> int:
    """Where the quote should start: after its prefix if that is unique, else the old start."""
    if len(anchor.prefix) >= 8:
        first = text.find(anchor.prefix)
        if first >= 0 and text.find(anchor.prefix, first + 1) < 0:
            return first + len(anchor.prefix)
    return min(anchor.start, len(text))


def _exact_match(anchor: TextAnchor, text: str, expected: int) -> Match | None:
    """The quote itself; of several, the one whose context agrees most, then the nearest."""
    size = len(anchor.exact)

    def rank(start: int) -> tuple[int, int]:
        return (-_context_agreement(anchor, text, start, start + size), abs(start - expected))

    best = min(_occurrences(anchor.exact, text), key=rank, default=None)
    return None if best is None else Match(best, best + size, 1.0)


def _occurrences(needle: str, haystack: str) -> Iterable[int]:
    start = haystack.find(needle)
    while start >= 0:
        yield start
        start = haystack.find(needle, start + 1)


def _common_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def _common_suffix(first: str, second: str) -> int:
    return _common_prefix(first[::-1], second[::-1])


def _fuzzy_match(anchor: TextAnchor, text: str, expected: int) -> Match | None:
    quote = anchor.exact
    max_distance = int(len(quote) * (1.0 - FUZZY_MIN_SCORE))
    if max_distance < 1 or not text:
        return None
    edges = _WordEdges(
        start=not anchor.prefix or not anchor.prefix[-1].isalnum(),
        end=not anchor.suffix or not anchor.suffix[0].isalnum(),
    )
    margin = len(quote) + WINDOW_MARGIN
    window = (max(0, expected - margin), min(len(text), expected + len(quote) + margin))
    match = _best_approximate(anchor, text, window, expected, max_distance, edges)
    if match is None and (window[0] > 0 or window[1] < len(text)):
        match = _best_approximate(anchor, text, (0, len(text)), expected, max_distance, edges)
    return match


def _between_context(anchor: TextAnchor, text: str, expected: int) -> Match | None:
    """The text between the quote's unchanged prefix and suffix, when it still resembles it."""
    if min(len(anchor.prefix), len(anchor.suffix)) < MIN_CONTEXT_FOR_BRACKET:
        return None
    prefix_hits = list(_occurrences(anchor.prefix, text))
    if not prefix_hits:
        return None
    start = min(prefix_hits, key=lambda hit: abs(hit + len(anchor.prefix) - expected))
    start += len(anchor.prefix)
    end = text.find(anchor.suffix, start, start + 2 * len(anchor.exact) + len(anchor.suffix) + 16)
    if end < 0:
        return None
    start, end = _trim_white_space(text, start, end)
    if start >= end:
        return None
    similarity = SequenceMatcher(None, anchor.exact, text[start:end], autojunk=False).ratio()
    if similarity < BRACKET_MIN_SIMILARITY:
        return None
    return Match(start, end, round(min(similarity, 0.9999), 4))


@dataclass(frozen=True)
class _WordEdges:
    """Whether the quote started and ended at word boundaries (a match should too)."""

    start: bool
    end: bool


def _at_boundary(text: str, offset: int) -> bool:
    """True when ``offset`` is not between two letters or digits of ``text``."""
    if offset <= 0 or offset >= len(text):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


def _best_approximate(
    anchor: TextAnchor,
    text: str,
    window: tuple[int, int],
    expected: int,
    max_distance: int,
    edges: _WordEdges,
) -> Match | None:
    """The best approximate occurrence of the quote in ``text[lo:hi]`` within ``max_distance``.

    Each place within the distance is ranked by its edit distance less half the
    characters of prefix and suffix that agree around it, then by its distance
    from the expected place; so of two similar sentences the one in the quote's
    old context wins.
    """
    lo, hi = window
    quote = anchor.exact
    scores = _end_distances(quote, text[lo:hi], anchored_start=False)
    candidates: list[tuple[float, int, int, int, int]] = []
    for cluster in _clusters(scores, max_distance)[:MAX_FUZZY_CANDIDATES]:

        def end_rank(index: int) -> tuple[int, bool]:
            return (scores[index], edges.end and not _at_boundary(text, lo + index + 1))

        end = lo + min(cluster, key=end_rank) + 1
        start, distance = _start_for_end(quote, text, lo, end, max_distance, edges)
        start, end = _trim_white_space(text, start, end)
        if distance > max_distance or start >= end:
            continue
        rank = distance - CONTEXT_WEIGHT * _context_agreement(anchor, text, start, end)
        candidates.append((rank, abs(start - expected), start, end, distance))
    if not candidates:
        return None
    _rank, _offset, start, end, distance = min(candidates)
    return Match(start, end, round(1.0 - distance / len(quote), 4))


def _clusters(scores: list[int], max_distance: int) -> list[list[int]]:
    """Runs of nearby end indexes within ``max_distance``, the best-scoring runs first."""
    clusters: list[list[int]] = []
    for index, score in enumerate(scores):
        if score > max_distance:
            continue
        if clusters and index - clusters[-1][-1] <= 2:
            clusters[-1].append(index)
        else:
            clusters.append([index])
    return sorted(clusters, key=lambda cluster: min(scores[index] for index in cluster))


def _context_agreement(anchor: TextAnchor, text: str, start: int, end: int) -> int:
    """How many characters of the prefix and suffix agree with the text around a match."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return _common_suffix(anchor.prefix, before) + _common_prefix(anchor.suffix, after)


def _start_for_end(
    quote: str, text: str, lo: int, end: int, max_distance: int, edges: _WordEdges
) -> tuple[int, int]:
    """The start of the match of ``quote`` ending at ``end``, and its edit distance."""
    reach = min(end - lo, len(quote) + max_distance)
    backwards = text[end - reach : end][::-1]
    scores = _end_distances(quote[::-1], backwards, anchored_start=True)
    best = min(scores)

    def rank(length: int) -> tuple[bool, int, int]:
        misplaced = edges.start and not _at_boundary(text, end - length)
        return (misplaced, scores[length - 1], abs(length - len(quote)))

    candidates = [index + 1 for index, score in enumerate(scores) if score <= best + 2]
    length = min(candidates, key=rank)
    return end - length, scores[length - 1]


def _end_distances(pattern: str, text: str, *, anchored_start: bool) -> list[int]:
    """Edit distance of ``pattern`` against the best substring of ``text`` ending at each index.

    Myers' bit-vector algorithm (Hyyrö's formulation) with Python integers as
    bit vectors. With ``anchored_start`` the substrings all start at index 0.
    """
    length = len(pattern)
    mask = (1 << length) - 1
    high_bit = 1 << (length - 1)
    equal: dict[str, int] = {}
    for index, char in enumerate(pattern):
        equal[char] = equal.get(char, 0) | (1 << index)
    positive, negative, score = mask, 0, length
    carry = 1 if anchored_start else 0
    scores: list[int] = []
    for char in text:
        eq = equal.get(char, 0)
        xv = eq | negative
        xh = (((eq & positive) + positive) ^ positive) | eq
        horizontal_positive = negative | (~(xh | positive) & mask)
        horizontal_negative = positive & xh
        if horizontal_positive & high_bit:
            score += 1
        elif horizontal_negative & high_bit:
            score -= 1
        horizontal_positive = ((horizontal_positive << 1) | carry) & mask
        horizontal_negative = (horizontal_negative << 1) & mask
        positive = horizontal_negative | (~(xv | horizontal_positive) & mask)
        negative = horizontal_positive & xv
        scores.append(score)
    return scores


def _trim_white_space(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- a meeting's annotations ------------------------------------------------------------


class AnchoredRecord(Protocol):
    """What re-anchoring needs of an annotation (`companion.core.personal.Annotation` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def item_id(self) -> str | None: ...

    @property
    def target(self) -> str: ...

    @property
    def file_sha256(self) -> str | None: ...

    @property
    def anchor(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class AnnotationResult:
    """One annotation's outcome; store ``anchor``/``file_sha256`` and set ``detached``."""

    annotation_id: str
    item_id: str | None
    kind: Kind
    anchor: dict[str, Any]
    file_sha256: str | None
    score: float
    reason: str = ""

    @property
    def detached(self) -> bool:
        return self.kind == "detached"


#: Gives the words of a file by its sha256 (for PDF highlights in a replaced file).
WordsLookup = Callable[[str], list[list[Word]]]


def reanchor_meeting(
    annotations: Sequence[AnchoredRecord],
    old_meeting: Meeting,
    new_meeting: Meeting,
    words_for: WordsLookup | None = None,
) -> list[AnnotationResult]:
    """Re-anchor every annotation of a meeting on its new version, one result each, in order.

    Items are followed by their stable id, so renumbered or moved items keep
    their annotations; an item that is gone detaches them. A PDF highlight on
    an attachment whose file changed is looked for in the new file's words
    (from ``words_for``); without them it is detached.
    """
    old_texts = {item.id: item.text for item in old_meeting.items}
    new_items = {item.id: item for item in new_meeting.items}
    new_texts: dict[str, str] = {}
    replaced_files = _replaced_files(old_meeting, new_meeting)
    results: list[AnnotationResult] = []
    for annotation in annotations:
        item = new_items.get(annotation.item_id or "")
        if item is None:
            results.append(_detached(annotation, "the item is no longer on the agenda"))
        elif annotation.target == "attachment":
            results.append(_reanchor_attachment(annotation, replaced_files, words_for))
        else:
            if item.id not in new_texts:
                new_texts[item.id] = item.text
            old_text = old_texts.get(item.id)
            results.append(_reanchor_item_text(annotation, old_text, new_texts[item.id]))
    return results


def _detached(annotation: AnchoredRecord, reason: str) -> AnnotationResult:
    return AnnotationResult(
        annotation.id,
        annotation.item_id,
        "detached",
        annotation.anchor,
        annotation.file_sha256,
        0.0,
        reason,
    )


def _reanchor_item_text(
    annotation: AnchoredRecord, old_text: str | None, new_text: str
) -> AnnotationResult:
    try:
        anchor = TextAnchor.from_dict(annotation.anchor)
    except AnchorError as error:
        log.warning("annotation %s has an unreadable anchor: %s", annotation.id, error)
        return _detached(annotation, f"unreadable anchor: {error}")
    if old_text == new_text and new_text[anchor.start : anchor.end] == anchor.exact:
        return AnnotationResult(
            annotation.id, annotation.item_id, "exact", annotation.anchor, None, 1.0
        )
    result = reanchor(anchor, new_text)
    reason = "the quote is not in the new text" if result.detached else ""
    return AnnotationResult(
        annotation.id,
        annotation.item_id,
        result.kind,
        result.anchor.to_dict(),
        None,
        result.score,
        reason,
    )


def _replaced_files(old_meeting: Meeting, new_meeting: Meeting) -> dict[str, str | None]:
    """Each old attachment file's sha256 -> its successor's (None when the bilag is gone)."""
    new_files = {
        attachment.id: attachment.file.sha256 if attachment.file else None
        for item in new_meeting.items
        for attachment in item.attachments
    }
    return {
        attachment.file.sha256: new_files.get(attachment.id)
        for item in old_meeting.items
        for attachment in item.attachments
        if attachment.file
    }


def _reanchor_attachment(
    annotation: AnchoredRecord,
    replaced_files: dict[str, str | None],
    words_for: WordsLookup | None,
) -> AnnotationResult:
    old_sha = annotation.file_sha256 or ""
    new_sha = replaced_files.get(old_sha, old_sha)
    if new_sha == old_sha:
        return AnnotationResult(
            annotation.id, annotation.item_id, "exact", annotation.anchor, old_sha, 1.0
        )
    if new_sha is None:
        return _detached(annotation, "the attachment is no longer on the agenda")
    if words_for is None:
        return _detached(annotation, "the attachment was replaced and could not be read")
    try:
        anchor = PdfAnchor.from_dict(annotation.anchor)
    except AnchorError as error:
        return _detached(annotation, f"unreadable anchor: {error}")
    result = reanchor_pdf(anchor, words_for(new_sha), file_sha256=new_sha)
    if result.detached:
        return _detached(annotation, "the quote is not in the replacement file")
    return AnnotationResult(
        annotation.id,
        annotation.item_id,
        result.kind,
        _with_moved_point(annotation.anchor, anchor, result.anchor),
        new_sha,
        result.score,
    )


def _with_moved_point(stored: dict[str, Any], old: PdfAnchor, new: PdfAnchor) -> dict[str, Any]:
    """``new`` as a dict; a point note's ``point`` moves as far as its quoted word moved."""
    moved = new.to_dict()
    point = stored.get("point")
    if isinstance(point, list | tuple) and len(point) == 2 and old.quads and new.quads:
        dx, dy = new.quads[0][0] - old.quads[0][0], new.quads[0][1] - old.quads[0][1]
        moved["point"] = [float(point[0]) + dx, float(point[1]) + dy]
    return moved


# -- PDF anchors -------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfAnchor:
    """A highlight on a PDF page: file, page (0-based), quads and the quoted words."""

    file_sha256: str
    page: int
    quads: list[Quad]
    exact: str
    prefix: str = ""
    suffix: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict stored in the personal store."""
        return {
            "type": "pdf",
            "file_sha256": self.file_sha256,
            "page": self.page,
            "quads": [list(quad) for quad in self.quads],
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PdfAnchor:
        """Read a dict written by `to_dict`; raises `AnchorError` naming a bad field."""
        _require_type(data, "pdf")
        quads = _field(data, "quads", list)
        if not all(isinstance(quad, list | tuple) and len(quad) == 8 for quad in quads):
            raise AnchorError("field 'quads' must hold lists of 8 numbers")
        return cls(
            file_sha256=_field(data, "file_sha256", str),
            page=_field(data, "page", int),
            quads=[_quad(quad) for quad in quads],
            exact=_field(data, "exact", str),
            prefix=str(data.get("prefix", "")),
            suffix=str(data.get("suffix", "")),
        )


@dataclass(frozen=True)
class PdfReanchored:
    """The outcome of looking for a PDF highlight in a file's words."""

    kind: Kind
    page: int | None
    quads: list[Quad]
    score: float
    anchor: PdfAnchor

    @property
    def detached(self) -> bool:
        return self.kind == "detached"


@dataclass
class _WordStream:
    """Every word of a document joined by spaces, with each word's place."""

    text: str = ""
    texts: list[str] = field(default_factory=list)
    places: list[tuple[int, int]] = field(default_factory=list)  # (page, index on page)
    starts: list[int] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)


def _word_stream(words_by_page: Sequence[Sequence[Word]]) -> _WordStream:
    stream = _WordStream()
    offset = 0
    for page_number, words in enumerate(words_by_page):
        stream.page_starts.append(offset)
        for index, word in enumerate(words):
            stream.places.append((page_number, index))
            stream.starts.append(offset)
            stream.texts.append(word[4])
            offset += len(word[4]) + 1
    stream.text = " ".join(stream.texts)
    return stream


def pdf_anchor_for(
    words_by_page: Sequence[Sequence[Word]],
    page: int,
    first_word: int,
    last_word: int,
    file_sha256: str,
    context_words: int = DEFAULT_CONTEXT_WORDS,
) -> PdfAnchor:
    """The anchor of words ``first_word..last_word`` (inclusive) on ``page``."""
    words = words_by_page[page] if 0 <= page < len(words_by_page) else []
    if not 0 <= first_word <= last_word < len(words):
        raise AnchorError(f"bad word range {first_word}..{last_word} on page {page}")
    stream = _word_stream(words_by_page)
    first = stream.places.index((page, first_word))
    last = first + last_word - first_word
    return _stream_anchor(stream, words_by_page, first, last, file_sha256, context_words)


def _stream_anchor(
    stream: _WordStream,
    words_by_page: Sequence[Sequence[Word]],
    first: int,
    last: int,
    file_sha256: str,
    context_words: int = DEFAULT_CONTEXT_WORDS,
) -> PdfAnchor:
    """The anchor of the document's words ``first..last``, drawn on the first one's page."""
    page = stream.places[first][0]
    on_page = [words_by_page[p][i] for p, i in stream.places[first : last + 1] if p == page]
    texts = stream.texts
    return PdfAnchor(
        file_sha256=file_sha256,
        page=page,
        quads=line_quads(on_page),
        exact=" ".join(texts[first : last + 1]),
        prefix=" ".join(texts[max(0, first - context_words) : first]),
        suffix=" ".join(texts[last + 1 : last + 1 + context_words]),
    )


def line_quads(words: Sequence[Word]) -> list[Quad]:
    """One quad per line of ``words`` (ul, ur, ll, lr corners, as PyMuPDF's Quad)."""
    lines: dict[tuple[int, int], list[float]] = {}
    for x0, y0, x1, y1, _text, block, line, _number in words:
        box = lines.setdefault((block, line), [x0, y0, x1, y1])
        box[:] = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
    return [(x0, y0, x1, y0, x0, y1, x1, y1) for x0, y0, x1, y1 in lines.values()]


def reanchor_pdf(
    anchor: PdfAnchor,
    words_by_page: Sequence[Sequence[Word]],
    file_sha256: str | None = None,
) -> PdfReanchored:
    """Look for ``anchor``'s quote in a file's words (one list per page), as `reanchor` does.

    The result's quads cover the found words on the page where the quote
    starts (a quote running onto the next page is drawn on its first page).
    """
    stream = _word_stream(words_by_page)
    page_offset = stream.page_starts[anchor.page] if anchor.page < len(stream.page_starts) else 0
    text_anchor = TextAnchor(
        exact=anchor.exact,
        prefix=f"{anchor.prefix} " if anchor.prefix else "",
        suffix=f" {anchor.suffix}" if anchor.suffix else "",
        start=page_offset,
        end=page_offset + len(anchor.exact),
    )
    result = reanchor(text_anchor, stream.text)
    if result.start is None or result.end is None:
        return PdfReanchored("detached", None, [], 0.0, anchor)
    first, last = _word_range(stream, result.start, result.end)
    found = _stream_anchor(stream, words_by_page, first, last, file_sha256 or anchor.file_sha256)
    return PdfReanchored(result.kind, found.page, found.quads, result.score, found)


def _word_range(stream: _WordStream, start: int, end: int) -> tuple[int, int]:
    """The indexes of the first and last words overlapping ``stream.text[start:end]``."""
    first = bisect_right(stream.starts, start) - 1
    last = bisect_right(stream.starts, end - 1) - 1
    return max(first, 0), max(last, 0)


@serialized
def pdf_words(path: Path) -> list[list[Word]]:
    """Every page's words of the PDF at ``path`` (PyMuPDF's ``get_text("words")``)."""
    import pymupdf

    try:
        document = pymupdf.open(path, filetype="pdf")
    except (RuntimeError, OSError) as error:  # pymupdf.FileDataError is a RuntimeError
        raise AnchorError(f"{path}: not a readable PDF ({error})") from error
    with document:
        pages = (document.load_page(number) for number in range(document.page_count))
        return [
            [word_from_entry(entry) for entry in page.get_text("words", sort=False)]
            for page in pages
        ]


def word_from_entry(entry: Sequence[Any]) -> Word:
    """A `Word` from one entry of PyMuPDF's ``page.get_text("words")``."""
    x0, y0, x1, y1, text, block, line, number = entry[:8]
    return (
        float(x0),
        float(y0),
        float(x1),
        float(y1),
        str(text),
        int(block),
        int(line),
        int(number),
    )


# -- dict helpers ------------------------------------------------------------------------


def anchor_from_dict(data: dict[str, Any]) -> TextAnchor | PdfAnchor:
    """A text or PDF anchor from its stored dict (by its ``type``)."""
    if data.get("type") == "pdf":
        return PdfAnchor.from_dict(data)
    return TextAnchor.from_dict(data)


def _require_type(data: dict[str, Any], kind: str) -> None:
    if not isinstance(data, dict):
        raise AnchorError(f"an anchor must be a dict, not {type(data).__name__}")
    if data.get("type", kind) != kind:
        raise AnchorError(f"field 'type' is {data.get('type')!r}, expected {kind!r}")


def _field(data: dict[str, Any], name: str, kind: type) -> Any:
    if name not in data:
        raise AnchorError(f"the anchor has no field {name!r}")
    value = data[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise AnchorError(f"field {name!r} must be {kind.__name__}, not {type(value).__name__}")
    return value


def _quad(values: Sequence[Any]) -> Quad:
    x0, y0, x1, y1, x2, y2, x3, y3 = (float(value) for value in values)
    return (x0, y0, x1, y1, x2, y2, x3, y3)


__all__ = [
    "AnchorError",
    "AnnotationResult",
    "Match",
    "PdfAnchor",
    "PdfReanchored",
    "Reanchored",
    "TextAnchor",
    "anchor_for",
    "anchor_from_dict",
    "item_anchor",
    "line_quads",
    "locate",
    "pdf_anchor_for",
    "pdf_words",
    "reanchor",
    "reanchor_meeting",
    "reanchor_pdf",
    "section_at",
]
