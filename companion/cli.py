"""The ``companion`` command: the window by default, subcommands for the rest.

Subcommands import only what they need, so ``companion inspect`` never loads
Qt and the window never waits for PyMuPDF before its first paint.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from companion import __version__

if TYPE_CHECKING:
    from companion.core.credentials import SecretStorage
    from companion.core.library import ImportOutcome
    from companion.core.sources import AuthKind, Source, SourceStore
    from companion.core.sync.client import Progress, SyncReport, SyncSource

T = TypeVar("T")


class CliError(Exception):
    """A problem to report to the user as one clear sentence (exit code 2)."""


def _cmd_gui(args: argparse.Namespace) -> int:
    from companion.ui.app import run_app

    return run_app(sys.argv[:1] + args.qt_args, data_dir=args.data_dir, config_dir=args.config_dir)


def _cmd_inspect(args: argparse.Namespace) -> int:
    from companion.core.importers.agenda_text import AgendaFormatError, import_agenda_file
    from companion.core.package import PackageError, read_package

    path: Path = args.file
    if not path.exists():
        raise CliError(f"{path}: no such file or folder")
    if path.is_dir() or path.suffix.lower() == ".zip":
        try:
            with read_package(path) as package:
                meeting, warnings = package.meeting, []
        except PackageError as error:
            raise CliError(str(error)) from error
    else:
        try:
            result = import_agenda_file(path)
        except AgendaFormatError as error:
            raise CliError(f"{path}: {error}") from error
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
    from companion.core.importers.agenda_text import AgendaFormatError
    from companion.core.package import PackageError
    from companion.core.packing import PackingError, pack_agenda

    try:
        result = pack_agenda(args.agenda, args.attachments, args.output)
    except (AgendaFormatError, PackageError, PackingError, OSError) as error:
        raise CliError(f"cannot pack {args.agenda}: {error}") from error
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


def _open_library(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from companion.core.library import Library
    from companion.core.paths import data_dir

    return Library(data_dir(args.data_dir))


def _cmd_import(args: argparse.Namespace) -> int:
    from companion.core.library import LibraryError
    from companion.core.package import PackageError

    failures = 0
    outcomes = []
    with _open_library(args) as library:
        for path in args.packages:
            try:
                outcome = library.import_path(path)
            except (PackageError, LibraryError, OSError) as error:
                failures += 1
                print(f"error: {path}: {error}", file=sys.stderr)
                continue
            outcomes.append(outcome)
            print(f"{path}: {outcome.meeting_id} version {outcome.version}: {outcome.status}")
    _reanchor_updated(args, outcomes)
    return 1 if failures else 0


def _reanchor_updated(args: argparse.Namespace, outcomes: Sequence[ImportOutcome]) -> None:
    """Re-anchor the member's notes on each updated meeting; say what could not be placed."""
    updated = [outcome for outcome in outcomes if outcome.status == "updated"]
    if not updated:
        return
    from companion.core.library import LibraryError
    from companion.core.personal import PersonalStore, PersonalStoreError
    from companion.core.reanchor_store import reanchor_imported, summary_message

    try:
        with _open_library(args) as library, PersonalStore(_personal_path(args)) as store:
            for outcome in updated:
                summary = reanchor_imported(store, library, outcome)
                message = summary_message(summary) if summary is not None else None
                if message:
                    print(f"{outcome.meeting_id}: {message}")
    except (PersonalStoreError, LibraryError) as error:
        print(f"error: your notes could not be moved to the new text: {error}", file=sys.stderr)


