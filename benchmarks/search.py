"""Benchmark: the search index over ten years of meetings, against SQLite and PyMuPDF alone.

The corpus is SYNTHETIC, built by program from real agenda text: the items of
the four real agendas in resources/agendas (the same meetings as the sample
packages, which carry no bilag files) are recombined into ten years of meetings
(items shuffled across meetings, dates spread over 2011-2020, case numbers
renumbered per meeting), and every item gets attachment PDFs written by PyMuPDF
from the real agendas' paragraphs in shuffled order, to ``--pages`` pages in all
(50,000 by default). Nothing in it is a real meeting; every sentence in it is
real agenda text. It is built once into ``--corpus`` (a library folder) and
reused by later runs with the same size.

Figures, each against a reference measured in the same run:

- indexing throughput (pages/s) of ``index_pending`` (one spawned extraction
  process at nice +10, as the window and the CLI run it), against PyMuPDF's
  bare ``get_text`` of the same files in one process. Goal: >= 0.8x.
- the longest stall of the GUI thread while those pages index: a
  QCoreApplication with a 5 ms QTimer records the gaps between its ticks while
  ``index_pending`` runs on a `TaskRunner` thread, as the window runs it.
  Goal: < 50 ms. (The throughput above is measured in this same run, with the
  event loop ticking.)
- query time to the first results (``SearchIndex.search``, limit 20), median
  and p95 over 200 queries of mixed kinds, ``--query-runs`` runs after a first
  pass (also printed: the first search of a phrase counts its pages, which the
  index keeps until it changes); reference:
  the same queries as plain FTS5 expressions (no stemming, no prefixes added)
  on a plain unicode61 FTS5 table of the same texts with bm25 and a snippet.
  Goal: median <= 20 ms, p95 <= 100 ms.
- index size on disk (search.db) against the UTF-8 size of the indexed text.

``--queries-only`` skips the indexing and the size (the throughput, stall and
size figures) and times the queries on the index and reference table the last
full run of the same size left: for comparing query code on one index.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/search.py [--pages N]
       [--corpus DIR] [--query-runs N] [--queries-only]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pymupdf  # noqa: E402

from companion.core.importers.agenda_text import import_agenda_file  # noqa: E402
from companion.core.library import Library  # noqa: E402
from companion.core.model import AgendaGroup, Attachment, Meeting, slugify  # noqa: E402
from companion.core.package import file_ref_for, write_package  # noqa: E402
from companion.core.resources import resources_dir  # noqa: E402
from companion.core.search.attachments import index_pending  # noqa: E402
from companion.core.search.index import SearchFilters, SearchIndex, search_db_path  # noqa: E402
from companion.core.search.query import parse_query  # noqa: E402

SEED = 20261122
YEARS = range(2011, 2021)
#: Meetings a year: KKR Midtjylland and the directors' network (KD-Net), as the real ones.
MEETINGS_A_YEAR = {"KKR Midtjylland": 7, "KD-Net Midtjylland": 6}
ITEMS_A_MEETING = (9, 15)
PAGE_LINES = 42
LINE_WIDTH = 92
QUERIES = 200
LIMIT = 20
THROUGHPUT_GOAL = 0.8
MEDIAN_GOAL_MS = 20.0
P95_GOAL_MS = 100.0
STALL_GOAL_MS = 50.0
TICK_MS = 5

# -- the corpus


def real_meetings() -> list[Meeting]:
    """The four real agendas, as the importer reads them."""
    paths = sorted((resources_dir() / "agendas").glob("*.txt"))
    return [import_agenda_file(path).meeting for path in paths]


def paragraphs_of(meetings: list[Meeting]) -> list[str]:
    """Every paragraph of the real items' text (titles and section text), longer than a line."""
    found = []
    for meeting in meetings:
        for item in meeting.items:
            for part in item.text.split("\n"):
                if len(part.strip()) > 40:
                    found.append(part.strip())
    return found


def page_texts(paragraphs: list[str], rng: random.Random, count: int) -> list[list[str]]:
    """``count`` pages of wrapped lines, real paragraphs in shuffled order."""
    pages = []
    for _ in range(count):
        lines: list[str] = []
        while len(lines) < PAGE_LINES:
            lines += textwrap.wrap(rng.choice(paragraphs), LINE_WIDTH) + [""]
        pages.append(lines[:PAGE_LINES])
    return pages


def write_pdf(path: Path, pages: list[list[str]]) -> None:
    """A SYNTHETIC attachment: the lines of each page written by PyMuPDF."""
    document = pymupdf.open()
    for lines in pages:
        page = document.new_page()
        page.insert_text((60, 60), lines, fontsize=10)
    document.save(path, garbage=1, deflate=True)
    document.close()


