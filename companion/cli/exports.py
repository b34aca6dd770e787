"""Exports: the member's notes and the chair's draft minutes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion.cli.common import EXIT_MEETING_FAILED, EXIT_OK, CliError, open_library, personal_path


def _cmd_minutes(args: argparse.Namespace) -> int:
    from companion.core.export.minutes import export_minutes
    from companion.core.export.output import ExportError
    from companion.core.library import LibraryError
    from companion.core.personal import PersonalStore, PersonalStoreError

    try:
        with open_library(args) as library, PersonalStore(personal_path(args)) as store:
            fmt = args.format or ("pdf" if args.output.suffix.lower() == ".pdf" else "docx")
            written = export_minutes(library, store, args.meeting, fmt, args.output)
    except (LibraryError, PersonalStoreError, ExportError) as error:
        raise CliError(f"no minutes were written: {error}") from error
    print(f"draft minutes of {args.meeting} written to {written}")
    return EXIT_OK


def _add_minutes_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    minutes = commands.add_parser(
        "minutes", help="write the draft minutes (decisions) of a meeting as DOCX or PDF"
    )
    minutes.add_argument("meeting", metavar="MEETING", help="the meeting id (see `meetings`)")
    minutes.add_argument(
        "--format", choices=("docx", "pdf"), help="file format (default: from the suffix, or docx)"
    )
    minutes.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    minutes.set_defaults(func=_cmd_minutes)


def _cmd_export(args: argparse.Namespace) -> int:
    from companion.core.export.notes import NotesOptions, export_bundle, export_notes
    from companion.core.export.output import ExportError
    from companion.core.library import LibraryError
    from companion.core.personal import PersonalStore, PersonalStoreError

    options = NotesOptions(
        only_items_with_my_work=not args.all_items,
        include_indstilling=not args.no_indstilling,
        include_closed=args.include_closed,
    )
    if args.include_closed:
        print(
            "warning: closed (confidential) items are included; do not share this export",
            file=sys.stderr,
        )
    try:
        with open_library(args) as library, PersonalStore(personal_path(args)) as store:
            if not args.with_attachments:
                written = export_notes(
                    library, store, args.meeting, args.format, args.output, options
                )
                print(written)
                return EXIT_OK
            bundle = export_bundle(library, store, args.meeting, args.format, args.output, options)
    except (LibraryError, PersonalStoreError, ExportError) as error:
        print(f"companion: nothing was exported: {error}", file=sys.stderr)
        return EXIT_MEETING_FAILED
    for problem in bundle.problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(bundle.path)
    return EXIT_OK


def _add_export_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = commands.add_parser(
        "export", help="export your notes, positions and highlights on a meeting"
    )
    export.add_argument("meeting", metavar="MEETING", help="the meeting id (see `meetings`)")
    export.add_argument(
        "--format", choices=("pdf", "docx", "md"), help="default: from the suffix of OUTPUT"
    )
    export.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    export.add_argument(
        "--all-items", action="store_true", help="include items you wrote nothing on"
    )
    export.add_argument(
        "--no-indstilling", action="store_true", help="leave out the quoted Indstilling"
    )
    export.add_argument(
        "--include-closed", action="store_true", help="include closed (confidential) items"
    )
    export.add_argument(
        "--with-attachments",
        action="store_true",
        help="also write the annotated PDFs: OUTPUT is then a folder, or a .zip",
    )
    export.set_defaults(func=_cmd_export)


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add minutes and export to ``commands``."""
    _add_minutes_parser(commands)
    _add_export_parser(commands)
