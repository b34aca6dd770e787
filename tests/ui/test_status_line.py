"""The status bar: a long bilag title never runs into the meeting's facts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFrame
from pytestqt.qtbot import QtBot

from companion.ui.tasks import TaskRunner
from tests.ui.conftest import open_window

#: A real bilag title of KKR Midtjylland's agenda of 05-02-2020 (item 3.3), long as they come.
LONG_TITLE = (
    "Agenda, side 4: Nær psykiatri efter Januarkonferencen - Notat om det videre arbejde med "
    "den nære psykiatri i de midtjyske kommuner og regionen, herunder tidsplan og inddragelse"
)


def test_a_long_message_is_elided_before_the_separator_with_its_full_text_as_tooltip(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir, seed=False)
    window.resize(1000, 600)
    status = window.statusBar()
    status.showMessage(LONG_TITLE)
    qtbot.waitUntil(lambda: status.currentMessage() == LONG_TITLE)
    separator = status.findChild(QFrame, "statusSeparator")
    assert separator is not None and separator.isVisible()
    shown = status.elided_message()
    assert shown.endswith("\u2026") and shown != LONG_TITLE
    drawn = status.message_rect()
    assert drawn.right() < separator.x() < window.meeting_label.x(), "a gap, a line, the facts"
    assert status.fontMetrics().horizontalAdvance(shown) <= drawn.width()
    assert status.toolTip() == LONG_TITLE


def test_the_meeting_facts_are_elided_with_their_full_text_as_tooltip(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir, seed=False)
    facts = window.meeting_label.full_text()
    assert "Silkeborg" in facts
    window.meeting_label.resize(120, window.meeting_label.height())
    assert window.meeting_label.text().endswith("\u2026")
    assert window.meeting_label.toolTip() == facts
    assert window.meeting_label.accessibleName() == facts
