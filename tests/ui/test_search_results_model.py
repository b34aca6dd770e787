"""The search results as a model and a view: checked by qtmodeltester, no widget per row.

The hits are real: a search of the four sample meetings for "kommunerne". For the
"thousands of results" test they are repeated (a STAND-IN list: the same real hits
under made-up meeting ids, numbered), as a search of ten years of meetings would
return them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.search.index import Hit, SearchFilters, SearchIndex
from companion.core.search.query import parse_query
from companion.ui.search.popup import SearchPopup
from companion.ui.search.results_model import HitRole, HtmlRole, ResultsModel
from companion.ui.search.searcher import Answer, Searcher
from companion.ui.tasks import TaskRunner


@pytest.fixture(scope="module")
def sample_hits(tmp_path_factory: pytest.TempPathFactory) -> list[Hit]:
    folder = tmp_path_factory.mktemp("data")
    with Library(folder) as library, SearchIndex(folder) as index:
        for package in sample_packages():
            library.import_path(package)
        index.refresh_items(library)
        return index.search(parse_query("kommunerne"), SearchFilters(), limit=500)


@pytest.fixture
def popup(qtbot: object, tmp_path: Path) -> Iterator[SearchPopup]:
    runner = TaskRunner(max_workers=1)
    searcher = Searcher(lambda: Library(tmp_path / "data"), runner)
    window = SearchPopup(searcher)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    yield window
    runner.wait()


def many(hits: list[Hit], count: int) -> list[Hit]:
    """STAND-IN: ``count`` hits, the real ones repeated under numbered meetings."""
    out = []
    for number in range(count):
        hit = hits[number % len(hits)]
        start = hit.meeting_start - timedelta(days=number // 10) if hit.meeting_start else None
        out.append(
            dataclasses.replace(hit, meeting_id=f"stand-in-{number // 10}", meeting_start=start)
        )
    return out


def test_the_model_passes_qtmodeltester(qtmodeltester: object, sample_hits: list[Hit]) -> None:
    assert len(sample_hits) > 10  # "kommunerne" is in items of every sample meeting
    model = ResultsModel()
    model.set_hits(sample_hits)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    headings = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert headings[0] == "KKR Midtjylland \u00b7 5. februar 2020"  # newest meeting first
    first = model.hit_indexes()[0]
    assert first.data(HitRole).meeting_id == "kkr-midtjylland-2020-02-05"
    assert "<b" in first.data(HtmlRole)  # the snippet's hits marked
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    model.clear()
    assert model.rowCount() == 0


def test_thousands_of_hits_build_no_widgets(
    qtbot: object, popup: SearchPopup, sample_hits: list[Hit]
) -> None:
    hits = many(sample_hits, 3000)
    popup.show()
    popup.field.blockSignals(True)  # the answer is given here, not searched for
    popup.field.setText("kommunerne")
    popup.field.blockSignals(False)
    popup._show_answer(Answer("kommunerne", SearchFilters(), hits))  # noqa: SLF001
    assert len(popup.hit_rows) == 3000
    assert popup.status.text() == "3000 results"
    # One label per hit was the QTreeWidget's way: none now, the delegate paints.
    assert popup.results.findChildren(QLabel) == []
    current = popup.results.currentIndex()
    assert current == popup.hit_rows[0] and current.data(HitRole) in hits
    # Rows are as high as their wrapped text: a hit's row is taller than a heading's.
    heading_height = popup.results.visualRect(popup.model.index(0, 0)).height()
    assert popup.results.visualRect(current).height() > heading_height
    # Down moves to the next hit; Enter chooses it.
    qtbot.keyClick(popup.field, Qt.Key.Key_Down)  # type: ignore[attr-defined]
    assert popup.results.currentIndex().data(HitRole) is popup.hit_rows[1].data(HitRole)
    with qtbot.waitSignal(popup.hit_chosen) as chosen:  # type: ignore[attr-defined]
        qtbot.keyClick(popup.field, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert chosen.args[0] is popup.hit_rows[1].data(HitRole)
