"""The member's own work: backup and restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from companion.cli.common import EXIT_FAILED, EXIT_OK, CliError, personal_path

BACKUP_HELP = """Write your annotations, positions, questions, notes and read marks as ONE
file: a consistent SQLite copy of personal.db, safe to take while the window is
open. FILE is the file to write (never overwritten), or a folder to write
kkr-companion-backup-YYYY-MM-DD.db in. Move it to the new computer and run
`companion restore FILE` there."""

RESTORE_HELP = """Replace your personal store (personal.db) with a file written by
`companion backup`. Close the companion window first. The file is checked first
(a sound SQLite file, a companion personal store, not from a newer version); then
the current personal.db is copied to backups/before-restore-*.db in the data folder,
and only then replaced, in one step. A wrong file changes nothing."""


def _cmd_backup(args: argparse.Namespace) -> int:
    from companion.core.personal import write_backup_file

    written = write_backup_file(personal_path(args), args.file)
    print(f"your work is saved in {written}")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from companion.core.personal import PersonalStoreError, restore_backup_file

    path = personal_path(args)
    try:
        saved = restore_backup_file(path, args.file)
    except PersonalStoreError as error:
        raise CliError(f"nothing was restored: {error}", exit_code=EXIT_FAILED) from error
    if saved is not None:
        print(f"your previous work was kept in {saved}")
    print(f"restored {args.file} to {path}")
    return EXIT_OK


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add backup and restore to ``commands``."""
    backup = commands.add_parser(
        "backup",
        help="save your annotations, positions and notes as one file",
        description=BACKUP_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    backup.add_argument("file", type=Path, metavar="FILE", help="file to write, or a folder")
    backup.set_defaults(func=_cmd_backup)

    restore = commands.add_parser(
        "restore",
        help="replace your annotations, positions and notes with a backup file",
        description=RESTORE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a file from companion backup")
    restore.set_defaults(func=_cmd_restore)
