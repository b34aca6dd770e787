"""Search in the window: Ctrl+K, results grouped by meeting, Enter opens the hit; the case trail.

Answers checked by hand in the agendas (resources/agendas = /work/shared/agendas):
- "praktikpladser" stands only in KKR 22-11-2016 item 3.6 "Ekstra SOSU-assistentelever i
  kommunerne" (lines 328-340: "praktikpladserne", "praktikpladser" twice in the text and
  once in the Indstilling).
- KKR 05-02-2020 item 3.2 (Resultatkontrakt) was KD-Net 24-01-2020 item 5 before.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from companion.core.library import Library
from companion.core.packing import pack_agenda
from companion.core.pdf_render import page_words
from companion.core.personal import PersonalStore, personal_db_path
from companion.core.resources import resources_dir
from companion.ui.item_view import FIND_HIT_COLOR
from companion.ui.pdf_search_marks import MARK_COLOR
from companion.ui.search.popup import HitRole
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window

AGENDAS = resources_dir() / "agendas"
KKR_2016 = "kkr-midtjylland-2016-11-22"
KKR_2020 = "kkr-midtjylland-2020-02-05"
KD_NET_2020 = "kd-net-midtjylland-2020-01-24"
#: STAND-IN attachment pages: real paragraphs of KD-Net 24-01-2020, item 8 (lines 191 and 231).
STAND_IN_PAGES = [
    "De ti udviklingsinitiativer udviklet i regi af alliancen om den nære psykiatri er "
    "forankret i forskelligt regi.",
    "Konkret har initiativet om Fælles forpligtende forløb og handleplan (initiativ 1) "
    "henvendt sig til styregruppen for alliancen om den nære psykiatri ift. samfinansiering "
    "af 300.000 kr. til en halv projektlederstilling til selve afprøvningen i en kommune "
    "fra februar 2020.",
]


def _search(qtbot: object, window: object, text: str) -> None:
    """Ctrl+K, type ``text``, wait for the answer."""
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    popup = window.search.popup  # type: ignore[attr-defined]
    assert popup.isVisible()
    with qtbot.waitSignal(window.search.searcher.answered, timeout=LOAD_TIMEOUT_MS):  # type: ignore[attr-defined]
        qtbot.keyClicks(popup.field, text)  # type: ignore[attr-defined]


def _search_colors(view: object) -> list[tuple[str, QColor]]:
    """The text under each extra selection of the item view, with its background."""
    return [
        (selection.cursor.selectedText(), selection.format.background().color())
        for selection in view.extraSelections()  # type: ignore[attr-defined]
    ]


def test_ctrl_k_enter_opens_the_item_with_every_hit_marked(
    qtbot: object, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    _search(qtbot, window, "praktikpladser")
    popup = window.search.popup
    hits = [row.data(HitRole) for row in popup.hit_rows]
    assert [(hit.meeting_id, hit.item_number) for hit in hits] == [(KKR_2016, "3.6")]
    assert popup.model.index(0, 0).data() == "KKR Midtjylland \u00b7 22. november 2016"
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.search.spans), timeout=LOAD_TIMEOUT_MS)
    assert not popup.isVisible()
    assert window.item_view.item.number == "3.6"
    marked = [(text, color) for text, color in _search_colors(window.item_view)]
    words = [text.lower() for text, color in marked if color == FIND_HIT_COLOR]
    # The view shows the Indstilling first; the four forms stand in the item as checked.
    assert sorted(words) == ["praktikpladser"] * 3 + ["praktikpladserne"]
    # F3 steps to the next hit, Shift+F3 back, wrapping around.
    first = window.search.spans[0]
    assert window.item_view.textCursor().selectionStart() == first[0]  # the first, shown
    qtbot.keyClick(window, Qt.Key.Key_F3)
    start = window.item_view.textCursor().selectionStart()
    assert start == window.search.spans[1][0]
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.item_view.textCursor().selectionStart() == window.search.spans[-1][0]


def test_no_results_and_unreadable_query_say_so(
    qtbot: object, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = window.search.popup
    assert "items, attachments, my notes" in popup.status.text()
    _search(qtbot, window, "xylofonorkester")
    assert popup.status.text().startswith('No results for "xylofonorkester" in items')
    assert popup.hit_rows == []
    popup.field.clear()
    with qtbot.waitSignal(window.search.searcher.failed, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClicks(popup.field, '"nær psykiatri')
    assert "quot" in popup.status.text().lower() or "\u201c" in popup.status.text()


def stand_in_pdf(path: Path, pages: list[str]) -> Path:
    """A STAND-IN attachment PDF: one real agenda paragraph per page."""
    document = pymupdf.open()
    for text in pages:
        page = document.new_page()
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontsize=11)
    document.save(path)
    document.close()
    return path


@pytest.fixture
def bilag_data_dir(tmp_path: Path, data_dir: Path) -> Path:
    """KKR 05-02-2020 with a STAND-IN bilag 1 of item 3.3 (two pages)."""
    bilag = stand_in_pdf(tmp_path / "3.3-1.pdf", STAND_IN_PAGES)
    packed = pack_agenda(AGENDAS / f"{KKR_2020}.txt", [bilag], tmp_path / "kkr.zip")
    with Library(data_dir) as library:
        library.import_path(packed.path)
    return data_dir


def test_a_hit_in_an_attachment_opens_it_at_its_page(
    qtbot: object, runner: TaskRunner, bilag_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, bilag_data_dir, config_dir, seed=False)
    # The window indexes the bilag in the background when it starts.
    qtbot.waitSignal(window.search.searcher.index_finished, timeout=60_000).wait()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = window.search.popup
    popup.kind_boxes["item"].setChecked(False)
    with qtbot.waitSignal(window.search.searcher.answered, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClicks(popup.field, "projektlederstilling")
    hits = [row.data(HitRole) for row in popup.hit_rows]
    assert [(hit.kind, hit.item_number, hit.page) for hit in hits] == [("attachment", "3.3", 2)]
    pane = window.attachment_pane
    qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: pane.shown_key == hits[0].attachment_id and pane.pdf_view.page_count == 2,
        timeout=LOAD_TIMEOUT_MS,
    )
    qtbot.waitUntil(lambda: pane.pdf_view.current_page == 1, timeout=LOAD_TIMEOUT_MS)
    assert window.item_view.item.number == "3.3"
    # The word is marked on its page: the box over it is the word "projektlederstilling".
    marks = pane.pdf_view.search_marks
    (hit_boxes,) = marks.hits_on(1)
    words = page_words(pane.pdf_view.document_path, 1)
    boxed = [word[4] for word in words if (word[0], word[1], word[2], word[3]) in hit_boxes]
    assert boxed == ["projektlederstilling"]
    assert marks.hits_on(0) == [] and marks.current == (1, 0)
    # F3 steps through the attachment's hits (one here: it stays on it) and says so.
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert marks.current == (1, 0) and pane.pdf_view.current_page == 1
    # Painted over the page, in the mark's colour (polled: the page renders in the background).
    qtbot.waitUntil(lambda: _marked(pane.pdf_view, 1, hit_boxes[0]), timeout=LOAD_TIMEOUT_MS)


def test_the_trail_lists_kd_net_and_a_click_goes_there(
    qtbot: object, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    window.search.go_to(KKR_2020, "")
    qtbot.waitUntil(lambda: window._loaded.meeting.id == KKR_2020, timeout=LOAD_TIMEOUT_MS)
    item = next(i for i in window._loaded.meeting.items if i.number == "3.2")
    window.agenda_tree.select_item(item.id)
    panel = window.search.trail_panel
    qtbot.waitUntil(lambda: bool(panel.shown), timeout=LOAD_TIMEOUT_MS)
    assert (KD_NET_2020, "5", "earlier") in [
        (link.meeting_id, link.item_number, link.direction) for link in panel.shown
    ]
    assert "KD-Net Midtjylland, 24. januar 2020" in panel.links.text()
    assert panel.isVisible()
    index = next(i for i, link in enumerate(panel.shown) if link.meeting_id == KD_NET_2020)
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):
        panel.links.linkActivated.emit(str(index))
    qtbot.waitUntil(
        lambda: window.item_view.item is not None and window.item_view.item.number == "5",
        timeout=LOAD_TIMEOUT_MS,
    )
    assert window._loaded.meeting.id == KD_NET_2020


def test_the_trail_shows_the_decision_recorded_there(
    qtbot: object, runner: TaskRunner, sample_data_dir: Path, config_dir: Path
) -> None:
    # What KD-Net did with point 5, as KKR 2020 3.2 tells it (line 166: "Endelig har KD-Net
    # på møde den 24. januar 2020 drøftet udkast til resultatkontrakt"), recorded by the
    # chair in session mode.
    decided = "Drøftet udkast til resultatkontrakt 2020 med Erhvervshus Midtjylland."
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    window.search.go_to(KD_NET_2020, "")
    qtbot.waitUntil(lambda: window._loaded.meeting.id == KD_NET_2020, timeout=LOAD_TIMEOUT_MS)
    point_5 = next(i for i in window._loaded.meeting.items if i.number == "5")
    with PersonalStore(personal_db_path(sample_data_dir)) as store:
        store.set_decision(KD_NET_2020, point_5.id, decided)
    window.search.go_to(KKR_2020, "")
    qtbot.waitUntil(lambda: window._loaded.meeting.id == KKR_2020, timeout=LOAD_TIMEOUT_MS)
    item = next(i for i in window._loaded.meeting.items if i.number == "3.2")
    window.agenda_tree.select_item(item.id)
    panel = window.search.trail_panel
    qtbot.waitUntil(lambda: bool(panel.shown), timeout=LOAD_TIMEOUT_MS)
    link = next(link for link in panel.shown if link.meeting_id == KD_NET_2020)
    assert link.decision == decided
    assert f"Decision: {decided}" in panel.links.text()


def _marked(view: object, page: int, box: tuple[float, float, float, float]) -> bool:
    """True when the middle row of ``box`` (a word on ``page``, in points) is the mark's fill.

    The box is a few pixels high at a fit-width zoom and outlined (the current
    hit): its middle row is read pixel by pixel, inside the outline.
    """
    canvas = view._canvas  # type: ignore[attr-defined]  # the scrolled page area (private)
    target = canvas.page_rect_in_viewport(page)
    scale = target.width() / canvas.sizes[page][0]
    image = canvas.viewport().grab().toImage()
    x0, y0, x1, y1 = (round(value * scale) for value in box)
    middle = target.top() + (y0 + y1) // 2
    return all(
        _close(image.pixelColor(target.left() + x, middle), MARK_COLOR)
        for x in range(x0 + 3, x1 - 3)
    )


def _close(seen: QColor, mark: QColor) -> bool:
    """A pixel of a translucent ``mark`` over grey: white paper or the print of the word.

    The grey under it is worked out from the pixel itself (each channel is
    grey * (1 - alpha) + mark * alpha), then every channel must agree with it.
    """
    alpha = mark.alphaF()
    channels = seen.getRgb()[:3]
    marked = [value * alpha for value in mark.getRgb()[:3]]
    grey = sum(c - m for c, m in zip(channels, marked, strict=True)) / 3 / (1 - alpha)
    expected = [grey * (1 - alpha) + m for m in marked]
    return all(abs(c - e) <= 6 for c, e in zip(channels, expected, strict=True))
