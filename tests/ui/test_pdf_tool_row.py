"""The PDF viewer's tool row in a narrow pane: the zoom tools fold into "More"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from companion.core import pdf_render
from companion.ui.pdf_view import PdfView
from companion.ui.tasks import TaskRunner
from tests.ui.test_pdf_view import make_numbered_pdf, open_and_wait


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait(10_000)
    pdf_render.release_documents()


def shown_tools(view: PdfView) -> list[QToolButton]:
    row = view._toolbar  # the viewer's tool row (a private part, inspected in tests)
    return [button for button in row.findChildren(QToolButton) if button.isVisible()]


def assert_every_tool_whole(view: PdfView) -> None:
    for button in shown_tools(view):
        whole = button.visibleRegion().boundingRect() == button.rect()
        inside = view.rect().contains(button.geometry().translated(view._toolbar.pos()))
        assert whole and inside, f"{button.toolTip() or button.text()} is cut"


def test_a_narrow_viewer_folds_the_zoom_tools_into_more(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    view = PdfView(runner)
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    open_and_wait(qtbot, view, make_numbered_pdf(tmp_path / "stand-in.pdf", 3))
    more = view._toolbar.more_button
    assert not more.isVisible(), "with room, every tool is in the row"
    assert view._zoom_in_action in [b.defaultAction() for b in shown_tools(view)]
    assert_every_tool_whole(view)

    narrow = view._toolbar.minimumSizeHint().width()
    assert narrow < 330, "a narrow pane still fits the row"
    view.resize(narrow, 500)
    qtbot.waitUntil(lambda: more.isVisible())
    assert view._zoom_in_action not in [b.defaultAction() for b in shown_tools(view)]
    menu = more.menu()
    assert menu is not None
    assert {view._zoom_in_action, view._zoom_out_action, view._fit_width_action} <= set(
        menu.actions()
    )
    assert_every_tool_whole(view)

    view.resize(700, 500)
    qtbot.waitUntil(lambda: not more.isVisible())
    assert_every_tool_whole(view)
