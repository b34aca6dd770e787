"""The ``companion`` command: the window by default, subcommands for the rest.

Subcommands import only what they need, so ``companion inspect`` never loads
Qt and the window never waits for PyMuPDF before its first paint.

One module per command group, each with an ``add_parsers(commands)``:
`library` (inspect, pack, import, show, meetings, search), `sync` (source, sync,
publish, keygen), `personal` (backup, restore), `exports` (minutes, export) and `check`;
`common` holds what they share. A new command or flag goes into its group's
module; `main` here only assembles the parser and runs the command.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from companion import __version__
from companion.cli import check, exports, library, personal, sync
from companion.cli.common import (
    EXIT_FAILED,
    CliError,
    error_sentence,
    is_expected_error,
    print_error,
)

EXIT_CODES = """exit codes:
  0  done
  1  an error: the message on stderr says what went wrong and what to do
     (`search` also exits 1 when nothing matches, like grep)
  2  usage error: the command line itself is wrong
`companion sync --help` lists the codes of the sync."""


def _cmd_gui(args: argparse.Namespace) -> int:
    from companion.ui.app import run_app

    return run_app(sys.argv[:1] + args.qt_args, data_dir=args.data_dir, config_dir=args.config_dir)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``companion``."""
    parser = argparse.ArgumentParser(
        prog="companion",
        description="KKR meeting companion: read, annotate and follow meeting packages offline.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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

    library.add_parsers(commands)
    sync.add_parsers(commands)
    personal.add_parsers(commands)
    exports.add_parsers(commands)
    check.add_parsers(commands)
    return parser


def _stdout_closed() -> int:
    """The reader of stdout has gone (``companion meetings | head -1``): end quietly.

    As Python's documentation on SIGPIPE advises: point stdout at devnull, so the
    flush at exit cannot fail once more, and exit 1, the output was cut short.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (a test's capture)
        pass
    return EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``companion`` command; returns the exit code (see `EXIT_CODES`).

    The one place where errors become messages: a `CliError`, a `MemberError`, the
    project's own errors and an ``OSError`` are printed as ``companion: SENTENCE``
    on stderr, never as a traceback; any other exception is a bug and raises.
    """
    parser = build_parser()
    argv = library.protect_search_words(sys.argv[1:] if argv is None else argv)
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
        code = int(args.func(args))
        sys.stdout.flush()  # here, where a closed pipe can still be handled
        return code
    except BrokenPipeError:
        return _stdout_closed()
    except CliError as error:
        print_error(str(error))
        return error.exit_code
    except Exception as error:
        if not is_expected_error(error):
            raise  # a bug: the traceback is what a developer needs
        print_error(error_sentence(error))
        return EXIT_FAILED
