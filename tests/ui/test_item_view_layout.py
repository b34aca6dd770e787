"""Showing an item lays its text out once, already in its centred column."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from companion.core.library import Library
from companion.ui.item_view import MIN_SIDE_MARGIN, READABLE_WIDTH, ItemView

MEETING_2015 = "kkr-midtjylland-2015-04-20"


def test_an_item_is_laid_out_once_in_its_column(qtbot: QtBot, sample_data_dir: Path) -> None:
    with Library(sample_data_dir) as library:
        meeting = library.meeting(MEETING_2015)
    view = ItemView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.show_item(meeting.items[0], meeting)
    changes: list[tuple[int, int, int]] = []
    view.document().contentsChange.connect(lambda *change: changes.append(change))

    view.show_item(meeting.items[1], meeting)

    # Each change that adds text makes the layout lay it out: the html and the
    # column's margins are one (they were two: the whole text laid out twice).
    laid_out = [change for change in changes if change[2] > 0]
    assert len(laid_out) == 1, changes
    side = max(MIN_SIDE_MARGIN, (view.viewport().width() - READABLE_WIDTH) // 2)
    column = view.document().rootFrame().frameFormat()
    assert (column.leftMargin(), column.rightMargin()) == (side, side)
    assert (column.topMargin(), column.bottomMargin()) == (24, 32)
    assert view.document().toPlainText().count(meeting.items[1].title) >= 1
