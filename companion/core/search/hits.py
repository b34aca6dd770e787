"""The three searches behind `SearchIndex.search`: item rows, attachment pages, the member's notes.

Each is one SQL query over an FTS5 index (``items_fts`` or ``pages_fts`` in
search.db, or ``mine.notes_fts`` in memory), filtered by `SearchFilters`, ranked
by bm25, with a snippet cut from the stored text by the `Matcher`. Pages that bm25
would all score 0 (every phrase searched for on half the pages or more, see
`companion.core.search.common_phrases`) are ranked by date without it, in the
same order.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from companion.core.search.matching import Matcher
from companion.core.search.records import SCORE_BAND_DECIMALS, Hit, SearchFilters, parse_start

#: How much more a hit in the title weighs than one in the text (bm25 column weight).
TITLE_WEIGHT = 5.0


def filter_sql(filters: SearchFilters) -> tuple[str, list[Any]]:
    """The SQL conditions (on ``m``, the meetings table) and parameters for ``filters``."""
    sql, params = "", []
    if filters.body:
        sql += " AND m.body LIKE ? ESCAPE '\\'"
        escaped = filters.body.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    if filters.year is not None:
        sql += " AND substr(m.start, 1, 4) = ?"
        params.append(f"{filters.year:04d}")
    if filters.meeting_id is not None:
        sql += " AND m.meeting_id = ?"
        params.append(filters.meeting_id)
    return sql, params


def item_hits(
    connection: sqlite3.Connection,
    match: str,
    title_match: str,
    matcher: Matcher,
    filters: SearchFilters,
    limit: int,
) -> list[Hit]:
    where, params = filter_sql(filters)
    rows = connection.execute(
        "SELECT d.meeting_id, d.item_id, d.number, d.title, d.text, m.body, m.start, "
        f"bm25(items_fts, {TITLE_WEIGHT}, 1.0) AS score, "
        "d.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) AS title_hit "
        "FROM items_fts JOIN docs d ON d.id = items_fts.rowid "
        "JOIN meetings m ON m.meeting_id = d.meeting_id "
        f"WHERE items_fts MATCH ?{where} "
        f"ORDER BY title_hit DESC, round(score, {SCORE_BAND_DECIMALS}), m.start DESC LIMIT ?",
        [title_match, match, *params, limit],
    ).fetchall()
    hits = []
    for meeting_id, item_id, number, title, text, body, start, score, title_hit in rows:
        snippet = matcher.snippet(text)
        if not snippet.marks:  # the hit is in the title only
            snippet = matcher.snippet(title)
        hits.append(
            Hit(
                kind="item",
                meeting_id=meeting_id,
                meeting_body=body,
                meeting_start=parse_start(start),
                item_id=item_id,
                item_number=number,
                item_title=title,
                title=title,
                snippet=snippet,
                score=float(score),
                title_hit=bool(title_hit),
            )
        )
    return hits


def page_hits(
    connection: sqlite3.Connection,
    match: str,
    matcher: Matcher,
    filters: SearchFilters,
    limit: int,
    *,
    by_date: bool = False,
) -> list[Hit]:
    """The best ``limit`` attachment pages that match.

    ``by_date``: bm25 scores every matching page 0 at `SCORE_BAND_DECIMALS` (see
    `companion.core.search.common_phrases`), so the pages are ranked by their
    meeting's date alone, without computing bm25: the same order, at the cost of
    the first ``limit`` pages instead of every match. Their score is 0.
    """
    where, params = filter_sql(filters)
    if where:
        rows = page_rows(connection, match, where, params, limit, by_date=by_date)
    else:
        rows = best_page_rows(connection, match, limit, by_date=by_date)
    return [
        Hit(
            kind="attachment",
            meeting_id=meeting_id,
            meeting_body=body,
            meeting_start=parse_start(start),
            item_id=item_id,
            item_number=number,
            item_title=item_title,
            title=attachment_title,
            snippet=matcher.snippet(text),
            score=float(score),
            page=int(page),
            attachment_id=attachment_id,
            file_sha256=sha256,
        )
        for (
            sha256,
            page,
            text,
            meeting_id,
            item_id,
            attachment_id,
            attachment_title,
            number,
            item_title,
            body,
            start,
            score,
        ) in rows
    ]


_PAGE_COLUMNS = (
    "d.sha256, d.page, d.text, a.meeting_id, a.item_id, a.attachment_id, a.title, "
    "i.number, i.title, m.body, m.start"
)
_PAGE_JOINS = (
    "JOIN attachments a ON a.sha256 = d.sha256 "
    "JOIN meetings m ON m.meeting_id = a.meeting_id "
    "LEFT JOIN docs i ON i.kind = 'item' AND i.meeting_id = a.meeting_id "
    "AND i.item_id = a.item_id "
)


def page_rows(
    connection: sqlite3.Connection,
    match: str,
    where: str,
    params: list[Any],
    limit: int,
    *,
    by_date: bool = False,
) -> list[Any]:
    """The best ``limit`` matching pages of the meetings ``where`` keeps, every match joined.

    ``by_date``: every page is in the band of 0 (see `page_hits`): no bm25.
    """
    score = "0.0" if by_date else "bm25(pages_fts)"
    band = "" if by_date else f"round(score, {SCORE_BAND_DECIMALS}), "
    return connection.execute(
        f"SELECT {_PAGE_COLUMNS}, {score} AS score "
        f"FROM pages_fts JOIN docs d ON d.id = pages_fts.rowid {_PAGE_JOINS}"
        f"WHERE pages_fts MATCH ?{where} "
        f"ORDER BY {band}m.start DESC, d.page, d.id LIMIT ?",
        [match, *params, limit],
    ).fetchall()


#: The best pages by bm25: each matching page scored, with its file's newest meeting.
_RANKED_BY_BM25 = (
    "SELECT d.id, bm25(pages_fts) AS score FROM pages_fts "
    "JOIN docs d{indexed} ON d.id = pages_fts.rowid AND d.sha256 IS NOT NULL "
    "JOIN files f ON f.sha256 = d.sha256 "
    "WHERE pages_fts MATCH ? "
    f"ORDER BY round(score, {SCORE_BAND_DECIMALS}), f.newest DESC, d.page, d.id LIMIT ?"
)
#: The (sha256, page) of a page by its id without reading its docs row (about 40% of
#: the ranking's time for a word on 25,000-43,000 pages); SQLite's planner takes the
#: table itself unless told. An index made before it gets it when next opened.
_PAGE_KEY_INDEX = "docs_page_key"
#: The best pages when all score 0: the files newest first (files_by_newest), each file's
#: pages in page order (docs_by_page, named: with docs_page_key there SQLite builds an
#: automatic index instead), kept when they match; SQLite sorts the pages of the files of
#: one date and stops at the limit.
_RANKED_BY_DATE = (
    "SELECT d.id, 0.0 FROM files f CROSS JOIN docs d INDEXED BY docs_by_page "
    "ON d.sha256 = f.sha256 "
    "WHERE d.id IN (SELECT rowid FROM pages_fts WHERE pages_fts MATCH ?) "
    "ORDER BY f.newest DESC, d.page, d.id LIMIT ?"
)


def best_page_rows(
    connection: sqlite3.Connection, match: str, limit: int, *, by_date: bool = False
) -> list[Any]:
    """The best ``limit`` matching pages, in the order of `page_rows`, joining only those.

    A common word is on tens of thousands of pages, and joining every one to its
    attachments and meetings to rank them was what made a search slow (issue 13).
    Each file's newest meeting is kept in ``files.newest``, so the pages are ranked
    with one lookup each; only the best ``limit`` are joined. A page of a file two
    meetings carry gives a row for each: its best row is the newest meeting's, so
    the best ``limit`` rows are among the rows of the best ``limit`` pages.

    ``by_date``: every page is in the band of 0 (see `page_hits`): the pages are
    read in date order and only the first ``limit`` are looked at.
    """
    if by_date:
        sql = _RANKED_BY_DATE
    else:
        has_key = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [_PAGE_KEY_INDEX]
        ).fetchone()
        sql = _RANKED_BY_BM25.format(indexed=f" INDEXED BY {_PAGE_KEY_INDEX}" if has_key else "")
    ranked = connection.execute(sql, [match, limit]).fetchall()
    if not ranked:
        return []
    scores = dict(ranked)
    rows = connection.execute(
        f"SELECT d.id, {_PAGE_COLUMNS} FROM docs d {_PAGE_JOINS}"
        f"WHERE d.id IN ({', '.join('?' * len(scores))})",
        list(scores),
    ).fetchall()
    rows.sort(key=lambda row: row[0])  # id
    rows.sort(key=lambda row: row[2])  # page
    rows.sort(key=lambda row: row[11] or "", reverse=True)  # the newer meeting first
    rows.sort(key=lambda row: round(scores[row[0]], SCORE_BAND_DECIMALS))  # stable: bands first
    return [(*row[1:], scores[row[0]]) for row in rows[:limit]]


def note_hits(
    connection: sqlite3.Connection, match: str, matcher: Matcher, filters: SearchFilters, limit: int
) -> list[Hit]:
    where, params = filter_sql(filters)
    rows = connection.execute(
        "SELECT n.note_kind, n.meeting_id, n.item_id, n.sha256, n.page, n.text, "
        "m.body, m.start, m.name, i.number, i.title, bm25(notes_fts) AS score "
        "FROM notes_fts JOIN mine.notes n ON n.id = notes_fts.rowid "
        "LEFT JOIN meetings m ON m.meeting_id = n.meeting_id "
        "LEFT JOIN docs i ON i.kind = 'item' AND i.meeting_id = n.meeting_id "
        "AND i.item_id = n.item_id "
        f"WHERE notes_fts MATCH ?{where} "
        f"ORDER BY round(score, {SCORE_BAND_DECIMALS}), m.start DESC LIMIT ?",
        [match, *params, limit],
    ).fetchall()
    hits = []
    for (
        kind,
        meeting_id,
        item_id,
        sha256,
        page,
        text,
        body,
        start,
        name,
        number,
        item_title,
        score,
    ) in rows:
        hits.append(
            Hit(
                kind="note",
                meeting_id=meeting_id,
                meeting_body=body or "",
                meeting_start=parse_start(start),
                item_id=item_id,
                item_number=number,
                item_title=item_title,
                title=item_title or name or meeting_id,
                snippet=matcher.snippet(text),
                score=float(score),
                page=page,
                file_sha256=sha256,
                note_kind=kind,
            )
        )
    return hits
