"""Highlights and point notes on PDF pages: real PDF, real personal.db, real widgets."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from companion.core import pdf_render
from companion.core.anchoring import Word, line_quads
from companion.core.personal import PersonalStore, personal_db_path
from companion.core.resources import resources_dir
from companion.ui.pdf_marks import NOTE_MARKER_COLOR, AnnotationContext, highlight_color
from companion.ui.pdf_view import HIGHLIGHT_TOOL, NOTE_TOOL, PdfView
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import MEETING_2016_ID, open_window, real_meeting_2016

WAIT_MS = 10_000
MEETING_ID = "kkr-midtjylland-2016-11-22"
ITEM_ID = "kkr-midtjylland-2016-11-22-orientering"
AGENDA_2016 = resources_dir() / "agendas" / "kkr-midtjylland-2016-11-22.txt"
NOTE_TEXT = "Spørg til tidsplanen for rammeaftalen"

# The offscreen platform warns about every shown top-level window (the tooltip too).
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def agenda_paragraphs() -> list[str]:
    """The real 2016 agenda's prose paragraphs (no table rows), in order."""
    lines = AGENDA_2016.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if len(line) > 60 and not line.startswith("|")]


@pytest.fixture(scope="module")
def agenda_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three A4 pages of the real agenda's text (made with PyMuPDF)."""
    paragraphs = agenda_paragraphs()
    document = pymupdf.open()
    for chunk in range(3):
        page = document.new_page(width=595, height=842)
        text = "\n\n".join(paragraphs[chunk * 6 : chunk * 6 + 6])
        page.insert_textbox(pymupdf.Rect(60, 60, 535, 800), text, fontsize=11)
    path = tmp_path_factory.mktemp("pdf") / "dagsorden-2016.pdf"
    document.save(path)
    document.close()
    return path


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait(WAIT_MS)
    pdf_render.release_documents()


@pytest.fixture
def personal_db(tmp_path: Path) -> Path:
    return tmp_path / "personal.db"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_view(qtbot: QtBot, runner: TaskRunner, personal_db: Path, pdf: Path) -> PdfView:
    view = PdfView(runner)
    qtbot.addWidget(view)
    view.resize(520, 720)
    view.show()
    qtbot.waitExposed(view)
    context = AnnotationContext(
        open_personal=lambda: PersonalStore(personal_db),
        meeting_id=MEETING_ID,
        item_id=ITEM_ID,
        file_sha256=sha256_of(pdf),
    )
    view.set_annotation_context(context)
    return view


def open_on_page(qtbot: QtBot, view: PdfView, pdf: Path, page: int) -> None:
    """Open ``pdf`` and wait until its saved marks and ``page``'s words are there."""
    with qtbot.waitSignals([view.first_page_shown, view.annotations_loaded], timeout=WAIT_MS):
        view.open_document(pdf, page)
    view.go_to_page(page)
    qtbot.waitUntil(lambda: view.has_words(page), timeout=WAIT_MS)


def centre(word: Word) -> QPointF:
    return QPointF((word[0] + word[2]) / 2, (word[1] + word[3]) / 2)


def to_viewport(view: PdfView, page: int, point: QPointF) -> QPoint:
    """A point on ``page`` (in PDF points) in the page canvas' viewport."""
    rect = view._canvas.page_rect_in_viewport(page)
    scale = rect.width() / view._canvas.sizes[page][0]
    return QPoint(round(rect.left() + point.x() * scale), round(rect.top() + point.y() * scale))


def click_with_note_tool(qtbot: QtBot, view: PdfView, page: int, point: QPointF) -> None:
    """Click ``point`` of ``page`` with the note tool (the note editor opens there)."""
    view.set_tool(NOTE_TOOL)
    qtbot.mouseClick(
        view._canvas.viewport(), Qt.MouseButton.LeftButton, pos=to_viewport(view, page, point)
    )


def page_grab(view: PdfView, page: int) -> QImage:
    """The pixels of ``page``'s visible part, as painted now."""
    viewport = view._canvas.viewport()
    area = view._canvas.page_rect_in_viewport(page).intersected(viewport.rect())
    assert not area.isEmpty(), f"page {page} is not visible"
    return viewport.grab(area).toImage()


