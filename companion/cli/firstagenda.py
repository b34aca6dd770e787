"""`companion source add URL --firstagenda` and the sync of a FirstAgenda site.

Adding a site reads its committee list first: without ``--committee`` the list is
printed (and nothing added), and a name the site does not have is refused with the
close ones. Syncing prints progress and exits as the feed's sync does.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import TYPE_CHECKING

from companion.cli.common import (
    EXIT_CANCELLED,
    EXIT_MEETING_FAILED,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    CliError,
    open_library,
    reanchor_updated,
)

if TYPE_CHECKING:
    from companion.core.sources import Source, SourceReport, SourceStore

#: Flags of `source add` that only a feed has (a FirstAgenda site is public and unsigned).
FEED_ONLY_FLAGS = {
    "basic": "--basic",
    "token": "--token",
    "public_key": "--public-key",
    "insecure_file": "--insecure-file",
    "ask": "--ask",
    "secret_stdin": "--secret-stdin",
    "allow_insecure_http": "--allow-insecure-http",
}
#: Tries per request while adding a site (the sync has --tries).
ADD_TRIES = 2


def add_firstagenda_source(args: argparse.Namespace, store: SourceStore) -> int:
    """Add the FirstAgenda site ``args.location`` with its ``--committee`` names.

    Returns EXIT_OK when added, EXIT_USAGE after listing the committees (none chosen).
    """
    from companion.core.sources import DEFAULT_MONTHS, SourceError, normalize_site_url
    from companion.core.sources.firstagenda.committees import fetch_committees, match_committees
    from companion.core.sources.http import RetryPolicy, SyncError

    wrong = [flag for key, flag in FEED_ONLY_FLAGS.items() if getattr(args, key, None)]
    if wrong:
        raise CliError(
            f"{', '.join(wrong)} cannot be used with --firstagenda: a FirstAgenda site is public"
        )
    try:
        root = normalize_site_url(args.location)
    except SourceError as error:
        raise CliError(str(error)) from error
    try:
        names = fetch_committees(
            root,
            retry=RetryPolicy(attempts=ADD_TRIES),
            verify_tls=not args.no_verify_tls,
        )
    except SyncError as error:
        raise CliError(f"the site was not added: {error}", exit_code=EXIT_UNREACHABLE) from error
    if not args.committee:
        for name in names:
            print(name)
        print(
            f"{root} has {len(names)} committees (above); add the site again with the "
            f'ones you want, e.g. companion source add {root} --firstagenda --committee "'
            f'{names[0] if names else "Økonomiudvalget"}"',
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        chosen = match_committees(args.committee, names, root)
        source = store.add_firstagenda(
            root,
            chosen,
            months=args.months or DEFAULT_MONTHS,
            name=args.name,
            verify_tls=not args.no_verify_tls,
        )
    except SourceError as error:
        raise CliError(str(error)) from error
    print(
        f"added source {source.id}: {source.name} ({source.location}), committees: "
        f"{', '.join(source.committees)}; meetings of the last {source.months} months"
    )
    if not source.verify_tls:
        print("warning: TLS certificates are NOT checked for this source", file=sys.stderr)
    return EXIT_OK


def describe_firstagenda(source: Source) -> list[str]:
    """The details `source list` shows of a FirstAgenda site."""
    return [
        "FirstAgenda site",
        f"committees: {'; '.join(source.committees)}",
        f"{source.months} months back",
    ]


def sync_firstagenda(args: argparse.Namespace, source: Source) -> tuple[int, str]:
    """Sync one FirstAgenda site; prints its summary; returns (exit code, one-line result)."""
    from companion.cli.sync import _ProgressPrinter, _run_cancellable
    from companion.core.sources import firstagenda_source_for, reach_start, sync_meetings
    from companion.core.sources.http import RetryPolicy, SyncCancelled, SyncError
    from companion.core.sources.sync_lock import AnotherSyncRunning

    printer = _ProgressPrinter(source.id)
    meeting_source = firstagenda_source_for(
        source, RetryPolicy(attempts=args.tries, timeout=args.timeout)
    )
    since = reach_start(source.months)

    def work(cancel: threading.Event) -> SourceReport:
        with open_library(args) as library:
            return sync_meetings(
                meeting_source, library, since=since, progress=printer, cancel=cancel
            )

    try:
        report = _run_cancellable(work)
    except SyncCancelled:
        print(f"source {source.id}: cancelled", file=sys.stderr)
        return EXIT_CANCELLED, "cancelled"
    except AnotherSyncRunning:
        raise  # not this source's result: `main` says it in one sentence (exit 1)
    except SyncError as error:
        print(f"error: source {source.id}: {error}", file=sys.stderr)
        return EXIT_UNREACHABLE, "could not be reached"
    finally:
        printer.finish()
    for outcome in report.meetings:
        print(f"{source.id}: {outcome.meeting_id} version {outcome.version}: {outcome.status}")
    for meeting_id, problem in report.failed:
        print(f"error: {source.id}: {meeting_id}: {problem}", file=sys.stderr)
    if not (report.meetings or report.failed):
        print(f"{source.id}: up to date")
    reanchor_updated(args, report.meetings)
    if report.failed:
        return EXIT_MEETING_FAILED, f"{len(report.failed)} meetings failed"
    return EXIT_OK, "ok"
