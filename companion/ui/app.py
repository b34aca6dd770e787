"""Start the desktop app: QApplication, services, the main window.

Kept light on purpose: the library (sqlite-utils), PyMuPDF and the samples
are imported inside the functions the background tasks call, after the
window's first paint.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from companion import __version__
from companion.core import paths
from companion.core.resources import resources_dir
from companion.ui.display_check import EXIT_NO_WINDOW, PlatformGuard, display_problem
from companion.ui.i18n import compile_for_next_start, install_translators
from companion.ui.main_window import MainWindow
from companion.ui.settings import Settings
from companion.ui.start_check import StartCheck, start_check_requested
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.personal import PersonalStore
    from companion.ui.folder_claim import FolderClaim

APP_NAME = "KKR Meeting Companion"
#: After the last window closed, how long Qt's own quit may take before the loop is ended.
LATE_QUIT_MS = 500
PERSONAL_DB = "personal.db"
#: The translation compiled from its .ts after the first start (`companion.ui.i18n`).
TRANSLATION_CACHE = Path("cache") / "translations"


def library_opener(data_dir: Path) -> Callable[[], Library]:
    """A function that opens the library in ``data_dir`` (one instance per call)."""

    def open_library() -> Library:
        from companion.core.library import Library

        return Library(data_dir)

    return open_library


def personal_opener(data_dir: Path) -> Callable[[], PersonalStore]:
    """A function that opens the member's personal store in ``data_dir``."""
    from companion.core.personal_reads import PersonalOpener

    return PersonalOpener(data_dir / PERSONAL_DB)


def import_samples(library: Library) -> object:
    """Fill an empty library with the built-in sample meetings."""
    from companion.core.samples import import_samples as import_builtin_samples

    return import_builtin_samples(library)


def back_up_personal_store(data_dir: Path) -> None:
    """Copy the member's personal store aside once per start (a few are kept)."""
    from companion.core.personal import backup_on_start, personal_db_path

    backup_on_start(personal_db_path(data_dir), data_dir / "backups")


def collect_leftovers(data_dir: Path) -> None:
    """Housekeeping of the data folder (leftovers, unused files); logs, never raises."""
    from companion.core.library_housekeeping import collect_at_start

    collect_at_start(data_dir)


def set_window_icon(app: QApplication) -> None:
    """The app's icon on its windows (the title bar's and the task bar's)."""
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "companion.svg")))


def answer_later_starts(claim: FolderClaim, window: MainWindow) -> None:
    """Listen for later starts on this data folder: they bring ``window`` to the front."""
    from companion.ui.single_instance import take_request

    claim.listen().requested.connect(partial(take_request, window))


def guard_quit(app: QApplication, window: MainWindow) -> None:
    """Save the member's words when the app quits, the session ends or SIGTERM comes."""
    from companion.ui.shutdown import QuitGuard

    QuitGuard(app, window)


def create_window(
    runner: TaskRunner,
    data_dir: Path,
    config_dir: Path,
    *,
    seed: bool | None = None,
    deferred: bool = False,
) -> MainWindow:
    """The main window on the library in ``data_dir`` with settings from ``config_dir``.

    Args:
        runner: the background task runner.
        data_dir: the library's folder (content.db, blobs, personal.db).
        config_dir: the folder of the settings files.
        seed: import the samples into an empty library; None follows the preference.
        deferred: build the panes and start loading after the first paint (the app);
            otherwise the window is complete on return and `MainWindow.start` loads.
    """
    settings = Settings.load(config_dir)
    if seed is None:
        seed = settings.preferences.import_samples_when_empty
    return MainWindow(
        runner,
        settings,
        library_opener(data_dir),
        seed_library=import_samples if seed else None,
        open_personal=personal_opener(data_dir),
        deferred=deferred,
        config_dir=config_dir,
        data_dir=data_dir,
    )


def run_app(argv: list[str], data_dir: Path | None = None, config_dir: Path | None = None) -> int:
    """Run the app until the window closes; returns the exit code.

    Args:
        argv: the command line for QApplication.
        data_dir: the library folder (default: `companion.core.paths.data_dir`).
        config_dir: the settings folder (default: `companion.core.paths.config_dir`).
    """
    app = QApplication.instance()
    if app is None:
        problem = display_problem(os.environ)  # say so, before Qt gives up in its own words
        if problem is not None:
            print(f"companion: {problem}", file=sys.stderr)
            return EXIT_NO_WINDOW
        with PlatformGuard():
            app = QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("dk.kkr.Companion")  # matches packaging/linux
    config = paths.config_dir(config_dir)
    data = paths.data_dir(data_dir)
    language = Settings.load(config).preferences.language
    translators = install_translators(app, language, data / TRANSLATION_CACHE)
    runner = TaskRunner()
    from companion.ui.folder_claim import claim_data_folder, files_to_import

    given = files_to_import(app.arguments()[1:])  # e.g. the desktop file's %F
    claim = claim_data_folder(data, given)  # one window per data folder
    if claim is None:
        return 0  # the window already open on this folder came to the front
    window = create_window(runner, data, config, deferred=True)
    window.after_first_item(partial(answer_later_starts, claim, window))
    if given:  # the first start imports them itself, once its window is up
        window.after_first_item(partial(window.import_files, given))
    window.show()  # paints the frame, then builds the panes and loads the library
    if start_check_requested():
        StartCheck(window, app)  # the installers' check: quits once the meetings are shown
    # Saves on quit, logout and SIGTERM; made once the item is painted (its socket and
    # signal imports are not needed for it), as the panes are: before the member can
    # change anything (no pane takes a word before then).
    window.after_first_item(partial(guard_quit, app, window))
    window.after_first_item(partial(set_window_icon, app))  # QIcon, the SVG plugin: 2-3 ms

    def housekeeping() -> None:  # off the GUI thread, once the item is on screen
        # The backup's Python work (the personal store's modules, the copy) on a worker
        # made the first paint's Python calls wait; the member has changed nothing yet.
        runner.run(partial(back_up_personal_store, data))  # a failure is shown, never fatal
        runner.run(partial(collect_leftovers, data))
        # For the next start: a worker started before the paint made the paint wait.
        runner.run_detached(partial(compile_for_next_start, language, data / TRANSLATION_CACHE))

    window.after_first_item(housekeeping)
    from companion.core.store_users import holding_personal_store  # restore refuses meanwhile

    # End when the window is closed, also during the start: Qt's own quit on the last
    # window (an event it posts) was withheld in 1 of 5-10 runs of a window closed before
    # its item was painted (lastWindowClosed came, the loop went on with no window;
    # test_main_window). So the loop is ended a moment later if Qt's quit did not come.
    # Not at once: Qt's posted quit would then outlive this loop, and a QApplication that
    # outlives this run (tests run several) would take it up in its next loop.
    quit_late = QTimer()
    quit_late.setSingleShot(True)
    quit_late.setInterval(LATE_QUIT_MS)
    quit_late.timeout.connect(partial(QApplication.exit, 0))
    app.lastWindowClosed.connect(quit_late.start)
    with holding_personal_store(data / PERSONAL_DB):
        try:
            code = app.exec()
        finally:
            app.lastWindowClosed.disconnect(quit_late.start)
            quit_late.stop()
        claim.close()  # a later start on this folder is the first again
        runner.wait(5000)
    del translators  # kept installed until the window has closed
    return code


def main() -> int:
    """Entry point for ``python -m companion.ui.app``."""
    return run_app(sys.argv)


if __name__ == "__main__":
    raise SystemExit(main())
