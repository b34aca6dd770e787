"""The search syntax a member types, read into a `Query`, and its FTS5 MATCH expression.

What a member can type (the same in the window and on the command line)::

    sundhed psykiatri        items with every word, anywhere, in any order
    "nære psykiatri"         a phrase: these words next to each other, in this order
    sundhed OR psykiatri     either word; OR joins its two neighbours, so
                             ``a OR b c`` means (a or b) and c
    -psykiatri               items without the word (or the phrase: -"nære psykiatri");
                             ``NOT psykiatri`` says the same
    sundhed AND psykiatri    the same as a space
    sundheds*                every word that starts with "sundheds"

The last word typed also finds the words it starts: ``psyk`` finds "psykiatri",
``sundhed`` finds "sundhedsaftalen" (Danish builds long compounds, and a search
box shows hits while the member is still typing the word). Only from three
letters on: ``a`` or ``af`` as a prefix would find half the text ("af", "at",
"aftale", ...), so a shorter last word, a quoted phrase and a word left out are
matched as they are.

Everything else is text. Letters and digits make words (æ, ø and å are letters;
case does not matter); any other character separates them, as it does in the
index, so ``KD-Net`` and ``3.1`` are the phrases "kd net" and "3 1". AND, OR and
NOT are operators only in capitals; whatever else FTS5 would read as syntax
(``NEAR``, ``title:``, ``^``, parentheses, lowercase ``and``) is a word or a
separator here, never passed on: `to_fts5` quotes every word.

What cannot be read raises `QueryError` with a sentence saying how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError

# The last word is a prefix only from this many letters or digits on.
MIN_PREFIX_LENGTH = 3

# Characters that open or close a phrase: the plain quotation mark, and the
# typographic ones a word processor or phone puts in its place.
QUOTES = '"“”„'

_WORD_CHARACTERS = re.compile(r"[^\W_]+")  # letters and digits, as FTS5's unicode61 reads them


class QueryError(MemberError):
    """A search the syntax cannot read; the sentence says what to type instead."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template, Cause.INVALID, **params)


EMPTY = QT_TRANSLATE_NOOP("CoreErrors", "Type a word to search for.")
NO_WORDS = QT_TRANSLATE_NOOP(
    "CoreErrors", 'There is nothing to search for in "{query}": type a word of letters or digits.'
)
UNCLOSED_QUOTE = QT_TRANSLATE_NOOP(
    "CoreErrors", 'A quotation mark is not closed: put a " after the last word of the phrase.'
)
EMPTY_PHRASE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The quotation marks hold no word: put the words that belong together between them.",
)
LONE_OR = QT_TRANSLATE_NOOP(
    "CoreErrors", "OR needs a word on each side, like: sundhed OR psykiatri."
)
LONE_AND = QT_TRANSLATE_NOOP(
    "CoreErrors", "AND needs a word on each side, like: sundhed AND psykiatri."
)
LONE_MINUS = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "A minus (or NOT) goes right before the word to leave out, like: sundhed -psykiatri.",
)
OR_WITH_MINUS = QT_TRANSLATE_NOOP(
    "CoreErrors", "OR joins words to find, not words to leave out: remove the OR or the minus."
)
ONLY_LEFT_OUT = QT_TRANSLATE_NOOP(
    "CoreErrors", "Add a word to find: a search cannot only leave words out."
)


