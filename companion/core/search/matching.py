"""A parsed search against the stemmed index: its FTS5 expression, and what it marks in a text.

The index holds terms (`companion.core.search.terms`), so every word the member
typed becomes its term before it reaches FTS5: "lærepladser" searches the term
"læreplad" and finds "læreplads" and "lærepladserne". A quoted phrase is its terms
in a row. The last word, typed while the member is still typing, is a prefix
(`companion.core.search.query`): it matches its own term, or any term that starts
with the letters as typed ("kommune" finds "kommunen" by its term "kommun", and
"kommunekontaktrådet" by the letters "kommune"; not "kommunikation", which a
prefix of the stem "kommun" would).

`Matcher` finds the same words in a text the index does not hold (the original,
for snippets and for marking hits in the window): it reads the text into terms
and marks each run of words that is one of the phrases searched for.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from companion.core.search.query import Phrase, Query
from companion.core.search.terms import WORD, Word, term, words

#: About this many characters of text around the first hit.
SNIPPET_LENGTH = 160
ELLIPSIS = "…"
_WHITESPACE = re.compile(r"\s+")


def _quoted(terms: list[str]) -> str:
    return '"' + " ".join(part.replace('"', '""') for part in terms) + '"'


def fts5_phrases(phrase: Phrase) -> tuple[str, ...]:
    """The FTS5 phrases one phrase searches for: its terms, and for a prefix the letters typed."""
    terms = [term(word) for word in phrase.words]
    exact = _quoted(terms)
    if not phrase.prefix:
        return (exact,)
    typed = phrase.words[-1].lower()
    return exact, _quoted([*terms[:-1], typed]) + "*"


def phrase_expression(phrase: Phrase) -> str:
    """The FTS5 expression for one phrase over the index's terms."""
    parts = fts5_phrases(phrase)
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def required_expression(query: Query) -> str:
    """What must match: every group, each any of its phrases."""
    groups = []
    for group in query.required:
        parts = [phrase_expression(phrase) for phrase in group]
        groups.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    return " AND ".join(groups)


def match_expression(query: Query) -> str:
    """The FTS5 MATCH expression for ``query`` over the stemmed index."""
    found = required_expression(query)
    if not query.excluded:
        return found
    left_out = " OR ".join(phrase_expression(phrase) for phrase in query.excluded)
    return f"({found}) NOT ({left_out})"


def title_expression(query: Query, column: str = "title") -> str:
    """What must match, in ``column`` only (to rank title hits first)."""
    return f"{column} : ({required_expression(query)})"


@dataclass(frozen=True)
class _Pattern:
    terms: tuple[str, ...]
    typed_prefix: str | None  # the last word as typed, when it is a prefix


