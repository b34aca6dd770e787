"""The library's commands: inspect, pack, import, meetings, search, index and trail."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli.common import (
    EXIT_FAILED,
    CliError,
    error_sentence,
    is_expected_error,
    open_library,
    print_error,
    reanchor_updated,
)

if TYPE_CHECKING:
    from companion.core.library import MeetingSummary
    from companion.core.search.index import Hit


def _cmd_inspect(args: argparse.Namespace) -> int:
    from companion.core.importers.agenda_text import import_agenda_file
    from companion.core.package import read_package

    path: Path = args.file
    if not path.exists():
        raise CliError(f"{path}: no such file or folder", exit_code=EXIT_FAILED)
    if path.is_dir() or path.suffix.lower() == ".zip":
        with read_package(path) as package:
            meeting, warnings = package.meeting, []
    else:
        result = import_agenda_file(path)
        meeting, warnings = result.meeting, [str(w) for w in result.warnings]
    for warning in warnings:
        print(f"warning: {path}: {warning}", file=sys.stderr)
    if args.json:
        json.dump(meeting.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    when = meeting.start.strftime("%d-%m-%Y %H:%M") if meeting.start else "?"
    print(f"{meeting.body} - {when} - {meeting.location or ''}")
    for group in meeting.groups:
        if group.number or group.title:
            print(f"{group.number}. {group.title}")
        for item in group.items:
            bilag = f"  [{len(item.attachments)} bilag]" if item.attachments else ""
            print(f"   {item.number}. {item.title}{bilag}")
    return 0


def _cmd_pack(args: argparse.Namespace) -> int:
    from companion.core.packing import pack_agenda

    result = pack_agenda(args.agenda, args.attachments, args.output)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    meeting = result.meeting
    provided = sum(1 for item in meeting.items for a in item.attachments if a.file)
    named = sum(len(item.attachments) for item in meeting.items)
    print(
        f"{result.path}: {meeting.body}, {len(meeting.items)} items, "
        f"{provided} of {named} attachments provided"
    )
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    failures = 0
    outcomes = []
    with open_library(args) as library:
        for path in args.packages:
            try:
                outcome = library.import_path(path)
            except Exception as error:  # one bad package must not stop the others
                if not is_expected_error(error):
                    raise
                failures += 1
                print_error(error_sentence(error))  # names the package: its errors say which
                continue
            outcomes.append(outcome)
            print(f"{path}: {outcome.meeting_id} version {outcome.version}: {outcome.status}")
    reanchor_updated(args, outcomes)
    return 1 if failures else 0


SEARCH_SYNTAX = """what to type:
  sundhed psykiatri       items with every word (in any order)
  "nære psykiatri"        a phrase: the words next to each other (quote it for the shell:
                          companion search '"nære psykiatri"')
  sundhed OR psykiatri    either word (OR joins its two neighbours)
  sundhed -psykiatri      leave out items with the word (also: NOT psykiatri)
  sundheds*               words that start with "sundheds"