@dataclass(frozen=True)
class Phrase:
    """Words that must stand together, in this order; a single word is a phrase of one.

    ``prefix``: the last word may be the start of a longer word.
    """

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed search: what must match, and what must not.

    Every group of ``required`` matches (any one phrase of the group: the words
    joined by OR), and no phrase of ``excluded`` occurs.
    """

    required: tuple[tuple[Phrase, ...], ...]
    excluded: tuple[Phrase, ...] = ()

    def to_fts5(self) -> str:
        """The FTS5 MATCH expression for this query (see `to_fts5`)."""
        return to_fts5(self)

    def phrases(self) -> tuple[Phrase, ...]:
        """The phrases to find (not those left out), in the order typed."""
        return tuple(phrase for group in self.required for phrase in group)


# --- reading ----------------------------------------------------------------------------

_Kind = Literal["phrase", "AND", "OR", "NOT", "minus"]
# Operators are read only in capitals: "and", "or" and "not" are words.
_OPERATORS: dict[str, _Kind] = {"AND": "AND", "OR": "OR", "NOT": "NOT"}


@dataclass
class _Token:
    kind: _Kind
    words: tuple[str, ...] = ()
    quoted: bool = False
    negated: bool = False
    star: bool = False  # typed with a trailing * (an explicit prefix)
    prefix: bool = False


def parse_query(text: str) -> Query:
    """Read what a member typed (see the module's docstring for the syntax).

    Raises:
        QueryError: an unclosed quotation mark, a lone OR, AND, NOT or minus, OR
            next to a word left out, no word to find, or nothing but separators.
    """
    tokens = _tokens(text)
    _mark_last_word_as_prefix(tokens)
    required: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    previous: _Kind | Literal["start", "left out"] = "start"
    for token in tokens:
        if token.kind == "OR":
            if previous == "left out":
                raise QueryError(OR_WITH_MINUS)
            if previous != "phrase":
                raise QueryError(LONE_OR)
        elif token.kind == "AND":
            if previous not in ("phrase", "left out"):
                raise QueryError(LONE_AND)
        elif token.kind == "NOT":
            if previous == "OR":
                raise QueryError(OR_WITH_MINUS)
            if previous == "NOT":
                raise QueryError(LONE_MINUS)
        elif token.kind == "minus":
            raise QueryError(LONE_MINUS)
        else:
            phrase = Phrase(token.words, token.prefix)
            if token.negated or previous == "NOT":
                if previous == "OR":
                    raise QueryError(OR_WITH_MINUS)
                excluded.append(phrase)
                previous = "left out"
                continue
            if previous == "OR":
                required[-1].append(phrase)
            else:
                required.append([phrase])
        previous = token.kind
    if previous == "OR":
        raise QueryError(LONE_OR)
    if previous == "AND":
        raise QueryError(LONE_AND)
    if previous == "NOT":
        raise QueryError(LONE_MINUS)
    if not required:
        if excluded:
            raise QueryError(ONLY_LEFT_OUT)
        if text.strip():
            raise QueryError(NO_WORDS, query=text.strip())
        raise QueryError(EMPTY)
    return Query(tuple(tuple(group) for group in required), tuple(excluded))


def _tokens(text: str) -> list[_Token]:
    """Split ``text`` into phrases and operators; separators-only words are dropped."""
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        character = text[position]
        if character.isspace():
            position += 1
            continue
        negated = character == "-" and position + 1 < len(text) and text[position + 1] in QUOTES
        if negated:
            position += 1
            character = text[position]
        if character in QUOTES:
            end = _closing_quote(text, position + 1)
            words = tuple(_WORD_CHARACTERS.findall(text[position + 1 : end]))
            if not words:
                raise QueryError(EMPTY_PHRASE)
            tokens.append(_Token("phrase", words, quoted=True, negated=negated))
            position = end + 1
            continue
        end = position
        while end < len(text) and not text[end].isspace() and text[end] not in QUOTES:
            end += 1
        token = _bare_token(text[position:end])
        if token is not None:
            tokens.append(token)
        position = end
    return tokens


def _closing_quote(text: str, start: int) -> int:
    for position in range(start, len(text)):
        if text[position] in QUOTES:
            return position
    raise QueryError(UNCLOSED_QUOTE)


def _bare_token(chunk: str) -> _Token | None:
    """An unquoted chunk: an operator, a word (or phrase), a lone minus, or nothing."""
    if chunk in _OPERATORS:
        return _Token(_OPERATORS[chunk])
    negated = chunk.startswith("-")
    words = tuple(_WORD_CHARACTERS.findall(chunk))
    if not words:
        return _Token("minus") if negated else None
    return _Token("phrase", words, negated=negated, star=chunk.endswith("*"))


def _mark_last_word_as_prefix(tokens: list[_Token]) -> None:
    """Words typed with ``*`` are prefixes; so is the last word when long enough."""
    for token in tokens:
        token.prefix = token.star
    if not tokens or tokens[-1].kind != "phrase":
        return  # the search ends in an operator: an error, reported by the caller
    last = tokens[-1]
    left_out = last.negated or (len(tokens) > 1 and tokens[-2].kind == "NOT")
    if not last.quoted and not left_out and len(last.words[-1]) >= MIN_PREFIX_LENGTH:
        last.prefix = True


# --- writing for FTS5 -------------------------------------------------------------------


def to_fts5(query: Query) -> str:
    """The FTS5 MATCH expression for ``query``: every word quoted, grouping explicit.

    No word can be read as FTS5 syntax (each is a quoted string of letters and
    digits), and the parentheses make the meaning independent of FTS5's operator
    precedence (where NOT binds tighter than OR).
    """
    found = " AND ".join(_any_of(group) for group in query.required)
    if not query.excluded:
        return found
    left_out = " OR ".join(_fts5_phrase(phrase) for phrase in query.excluded)
    return f"({found}) NOT ({left_out})"


def _any_of(group: tuple[Phrase, ...]) -> str:
    if len(group) == 1:
        return _fts5_phrase(group[0])
    return "(" + " OR ".join(_fts5_phrase(phrase) for phrase in group) + ")"


def _fts5_phrase(phrase: Phrase) -> str:
    quoted = '"' + " ".join(word.replace('"', '""') for word in phrase.words) + '"'
    return quoted + "*" if phrase.prefix else quoted
