"""The agenda tree's look comes from its palette, not from style-sheet rules.

A rule that applies to an item view makes each of its cells paint through the
style sheet (~2 ms a paint of the tree, twice an item switch), so no rule of the
window's sheet may apply to the tree; its ground, selected row and focus frame
must still look as the sheet drew them, in the normal and high-contrast palettes.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.ui.agenda_tree import AgendaTree
from companion.ui.main_window import MainWindow
from companion.ui.tasks import TaskRunner
from companion.ui.window_style import sidebar_colours, window_style
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window
from tests.ui.test_accessibility import high_contrast_palette
from tests.ui.test_high_contrast import ring_share


def selectors(sheet: str) -> list[str]:
    """Every selector of ``sheet``'s rules."""
    found = []
    for head in re.findall(r"([^{}]+)\{", sheet):
        found += [part.strip() for part in head.split(",") if part.strip()]
    return found


def applies_to_tree(selector: str) -> bool:
    """Whether ``selector`` (its last part) can match the agenda tree."""
    last = selector.split()[-1]
    kind = re.split(r"[:#\[]", last, maxsplit=1)[0]
    if "#" in last and not last.split("#", 1)[1].startswith("agendaTree"):
        return False  # another widget's name
    if kind.startswith("."):  # a class selector: that exact class only
        return kind[1:] == AgendaTree.__name__
    chain = {"", "*"}
    meta = AgendaTree.staticMetaObject
    while meta is not None:
        chain.add(meta.className())
        meta = meta.superClass()
    return kind in chain


def test_no_rule_of_the_window_sheet_applies_to_the_agenda_tree(qapp: QApplication) -> None:
    for palette in (qapp.palette(), high_contrast_palette()):
        rules = selectors(window_style(palette))
        assert len(rules) > 10
        assert [rule for rule in rules if applies_to_tree(rule)] == []
    assert applies_to_tree("QAbstractItemView:focus")  # the check itself can fail
    assert applies_to_tree("#agendaTree::item:selected")
    assert not applies_to_tree(".QTreeView:focus")


def check_look(qtbot: QtBot, window: MainWindow, palette: QPalette, tmp_path: Path) -> None:
    tree = window.agenda_tree
    sidebar, selected, _text = sidebar_colours(palette)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    qtbot.waitUntil(lambda: tree.current_item is not None, timeout=LOAD_TIMEOUT_MS)
    qtbot.waitUntil(  # a change of the application's palette reaches the tree as an event
        lambda: tree.palette().color(QPalette.ColorRole.Base).name() == sidebar.name(),
        timeout=LOAD_TIMEOUT_MS,
    )
    rect = tree.visualRect(tree.currentIndex())
    image = tree.viewport().grab().toImage()
    assert image.pixelColor(image.width() - 3, rect.center().y()).name() == selected.name()
    empty = tree.viewport().rect().bottomLeft() + QPoint(5, -5)
    assert image.pixelColor(empty).name() == sidebar.name()
    window.item_view.setFocus()
    qtbot.waitUntil(lambda: not tree.hasFocus())
    assert ring_share(tree, highlight) < 0.1, "no frame without the focus"
    assert ring_share(tree, sidebar) > 0.6, "the sidebar's ground where the frame goes"
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    window.grab().save(str(tmp_path / "agenda-focus.png"))
    assert ring_share(tree, highlight) > 0.6, "the focused tree is framed"


def test_the_tree_shows_the_sidebar_selection_and_focus_frame_in_both_palettes(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    check_look(qtbot, window, app.palette(), tmp_path)
    before = app.palette()
    try:
        contrast = high_contrast_palette()
        app.setPalette(contrast)  # the tree follows a palette change
        check_look(qtbot, window, contrast, tmp_path)
    finally:
        app.setPalette(before)
