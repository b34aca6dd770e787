"""``companion check [--repair]``: verify the library and the personal store."""

from __future__ import annotations

import argparse

from companion.cli.common import EXIT_FAILED, EXIT_OK

CHECK_HELP = """Verify the data folder: SQLite's integrity check of the library
(content.db) and of your personal store (personal.db), every library file
against its sha256, files no meeting uses, old versions' files no annotation
needs any more, and leftovers of cut-short imports, syncs and backups
(.incoming-*, .durable-*, *.partial files, downloads/*.part). With --repair,
damaged library files are removed (the next sync or import fetches them again)
and unused files, old versions' unneeded files and leftovers are deleted; a
database is never repaired (a damaged personal.db: restore a backup with
`companion restore`). Run it while no sync is running: it deletes downloads/.
The window does the same housekeeping at each start, except downloads/.
Exit 0 when nothing is wrong (files the next sync fetches do not count), 1 when
problems remain."""


def _cmd_check(args: argparse.Namespace) -> int:
    from companion.core.check import check_data
    from companion.core.paths import data_dir

    folder = data_dir(args.data_dir)
    report = check_data(folder, repair=args.repair)
    for finding in report.findings:
        mark = "fixed" if finding.repaired else ("note" if not finding.is_problem else "found")
        print(f"{mark}: {finding}")
    left = report.problems_left
    fixed = sum(1 for finding in report.findings if finding.repaired)
    print(
        f"checked {report.blobs_checked} library files in {folder}: "
        f"{len(left)} problem(s) left, {fixed} fixed"
    )
    if left and not args.repair:
        print("run `companion check --repair` to remove damaged, unused and leftover files")
    return EXIT_FAILED if left else EXIT_OK


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add check to ``commands``."""
    check = commands.add_parser(
        "check",
        help="verify the library and your personal store; --repair fixes what it can",
        description=CHECK_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "--repair", action="store_true", help="remove damaged, unused and leftover files"
    )
    check.set_defaults(func=_cmd_check)