def over_white(color: QColor) -> QColor:
    """``color`` (semi-transparent) as it shows on white paper."""
    alpha = color.alphaF()
    channels = [round(value * alpha + 255 * (1 - alpha)) for value in color.getRgb()[:3]]
    return QColor(*channels)


def count_pixels(image: QImage, color: QColor, tolerance: int = 3) -> int:
    wanted = color.getRgb()[:3]
    count = 0
    for y in range(0, image.height()):
        for x in range(0, image.width()):
            found = image.pixelColor(x, y).getRgb()[:3]
            if all(abs(a - b) <= tolerance for a, b in zip(found, wanted, strict=True)):
                count += 1
    return count


def first_line_words(pdf: Path, page: int) -> list[Word]:
    words = pdf_render.page_words(pdf, page)
    first_line = [word for word in words if (word[5], word[6]) == (words[0][5], words[0][6])]
    assert len(first_line) >= 6, "the test needs a line of at least six words"
    return words


def test_highlighting_words_on_page_2_stores_quote_and_quads_and_draws_them(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, agenda_pdf: Path
) -> None:
    view = make_view(qtbot, runner, personal_db, agenda_pdf)
    open_on_page(qtbot, view, agenda_pdf, 1)
    words = first_line_words(agenda_pdf, 1)

    with qtbot.waitSignal(view.annotation_saved, timeout=WAIT_MS) as saved:
        assert view.highlight_between(1, centre(words[1]), centre(words[4]), color="yellow")

    with PersonalStore(personal_db) as store:
        [annotation] = store.annotations(MEETING_ID)
    assert annotation.id == saved.args[0]
    assert annotation.target == "attachment"
    assert annotation.item_id == ITEM_ID
    assert annotation.file_sha256 == sha256_of(agenda_pdf)
    assert annotation.anchor["page"] == 1
    assert annotation.anchor["exact"] == " ".join(word[4] for word in words[1:5])
    assert annotation.anchor["prefix"].endswith(words[0][4])
    expected_quads = [list(quad) for quad in line_quads(words[1:5])]
    assert annotation.anchor["quads"] == expected_quads

    yellow = over_white(highlight_color("yellow"))
    at_fit_width = count_pixels(page_grab(view, 1), yellow)
    assert at_fit_width > 100
    view.set_zoom(view.zoom * 2)
    view.go_to_page(1)
    qtbot.waitUntil(lambda: view._canvas.is_sharp(1), timeout=WAIT_MS)  # not the stretched one
    at_double_zoom = count_pixels(page_grab(view, 1), yellow)
    assert at_double_zoom > 3 * at_fit_width  # the quads scale with the zoom (area x4)


def test_a_drag_with_the_highlight_tool_highlights_the_words_under_it(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, agenda_pdf: Path
) -> None:
    view = make_view(qtbot, runner, personal_db, agenda_pdf)
    open_on_page(qtbot, view, agenda_pdf, 1)
    words = first_line_words(agenda_pdf, 1)
    viewport = view._canvas.viewport()
    start, end = to_viewport(view, 1, centre(words[0])), to_viewport(view, 1, centre(words[2]))

    view.set_tool(HIGHLIGHT_TOOL)
    with qtbot.waitSignal(view.annotation_saved, timeout=WAIT_MS):
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(viewport, end)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)

    with PersonalStore(personal_db) as store:
        [annotation] = store.annotations(MEETING_ID)
    assert annotation.anchor["exact"] == " ".join(word[4] for word in words[0:3])


def test_without_the_tool_a_drag_highlights_nothing(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, agenda_pdf: Path
) -> None:
    view = make_view(qtbot, runner, personal_db, agenda_pdf)
    open_on_page(qtbot, view, agenda_pdf, 1)
    words = first_line_words(agenda_pdf, 1)
    viewport = view._canvas.viewport()
    start, end = to_viewport(view, 1, centre(words[0])), to_viewport(view, 1, centre(words[2]))

    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    runner.wait(WAIT_MS)

    with PersonalStore(personal_db) as store:
        assert store.annotations(MEETING_ID) == []