The last word also finds longer words it starts (psyk: psykiatri), from 3 letters on.
Case does not matter; AND, OR and NOT are operators only in capitals.
Exit code 1 when nothing matches, 2 when the search cannot be read."""

EMPTY_LIBRARY = "No meetings in the library yet: import a package with `companion import FILE`."


def _cmd_meetings(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        summaries = library.meetings()
    if args.json:
        _print_json([_summary_dict(summary) for summary in summaries])
    else:
        for summary in summaries:
            when = summary.start.strftime("%Y-%m-%d %H:%M") if summary.start else "?"
            print(
                f"{summary.id}\t{when}\t{summary.body}\t{summary.item_count} items"
                f"\tversion {summary.version}"
            )
    if not summaries:
        # On stderr: stdout holds only data, so `| wc -l` counts 0 and --json stays JSON.
        print(EMPTY_LIBRARY, file=sys.stderr)
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from companion.core.search.attachments import index_pending
    from companion.core.search.index import SearchFilters, SearchIndex
    from companion.core.search.query import QueryError, parse_query

    text = " ".join(args.query)
    try:
        query = parse_query(text)
    except QueryError as error:
        raise CliError(str(error)) from error  # the command line is what is wrong: exit 2
    filters = SearchFilters(
        body=args.body, year=args.year, kinds=frozenset([args.kind] if args.kind else [])
    )
    with open_library(args) as library, SearchIndex(library.data_dir) as index:
        # The items first (cheap), then any attachment page not yet indexed: a search
        # on the command line answers from everything the library holds.
        index_pending(library, index=index)
        hits = index.search(query, filters, limit=args.limit)
        empty = not hits and library.is_empty()
    if args.json:
        _print_json([hit.to_json() for hit in hits])
    else:
        for hit in hits:
            print(f"{hit.meeting_id}\t{_hit_heading(hit)}\n    {hit.snippet.marked()}")
    if not hits:
        print(EMPTY_LIBRARY if empty else f"No items match {text!r}.", file=sys.stderr)
    return 0 if hits else 1


#: How a hit of the member's own text says what it is.
_NOTE_KINDS = {
    "note": "your note",
    "question": "your question",
    "remark": "your remark",
    "highlight": "your highlight's note",
}


def _hit_heading(hit: Hit) -> str:
    """``3.2. Title``, with the attachment and page or the kind of note it is in."""
    heading = (
        f"{hit.item_number}. {hit.item_title}" if hit.item_number else f"(meeting) {hit.title}"
    )
    if hit.kind == "attachment":
        heading += f"  [bilag: {hit.title}, page {hit.page}]"
    elif hit.kind == "note":
        where = f", page {hit.page}" if hit.page else ""
        heading += f"  [{_NOTE_KINDS.get(hit.note_kind or '', 'your note')}{where}]"
    return heading


def _cmd_index(args: argparse.Namespace) -> int:
    from companion.core.search.attachments import IndexProgress, index_pending

    def show(progress: IndexProgress) -> None:
        print(
            f"\r{progress.files_done}/{progress.files_total} attachments, "
            f"{progress.pages_done}/{progress.page_count} pages of {progress.title[:40]}",
            end="",
            file=sys.stderr,
            flush=True,
        )

    with open_library(args) as library:
        outcome = index_pending(library, progress=show if sys.stderr.isatty() else None)
    if sys.stderr.isatty() and outcome.files_indexed:
        print(file=sys.stderr)
    print(
        f"{outcome.files_indexed} attachments indexed ({outcome.pages_indexed} pages)"
        + (f", {len(outcome.failed)} could not be read" if outcome.failed else "")
        + (f", {len(outcome.missing)} not downloaded" if outcome.missing else "")
    )
    return 1 if outcome.failed else 0


def _cmd_trail(args: argparse.Namespace) -> int:
    from companion.core.search.index import SearchIndex
    from companion.core.search.trail import case_trail

    with open_library(args) as library, SearchIndex(library.data_dir) as index:
        index.refresh_items(library)
        links = case_trail(index, args.meeting, args.item)
    if args.json:
        _print_json([link.to_json() for link in links])
    else:
        for link in links:
            where = (
                f"{link.item_number}. {link.title}"
                if link.item_number
                else f"(meeting) {link.title}"
            )
            print(
                f"{link.direction}\t{link.meeting_id}\t{where}\t({link.reason}, {link.score:.0f})"
            )
    if not links:
        print(
            f"No other meeting has the case of item {args.item} of {args.meeting}.", file=sys.stderr
        )
    return 0


def _summary_dict(summary: MeetingSummary) -> dict[str, object]:
    fields = dataclasses.asdict(summary)
    fields["start"] = summary.start.isoformat() if summary.start else None
    fields["imported_at"] = summary.imported_at.isoformat()
    return fields


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    print()


#: The search's own options; every other word after `search` belongs to the query.
_SEARCH_OPTIONS = ("--json", "-h", "--help")
#: The search's options that take a value (the next word, or after a "=").
_SEARCH_OPTIONS_WITH_VALUE = ("--body", "--year", "--kind", "--limit")
#: The global options that take a value (see `companion.cli.build_parser`).
_GLOBAL_OPTIONS_WITH_VALUE = ("--data-dir", "--config-dir")


def protect_search_words(argv: Sequence[str]) -> list[str]:
    """``search sundhed -psykiatri``: keep a word with a minus a word, not an option.

    argparse would read ``-psykiatri`` as an unknown option (and ``-hjemløse`` as
    ``-h``), so the search's own options are moved before a ``--`` and every other
    word after ``search`` follows it, in the order typed. Other commands, and a
    search that already has its ``--``, are left as they are.
    """
    position = 0
    while position < len(argv):
        word = argv[position]
        if word in _GLOBAL_OPTIONS_WITH_VALUE:
            position += 2
        elif word.startswith("-") and word != "--":
            position += 1
        else:
            break
    if position >= len(argv) or argv[position] != "search" or "--" in argv[position:]:
        return list(argv)
    rest = argv[position + 1 :]
    options: list[str] = []
    words: list[str] = []
    index = 0
    while index < len(rest):
        word = rest[index]
        if word in _SEARCH_OPTIONS or (
            "=" in word and word.split("=", 1)[0] in _SEARCH_OPTIONS_WITH_VALUE
        ):
            options.append(word)
        elif word in _SEARCH_OPTIONS_WITH_VALUE:
            options += rest[index : index + 2]
            index += 1
        else:
            words.append(word)
        index += 1
    return [*argv[: position + 1], *options, "--", *words]


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add inspect, pack, import, meetings and search to ``commands``."""
    inspect = commands.add_parser("inspect", help="show what an agenda text or package holds")
    inspect.add_argument("file", type=Path, help="agenda text (.txt), package folder or .zip")
    inspect.add_argument("--json", action="store_true", help="print the meeting in package format")
    inspect.set_defaults(func=_cmd_inspect)

    pack = commands.add_parser("pack", help="build a meeting package from an agenda text")
    pack.add_argument("agenda", type=Path, help="the agenda text")
    pack.add_argument("attachments", type=Path, nargs="*", help="attachment files (bilag)")
    pack.add_argument("-o", "--output", type=Path, required=True, help="package .zip or folder")
    pack.set_defaults(func=_cmd_pack)

    importer = commands.add_parser("import", help="import meeting packages into the library")
    importer.add_argument("packages", type=Path, nargs="+", help="package .zip files or folders")
    importer.set_defaults(func=_cmd_import)

    meetings = commands.add_parser("meetings", help="list the meetings in the library")
    meetings.add_argument("--json", action="store_true", help="print them as a JSON list")
    meetings.set_defaults(func=_cmd_meetings)

    search = commands.add_parser(
        "search",
        help="search the items, the attachments and your own notes",
        description=(
            "Find the items, attachment pages and your own notes, questions, remarks and "
            "highlight notes that match WORDS. Inflected forms match (Danish stemming: "
            "lærepladser finds læreplads); a case number matches as typed."
        ),
        epilog=SEARCH_SYNTAX,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", nargs="+", metavar="WORDS", help="what to find (see below)")
    search.add_argument("--json", action="store_true", help="print the hits as a JSON list")
    search.add_argument("--body", metavar="B", help="only meetings of this body (part of its name)")
    search.add_argument("--year", metavar="Y", type=int, help="only meetings of this year")
    search.add_argument(
        "--kind", choices=("item", "attachment", "note"), help="only this kind of hit"
    )
    search.add_argument(
        "--limit", metavar="N", type=int, default=100, help="at most N hits (default 100)"
    )
    search.set_defaults(func=_cmd_search)

    index = commands.add_parser(
        "index", help="index the attachments not yet searchable (search does it too)"
    )
    index.set_defaults(func=_cmd_index)

    trail = commands.add_parser(
        "trail",
        help="the other meetings where an item's case appears",
        description=(
            "List the items of other meetings that are the same case as ITEM of MEETING "
            "(earlier and later), and the meeting an item announcing a meeting names."
        ),
    )
    trail.add_argument("meeting", metavar="MEETING", help="the meeting id (`companion meetings`)")
    trail.add_argument("item", metavar="ITEM", help='the item number as printed, like "3.2"')
    trail.add_argument("--json", action="store_true", help="print the links as a JSON list")
    trail.set_defaults(func=_cmd_trail)
