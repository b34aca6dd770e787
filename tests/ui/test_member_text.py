"""Core errors reach the window as sentences in its language."""

from __future__ import annotations

import errno
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.core.errors import describe_os_error
from companion.ui.i18n import install_translators
from companion.ui.messages import member_text
from companion.ui.tasks import TaskRunner


@pytest.fixture
def danish(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "da")
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)


def test_a_full_disk_reads_in_danish(danish: None) -> None:
    text = member_text(describe_os_error(OSError(errno.ENOSPC, "No space"), "/home/m/Noter.pdf"))
    assert text == (
        "Kunne ikke skrive til /home/m/Noter.pdf: disken er fuld. Frigør noget plads, og prøv igen."
    )


def test_a_background_failure_is_reported_in_danish(danish: None, qtbot: QtBot) -> None:
    runner = TaskRunner(max_workers=1)

    def fails() -> None:
        raise describe_os_error(OSError(errno.EROFS, "Read-only file system"), "/mnt/usb")

    with qtbot.waitSignal(runner.failed, timeout=5000) as signal:
        runner.run(fails)
    assert signal.args[0].startswith("Kunne ikke skrive til /mnt/usb: disken eller mappen er")
    runner.wait()
