"""`Matcher` over the real agenda texts (resources/agendas): the same hits as reading every word.

The matcher stems only the words that can start a hit; these tests hold it to the
answer of stemming every word of the text and scanning them in order (the way it
read texts before), for words, typed prefixes and phrases taken from the texts.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from companion.core.resources import resources_dir
from companion.core.search import matching, terms
from companion.core.search.matching import Matcher, make_snippet
from companion.core.search.query import parse_query
from companion.core.search.terms import WORD, normalize, words


def agenda_texts() -> list[str]:
    folder = Path(resources_dir()) / "agendas"
    return [normalize(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]


def every_word_spans(matcher: Matcher, text: str) -> list[tuple[int, int]]:
    """The reference: every word of ``text`` stemmed and scanned in order."""
    return list(matcher._spans_of(list(words(text))))


def searches(text: str) -> list[str]:
    """Words, typed prefixes and two-word phrases of ``text``, every 37th of each."""
    found = [match.group() for match in WORD.finditer(text)]
    singles = sorted(set(found))[::37]
    prefixes = [word[:4] for word in singles if len(word) > 4]
    phrases = [f'"{a} {b}"' for a, b in itertools.pairwise(found)][::37]
    return (
        singles + prefixes + phrases + [f"{a} {b}" for a, b in zip(singles, prefixes, strict=False)]
    )


@pytest.mark.parametrize("text", agenda_texts(), ids=lambda text: text[:30])
def test_spans_and_snippets_are_those_of_reading_every_word(text: str) -> None:
    checked = 0
    for search in searches(text):
        matcher = Matcher(parse_query(search))
        expected = every_word_spans(matcher, text)
        assert matcher.spans(text) == expected, search
        assert matcher.snippet(text) == make_snippet(text, expected), search
        checked += bool(expected)
    assert checked > 100


def test_a_snippet_stems_only_the_words_that_can_start_a_hit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "\n".join(agenda_texts())
    stemmed: list[str] = []
    real_term = terms.term

    def counting(word: str) -> str:
        stemmed.append(word)
        return real_term(word)

    monkeypatch.setattr(matching, "term", counting)
    monkeypatch.setattr(terms, "term", counting)
    matcher = Matcher(parse_query("praktikpladser"))
    snippet = matcher.snippet(text)
    assert "[praktikpladser" in snippet.marked().lower()
    word_count = sum(1 for _ in WORD.finditer(text))
    assert len(stemmed) < word_count / 100, (len(stemmed), word_count)