def _cmd_meetings(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        for summary in library.meetings():
            when = summary.start.strftime("%Y-%m-%d %H:%M") if summary.start else "?"
            print(
                f"{summary.id}\t{when}\t{summary.body}\t{summary.item_count} items"
                f"\tversion {summary.version}"
            )
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        hits = library.search(" ".join(args.query))
        for hit in hits:
            print(f"{hit.meeting_id}\t{hit.number}. {hit.title}\n    {hit.snippet}")
    return 0 if hits else 1


# -- sources, publishing, keys and sync ------------------------------------------------

EXIT_OK = 0
EXIT_MEETING_FAILED = 1
EXIT_USAGE = 2
EXIT_AUTHENTICATION = 3
EXIT_UNREACHABLE = 4
EXIT_CANCELLED = 130
#: When several sources end differently, the exit code is the most severe of them.
_EXIT_SEVERITY = (
    EXIT_OK,
    EXIT_MEETING_FAILED,
    EXIT_UNREACHABLE,
    EXIT_AUTHENTICATION,
    EXIT_USAGE,
    EXIT_CANCELLED,
)

SYNC_EXIT_CODES = """exit codes:
  0  every source synced, every meeting is up to date
  1  some meeting failed (the others were synced; the message names it)
  2  usage or configuration error (unknown source, damaged sources.json)
  3  authentication needed: the password or token is missing or was refused
  4  a source could not be reached or read (offline, wrong address, server
     down, not a feed)
  130  cancelled with Ctrl-C (downloaded parts are kept; the next sync resumes)
When several sources fail, the most severe code wins (2, then 3, 4, 1)."""


def _source_store(args: argparse.Namespace) -> SourceStore:
    from companion.core.paths import config_dir
    from companion.core.sources import SourceStore

    return SourceStore(config_dir(args.config_dir))


def _read_secret(prompt: str, from_stdin: bool) -> str:
    """A password or token: from stdin (scripts, or no terminal), else asked with getpass."""
    import getpass

    if from_stdin or not sys.stdin.isatty():
        secret = sys.stdin.readline().rstrip("\r\n")
    else:
        secret = getpass.getpass(prompt)
    if not secret:
        raise CliError("no password or token was given")
    return secret


def _cmd_source_add(args: argparse.Namespace) -> int:
    from companion.core.credentials import (
        INSECURE_FILE_WARNING,
        CredentialError,
        KeyringUnavailable,
        keyring_available,
        save_secret,
        secret_file,
    )
    from companion.core.sources import SourceError

    auth: AuthKind = "basic" if args.basic else "token" if args.token else "none"
    storage: SecretStorage = "file" if args.insecure_file else "ask" if args.ask else "keyring"
    if auth == "none" and (args.insecure_file or args.ask or args.secret_stdin):
        raise CliError("--insecure-file, --ask and --secret-stdin need --basic USER or --token")
    if auth != "none" and storage == "keyring" and not keyring_available():
        raise CliError(str(KeyringUnavailable()))
    store = _source_store(args)
    try:
        secret = None
        if auth != "none" and storage != "ask":
            what = "password" if auth == "basic" else "token"
            secret = _read_secret(f"{what.capitalize()} for {args.location}: ", args.secret_stdin)
        source = store.add(
            args.location,
            name=args.name,
            auth=auth,
            username=args.basic,
            public_key=args.public_key,
            verify_tls=not args.no_verify_tls,
            secret_storage=storage,
        )
    except SourceError as error:
        raise CliError(str(error)) from error
    if secret is not None:
        try:
            save_secret(storage, store.config_dir, source.id, secret)
        except (CredentialError, OSError) as error:
            store.remove(source.id)
            raise CliError(f"the source was not added: {error}") from error
    print(f"added source {source.id}: {source.name} ({source.location})")
    if storage == "file" and secret is not None:
        path = secret_file(store.config_dir, source.id)
        print(f"warning: {INSECURE_FILE_WARNING.format(path=path)}", file=sys.stderr)
    elif storage == "ask":
        print("the password or token will be asked for at every sync", file=sys.stderr)
    if not source.verify_tls:
        print("warning: TLS certificates are NOT checked for this source", file=sys.stderr)
    return EXIT_OK


def _describe_source(source: Source) -> str:
    auth = {"none": "no login", "basic": f"basic auth as {source.username}", "token": "token"}
    details = [auth[source.auth]]
    if source.needs_secret:
        details.append(f"secret: {source.secret_storage}")
    details.append("signed" if source.public_key else "unsigned")
    if not source.verify_tls:
        details.append("TLS NOT verified")
    last = "never synced"
    if source.last_sync:
        last = f"last sync {source.last_sync:%Y-%m-%d %H:%M} UTC: {source.last_sync_result}"
    return f"{source.id}\t{source.name}\t{source.location}\t{', '.join(details)}\t{last}"


def _cmd_source_list(args: argparse.Namespace) -> int:
    from companion.core.sources import SourceError

    try:
        sources = _source_store(args).list()
    except SourceError as error:
        raise CliError(str(error)) from error
    if not sources:
        print("no sources yet: add one with `companion source add URL`", file=sys.stderr)
    for source in sources:
        print(_describe_source(source))
    return EXIT_OK


def _cmd_source_remove(args: argparse.Namespace) -> int:
    from companion.core.credentials import CredentialError, forget_secret
    from companion.core.sources import SourceError

    store = _source_store(args)
    try:
        source = store.get(args.source_id)
        if source.needs_secret:
            try:
                forget_secret(source.secret_storage, store.config_dir, source.id)
            except CredentialError as error:
                print(f"warning: the secret was not removed: {error}", file=sys.stderr)
        store.remove(source.id)
    except SourceError as error:
        raise CliError(str(error)) from error
    print(f"removed source {source.id}")
    return EXIT_OK


class _ProgressPrinter:
    """Sync progress on stderr: a bar redrawn in place on a terminal, else plain lines.

    Plain lines (logs, scheduled tasks) come once per phase and meeting, so a log
    never fills with carriage returns.
    """

    BAR_WIDTH = 24
    REDRAW_SECONDS = 0.1

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.is_terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_step: tuple[str, str | None] | None = None
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, progress: Progress) -> None:
        step = (progress.phase, progress.meeting_id)
        if self.is_terminal:
            self._draw(progress, force=step != self._last_step)
        elif step != self._last_step:
            meeting = f" {progress.meeting_id}" if progress.meeting_id else ""
            print(f"{self.label}: {progress.phase}{meeting}", file=self.stream, flush=True)
        self._last_step = step

    def _draw(self, progress: Progress, force: bool) -> None:
        import time

        now = time.monotonic()
        if not force and now - self._last_draw < self.REDRAW_SECONDS:
            return
        self._last_draw = now
        total, done = progress.bytes_total, progress.bytes_done
        filled = int(self.BAR_WIDTH * done / total) if total else 0
        bar = "#" * filled + "-" * (self.BAR_WIDTH - filled)
        line = (
            f"{self.label}: {progress.phase:<10} [{bar}] "
            f"{progress.files_done}/{progress.files_total} files "
            f"{done / 1e6:.1f}/{total / 1e6:.1f} MB {progress.meeting_id or ''}"
        )
        self.stream.write("\r" + line[:200].ljust(79))
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        """End the bar's line, so what follows starts on a fresh one."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _ask_secret_at_sync(source: Source) -> str:
    """Ask on the terminal for a secret that is not kept; `_NeedsLogin` without a terminal."""
    import getpass

    if not sys.stdin.isatty():
        raise _NeedsLogin(
            f"source {source.id}: no password or token is kept for it and there is no "
            f"terminal to ask on; run `companion sync {source.id}` in a terminal, or remove "
            "the source and add it again with the secret kept"
        )
    what = "Password" if source.auth == "basic" else "Token"
    return getpass.getpass(f"{what} for {source.name} ({source.location}): ")


class _NeedsLogin(Exception):
    """A source needs a password or token that cannot be had (exit code 3)."""


def _sync_source_for(source: Source, config_dir_path: Path) -> SyncSource:
    """The client's `SyncSource` for a configured source, with its kept or asked secret."""
    from companion.core.credentials import read_secret
    from companion.core.sources import sync_source_for

    secret = None
    if source.needs_secret:
        secret = read_secret(source.secret_storage, config_dir_path, source.id)
        if secret is None:
            secret = _ask_secret_at_sync(source)
    return sync_source_for(source, secret)


