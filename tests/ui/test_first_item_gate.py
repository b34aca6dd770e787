"""The first-item gate: work held until the item view paints an item, dropped on close."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from companion.core.model import AgendaItem, Meeting
from companion.core.package import read_package
from companion.core.samples import sample_packages
from companion.ui.first_item import FirstItemGate
from companion.ui.item_view import ItemView


def _meeting_and_item() -> tuple[Meeting, AgendaItem]:
    """A real sample meeting and its first item."""
    with read_package(sample_packages()[0]) as package:
        return package.meeting, package.meeting.items[0]


def _held_gate(qtbot: QtBot) -> tuple[ItemView, FirstItemGate, list[str]]:
    """An item view, its held gate with one piece of work given, and what ran."""
    view = ItemView()
    qtbot.addWidget(view)
    gate = FirstItemGate(view, held=True)
    ran: list[str] = []
    gate.after_item(lambda: ran.append("held"))
    return view, gate, ran


def test_held_work_runs_once_an_item_is_painted(qtbot: QtBot) -> None:
    view, gate, ran = _held_gate(qtbot)
    view.show()
    qtbot.wait(50)
    assert ran == [] and not gate.is_open  # a message painted, not an item
    meeting, item = _meeting_and_item()
    view.show_item(item, meeting)
    qtbot.waitUntil(lambda: ran == ["held"], timeout=2_000)
    assert gate.is_open
    gate.after_item(lambda: ran.append("later"))  # open: at once
    assert ran == ["held", "later"]


def test_dropped_work_never_runs(qtbot: QtBot) -> None:
    view, gate, ran = _held_gate(qtbot)
    gate.drop()  # the window closed before its item
    gate.after_item(lambda: ran.append("after the drop"))
    meeting, item = _meeting_and_item()
    view.show()
    view.show_item(item, meeting)
    qtbot.wait(200)
    assert ran == []