class Matcher:
    """The words of a text that a search found: for snippets and for marking hits.

    Only the words that can start a hit are read into terms. A word's term is its
    lower-case letters with suffixes taken off (Snowball only removes letters from
    the end, `companion.core.search.terms`), so a word whose term is a phrase's first
    term, or starts with the letters typed, starts with those letters in lower
    case. One scan of the lower-cased text for those letters finds every word that
    can start a hit; only those words and the few after them are stemmed.
    """

    def __init__(self, query: Query) -> None:
        self._patterns = [
            _Pattern(
                tuple(term(word) for word in phrase.words),
                phrase.words[-1].lower() if phrase.prefix else None,
            )
            for phrase in query.phrases()
        ]
        self._longest = max((len(pattern.terms) for pattern in self._patterns), default=0)
        starts = {pattern.terms[0] for pattern in self._patterns if pattern.terms}
        starts |= {
            pattern.typed_prefix
            for pattern in self._patterns
            if pattern.typed_prefix is not None and len(pattern.terms) == 1
        }
        starts.discard("")
        # Overlapping matches (a lookahead), so no place where one of them starts is missed.
        self._candidates = (
            re.compile(
                "(?=(?:"
                + "|".join(re.escape(start) for start in sorted(starts, key=len, reverse=True))
                + "))"
            )
            if starts and all(WORD.fullmatch(start) for start in starts)
            else None
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where in ``text`` the phrases searched for stand, as (start, end), in order.

        ``text`` should be in NFC (`companion.core.search.terms.normalize`), as the
        index reads it; offsets are into ``text`` as given.
        """
        return list(self.iter_spans(text))

    def iter_spans(self, text: str) -> Iterator[tuple[int, int]]:
        """`spans`, one at a time: a caller that needs the first few stops reading there."""
        if not self._patterns:
            return
        lowered = text.lower()
        if self._candidates is None or len(lowered) != len(text):
            # Lower case changed the length (a letter such as "İ"): offsets would not agree.
            yield from self._spans_of(list(words(text)))
            return
        resume = 0  # the first offset a new hit may start at (after the previous hit)
        for candidate in self._candidates.finditer(lowered):
            place = candidate.start()
            if place < resume or (place > 0 and WORD.match(text, place - 1)):
                continue  # inside the previous hit, or not the start of a word
            found = [
                Word(match.start(), match.end(), term(match.group()))
                for match in itertools.islice(WORD.finditer(text, place), self._longest)
            ]
            length = self._match_at(found, 0)
            if length:
                yield (found[0].start, found[length - 1].end)
                resume = found[length - 1].end

    def _spans_of(self, found: list[Word]) -> Iterator[tuple[int, int]]:
        position = 0
        while position < len(found):
            length = self._match_at(found, position)
            if length:
                yield (found[position].start, found[position + length - 1].end)
                position += length
            else:
                position += 1

    def snippet(self, text: str, length: int = SNIPPET_LENGTH) -> Snippet:
        """`make_snippet` of ``text``, reading only the hits up to the end of the snippet."""
        found = self.iter_spans(text)
        first = next(found, None)
        if first is None:
            return make_snippet(text, [], length)
        end = _snippet_bounds(text, first[0], length)[1]
        return make_snippet(
            text, [first, *itertools.takewhile(lambda span: span[0] < end, found)], length
        )

    def _match_at(self, found: list[Word], position: int) -> int:
        best = 0
        for pattern in self._patterns:
            size = len(pattern.terms)
            if position + size > len(found) or size <= best:
                continue
            heads = all(
                found[position + offset].term == pattern.terms[offset] for offset in range(size - 1)
            )
            if not heads:
                continue
            last = position + size - 1
            if found[last].term == pattern.terms[-1] or (
                pattern.typed_prefix is not None
                and found[last].term.startswith(pattern.typed_prefix)
            ):
                best = size
        return best


# --- snippets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snippet:
    """A short piece of a text around its hits; ``marks`` are (start, end) in ``text``."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def marked(self, opening: str = "[", closing: str = "]") -> str:
        """The text with each hit between ``opening`` and ``closing``."""
        parts: list[str] = []
        position = 0
        for start, end in self.marks:
            parts += [self.text[position:start], opening, self.text[start:end], closing]
            position = end
        parts.append(self.text[position:])
        return "".join(parts)


def _snippet_bounds(text: str, first_hit: int, length: int) -> tuple[int, int]:
    """Where a snippet of ``text`` whose first hit starts at ``first_hit`` starts and ends."""
    start = max(0, first_hit - length // 3)
    end = min(len(text), start + length)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def make_snippet(text: str, spans: list[tuple[int, int]], length: int = SNIPPET_LENGTH) -> Snippet:
    """About ``length`` characters of ``text`` around its first hit, on one line.

    Starts a third of ``length`` before the first hit (at the text's start when
    there is no hit), at the start of a word; whitespace runs become one space; an
    ellipsis says where text was left out. The marks follow the words they mark.
    """
    start, end = _snippet_bounds(text, spans[0][0] if spans else 0, length)
    pieces: list[str] = [ELLIPSIS + " "] if start > 0 else []
    size = len(pieces[0]) if pieces else 0
    marks: list[tuple[int, int]] = []
    cursor = start
    inside = [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]
    for mark_start, mark_end in [*inside, (end, end)]:
        plain = _WHITESPACE.sub(" ", text[cursor:mark_start])
        if not pieces or pieces[-1].endswith(" "):
            plain = plain.lstrip()
        pieces.append(plain)
        size += len(plain)
        if mark_end > mark_start:
            hit = _WHITESPACE.sub(" ", text[mark_start:mark_end])
            marks.append((size, size + len(hit)))
            pieces.append(hit)
            size += len(hit)
        cursor = mark_end
    snippet = "".join(pieces).rstrip()
    if end < len(text):
        snippet += " " + ELLIPSIS
    return Snippet(snippet, tuple(marks))
