"""What the command groups share: the error to report, exit codes, the stores to open."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.errors import MemberError, describe_os_error

if TYPE_CHECKING:
    from companion.core.library import ImportOutcome


EXIT_OK = 0
EXIT_FAILED = 1
EXIT_MEETING_FAILED = EXIT_FAILED
EXIT_USAGE = 2
EXIT_AUTHENTICATION = 3
EXIT_UNREACHABLE = 4
EXIT_CANCELLED = 130


class CliError(Exception):
    """A problem to report as one clear sentence; by default a usage error (exit code 2).

    Usage errors are the command line itself being wrong: flags that do not go
    together, an unknown source, no source configured. A command that fails on
    its input (a damaged file, a missing meeting) lets the core error rise to
    `main`, or raises this with ``exit_code=EXIT_FAILED`` to add what was not done.
    """

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


#: The project's errors that say what went wrong in a sentence but are not (yet)
#: `MemberError`s, as (module, class). Looked up in ``sys.modules`` when an error
#: arrives, so `main` imports none of these modules: an error of a class exists
#: only if its module was imported.
PROJECT_ERRORS = (
    ("companion.core.library", "LibraryError"),
    ("companion.core.package", "PackageError"),
    ("companion.core.importers.agenda_text", "AgendaFormatError"),
    ("companion.core.packing", "PackingError"),
    ("companion.core.personal", "PersonalStoreError"),
    ("companion.core.sources", "SourceError"),
    ("companion.core.credentials", "CredentialError"),
    ("companion.core.sources.http", "SyncError"),
    ("companion.core.sources.feed.feed", "FeedError"),
    ("companion.core.sources.feed.publish", "PublishError"),
    ("companion.core.sources.feed.signing", "SignatureError"),
    ("companion.core.sources.feed.signing", "SigningKeyError"),
    ("companion.core.export.output", "ExportError"),
    ("companion.core.pdf_render", "PdfError"),
    ("companion.core.session", "SessionStateError"),
)


def _is_project_error(error: BaseException) -> bool:
    for module_name, class_name in PROJECT_ERRORS:
        error_class = getattr(sys.modules.get(module_name), class_name, None)
        if isinstance(error_class, type) and isinstance(error, error_class):
            return True
    return False


def is_expected_error(error: BaseException) -> bool:
    """True for an error that says what went wrong; False for a bug (let it raise).

    Expected are a `CliError`, a `MemberError`, the project's own errors and an
    ``OSError`` (a disk, a permission, a missing folder).
    """
    return isinstance(error, CliError | MemberError | OSError) or _is_project_error(error)


def error_sentence(error: BaseException) -> str:
    """The sentence for ``error``: its own text, or an ``OSError`` described by its cause."""
    if isinstance(error, OSError) and not _is_project_error(error):
        if error.filename is not None:
            return str(describe_os_error(error, error.filename, action="open"))
        return error.strerror or str(error)
    return str(error)


def print_error(sentence: str) -> None:
    """Print ``companion: SENTENCE`` on stderr, the form of every error."""
    print(f"companion: {sentence}", file=sys.stderr)


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