def test_a_point_note_is_saved_drawn_and_shown_on_hover(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, agenda_pdf: Path
) -> None:
    view = make_view(qtbot, runner, personal_db, agenda_pdf)
    open_on_page(qtbot, view, agenda_pdf, 1)
    point = QPointF(300, 120)

    click_with_note_tool(qtbot, view, 1, point)
    assert view.note_editor.isVisible()
    view.note_editor.text.setPlainText(NOTE_TEXT)
    with qtbot.waitSignal(view.annotation_saved, timeout=WAIT_MS):
        view.note_editor.save_button.click()

    with PersonalStore(personal_db) as store:
        [annotation] = store.annotations(MEETING_ID)
    assert annotation.note == NOTE_TEXT
    assert annotation.anchor["page"] == 1
    assert annotation.anchor["point"] == pytest.approx([point.x(), point.y()], abs=2)
    assert annotation.anchor["exact"]  # the nearest word, to find it again in a revision
    assert count_pixels(page_grab(view, 1), NOTE_MARKER_COLOR, tolerance=0) > 50
    marker = to_viewport(view, 1, point)
    assert view.note_at(marker) == NOTE_TEXT
    assert view.note_at(marker + QPoint(60, 60)) is None
    viewport = view._canvas.viewport()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, marker, viewport.mapToGlobal(marker))
    )
    assert QToolTip.text() == NOTE_TEXT
    QToolTip.hideText()


def test_reopened_document_draws_the_saved_highlight_and_note(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, agenda_pdf: Path
) -> None:
    view = make_view(qtbot, runner, personal_db, agenda_pdf)
    open_on_page(qtbot, view, agenda_pdf, 1)
    words = first_line_words(agenda_pdf, 1)
    with qtbot.waitSignals([view.annotation_saved, view.annotation_saved], timeout=WAIT_MS):
        view.highlight_between(1, centre(words[0]), centre(words[3]), color="green")
        view.add_note_at(1, QPointF(400, 300), NOTE_TEXT)
    runner.wait(WAIT_MS)
    view.close_document()
    assert count_pixels(view._canvas.viewport().grab().toImage(), NOTE_MARKER_COLOR, 0) == 0

    reopened = make_view(qtbot, runner, personal_db, agenda_pdf)
    with qtbot.waitSignal(reopened.annotations_loaded, timeout=WAIT_MS) as loaded:
        reopened.open_document(agenda_pdf, 1)
    qtbot.waitUntil(lambda: reopened.page_count == 3, timeout=WAIT_MS)
    reopened.go_to_page(1)

    assert loaded.args == [2]
    grab = page_grab(reopened, 1)
    assert count_pixels(grab, over_white(highlight_color("green"))) > 100
    assert count_pixels(grab, NOTE_MARKER_COLOR, tolerance=0) > 50
    assert reopened.note_at(to_viewport(reopened, 1, QPointF(400, 300))) == NOTE_TEXT


def test_marks_of_another_file_are_not_drawn(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, agenda_pdf: Path
) -> None:
    with PersonalStore(personal_db) as store:
        other = "0" * 64
        quads = [[60, 60, 500, 60, 60, 80, 500, 80]]
        anchor = {"type": "pdf", "file_sha256": other, "page": 1, "exact": "KL", "quads": quads}
        store.add_annotation(MEETING_ID, ITEM_ID, "attachment", anchor, file_sha256=other)
    view = make_view(qtbot, runner, personal_db, agenda_pdf)

    with qtbot.waitSignal(view.annotations_loaded, timeout=WAIT_MS) as loaded:
        view.open_document(agenda_pdf, 1)

    assert loaded.args == [0]


