"""The agenda tree model and view, on agendas built from the real TOCs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from companion.core.model import AgendaGroup, AgendaItem, Attachment, Meeting
from companion.ui.agenda_model import (
    ATTACHMENT_COLUMN,
    AgendaModel,
    IsGroupRole,
    ItemIdRole,
    SessionItemRole,
)
from companion.ui.agenda_tree import AgendaTree
from companion.ui.window_style import muted_text
from tests.ui.test_accessibility import high_contrast_palette

# KKR Midtjylland 05-02-2020, from its table of contents: groups 4 and 5 have no items.
KKR_2020_TOC = [
    ("1", "Godkendelse af referat", [
        ("1.1", "Godkendelse af referat fra møde i KKR Midtjylland den 8. november 2019")]),
    ("2", "Siden sidst", [("2.1", "Orientering")]),
    ("3", "Regionalpolitiske sager", [
        ("3.1", "Tværkommunale samarbejder om klima"),
        ("3.2", "Resultatkontrakt 2020 mellem KKR Midtjylland og Erhvervshus Midtjylland"),
        ("3.3", "Nær psykiatri efter Januarkonferencen")]),
    ("4", "Udpegninger", []),
    ("5", "KKR", []),
    ("6", "Punkter til næste møde", [
        ("6.1", "Foreløbig oversigt over sager til KKR Midtjyllands næste møde")]),
    ("7", "Eventuelt", [("7.1", "Eventuelt")]),
]  # fmt: skip

# KD-Net 24-01-2020: a flat agenda (the first points of its overview table).
KD_NET_POINTS = [
    ("1", "Godkendelse af dagsorden", 0),
    ("2", "Godkendelse af referatet fra mødet den 25. oktober 2019", 1),
    ("3", "Drøftelse med COK", 0),
    ("4", "Orientering fra arbejdsmarkedsområdet", 1),
]


def kkr_2020() -> Meeting:
    groups = [
        AgendaGroup(
            f"g{number}",
            number,
            title,
            [AgendaItem(f"i{n.replace('.', '-')}", n, t) for n, t in items],
        )
        for number, title, items in KKR_2020_TOC
    ]
    groups[2].items[1].attachments = [
        Attachment("a1", "Resultatkontrakt 2020"),
        Attachment("a2", "Bilag 2"),
    ]
    return Meeting("kkr-midtjylland-2020-02-05", "KKR Midtjylland", "Dagsorden",
                   start=datetime(2020, 2, 5, 10, 0), groups=groups)  # fmt: skip


def kd_net() -> Meeting:
    items = [
        AgendaItem(
            f"p{number}",
            number,
            title,
            attachments=[Attachment(f"p{number}-b1", "Bilag")] * count,
        )
        for number, title, count in KD_NET_POINTS
    ]
    return Meeting("kd-net-2020-01-24", "KD-Net Midtjylland", "Dagsorden",
                   groups=[AgendaGroup("flat", "", "", items)])  # fmt: skip


@pytest.mark.parametrize("make_meeting", [kkr_2020, kd_net], ids=["grouped", "flat"])
def test_model_passes_qtmodeltester(
    qapp: QApplication, qtmodeltester: ModelTester, make_meeting: Callable[[], Meeting]
) -> None:
    model = AgendaModel()
    model.set_meeting(make_meeting())
    qtmodeltester.check(model, force_py=True)
    model.set_meeting(None)  # the tester watches the reset too
    assert model.rowCount() == 0
    model.set_meeting(make_meeting())
    assert model.rowCount() > 0


def test_groups_are_bold_parents_and_empty_groups_grey(qapp: QApplication) -> None:
    model = AgendaModel()
    model.set_meeting(kkr_2020())
    assert model.rowCount() == 7
    third = model.index(2, 0)
    assert model.data(third) == "3 Regionalpolitiske sager"
    assert model.data(third, IsGroupRole) is True
    assert isinstance(model.data(third, Qt.ItemDataRole.FontRole), QFont)
    assert model.data(third, Qt.ItemDataRole.FontRole).bold()
    assert model.rowCount(third) == 3
    empty = model.index(3, 0)
    assert model.data(empty) == "4 Udpegninger"
    assert model.rowCount(empty) == 0
    grey = model.data(empty, Qt.ItemDataRole.ForegroundRole)
    palette = QGuiApplication.palette()
    assert isinstance(grey, QBrush) and grey.color() == muted_text(palette)
    assert grey.color() != palette.color(QPalette.ColorRole.Text), "set apart from the text"
    assert model.data(third, Qt.ItemDataRole.ForegroundRole) is None
    assert not model.flags(third) & Qt.ItemFlag.ItemIsSelectable


def test_item_rows_show_number_title_and_attachment_count(qapp: QApplication) -> None:
    model = AgendaModel()
    model.set_meeting(kkr_2020())
    group = model.index(2, 0)
    item = model.index(1, 0, group)
    assert model.data(item) == (
        "3.2 Resultatkontrakt 2020 mellem KKR Midtjylland og Erhvervshus Midtjylland"
    )
    assert model.data(item, ItemIdRole) == "i3-2"
    count = model.index(1, ATTACHMENT_COLUMN, group)
    # The agenda names two bilag; the package delivers neither: none to open, two missing.
    assert model.data(count) == "0/2"
    assert model.data(count, Qt.ItemDataRole.DecorationRole) is None
    assert model.data(count, Qt.ItemDataRole.ToolTipRole) == (
        "0 attachments in the package; 2 not provided"
    )
    assert model.data(model.index(0, ATTACHMENT_COLUMN, group)) == ""
    assert model.flags(item) & Qt.ItemFlag.ItemIsSelectable


def test_closed_item_is_marked(qapp: QApplication) -> None:
    meeting = kkr_2020()
    meeting.groups[6].items[0].public = False  # the marker, not content, is under test
    model = AgendaModel()
    model.set_meeting(meeting)
    closed = model.index(0, 0, model.index(6, 0))
    assert isinstance(model.data(closed, Qt.ItemDataRole.DecorationRole), QIcon)
    assert "Closed item" in model.data(closed, Qt.ItemDataRole.ToolTipRole)
    open_item = model.index(0, 0, model.index(5, 0))
    assert model.data(open_item, Qt.ItemDataRole.DecorationRole) is None


def test_flat_agenda_lists_items_at_top_level(qapp: QApplication) -> None:
    model = AgendaModel()
    model.set_meeting(kd_net())
    assert model.rowCount() == 4
    first = model.index(0, 0)
    assert model.data(first) == "1 Godkendelse af dagsorden"
    assert model.parent(first) == QModelIndex()
    assert model.rowCount(first) == 0
    assert model.index_of_item("p4") == model.index(3, 0)


def test_keyboard_moves_from_item_to_item_skipping_groups(qtbot: QtBot) -> None:
    tree = AgendaTree()
    qtbot.addWidget(tree)
    tree.resize(400, 600)
    tree.show()
    tree.set_meeting(kkr_2020())
    tree.setFocus()
    assert tree.select_item("i2-1")
    with qtbot.waitSignal(tree.item_selected) as moved:
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert moved.args[0].number == "3.1"  # skipped the "3 Regionalpolitiske sager" row
    tree.select_item("i6-1")
    qtbot.keyClick(tree, Qt.Key.Key_Up)
    assert tree.current_item is not None and tree.current_item.number == "3.3"  # over 5, 4
    qtbot.keyClick(tree, Qt.Key.Key_PageDown)
    assert tree.current_item is not None and tree.current_item.number == "7.1"
    qtbot.keyClick(tree, Qt.Key.Key_PageUp)
    assert tree.current_item is not None and tree.current_item.number == "1.1"


def test_step_goes_to_neighbours_and_stops_at_the_ends(qtbot: QtBot) -> None:
    tree = AgendaTree()
    qtbot.addWidget(tree)
    tree.set_meeting(kkr_2020())
    tree.step(1)
    assert tree.current_item is not None and tree.current_item.number == "1.1"
    tree.step(-1)
    assert tree.current_item.number == "1.1"
    for _ in range(20):
        tree.step(1)
    assert tree.current_item.number == "7.1"
    tree.step(-1)
    assert tree.current_item.number == "6.1"


def test_the_session_item_is_marked_and_moves(qtbot: QtBot) -> None:
    meeting = kkr_2020()
    model = AgendaModel()
    model.set_meeting(meeting)
    first, second = meeting.items[0], meeting.items[1]
    changed: list[str] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(model.item_at(top).id))
    model.set_session_item(first.id)
    index = model.index_of_item(first.id)
    assert model.data(index, SessionItemRole) is True
    assert isinstance(model.data(index, Qt.ItemDataRole.DecorationRole), QIcon)
    assert isinstance(model.data(index, Qt.ItemDataRole.BackgroundRole), QBrush)
    assert model.data(index, Qt.ItemDataRole.FontRole).bold()
    assert "on this item now" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    model.set_session_item(second.id)
    assert model.data(index, SessionItemRole) is False
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index_of_item(second.id), SessionItemRole) is True
    assert sorted(changed) == sorted([first.id, first.id, second.id]), "rows repainted"
    model.set_meeting(meeting)
    assert model.session_item_id is None, "another meeting (or a reload) starts without a mark"


def test_the_rows_tones_follow_a_palette_set_after_the_agenda_is_shown(qtbot: QtBot) -> None:
    """The rows keep their data in Qt's item model: a new palette recomputes their tones."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    tree = AgendaTree()
    qtbot.addWidget(tree)
    tree.set_meeting(kkr_2020())
    empty = tree.agenda_model.index(3, 0)  # an empty group: muted text
    light = tree.agenda_model.data(empty, Qt.ItemDataRole.ForegroundRole).color()
    contrast = high_contrast_palette()
    try:
        app.setPalette(contrast)
        qtbot.waitUntil(
            lambda: (
                tree.agenda_model.data(empty, Qt.ItemDataRole.ForegroundRole).color()
                == muted_text(contrast)
            )
        )
        assert muted_text(contrast) != light
    finally:
        app.setPalette(before)
    qtbot.waitUntil(
        lambda: tree.agenda_model.data(empty, Qt.ItemDataRole.ForegroundRole).color() == light
    )


def test_a_paint_of_the_tree_asks_no_python_code_for_its_cells(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cells are in Qt's item model: a repaint (as at every item switch) stays in C++."""
    tree = AgendaTree()
    qtbot.addWidget(tree)
    tree.resize(320, 500)
    tree.show()
    tree.set_meeting(kkr_2020())
    qtbot.waitExposed(tree)
    qtbot.wait(100)  # the view lays its rows out on a timer
    asked: list[int] = []
    original = tree.agenda_model._item_data

    def counting(item: AgendaItem, column: int, role: int) -> object:
        asked.append(role)
        return original(item, column, role)

    monkeypatch.setattr(tree.agenda_model, "_item_data", counting)
    tree.viewport().repaint()
    assert asked == []
    tree.agenda_model.set_stance(kkr_2020().items[0].id, "imod")  # a change: that row only
    assert 0 < len(asked) <= 3 * 14, "one row's three cells recomputed"