def synthetic_meetings(real: list[Meeting], rng: random.Random) -> list[Meeting]:
    """Ten years of meetings: the real items shuffled across meetings, dates and cases new."""
    pool = [item for meeting in real for item in meeting.items]
    meetings = []
    for year in YEARS:
        for body, count in MEETINGS_A_YEAR.items():
            for number in range(count):
                day = datetime(year, 1, 15, 10) + timedelta(days=number * 340 // count)
                day += timedelta(days=rng.randrange(0, 10))
                meeting_id = f"{slugify(body)}-{day:%Y-%m-%d}"
                case = f"SAG-{year}-{rng.randrange(1000, 99999):05d}"
                items = []
                chosen = rng.sample(pool, rng.randint(*ITEMS_A_MEETING))
                for position, original in enumerate(chosen, start=1):
                    item = copy.deepcopy(original)
                    item.id = f"{meeting_id}/item-{position}"
                    item.number = str(position)
                    item.case_number = case if rng.random() < 0.8 else f"SAG-{year}-{position:05d}"
                    item.attachments = []
                    items.append(item)
                group = AgendaGroup(f"{meeting_id}/group", "", "", items)
                meetings.append(
                    Meeting(meeting_id, body, f"Møde i {body} {day:%d-%m-%Y}", day, groups=[group])
                )
    return meetings


def attachment_titles(real: list[Meeting]) -> list[str]:
    return [a.title for m in real for item in m.items for a in item.attachments] or ["Bilag"]


def build_corpus(folder: Path, total_pages: int) -> dict[str, object]:
    """Build (or reuse) the synthetic library in ``folder``; return its description."""
    stamp = folder / "corpus.json"
    if stamp.exists():
        described: dict[str, object] = json.loads(stamp.read_text())
        if described.get("pages") == total_pages and described.get("seed") == SEED:
            return described
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    rng = random.Random(SEED)
    real = real_meetings()
    paragraphs = paragraphs_of(real)
    titles = attachment_titles(real)
    meetings = synthetic_meetings(real, rng)
    slots = [(meeting, item) for meeting in meetings for item in meeting.items]
    rng.shuffle(slots)
    files_dir = folder / "files"
    files_dir.mkdir(parents=True)
    files: dict[str, dict[str, Path]] = {meeting.id: {} for meeting in meetings}
    made, number = 0, 0
    while made < total_pages:
        meeting, item = slots[number % len(slots)]
        count = min(total_pages - made, rng.choice((2, 4, 8, 12, 20, 30, 45, 60, 90, 120)))
        path = files_dir / f"{number:05d}.pdf"
        write_pdf(path, page_texts(paragraphs, rng, count))
        attachment = Attachment(f"{item.id}/bilag-{len(item.attachments) + 1}", rng.choice(titles))
        attachment.file = file_ref_for(path, attachment.title)
        item.attachments.append(attachment)
        files[meeting.id][attachment.file.sha256] = path
        made += count
        number += 1
    data = folder / "data"
    with Library(data) as library:
        for meeting in meetings:
            package = write_package(meeting, files[meeting.id], folder / "package")
            library.import_path(package)
            shutil.rmtree(package)
    described = {
        "seed": SEED,
        "pages": total_pages,
        "files": number,
        "meetings": len(meetings),
        "items": len(slots),
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    stamp.write_text(json.dumps(described))
    return described


def corpus_files(folder: Path) -> list[Path]:
    return sorted((folder / "files").glob("*.pdf"))


# -- indexing


def bare_get_text(paths: list[Path]) -> tuple[float, int, int]:
    """The reference: PyMuPDF's get_text of every page in this process; (seconds, pages, bytes)."""
    started = time.perf_counter()
    pages = size = 0
    for path in paths:
        with pymupdf.open(path) as document:
            for page in document:
                size += len(page.get_text().encode())
                pages += 1
    return time.perf_counter() - started, pages, size


def index_with_event_loop(data: Path) -> tuple[float, int, list[float]]:
    """Index everything on a TaskRunner thread while a 5 ms timer ticks on the GUI thread.

    Returns (seconds, pages indexed, gaps between ticks in ms).
    """
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer

    from companion.ui.tasks import TaskRunner

    app = QCoreApplication.instance() or QCoreApplication([])
    gaps: list[float] = []
    clock = QElapsedTimer()
    last = [0]
    outcome: list[object] = []

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    def work() -> int:
        with Library(data) as library:
            return index_pending(library).pages_indexed

    def done(result: object) -> None:
        outcome.append(result)
        app.quit()

    def failed(error: Exception) -> None:
        outcome.append(error)
        app.quit()

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    runner = TaskRunner(max_workers=1)
    clock.start()
    timer.start()
    started = time.perf_counter()
    runner.run(work, done, failed)
    app.exec()
    seconds = time.perf_counter() - started
    timer.stop()
    runner.wait()
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return seconds, int(outcome[0]), gaps[1:]  # type: ignore[call-overload]


# -- queries


def vocabulary(paragraphs: list[str]) -> list[str]:
    return sorted({w for p in paragraphs for w in re.findall(r"[a-zæøå]{6,}", p.lower())})


def make_queries(real: list[Meeting], data: Path, rng: random.Random) -> list[str]:
    """200 queries of mixed kinds, words taken from the real text and the corpus's cases."""
    paragraphs = paragraphs_of(real)
    words = vocabulary(paragraphs)
    with Library(data) as library:
        cases = sorted(
            {
                item.case_number
                for summary in library.meetings()
                for item in library.meeting(summary.id).items
                if item.case_number
            }
        )
    inflected = [w for w in words if w.endswith(("erne", "ernes", "ene", "en", "et", "ens"))]

    def phrase() -> str:
        tokens = re.findall(r"[A-Za-zÆØÅæøå]+", rng.choice(paragraphs))
        start = rng.randrange(max(1, len(tokens) - 2))
        return '"' + " ".join(tokens[start : start + rng.choice((2, 3))]) + '"'

    kinds: list[Callable[[], str]] = [
        lambda: rng.choice(words),
        lambda: rng.choice(inflected),
        phrase,
        lambda: f"{rng.choice(words)} OR {rng.choice(words)}",
        lambda: f"{rng.choice(words)} -{rng.choice(words)}",
        lambda: rng.choice(cases),
        lambda: rng.choice(words)[: rng.randint(4, 6)] + "*",
        lambda: f"{rng.choice(words)} {rng.choice(words)}",
    ]
    return [kinds[number % len(kinds)]() for number in range(QUERIES)]


def plain_expression(text: str) -> str:
    """The query as plain FTS5: words quoted as typed, no stems, no prefixes added."""
    out: list[str] = []
    for token in re.findall(r'-?"[^"]*"|\S+', text):
        if token in ("OR", "AND"):
            out.append(token)
            continue
        negate = token.startswith("-")
        token = token.lstrip("-")
        prefix = token.endswith("*")
        words = re.findall(r"\w+", token.lower())
        if not words:
            continue
        term = '"' + " ".join(words) + '"' + ("*" if prefix else "")
        out.append(("NOT " if negate else "") + term)
    return " ".join(out)


def build_plain(data: Path, path: Path) -> None:
    """The reference table: the same item texts and page texts in a plain unicode61 FTS5 table."""
    path.unlink(missing_ok=True)
    source = sqlite3.connect(search_db_path(data))
    target = sqlite3.connect(path)
    target.execute("CREATE VIRTUAL TABLE plain USING fts5(title, body, tokenize='unicode61')")
    with target:
        target.executemany(
            "INSERT INTO plain (rowid, title, body) VALUES (?, ?, ?)",
            source.execute("SELECT id, title, text FROM docs"),
        )
    source.close()
    target.close()


def time_queries(run: Callable[[str], object], queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def verdict(met: bool) -> str:
    return "yes" if met else "NO"


def spread(rows: list[tuple[float, ...]], column: int) -> str:
    values = [row[column] for row in rows]
    return f"{min(values):.1f}-{max(values):.1f}"


def measure_indexing(folder: Path, data: Path, plain_path: Path) -> None:
    """Index the corpus from scratch (throughput, GUI stalls), build the reference, print sizes."""
    files = corpus_files(folder)

    reference_seconds, reference_pages, text_bytes = bare_get_text(files)
    search_db_path(data).unlink(missing_ok=True)
    seconds, indexed, gaps = index_with_event_loop(data)
    reference_rate = reference_pages / reference_seconds
    rate = indexed / seconds
    longest = max(gaps)
    print(
        f"PyMuPDF get_text alone (reference)   {reference_rate:8.0f} pages/s"
        f"  ({reference_seconds:.1f} s)"
    )
    print(
        f"index_pending                        {rate:8.0f} pages/s"
        f"  ({seconds:.1f} s, {indexed:,} pages)"
    )
    ratio = rate / reference_rate
    print(
        f"  ratio {ratio:.2f}x   goal >= {THROUGHPUT_GOAL}x   {verdict(ratio >= THROUGHPUT_GOAL)}"
    )
    print(
        f"GUI thread: {len(gaps):,} ticks of {TICK_MS} ms, longest gap {longest:.1f} ms, "
        f"p99 {statistics.quantiles(gaps, n=100)[-1]:.1f} ms   goal < {STALL_GOAL_MS:.0f} ms   "
        f"{verdict(longest < STALL_GOAL_MS)}"
    )

    db_size = search_db_path(data).stat().st_size
    build_plain(data, plain_path)
    plain_size = plain_path.stat().st_size
    with sqlite3.connect(search_db_path(data)) as connection:
        (doc_bytes,) = connection.execute(
            "SELECT SUM(LENGTH(CAST(text AS BLOB)) + LENGTH(CAST(title AS BLOB))) FROM docs"
        ).fetchone()
    print(
        f"index size: search.db {db_size / 1e6:.1f} MB for {doc_bytes / 1e6:.1f} MB of text "
        f"({db_size / doc_bytes:.2f}x); plain FTS5 table with its text {plain_size / 1e6:.1f} MB "
        f"({plain_size / doc_bytes:.2f}x); of which the attachment pages {text_bytes / 1e6:.1f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50_000)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/companion-search-bench"))
    parser.add_argument("--query-runs", type=int, default=3)
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="time the queries on the index the last full run left (no indexing, no sizes)",
    )
    args = parser.parse_args(argv)
    folder = args.corpus / str(args.pages)
    described = build_corpus(folder, args.pages)
    print(
        f"corpus (synthetic, from real agenda text): {described['meetings']} meetings, "
        f"{described['items']} items, {described['files']} attachment PDFs, "
        f"{described['pages']:,} pages; built once in {described['build_seconds']} s, "
        f"cached in {folder}"
    )
    data = folder / "data"
    plain_path = folder / "plain.db"
    if args.queries_only:
        if not (search_db_path(data).exists() and plain_path.exists()):
            print(f"--queries-only: no index in {folder} yet; run once without it")
            return 1
    else:
        measure_indexing(folder, data, plain_path)
    queries = make_queries(real_meetings(), data, random.Random(SEED))
    index = SearchIndex(data, folder / "personal.db")
    plain = sqlite3.connect(plain_path)

    def ours(text: str) -> object:
        return index.search(parse_query(text), SearchFilters(), LIMIT)

    def reference(text: str) -> object:
        return plain.execute(
            "SELECT rowid, snippet(plain, 1, '[', ']', '…', 12) FROM plain WHERE plain MATCH ?"
            " ORDER BY bm25(plain, 5.0, 1.0) LIMIT ?",
            (plain_expression(text), LIMIT),
        ).fetchall()

    # The first pass: a warm-up, a check the queries find, and their cost when nothing of
    # them is cached yet (SearchIndex keeps how many pages each phrase is on).
    first_times = time_queries(ours, queries)
    hits = sum(1 for query in queries if ours(query))
    print(f"queries: {QUERIES} of 8 kinds, {hits} with hits; limit {LIMIT}")
    print(
        f"  first pass (phrase counts not cached): search median "
        f"{statistics.median(first_times):6.1f} ms p95 {p95(first_times):6.1f} ms"
    )
    rows = []
    for run in range(args.query_runs):
        mine = time_queries(ours, queries)
        plain_times = time_queries(reference, queries)
        rows.append(
            (statistics.median(mine), p95(mine), statistics.median(plain_times), p95(plain_times))
        )
        print(
            f"  run {run + 1}: search median {rows[-1][0]:6.1f} ms p95 {rows[-1][1]:6.1f} ms | "
            f"plain FTS5 median {rows[-1][2]:6.1f} ms p95 {rows[-1][3]:6.1f} ms"
        )
    median_ms = statistics.median(row[0] for row in rows)
    p95_ms = statistics.median(row[1] for row in rows)
    print(
        f"search: median {median_ms:.1f} ms (runs {spread(rows, 0)}), "
        f"p95 {p95_ms:.1f} ms (runs {spread(rows, 1)}); "
        f"plain FTS5 median {statistics.median(r[2] for r in rows):.1f} ms, "
        f"p95 {statistics.median(r[3] for r in rows):.1f} ms"
    )
    print(
        f"  goal median <= {MEDIAN_GOAL_MS:.0f} ms {verdict(median_ms <= MEDIAN_GOAL_MS)}, "
        f"p95 <= {P95_GOAL_MS:.0f} ms {verdict(p95_ms <= P95_GOAL_MS)}"
    )
    slowest = sorted(zip(time_queries(ours, queries), queries, strict=True), reverse=True)[:5]
    print("  slowest: " + "; ".join(f"{q} {ms:.0f} ms" for ms, q in slowest))
    index.close()
    plain.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
