"""The Qt binding itself: PySide6 6.12.0 miscounted references to None and True on
Python 3.11 and aborted the app after a few thousand calls. pyproject excludes it;
this test catches any other build with the same fault."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal()


def test_qt_calls_keep_the_reference_counts_of_none_and_true(qtbot: QtBot) -> None:
    timer = QTimer()
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        timer.setInterval(5)
        emitter.fired.emit()
    # Other threads may hold a few extra references for a moment; a leak would be ~500.
    assert abs(sys.getrefcount(None) - none_before) < 50
    assert abs(sys.getrefcount(True) - true_before) < 50