def test_the_window_lets_the_member_highlight_the_agenda_pdf_at_the_item_shown(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    item = real_meeting_2016().items[1]  # 2.1: no bilag provided, the agenda PDF is shown
    window = open_window(qtbot, runner, attachment_data_dir, config_dir)
    view = window.attachment_pane.pdf_view
    assert window.agenda_tree.select_item(item.id)
    qtbot.waitUntil(lambda: view.page_count > 1 and view.current_page == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.has_words(1), timeout=WAIT_MS)
    assert view.document_path is not None
    words = pdf_render.page_words(view.document_path, 1)

    with qtbot.waitSignal(view.annotation_saved, timeout=WAIT_MS):
        assert view.highlight_between(1, centre(words[0]), centre(words[1]))

    with PersonalStore(personal_db_path(attachment_data_dir)) as store:
        [annotation] = store.annotations(MEETING_2016_ID)
    assert (annotation.item_id, annotation.file_sha256) == (item.id, sha256_of(view.document_path))
    assert annotation.anchor["exact"] == f"{words[0][4]} {words[1][4]}"


def test_the_colour_menu_sets_the_colour_of_new_highlights(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, agenda_pdf: Path
) -> None:
    view = make_view(qtbot, runner, personal_db, agenda_pdf)
    [green] = [action for action in view._color_menu.actions() if action.text() == "Green"]

    green.trigger()

    assert view.highlight_color_name == "green"
    with pytest.raises(ValueError, match="unknown highlight colour 'purple'"):
        view.set_highlight_color("purple")


def test_a_note_being_typed_when_another_file_opens_is_saved_on_its_own_file(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, agenda_pdf: Path, tmp_path: Path
) -> None:
    view = make_view(qtbot, runner, personal_db, agenda_pdf)
    open_on_page(qtbot, view, agenda_pdf, 1)
    click_with_note_tool(qtbot, view, 1, QPointF(300, 120))
    view.note_editor.text.setPlainText(NOTE_TEXT)
    other = tmp_path / "bilag.pdf"  # a stand-in attachment: one blank page
    document = pymupdf.open()
    document.new_page(width=595, height=842)
    document.save(other)
    document.close()

    # The attachment pane says which file comes, then opens it (no Save pressed).
    with qtbot.waitSignal(view.annotation_saved, timeout=WAIT_MS):
        view.set_annotation_context(
            AnnotationContext(
                open_personal=lambda: PersonalStore(personal_db),
                meeting_id=MEETING_ID,
                item_id=ITEM_ID,
                file_sha256=sha256_of(other),
            )
        )
        view.open_document(other)
    qtbot.waitUntil(lambda: view.first_page_painted, timeout=WAIT_MS)

    assert view.note_editor.isHidden(), "the editor does not stay over the new file"
    with PersonalStore(personal_db) as store:
        [annotation] = store.annotations(MEETING_ID)
    assert annotation.note == NOTE_TEXT
    assert annotation.anchor["file_sha256"] == sha256_of(agenda_pdf)
    assert annotation.anchor["page"] == 1


def test_a_note_being_typed_when_the_file_closes_is_saved(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, agenda_pdf: Path
) -> None:
    view = make_view(qtbot, runner, personal_db, agenda_pdf)
    open_on_page(qtbot, view, agenda_pdf, 0)
    view.note_editor.open_at(0, QPointF(200, 200), to_viewport(view, 0, QPointF(200, 200)))
    view.note_editor.text.setPlainText(NOTE_TEXT)

    with qtbot.waitSignal(view.annotation_saved, timeout=WAIT_MS):
        view.close_document()

    assert view.note_editor.isHidden()
    with PersonalStore(personal_db) as store:
        [annotation] = store.annotations(MEETING_ID)
    assert annotation.note == NOTE_TEXT


def test_a_note_being_typed_when_the_window_closes_is_saved(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    item = real_meeting_2016().items[1]  # 2.1: the agenda PDF is shown
    window = open_window(qtbot, runner, attachment_data_dir, config_dir)
    view = window.attachment_pane.pdf_view
    assert window.agenda_tree.select_item(item.id)
    qtbot.waitUntil(lambda: view.page_count > 1 and view.current_page == 1, timeout=WAIT_MS)
    point = QPointF(200, 200)
    view.note_editor.open_at(1, point, to_viewport(view, 1, point))
    view.note_editor.text.setPlainText(NOTE_TEXT)

    window.close()

    with PersonalStore(personal_db_path(attachment_data_dir)) as store:
        [annotation] = store.annotations(MEETING_2016_ID)
    assert annotation.note == NOTE_TEXT
    assert (annotation.item_id, annotation.anchor["page"]) == (item.id, 1)
