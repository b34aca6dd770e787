"""What the command groups share: the error to report, exit codes, the stores to open."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from companion.core.library import ImportOutcome


class CliError(Exception):
    """A problem to report to the user as one clear sentence (exit code 2)."""


EXIT_OK = 0
EXIT_MEETING_FAILED = 1
EXIT_USAGE = 2
EXIT_AUTHENTICATION = 3
EXIT_UNREACHABLE = 4
EXIT_CANCELLED = 130


def open_library(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from companion.core.library import Library
    from companion.core.paths import data_dir

    return Library(data_dir(args.data_dir))


def personal_path(args: argparse.Namespace) -> Path:
    from companion.core.paths import data_dir
    from companion.core.personal import personal_db_path

    return personal_db_path(data_dir(args.data_dir))


def reanchor_updated(args: argparse.Namespace, outcomes: Sequence[ImportOutcome]) -> None:
    """Re-anchor the member's notes on each updated meeting; say what could not be placed."""
    updated = [outcome for outcome in outcomes if outcome.status == "updated"]
    if not updated:
        return
    from companion.core.library import LibraryError
    from companion.core.personal import PersonalStore, PersonalStoreError
    from companion.core.reanchor_store import reanchor_imported, summary_message

    try:
        with open_library(args) as library, PersonalStore(personal_path(args)) as store:
            for outcome in updated:
                summary = reanchor_imported(store, library, outcome)
                message = summary_message(summary) if summary is not None else None
                if message:
                    print(f"{outcome.meeting_id}: {message}")
    except (PersonalStoreError, LibraryError) as error:
        print(f"error: your notes could not be moved to the new text: {error}", file=sys.stderr)
