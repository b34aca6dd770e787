"""The search syntax: what a member types, read into a Query, and its hits in a real library.

The expected hits were checked by hand in the agenda texts (shared/agendas, the same
texts as resources/agendas): the line numbers are given where a hit is not obvious.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from companion.core.library import Library, SearchHit
from companion.core.samples import sample_packages
from companion.core.search import query as syntax
from companion.core.search.query import Phrase, Query, QueryError, parse_query, to_fts5

KD_NET = "kd-net-midtjylland-2020-01-24"
KKR_2015 = "kkr-midtjylland-2015-04-20"
KKR_2016 = "kkr-midtjylland-2016-11-22"
KKR_2020 = "kkr-midtjylland-2020-02-05"
MARKED = re.compile(r"\[([^\]]*)\]")


# --- reading what was typed ---------------------------------------------------------------


def fts5(text: str) -> str:
    return to_fts5(parse_query(text))


def test_words_must_all_match_and_only_a_last_word_of_three_letters_is_a_prefix() -> None:
    assert fts5("sundhed psykiatri") == '"sundhed" AND "psykiatri"*'
    assert fts5("psykiatri sundhed") == '"psykiatri" AND "sundhed"*'
    assert fts5("a") == '"a"'
    assert fts5("af") == '"af"'
    assert fts5("psy") == '"psy"*'
    assert fts5("psy.") == '"psy"*'  # trailing punctuation is not part of the word


def test_a_phrase_is_matched_as_typed_with_plain_or_typographic_quotes() -> None:
    assert parse_query('"nære psykiatri"') == Query(((Phrase(("nære", "psykiatri")),),))
    assert fts5("“nære psykiatri”") == '"nære psykiatri"'
    assert fts5("„sårbare borgere“") == '"sårbare borgere"'
    assert fts5('sundhed "nære psykiatri"') == '"sundhed" AND "nære psykiatri"'


def test_or_joins_its_two_neighbours() -> None:
    assert fts5("Sociolancen OR Børnehus") == '("Sociolancen" OR "Børnehus"*)'
    assert fts5("Sociolancen OR Børnehus sårbare") == (
        '("Sociolancen" OR "Børnehus") AND "sårbare"*'
    )
    assert fts5("a OR b OR c") == '("a" OR "b" OR "c")'


def test_minus_and_not_leave_words_out_and_are_never_prefixes() -> None:
    assert fts5("sundhed -psykiatri") == '("sundhed") NOT ("psykiatri")'
    assert fts5("sundhed NOT psykiatri") == '("sundhed") NOT ("psykiatri")'
    assert fts5('psykiatri -"det nære"') == '("psykiatri") NOT ("det nære")'
    assert fts5("-nære -det psykiatri") == '("psykiatri"*) NOT ("nære" OR "det")'


def test_a_star_asks_for_a_prefix_anywhere() -> None:
    assert fts5("sundheds* psykiatri") == '"sundheds"* AND "psykiatri"*'
    assert fts5("a* b") == '"a"* AND "b"'


def test_what_fts5_would_read_as_syntax_is_a_word_or_a_separator() -> None:
    assert fts5("sundhed NEAR psykiatri") == '"sundhed" AND "NEAR" AND "psykiatri"*'
    assert fts5("NEAR(sundhed psykiatri)") == '"NEAR sundhed" AND "psykiatri"*'
    assert fts5("title:Børnehus") == '"title Børnehus"*'
    assert fts5("^sundhed") == '"sundhed"*'
    assert fts5("sundhed and psykiatri or") == '"sundhed" AND "and" AND "psykiatri" AND "or"'
    assert fts5("KD-Net 3.1") == '"KD Net" AND "3 1"'  # as the index splits them


def test_danish_letters_stay_letters() -> None:
    assert parse_query("Børnehus sårbare Ærø").phrases() == (
        Phrase(("Børnehus",)),
        Phrase(("sårbare",)),
        Phrase(("Ærø",), prefix=True),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", syntax.EMPTY),
        ("   ", syntax.EMPTY),
        ('sundhed "nære psykiatri', syntax.UNCLOSED_QUOTE),
        ('"', syntax.UNCLOSED_QUOTE),
        ('sundhed ""', syntax.EMPTY_PHRASE),
        ("OR", syntax.LONE_OR),
        ("sundhed OR", syntax.LONE_OR),
        ("OR sundhed", syntax.LONE_OR),
        ("sundhed OR OR psykiatri", syntax.LONE_OR),
        ("sundhed AND", syntax.LONE_AND),
        ("AND sundhed", syntax.LONE_AND),
        ("-", syntax.LONE_MINUS),
        ("sundhed - psykiatri", syntax.LONE_MINUS),
        ("sundhed NOT", syntax.LONE_MINUS),
        ("sundhed NOT NOT psykiatri", syntax.LONE_MINUS),
        ("sundhed -,", syntax.LONE_MINUS),
        ("sundhed OR -psykiatri", syntax.OR_WITH_MINUS),
        ("-psykiatri OR sundhed", syntax.OR_WITH_MINUS),
        ("sundhed OR NOT psykiatri", syntax.OR_WITH_MINUS),
        ("-psykiatri", syntax.ONLY_LEFT_OUT),
        ("NOT psykiatri -nære", syntax.ONLY_LEFT_OUT),
        (",.;", syntax.NO_WORDS),
        ("— * ^ ( )", syntax.NO_WORDS),
    ],
)
def test_what_cannot_be_read_gets_a_sentence_saying_what_to_type(text: str, message: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text)
    assert raised.value.template == message
    assert str(raised.value).endswith(".")


def test_the_message_for_separators_only_shows_what_was_typed() -> None:
    with pytest.raises(QueryError, match='nothing to search for in "—": type a word'):
        parse_query(" — ")


# --- hits in a library of the four sample meetings ------------------------------------------


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with Library(tmp_path_factory.mktemp("library")) as library:
        for package in sample_packages():
            library.import_path(package)
        yield library


def search(library: Library, text: str) -> list[SearchHit]:
    return library.search(parse_query(text), limit=500)


def found(library: Library, text: str) -> set[tuple[str, str]]:
    return {(hit.meeting_id, hit.number) for hit in search(library, text)}


def marked(hits: list[SearchHit]) -> set[str]:
    """Every text the snippets mark as a match, case-folded."""
    return {text.casefold() for hit in hits for text in MARKED.findall(hit.snippet)}


def test_a_one_letter_search_finds_that_word_only(samples: Library) -> None:
    # Before: "a" was a prefix and found 52 items on "af", "at", "aftale" ...
    hits = search(samples, "a")
    assert len(hits) == 14  # "bl.a." in 13 items, "A. Organisering" in KD-Net's 3 (line 68)
    assert marked(hits) == {"a"}
    assert "aftale" not in marked(search(samples, "af"))


def test_and_typed_by_the_member_is_never_a_word_of_the_text(samples: Library) -> None:
    # Before: 'sundhed AND' searched "sundhed" and the prefix "and*": it marked "andre".
    with pytest.raises(QueryError):
        parse_query("sundhed AND")
    both = {(KD_NET, "15"), (KKR_2015, "3.8"), (KKR_2016, "3.3"), (KKR_2020, "3.3")}
    assert found(samples, "sundhed AND psykiatri") == both == found(samples, "sundhed psykiatri")
    for text in marked(search(samples, "sundhed AND psykiatri")):
        assert text == "sundhed" or text.startswith("psykiatri"), text


def test_a_phrase_needs_its_words_together(samples: Library) -> None:
    # "sårbare borgere" stands in KD-Net's item 7 (line 162) and 2020's 3.6 (line 359);
    # 2016's 3.3 has "sårbare børn" (line 226) and 3.5 both words apart.
    phrase = search(samples, '"sårbare borgere"')
    assert {(hit.meeting_id, hit.number) for hit in phrase} == {(KD_NET, "7"), (KKR_2020, "3.6")}
    assert marked(phrase) == {"sårbare borgere"}
    assert found(samples, "sårbare borgere") == {
        (KD_NET, "7"),
        (KKR_2020, "3.6"),
        (KKR_2016, "3.3"),
        (KKR_2016, "3.5"),
    }


def test_or_finds_either_and_binds_closer_than_the_space(samples: Library) -> None:
    # Sociolancen: KD-Net 7 (line 162), KD-Net 15 (line 333), 2020's 3.6 (line 365);
    # Børnehus: 2016's 3.1 "Børnehus Midtjylland".
    either = found(samples, "Sociolancen OR Børnehus")
    assert either == {(KD_NET, "7"), (KD_NET, "15"), (KKR_2020, "3.6"), (KKR_2016, "3.1")}
    assert found(samples, "Sociolancen OR Børnehus sårbare") == {(KD_NET, "7"), (KKR_2020, "3.6")}


def test_minus_and_not_leave_items_out(samples: Library) -> None:
    # "psykiatri" as a word in 10 items; "nære" in 6 of them (KD-Net 8, 2020's 2.1, 3.3, 3.5).
    without = {(KD_NET, "15"), (KKR_2016, "3.3"), (KKR_2016, "4.1"), (KKR_2020, "6.1")}
    assert found(samples, "psykiatri -nære") == without
    assert found(samples, "psykiatri NOT nære") == without
    assert found(samples, 'psykiatri -"nære psykiatri"') >= without


def test_the_last_word_is_a_prefix_from_three_letters(samples: Library) -> None:
    prefixed = search(samples, "psyk")
    assert len(prefixed) == 11 and all(text.startswith("psyk") for text in marked(prefixed))
    assert "voksenpsykiatrien" not in marked(prefixed)  # a prefix starts a word
    assert search(samples, "ps") == []  # no word "ps"; no prefix for two letters


def test_danish_letters_are_found_as_letters(samples: Library) -> None:
    assert found(samples, "Børnehus") == {(KKR_2016, "3.1")}
    assert found(samples, "sårbare") == {
        (KD_NET, "7"),
        (KKR_2016, "3.3"),
        (KKR_2016, "3.5"),
        (KKR_2020, "3.6"),
    }
    assert search(samples, "B rnehus") == []  # ø is no separator


def test_fts5_syntax_typed_by_the_member_is_searched_as_words(samples: Library) -> None:
    # None of these words stands in the agendas ("near", "title"), so nothing matches,
    # and nothing is an FTS5 syntax error.
    assert search(samples, "sundhed NEAR psykiatri") == []
    assert search(samples, "NEAR(sundhed psykiatri)") == []
    assert search(samples, "title:Børnehus") == []


def test_every_query_the_syntax_reads_is_valid_fts5(samples: Library) -> None:
    typed = ["a OR b -c", 'x "y z"* OR w', "æ ø å", "1 2 3", "x* -y*", "NOT a b OR c d"]
    for text in typed:
        assert isinstance(search(samples, text), list), text
