"""A start that checks itself: the installers' tests open the real window and quit.

With ``COMPANION_START_CHECK=1`` in the environment the app runs as usual and,
once its meeting list has loaded and a meeting is open, prints what it shows
and quits (exit 0); if that does not happen within ``COMPANION_START_CHECK_TIMEOUT``
seconds (default 120) it says so and exits 1. It prints, on stdout:

    companion start check: window painted at 1767225600.123456
    companion start check: 4 meetings shown, meeting kkr-midtjylland-2020-02-05 open

The paint time is the wall clock (``time.time()``), so a caller that noted the
time it started the process measures the cold start of an installed bundle from
outside (packaging/check_bundle.sh, benchmarks/bundle_start.py).
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow

START_CHECK_ENV = "COMPANION_START_CHECK"
START_CHECK_TIMEOUT_ENV = "COMPANION_START_CHECK_TIMEOUT"
PREFIX = "companion start check:"
POLL_MS = 50


def start_check_requested() -> bool:
    """True when the environment asks for a start check."""
    return os.environ.get(START_CHECK_ENV, "") not in ("", "0")


class StartCheck(QObject):
    """Watch ``window`` until its meetings are shown, then report and quit."""

    def __init__(self, window: MainWindow, app: QApplication) -> None:
        super().__init__(window)
        self._window = window
        self._app = app
        self._painted = False
        self._deadline = time.monotonic() + float(os.environ.get(START_CHECK_TIMEOUT_ENV, "120"))
        window.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._poll)
        self._timer.start(POLL_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Note the window's first paint."""
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            print(f"{PREFIX} window painted at {time.time():.6f}", flush=True)
        return False

    def _poll(self) -> None:
        chooser = getattr(self._window, "meeting_chooser", None)
        shown = chooser.count() if chooser is not None else 0
        meeting = chooser.current_meeting_id if chooser is not None else None
        if self._painted and shown and meeting:
            self._timer.stop()
            print(f"{PREFIX} {shown} meetings shown, meeting {meeting} open", flush=True)
            self._app.exit(0)
        elif time.monotonic() > self._deadline:
            self._timer.stop()
            print(f"{PREFIX} no meeting was shown in time ({shown} listed)", file=sys.stderr)
            self._app.exit(1)
