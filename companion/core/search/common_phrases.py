"""Searches that bm25 scores 0 on every attachment page: each phrase on half the pages or more.

FTS5's bm25 weighs each phrase of a query by its inverse document frequency,
``log((N - n + 0.5) / (n + 0.5))`` for a phrase on ``n`` of the ``N`` rows, and
uses 1e-6 where that is zero or less: for a phrase on at least half the pages.
A page's score is the sum over the phrases of that weight times a term-frequency
part below ``k1 + 1 = 2.2`` (pages_fts has one column, of weight 1), so when
every phrase a page can contain is on half the pages or more, every matching page
scores between ``-2.2e-6`` per phrase and 0: all in the band of 0 at
`SCORE_BAND_DECIMALS`, where the newer meeting comes first. Such a search (a
common word: "at", "indstil", "kommun" are on 25,000-42,000 of 50,000 pages) is
ranked by date without computing bm25 for every page (`hits.page_hits`).

Phrases left out (NOT) do not count: no page that matches contains them; nor
does a phrase on no page at all (the letters typed as a prefix, "kommunerne*",
when the index holds only the term "kommun").

The counts are those bm25 itself uses (the rows matching the phrase alone, and
the rows of ``pages_fts``), kept per phrase until the index changes: another
connection's commit (``PRAGMA data_version``) or this connection's own write
(``total_changes``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

#: At most this many phrases' counts are kept (a member types a few hundred a session).
CACHE_SIZE = 2048


class PhraseCounts:
    """How many attachment pages each FTS5 phrase is on, for one connection to search.db."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._generation: tuple[int, int] | None = None
        self._pages = 0
        self._counts: dict[str, int] = {}

    def all_common(self, phrases: Iterable[str]) -> bool:
        """True when every phrase is on at least half the pages, or on none (and one is on some).

        Then bm25 gives every page that matches them a score that rounds to 0.
        """
        self._check_generation()
        common = False
        for phrase in phrases:
            pages = self.pages_with(phrase)
            if pages == 0:
                continue
            if 2 * pages < self._pages:
                return False
            common = True
        return common

    def pages_with(self, phrase: str) -> int:
        """How many pages match ``phrase`` (an FTS5 phrase, as `matching.fts5_phrases` writes)."""
        self._check_generation()
        count = self._counts.get(phrase)
        if count is None:
            (count,) = self._connection.execute(
                "SELECT count(*) FROM pages_fts WHERE pages_fts MATCH ?", [phrase]
            ).fetchone()
            if len(self._counts) >= CACHE_SIZE:
                self._counts.clear()
            self._counts[phrase] = count
        return count

    def _check_generation(self) -> None:
        (data_version,) = self._connection.execute("PRAGMA data_version").fetchone()
        generation = (int(data_version), self._connection.total_changes)
        if generation == self._generation:
            return
        self._counts.clear()
        # The rows of pages_fts: a page's docs row and its pages_fts row are written
        # and deleted in one transaction. (docs_by_page holds the pages only.)
        (self._pages,) = self._connection.execute(
            "SELECT count(*) FROM docs WHERE sha256 IS NOT NULL"
        ).fetchone()
        self._generation = generation