def _run_cancellable(work: Callable[[threading.Event], T]) -> T:
    """Run ``work(cancel_event)`` on a thread; Ctrl-C sets the event and waits for it."""
    cancel = threading.Event()
    results: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            results.append(work(cancel))
        except BaseException as error:  # handed to the main thread, raised there
            errors.append(error)

    thread = threading.Thread(target=target, name="companion-sync", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.2)
    except KeyboardInterrupt:
        cancel.set()
        thread.join()
    if errors:
        raise errors[0]
    return results[0]


def _sync_one(args: argparse.Namespace, source: Source, config_dir_path: Path) -> tuple[int, str]:
    """Sync one source; prints its summary; returns (exit code, one-line result).

    The sync runs on a worker thread with its own `Library` (one connection per
    thread), so Ctrl-C on this thread can cancel it cleanly.
    """
    from companion.core.credentials import CredentialError
    from companion.core.sync.client import (
        AuthenticationRequired,
        RetryPolicy,
        SyncCancelled,
        SyncError,
        sync,
    )

    try:
        sync_source = _sync_source_for(source, config_dir_path)
    except (CredentialError, _NeedsLogin) as error:
        print(f"error: source {source.id}: {error}", file=sys.stderr)
        return EXIT_AUTHENTICATION, "no secret"
    printer = _ProgressPrinter(source.id)
    retry = RetryPolicy(attempts=args.tries, timeout=args.timeout)

    def work(cancel: threading.Event) -> SyncReport:
        with _open_library(args) as library:
            return sync(sync_source, library, progress=printer, cancel=cancel, retry=retry)

    try:
        report = _run_cancellable(work)
    except AuthenticationRequired as error:
        print(
            f"error: source {source.id}: {error}\n"
            f"  the password or token was refused or is missing: remove the source and add "
            f"it again with the right one (companion source remove {source.id})",
            file=sys.stderr,
        )
        return EXIT_AUTHENTICATION, "authentication needed"
    except SyncCancelled:
        print(f"source {source.id}: cancelled; the next sync resumes", file=sys.stderr)
        return EXIT_CANCELLED, "cancelled"
    except SyncError as error:
        print(f"error: source {source.id}: {error}", file=sys.stderr)
        return EXIT_UNREACHABLE, "could not be reached"
    finally:
        printer.finish()
    result = _print_sync_report(source, report)
    _reanchor_updated(args, report.meetings)
    return result


