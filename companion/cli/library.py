"""The library's commands: inspect, pack, import, show, meetings, search, index and trail."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.cli.common import (
    EXIT_FAILED,
    CliError,
    open_library,
    print_error,
    reanchor_updated,
)

if TYPE_CHECKING:
    from companion.core.library import MeetingSummary
    from companion.core.model import FileRef, Meeting
    from companion.core.search.index import Hit


def _cmd_inspect(args: argparse.Namespace) -> int:
    from companion.core.sources.files import InputKind, input_kind, read_meeting

    path: Path = args.file
    if not path.exists():
        raise CliError(f"{path}: no such file or folder", exit_code=EXIT_FAILED)
    meeting, warnings = read_meeting(path)
    for warning in warnings:
        print(f"warning: {path}: {warning}", file=sys.stderr)
    # A package is read only when every file it names is in it; a text or PDF has none.
    in_package = input_kind(path) is InputKind.PACKAGE
    _print_meeting(meeting, lambda _ref: in_package, as_json=args.json)
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        meeting = library.meeting(args.meeting, args.version)
        present = {ref.sha256: library.has_blob(ref.sha256) for ref in meeting.files()}
    _print_meeting(meeting, lambda ref: present[ref.sha256], as_json=args.json)
    return 0


def meeting_document(meeting: Meeting, present: Callable[[FileRef], bool]) -> dict[str, Any]:
    """The meeting in package format, each file marked ``"present"`` (`inspect`, `show`).

    An attachment's ``present`` is whether its file is at hand (false when the
    agenda names a bilag that was not provided); the agenda PDF's is inside it.
    """
    document = meeting.to_dict()
    if meeting.agenda_pdf is not None:
        document["agendaPdf"]["present"] = present(meeting.agenda_pdf)
    for group, group_document in zip(meeting.groups, document["groups"], strict=True):
        for item, item_document in zip(group.items, group_document["agendaItem"], strict=True):
            for attachment, entry in zip(
                item.attachments, item_document["auxiliaryFile"], strict=True
            ):
                entry["present"] = attachment.file is not None and present(attachment.file)
    return document


def _print_meeting(meeting: Meeting, present: Callable[[FileRef], bool], *, as_json: bool) -> None:
    """A meeting as `inspect` and `show` print it: JSON, or its outline."""
    if as_json:
        _print_json(meeting_document(meeting, present))
        return
    start = meeting.local_start  # in the member's time zone
    when = start.strftime("%d-%m-%Y %H:%M") if start else "?"
    version = f" - version {meeting.version}" if meeting.version > 1 else ""
    print(f"{meeting.body} - {when} - {meeting.location or ''}{version}")
    for group in meeting.groups:
        if group.number or group.title:
            print(f"{group.number}. {group.title}")
        for item in group.items:
            marks = [item.case_number or "", "" if item.public else "closed"]
            if item.attachments:
                missing = sum(1 for a in item.attachments if not (a.file and present(a.file)))
                absent = f", {missing} not at hand" if missing else ""
                marks.append(f"{len(item.attachments)} bilag{absent}")
            shown = "  [" + "; ".join(m for m in marks if m) + "]" if any(marks) else ""
            print(f"   {item.number}. {item.title}{shown}")


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
    from companion.core.sources.files import import_files

    with open_library(args) as library:
        summary = import_files(library, args.paths)
    for result in summary.results:
        if result.error is not None:
            print_error(str(result.error))  # the sentence names the file
            continue
        outcome = result.outcome
        assert outcome is not None
        bilag = f" (with {len(result.bilag)} bilag given)" if result.bilag else ""
        print(
            f"{result.path}: {outcome.meeting_id} version {outcome.version}: "
            f"{outcome.status}{bilag}"
        )
        for note in result.notes:
            print(f"warning: {note}", file=sys.stderr)
    reanchor_updated(args, summary.outcomes)
    return 1 if summary.with_status("failed") else 0


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
            if link.decision:
                print(f"\tdecided: {link.decision}")
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
    """Add inspect, pack, import, show, meetings and search to ``commands``."""
    inspect = commands.add_parser(
        "inspect", help="show what an agenda text or PDF, or a package holds"
    )
    inspect.add_argument("file", type=Path, help="agenda text or PDF, package folder or .zip")
    inspect.add_argument("--json", action="store_true", help="print the meeting in package format")
    inspect.set_defaults(func=_cmd_inspect)

    pack = commands.add_parser("pack", help="build a meeting package from an agenda text")
    pack.add_argument("agenda", type=Path, help="the agenda text")
    pack.add_argument("attachments", type=Path, nargs="*", help="attachment files (bilag)")
    pack.add_argument("-o", "--output", type=Path, required=True, help="package .zip or folder")
    pack.set_defaults(func=_cmd_pack)

    importer = commands.add_parser(
        "import",
        help="import packages, agenda texts and agenda PDFs (with their bilag) into the library",
        description=(
            "Import each PATH: a meeting package (.zip or folder), an agenda text, or an "
            "agenda PDF. PDFs and a bilag folder given with an agenda are its bilag."
        ),
    )
    importer.add_argument(
        "paths", type=Path, nargs="+", metavar="PATH", help="package, agenda text or PDF, bilag"
    )
    importer.set_defaults(func=_cmd_import)

    show = commands.add_parser(
        "show", help="show a meeting of the library as `inspect` shows a file"
    )
    show.add_argument("meeting", help="the meeting's id (see `companion meetings`)")
    show.add_argument("--version", type=int, help="a stored version (default: the current one)")
    show.add_argument(
        "--json", action="store_true", help="print it in package format, files marked present"
    )
    show.set_defaults(func=_cmd_show)

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
