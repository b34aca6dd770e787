"""Sources, sync, publish and keygen: how meetings travel from the secretariat."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from companion.cli.common import (
    EXIT_AUTHENTICATION,
    EXIT_CANCELLED,
    EXIT_FAILED,
    EXIT_MEETING_FAILED,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    CliError,
    error_sentence,
    open_library,
    reanchor_updated,
)

if TYPE_CHECKING:
    from companion.core.credentials import SecretStorage
    from companion.core.sources import AuthKind, Source, SourceStore
    from companion.core.sources.feed.client import Progress, SyncReport, SyncSource

T = TypeVar("T")

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
    from companion.core.sources import SourceError, check_secret_transport

    if args.firstagenda:
        from companion.cli.firstagenda import add_firstagenda_source

        return add_firstagenda_source(args, _source_store(args))
    if args.committee or args.months:
        raise CliError("--committee and --months need --firstagenda")
    auth: AuthKind = "basic" if args.basic else "token" if args.token else "none"
    storage: SecretStorage = "file" if args.insecure_file else "ask" if args.ask else "keyring"
    if auth == "none" and (args.insecure_file or args.ask or args.secret_stdin):
        raise CliError("--insecure-file, --ask and --secret-stdin need --basic USER or --token")
    if auth != "none" and storage == "keyring" and not keyring_available():
        raise CliError(str(KeyringUnavailable()))
    store = _source_store(args)
    try:
        # Refuse a password over plain http before asking for it.
        check_secret_transport(args.location, auth, args.allow_insecure_http)
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
            allow_insecure_http=args.allow_insecure_http,
        )
    except SourceError as error:
        raise CliError(str(error)) from error
    if secret is not None:
        try:
            save_secret(storage, store.config_dir, source.id, secret)
        except (CredentialError, OSError) as error:
            store.remove(source.id)
            message = f"the source was not added: {error_sentence(error)}"
            raise CliError(message, exit_code=EXIT_FAILED) from error
    print(f"added source {source.id}: {source.name} ({source.location})")
    if storage == "file" and secret is not None:
        path = secret_file(store.config_dir, source.id)
        print(f"warning: {INSECURE_FILE_WARNING.format(path=path)}", file=sys.stderr)
    elif storage == "ask":
        print("the password or token will be asked for at every sync", file=sys.stderr)
    if not source.verify_tls:
        print("warning: TLS certificates are NOT checked for this source", file=sys.stderr)
    if source.allow_insecure_http:
        print(
            "warning: the password or token is sent UNENCRYPTED (plain http) to this source",
            file=sys.stderr,
        )
    return EXIT_OK


def _describe_source(source: Source) -> str:
    from companion.cli.firstagenda import describe_firstagenda

    auth = {"none": "no login", "basic": f"basic auth as {source.username}", "token": "token"}
    if source.kind == "firstagenda":
        details = describe_firstagenda(source)
    else:
        details = ["feed", auth[source.auth]]
    if source.needs_secret:
        details.append(f"secret: {source.secret_storage}")
    if source.kind == "feed":
        details.append("signed" if source.public_key else "unsigned")
    if not source.verify_tls:
        details.append("TLS NOT verified")
    if source.allow_insecure_http:
        details.append("unencrypted http allowed")
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
    from companion.core.sources.feed.client import (
        AuthenticationRequired,
        RetryPolicy,
        SyncCancelled,
        SyncError,
        sync,
    )
    from companion.core.sources.sync_lock import AnotherSyncRunning

    if source.kind == "firstagenda":
        from companion.cli.firstagenda import sync_firstagenda

        return sync_firstagenda(args, source)
    try:
        sync_source = _sync_source_for(source, config_dir_path)
    except (CredentialError, _NeedsLogin) as error:
        print(f"error: source {source.id}: {error}", file=sys.stderr)
        return EXIT_AUTHENTICATION, "no secret"
    printer = _ProgressPrinter(source.id)
    retry = RetryPolicy(attempts=args.tries, timeout=args.timeout)

    def work(cancel: threading.Event) -> SyncReport:
        with open_library(args) as library:
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
    except AnotherSyncRunning:
        raise  # not this source's result: `main` says it in one sentence (exit 1)
    except SyncError as error:
        print(f"error: source {source.id}: {error}", file=sys.stderr)
        return EXIT_UNREACHABLE, "could not be reached"
    finally:
        printer.finish()
    result = _print_sync_report(source, report)
    reanchor_updated(args, report.meetings)
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
        open_library(args).close()  # a library that cannot open is a config error
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
    from companion.core.sources.feed.feed import FeedError
    from companion.core.sources.feed.publish import PublishError, publish
    from companion.core.sources.feed.signing import SigningKeyError

    try:
        report = publish(args.packages, args.to, signing_key=args.sign)
    except (PackageError, PublishError, SigningKeyError, FeedError, OSError) as error:
        message = f"nothing was published: {error_sentence(error)}"
        raise CliError(message, exit_code=EXIT_FAILED) from error
    print(report.describe())
    return EXIT_OK


def _cmd_keygen(args: argparse.Namespace) -> int:
    from companion.core.errors import describe_os_error
    from companion.core.sources.feed.signing import generate_key

    try:
        public_key = generate_key(args.key)
    except OSError as error:
        if isinstance(error, FileExistsError) and args.key.exists():
            message = f"{args.key}: a file is already there; a key is never replaced"
            raise CliError(message, exit_code=EXIT_FAILED) from error
        raise describe_os_error(error, error.filename or args.key, action="write") from error
    print(
        f"private key written to {args.key}: keep it secret, use it with "
        "`companion publish --sign`; give the members this public key:",
        file=sys.stderr,
    )
    print(public_key)
    return EXIT_OK


def _add_source_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    source = commands.add_parser("source", help="add, list or remove sources of meetings")
    actions = source.add_subparsers(dest="source_command", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        help="add a feed URL, a local feed, package folder or .zip, or a FirstAgenda site",
        description="Add a source. A password or token is asked for (or read from stdin "
        "with --secret-stdin) and kept in the OS keyring, never in a settings file. "
        "With --firstagenda, URL is a municipality's FirstAgenda Publication site "
        "(e.g. https://dagsordener-referater.hvidovre.dk): without --committee its "
        "committees are listed, and nothing is added.",
    )
    add.add_argument(
        "location",
        metavar="URL",
        help="https:// feed URL, a local folder or package .zip, or a FirstAgenda site",
    )
    add.add_argument(
        "--firstagenda",
        action="store_true",
        help="URL is a FirstAgenda Publication site (a municipality's agendas)",
    )
    add.add_argument(
        "--committee",
        action="append",
        metavar="NAME",
        help="with --firstagenda: a committee to sync, as the site names it (repeatable)",
    )
    add.add_argument(
        "--months",
        type=_positive_int,
        metavar="N",
        help="with --firstagenda: how many months back to fetch (default 12)",
    )
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
    add.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="send the password or token over plain http:// to another machine "
        "(unsafe: anyone on the network can read it); loopback needs no flag",
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


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add source, sync, publish and keygen to ``commands``."""
    _add_source_parsers(commands)
    _add_feed_parsers(commands)