def _print_sync_report(source: Source, report: SyncReport) -> tuple[int, str]:
    """Print one line per meeting of ``report``; returns (exit code, one-line result)."""
    if report.not_modified:
        print(f"{source.id}: no changes")
    for outcome in report.meetings:
        print(f"{source.id}: {outcome.meeting_id} version {outcome.version}: {outcome.status}")
    for meeting_id, problem in report.failed:
        print(f"error: {source.id}: {meeting_id}: {problem}", file=sys.stderr)
    if not (report.not_modified or report.meetings or report.failed):
        print(f"{source.id}: up to date")
    if report.failed:
        return EXIT_MEETING_FAILED, f"{len(report.failed)} meetings failed"
    return EXIT_OK, "ok"


def _cmd_sync(args: argparse.Namespace) -> int:
    from companion.core.library import LibraryError
    from companion.core.sources import SourceError

    store = _source_store(args)
    try:
        sources = [store.get(i) for i in args.source_ids] if args.source_ids else store.list()
    except SourceError as error:
        raise CliError(str(error)) from error
    if not sources:
        raise CliError("there are no sources to sync: add one with `companion source add URL`")
    codes = []
    try:
        _open_library(args).close()  # a library that cannot open is a config error
        for source in sources:
            code, result = _sync_one(args, source, store.config_dir)
            codes.append(code)
            store.update_last_sync(source.id, result)
            if code == EXIT_CANCELLED:
                break
    except (LibraryError, SourceError) as error:
        raise CliError(str(error)) from error
    return max(codes, key=_EXIT_SEVERITY.index)


def _cmd_publish(args: argparse.Namespace) -> int:
    from companion.core.package import PackageError
    from companion.core.sync.feed import FeedError
    from companion.core.sync.publish import PublishError, publish
    from companion.core.sync.signing import SigningKeyError

    try:
        report = publish(args.packages, args.to, signing_key=args.sign)
    except (PackageError, PublishError, SigningKeyError, FeedError, OSError) as error:
        raise CliError(f"nothing was published: {error}") from error
    print(report.describe())
    return EXIT_OK


