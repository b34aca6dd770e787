"""Words and their index terms: the Danish Snowball stemmer, applied to text and query alike.

The index stores one term per word of the text, in order, so a phrase is a run of
consecutive terms and FTS5 finds it as it finds any phrase. A word's term is its
stem by PyStemmer's Danish Snowball stemmer ("erhvervshusene" and "Erhvervshus"
both give "erhvervshus"), lower case, with æ, ø and å kept as the letters they
are. Digits stay as typed, so a case number is its digit groups: "SAG-2019-07153"
is the terms "sag 2019 07153".

Snowball removes one suffix: "lærepladser" loses "er" and keeps the "s" that
"læreplads" loses ("læreplads" against "læreplad"). So the stem is stemmed once
more when what is left still has five letters or more and the second step takes
three letters at most; below that a second step joins words that are not one
("oversigt" would end as "over", "tilsiger" as "til", "foreligger" as "for").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import Stemmer

#: Letters and digits, as FTS5's unicode61 tokenizer reads them (æ, ø, å included).
WORD = re.compile(r"[^\W_]+")
#: A second stemming step must leave at least this many letters ...
_SECOND_STEP_MIN_LENGTH = 5
#: ... and take at most this many.
_SECOND_STEP_MAX_CUT = 3
#: Written into the index: a different stemmer (or rule) means the terms are rebuilt.
STEMMER_ID = (
    f"snowball-danish/{Stemmer.version()}"
    f"/second-step-{_SECOND_STEP_MIN_LENGTH}-{_SECOND_STEP_MAX_CUT}"
)

_stemmer = Stemmer.Stemmer("danish")
# PyStemmer's own cache keeps a [stem, count] list per word, which the collector
# tracks: `term` caches in a plain dict instead.
_stemmer.maxCacheSize = 0


@dataclass(frozen=True)
class Word:
    """A word of a text: where it stands (``start``, ``end``) and its index term."""

    start: int
    end: int
    term: str


def normalize(text: str) -> str:
    """``text`` in Unicode NFC, so a decomposed "å" (a + ring) is the letter å."""
    return unicodedata.normalize("NFC", text)


#: Terms already made, by word. Plain strings in a dict: the garbage collector does not
#: walk them (an lru_cache keeps a tracked list per entry, and tens of thousands of
#: those set off full collections, which stall the window while it indexes).
_terms: dict[str, str] = {}
#: The cache starts again when it holds this many words.
CACHE_SIZE = 200_000


def term(word: str) -> str:
    """The index term of one word (letters and digits only): its stem, lower case."""
    found = _terms.get(word)
    if found is None:
        if len(_terms) >= CACHE_SIZE:
            _terms.clear()
        found = _terms[word] = _stem(word)
    return found


def clear_cache() -> None:
    """Forget the terms made so far."""
    _terms.clear()


def _stem(word: str) -> str:
    lowered = word.lower()
    stem = str(_stemmer.stemWord(lowered))
    if stem != lowered:
        again = str(_stemmer.stemWord(stem))
        if len(again) >= _SECOND_STEP_MIN_LENGTH and len(stem) - len(again) <= _SECOND_STEP_MAX_CUT:
            return again
    return stem


def words(text: str) -> Iterator[Word]:
    """Every word of ``text`` (NFC) with its place and its term."""
    for match in WORD.finditer(text):
        yield Word(match.start(), match.end(), term(match.group()))


def terms_text(text: str) -> str:
    """What the index stores for ``text``: its terms in order, separated by spaces."""
    return " ".join(map(term, WORD.findall(normalize(text))))