def _cmd_keygen(args: argparse.Namespace) -> int:
    from companion.core.sync.signing import generate_key

    try:
        public_key = generate_key(args.key)
    except FileExistsError as error:
        raise CliError(f"{args.key}: a file is already there; a key is never replaced") from error
    except OSError as error:
        raise CliError(f"{args.key}: cannot write the key ({error.strerror})") from error
    print(
        f"private key written to {args.key}: keep it secret, use it with "
        "`companion publish --sign`; give the members this public key:",
        file=sys.stderr,
    )
    print(public_key)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``companion``."""
    parser = argparse.ArgumentParser(
        prog="companion",
        description="KKR meeting companion: read, annotate and follow meeting packages offline.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, help="library folder (default: $COMPANION_DATA_DIR or per user)"
    )
    parser.add_argument(
        "--config-dir",
        type=Path,
        help="settings folder (default: $COMPANION_CONFIG_DIR or per user)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.set_defaults(func=_cmd_gui)

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
    meetings.set_defaults(func=_cmd_meetings)

    search = commands.add_parser("search", help="search the item texts in the library")
    search.add_argument("query", nargs="+", help="words to find")
    search.set_defaults(func=_cmd_search)
    _add_source_parsers(commands)
    _add_feed_parsers(commands)
    _add_personal_parsers(commands)
    _add_minutes_parser(commands)
    _add_export_parser(commands)
    return parser


def _add_source_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    source = commands.add_parser("source", help="add, list or remove sources of meetings")
    actions = source.add_subparsers(dest="source_command", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        help="add a feed URL, or a local feed, package folder or .zip",
        description="Add a source. A password or token is asked for (or read from stdin "
        "with --secret-stdin) and kept in the OS keyring, never in a settings file.",
    )
    add.add_argument("location", help="https:// feed URL, or a local folder or package .zip")
    add.add_argument("--name", help="what to call it (default: the host or file name)")
    login = add.add_mutually_exclusive_group()
    login.add_argument("--basic", metavar="USER", help="HTTP basic auth with this user name")
    login.add_argument("--token", action="store_true", help="a bearer token")
    add.add_argument(
        "--public-key",
        metavar="KEY",
        help="the publisher's public key: only manifests signed with it are accepted",
    )
    keeping = add.add_mutually_exclusive_group()
    keeping.add_argument(
        "--insecure-file",
        action="store_true",
        help="no keyring here: keep the secret UNENCRYPTED in a file only you can read",
    )
    keeping.add_argument(
        "--ask", action="store_true", help="keep no secret: ask for it at every sync"
    )
    add.add_argument(
        "--secret-stdin", action="store_true", help="read the password or token from stdin"
    )
    add.add_argument(
        "--no-verify-tls",
        action="store_true",
        help="do not check the server's TLS certificate (unsafe; for a test server)",
    )
    add.set_defaults(func=_cmd_source_add)

    listing = actions.add_parser("list", help="list the sources")
    listing.set_defaults(func=_cmd_source_list)

    remove = actions.add_parser("remove", help="remove a source and its kept secret")
    remove.add_argument("source_id", metavar="ID", help="the source's id (see source list)")
    remove.set_defaults(func=_cmd_source_remove)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _add_feed_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sync = commands.add_parser(
        "sync",
        help="sync meetings from the sources into the library",
        description="Fetch new and changed meetings from all sources, or the named ones.",
        epilog=SYNC_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sync.add_argument("source_ids", metavar="SOURCE_ID", nargs="*", help="sources to sync")
    sync.add_argument(
        "--tries",
        type=_positive_int,
        default=4,
        metavar="N",
        help="tries per request on a server error or a dropped connection (default 4)",
    )
    sync.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="give up on a request that is silent this long (default 30)",
    )
    sync.set_defaults(func=_cmd_sync)

    publish = commands.add_parser(
        "publish", help="publish meeting packages as a static feed for the sync"
    )
    publish.add_argument("packages", type=Path, nargs="+", help="package .zip files or folders")
    publish.add_argument("--to", type=Path, required=True, metavar="DIR", help="the feed folder")
    publish.add_argument("--sign", type=Path, metavar="KEY", help="private key to sign with")
    publish.set_defaults(func=_cmd_publish)

    keygen = commands.add_parser("keygen", help="create a signing key for publish --sign")
    keygen.add_argument("key", type=Path, help="where to write the private key (a new file)")
    keygen.set_defaults(func=_cmd_keygen)


# -- the member's own work: backup and restore ---------------------------------------

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


def _personal_path(args: argparse.Namespace) -> Path:
    from companion.core.paths import data_dir
    from companion.core.personal import personal_db_path

    return personal_db_path(data_dir(args.data_dir))


def _cmd_backup(args: argparse.Namespace) -> int:
    from companion.core.personal import PersonalStoreError, write_backup_file

    try:
        written = write_backup_file(_personal_path(args), args.file)
    except PersonalStoreError as error:
        raise CliError(str(error)) from error
    print(f"your work is saved in {written}")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from companion.core.personal import PersonalStoreError, restore_backup_file

    path = _personal_path(args)
    try:
        saved = restore_backup_file(path, args.file)
    except PersonalStoreError as error:
        raise CliError(f"nothing was restored: {error}") from error
    if saved is not None:
        print(f"your previous work was kept in {saved}")
    print(f"restored {args.file} to {path}")
    return EXIT_OK


def _add_personal_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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


def _cmd_minutes(args: argparse.Namespace) -> int:
    from companion.core.export.minutes import export_minutes
    from companion.core.export.output import ExportError
    from companion.core.library import LibraryError
    from companion.core.personal import PersonalStore, PersonalStoreError

    try:
        with _open_library(args) as library, PersonalStore(_personal_path(args)) as store:
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
        with _open_library(args) as library, PersonalStore(_personal_path(args)) as store:
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``companion`` command; returns the exit code."""
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        args.func = _cmd_gui
    if args.func is not _cmd_gui and rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.qt_args = rest
    try:
        return int(args.func(args))
    except CliError as error:
        print(f"companion: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
