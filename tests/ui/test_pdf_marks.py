"""Editing PDF marks: the marks list, notes, colours, deleting, selecting words, re-attaching.

Real PDFs (made with PyMuPDF from the real 2016 agenda's text), a real personal.db
in tmp_path, real widgets.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pymupdf  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QContextMenuEvent, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from companion.core import pdf_render  # noqa: E402
from companion.core.anchoring import Word  # noqa: E402
from companion.core.model import Meeting  # noqa: E402
from companion.core.package import file_ref_for  # noqa: E402
from companion.core.personal import PersonalStore  # noqa: E402
from companion.ui import item_view  # noqa: E402
from companion.ui.attachment_pane import AttachmentPane  # noqa: E402
from companion.ui.detached_dialog import DetachedDialog  # noqa: E402
from companion.ui.meeting_loading import LoadedMeeting  # noqa: E402
from companion.ui.pdf_marks import (  # noqa: E402
    HIGHLIGHT_COLORS,
    AnnotationContext,
    PdfMark,
    highlight_color,
)
from companion.ui.pdf_view import PdfView  # noqa: E402
from companion.ui.position_panel import PositionPanel  # noqa: E402
from companion.ui.tasks import TaskRunner  # noqa: E402
from tests.ui.conftest import attachment_meeting  # noqa: E402
from tests.ui.test_pdf_highlights import (  # noqa: E402
    ITEM_ID,
    MEETING_ID,
    NOTE_TEXT,
    agenda_paragraphs,
    centre,
    count_pixels,
    first_line_words,
    over_white,
    sha256_of,
    to_viewport,
)

WAIT_MS = 10_000
EDITED_NOTE = "Hvad koster analysen?\nSpørg formandskabet"

# The offscreen platform warns about every shown top-level window and popup menu.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)


def prose_pdf(path: Path, pages: int = 3, first_paragraph: int = 0) -> Path:
    """``pages`` A4 pages of the real agenda's prose (six paragraphs a page)."""
    paragraphs = agenda_paragraphs()[first_paragraph:]
    document = pymupdf.open()
    for chunk in range(pages):
        page = document.new_page(width=595, height=842)
        text = "\n\n".join(paragraphs[chunk * 6 : chunk * 6 + 6])
        page.insert_textbox(pymupdf.Rect(60, 60, 535, 800), text, fontsize=11)
    document.save(path)
    document.close()
    return path


@pytest.fixture(scope="module")
def agenda_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three A4 pages of the real agenda's text."""
    return prose_pdf(tmp_path_factory.mktemp("pdf") / "dagsorden-2016.pdf")


def meeting_with_bilag(tmp_path: Path, first_paragraph: int = 0) -> tuple[Meeting, dict[str, Path]]:
    """The 2016 test meeting whose provided bilag (of 3.1) is three pages of prose."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    meeting, files = attachment_meeting(tmp_path)
    bilag = meeting.items[2].attachments[0]
    assert bilag.file is not None
    del files[bilag.file.sha256]
    path = prose_pdf(tmp_path / f"bilag-{first_paragraph}.pdf", 3, first_paragraph)
    bilag.file = file_ref_for(path, bilag.title, "redegoerelse.pdf")
    files[bilag.file.sha256] = path
    return meeting, files


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait(WAIT_MS)
    pdf_render.release_documents()


@pytest.fixture
def personal_runner() -> Iterator[TaskRunner]:
    """The window's one-thread runner for the personal store."""
    task_runner = TaskRunner(max_workers=1)
    yield task_runner
    task_runner.wait(WAIT_MS)


@pytest.fixture
def personal_db(tmp_path: Path) -> Path:
    return tmp_path / "personal.db"


def viewer(
    qtbot: QtBot, runner: TaskRunner, personal_db: Path, pdf: Path, store_runner: TaskRunner
) -> PdfView:
    """A shown viewer on page 2 of ``pdf`` with its marks loaded and its words read."""
    view = PdfView(runner)
    qtbot.addWidget(view)
    view.resize(520, 720)
    view.show()
    qtbot.waitExposed(view)
    view.set_annotation_context(
        AnnotationContext(
            lambda: PersonalStore(personal_db), MEETING_ID, ITEM_ID, sha256_of(pdf), store_runner
        )
    )
    with qtbot.waitSignals([view.first_page_shown, view.annotations_loaded], timeout=WAIT_MS):
        view.open_document(pdf, 1)
    view.go_to_page(1)
    qtbot.waitUntil(lambda: view.has_words(1), timeout=WAIT_MS)
    return view


def highlight(qtbot: QtBot, view: PdfView, words: list[Word], color: str = "yellow") -> str:
    """Highlight words 1..4 of page 2 and wait until it is saved; its annotation id."""
    with qtbot.waitSignal(view.annotation_saved, timeout=WAIT_MS) as saved:
        assert view.highlight_between(1, centre(words[1]), centre(words[4]), color=color)
    return str(saved.args[0])


def stored(personal_db: Path) -> dict[str, tuple[str, str, bool]]:
    """Each stored annotation's (colour, note, detached) by id."""
    with PersonalStore(personal_db) as store:
        return {a.id: (a.color, a.note, a.detached) for a in store.annotations(MEETING_ID)}


def words_grab(view: PdfView, page: int, words: list[Word]) -> QImage:
    """The pixels over ``words`` (on one line of ``page``), as painted now."""
    top_left = to_viewport(view, page, QPointF(words[0][0], words[0][1]))
    bottom_right = to_viewport(view, page, QPointF(words[-1][2], words[-1][3]))
    view._canvas.viewport().repaint()
    return (
        view._canvas.viewport()
        .grab()
        .toImage()
        .copy(
            top_left.x() + 1,
            top_left.y() + 1,
            bottom_right.x() - top_left.x() - 2,
            bottom_right.y() - top_left.y() - 2,
        )
    )


def shown(color: str) -> QColor:
    return over_white(highlight_color(color))


def colour_action(view: PdfView, annotation_id: str, label: str) -> object:
    menu = view.mark_menu(annotation_id)
    assert menu is not None
    [colours] = [action.menu() for action in menu.actions() if action.text() == "Colour"]
    [action] = [action for action in colours.actions() if action.text() == label]
    return action


# --- colours, notes, deleting on the page ---------------------------------------


def test_the_pdf_palette_is_the_text_highlights_palette() -> None:
    assert list(HIGHLIGHT_COLORS) == list(item_view.HIGHLIGHT_COLORS)


def test_recolouring_a_highlight_changes_its_pixels_saves_it_and_keeps_at_every_zoom(
    qtbot: QtBot,
    runner: TaskRunner,
    personal_runner: TaskRunner,
    personal_db: Path,
    agenda_pdf: Path,
) -> None:
    view = viewer(qtbot, runner, personal_db, agenda_pdf, personal_runner)
    words = first_line_words(agenda_pdf, 1)
    key = highlight(qtbot, view, words)
    before = words_grab(view, 1, words[1:5])
    assert count_pixels(before, shown("yellow")) > 100
    assert count_pixels(before, shown("blue")) == 0

    with qtbot.waitSignal(view.mark_change_saved, timeout=WAIT_MS):
        colour_action(view, key, "Blue").trigger()  # type: ignore[attr-defined]

    after = words_grab(view, 1, words[1:5])
    assert count_pixels(after, shown("yellow")) == 0
    assert count_pixels(after, shown("blue")) > 100
    assert stored(personal_db)[key][0] == "blue"
    assert view.marks()[0].color == "blue"
    view.set_zoom(view.zoom * 2)
    view.go_to_page(1)
    zoomed = words_grab(view, 1, words[1:5])
    assert count_pixels(zoomed, shown("blue")) > 3 * count_pixels(after, shown("blue"))
    with pytest.raises(ValueError, match="unknown highlight colour 'purple'"):
        view.set_mark_color(key, "purple")


def test_clicking_a_highlight_chooses_it_and_delete_asks_first(
    qtbot: QtBot,
    runner: TaskRunner,
    personal_runner: TaskRunner,
    personal_db: Path,
    agenda_pdf: Path,
) -> None:
    view = viewer(qtbot, runner, personal_db, agenda_pdf, personal_runner)
    words = first_line_words(agenda_pdf, 1)
    key = highlight(qtbot, view, words)
    asked: list[PdfMark] = []
    answers = [False, True]

    def confirm(mark: PdfMark) -> bool:
        asked.append(mark)
        return answers.pop(0)

    view.confirm_delete = confirm
    viewport = view._canvas.viewport()
    with qtbot.waitSignal(view.mark_chosen, timeout=WAIT_MS) as chosen:
        qtbot.mouseClick(
            viewport, Qt.MouseButton.LeftButton, pos=to_viewport(view, 1, centre(words[2]))
        )
    assert chosen.args == [key] and view.chosen_mark == key

    qtbot.keyClick(view._canvas, Qt.Key.Key_Delete)  # answered No
    runner.wait(WAIT_MS)
    personal_runner.wait(WAIT_MS)
    assert [mark.annotation_id for mark in asked] == [key]
    assert asked[0].quote == " ".join(word[4] for word in words[1:5])
    assert key in stored(personal_db) and len(view.marks()) == 1

    with qtbot.waitSignal(view.mark_change_saved, timeout=WAIT_MS):
        qtbot.keyClick(view._canvas, Qt.Key.Key_Delete)  # answered Yes
    assert stored(personal_db) == {}
    assert view.marks() == [] and view.chosen_mark is None
    assert count_pixels(words_grab(view, 1, words[1:5]), shown("yellow")) == 0


def test_a_click_beside_the_marks_chooses_none(
    qtbot: QtBot,
    runner: TaskRunner,
    personal_runner: TaskRunner,
    personal_db: Path,
    agenda_pdf: Path,
) -> None:
    view = viewer(qtbot, runner, personal_db, agenda_pdf, personal_runner)
    words = first_line_words(agenda_pdf, 1)
    key = highlight(qtbot, view, words)
    view.choose_mark(key)
    viewport = view._canvas.viewport()

    qtbot.mouseClick(
        viewport, Qt.MouseButton.LeftButton, pos=to_viewport(view, 1, QPointF(300, 700))
    )

    assert view.chosen_mark is None
    assert view.mark_at(to_viewport(view, 1, centre(words[3]))) == key


def test_a_right_click_on_a_mark_offers_note_colour_and_delete(
    qtbot: QtBot,
    runner: TaskRunner,
    personal_runner: TaskRunner,
    personal_db: Path,
    agenda_pdf: Path,
) -> None:
    view = viewer(qtbot, runner, personal_db, agenda_pdf, personal_runner)
    words = first_line_words(agenda_pdf, 1)
    key = highlight(qtbot, view, words)
    seen: list[str] = []

    def read_and_close() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            seen.extend(action.text() for action in popup.actions() if action.text())
            popup.close()

    QTimer.singleShot(50, read_and_close)
    QTimer.singleShot(3000, read_and_close)  # never hang on a menu that did not show
    viewport = view._canvas.viewport()
    at = to_viewport(view, 1, centre(words[2]))
    QApplication.sendEvent(
        viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at))
    )

    assert seen == ["Edit Note...", "Colour", "Delete..."]
    assert view.chosen_mark == key


def test_a_drag_without_a_tool_selects_words_which_can_then_be_highlighted(
    qtbot: QtBot,
    runner: TaskRunner,
    personal_runner: TaskRunner,
    personal_db: Path,
    agenda_pdf: Path,
) -> None:
    view = viewer(qtbot, runner, personal_db, agenda_pdf, personal_runner)
    words = first_line_words(agenda_pdf, 1)
    viewport = view._canvas.viewport()
    start, end = to_viewport(view, 1, centre(words[0])), to_viewport(view, 1, centre(words[2]))

    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)

    selection = view.selected_words()
    assert selection is not None
    assert selection.item_id == ITEM_ID
    assert selection.anchor.exact == " ".join(word[4] for word in words[0:3])
    assert selection.anchor.file_sha256 == sha256_of(agenda_pdf)
    assert selection.anchor.page == 1
    personal_runner.wait(WAIT_MS)
    assert stored(personal_db) == {}, "selecting is not highlighting"

    with qtbot.waitSignal(view.annotation_saved, timeout=WAIT_MS) as saved:
        assert view.highlight_selection("green")
    assert stored(personal_db) == {saved.args[0]: ("green", "", False)}
    assert view.selected_words() is None


# --- the marks list in the attachment pane ---------------------------------------


@pytest.fixture
def pane_on_agenda(
    qtbot: QtBot,
    runner: TaskRunner,
    personal_runner: TaskRunner,
    personal_db: Path,
    tmp_path: Path,
) -> tuple[AttachmentPane, LoadedMeeting]:
    """The pane showing item 2.1's page (2) of the agenda PDF (4 pages), marks loaded."""
    meeting, files = attachment_meeting(tmp_path)
    pane = AttachmentPane(runner)
    qtbot.addWidget(pane)
    pane.set_personal_store(lambda: PersonalStore(personal_db), personal_runner)
    pane.resize(560, 900)
    pane.show()
    qtbot.waitExposed(pane)
    loaded = LoadedMeeting(meeting, files)
    view = pane.pdf_view
    with qtbot.waitSignal(view.annotations_loaded, timeout=WAIT_MS):
        pane.set_meeting(loaded)
        pane.show_item(meeting.items[1])
    qtbot.waitUntil(lambda: view.page_count == 4 and view.current_page == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.has_words(1), timeout=WAIT_MS)
    return pane, loaded


def row_point(pane: AttachmentPane, row: int) -> QPoint:
    rows = pane.marks.rows
    return rows.visualItemRect(rows.item(row)).center()


def test_the_marks_list_shows_page_colour_quote_and_note_and_goes_to_a_mark(
    qtbot: QtBot, pane_on_agenda: tuple[AttachmentPane, LoadedMeeting]
) -> None:
    pane, _loaded = pane_on_agenda
    view = pane.pdf_view
    words = pdf_render.page_words(view.document_path, 1)  # type: ignore[arg-type]
    with qtbot.waitSignals([view.annotation_saved, view.annotation_saved], timeout=WAIT_MS):
        view.add_note_at(3, QPointF(300, 400), NOTE_TEXT + "\nmere")
        view.highlight_between(1, centre(words[0]), centre(words[1]), color="pink")
    assert not pane.marks.rows.isVisible(), "the list starts folded"
    assert pane.marks.header.text() == "Highlights and notes (2)"

    qtbot.mouseClick(pane.marks.header, Qt.MouseButton.LeftButton)

    assert pane.marks.rows.isVisible()
    [highlight_mark, note_mark] = view.marks()  # reading order: page 2 before page 4
    assert pane.marks.keys() == [highlight_mark.annotation_id, note_mark.annotation_id]
    texts = [pane.marks.rows.item(row).text() for row in range(2)]
    assert texts[0] == f"p. 2  \u201c{words[0][4]} {words[1][4]}\u201d"
    assert texts[1] == f"p. 4  Note\n{NOTE_TEXT}"
    swatch = pane.marks.rows.item(0).icon().pixmap(14, 14).toImage().pixelColor(7, 7)
    assert swatch.name() == QColor(HIGHLIGHT_COLORS["pink"]).name()

    qtbot.mouseClick(pane.marks.rows.viewport(), Qt.MouseButton.LeftButton, pos=row_point(pane, 1))

    assert view.current_page == 3
    assert view.flashing_mark == note_mark.annotation_id
    assert view.chosen_mark == note_mark.annotation_id
    qtbot.waitUntil(lambda: view.flashing_mark is None, timeout=WAIT_MS)
    with qtbot.waitSignal(view.mark_chosen, timeout=WAIT_MS):
        view.choose_mark(highlight_mark.annotation_id)
    assert pane.marks.current_key() == highlight_mark.annotation_id, "the list follows the page"


def test_f2_in_the_marks_list_edits_the_note_in_a_dialog_and_saves_it(
    qtbot: QtBot, pane_on_agenda: tuple[AttachmentPane, LoadedMeeting], personal_db: Path
) -> None:
    pane, _loaded = pane_on_agenda
    view = pane.pdf_view
    words = pdf_render.page_words(view.document_path, 1)  # type: ignore[arg-type]
    key = highlight(qtbot, view, words)
    pane.marks.set_expanded(True)
    pane.marks.choose(key)
    prefilled: list[str] = []

    def type_and_accept() -> None:
        dialog = view.note_dialog
        assert dialog is not None, "the note dialog must be open"
        prefilled.append(dialog.text.toPlainText())
        dialog.text.setPlainText(EDITED_NOTE)
        buttons = dialog.findChild(QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, type_and_accept)
    with qtbot.waitSignal(view.mark_change_saved, timeout=WAIT_MS):
        qtbot.keyClick(pane.marks.rows, Qt.Key.Key_F2)

    assert prefilled == [""]
    assert stored(personal_db)[key] == ("yellow", EDITED_NOTE, False)
    assert pane.marks.rows.item(0).text().endswith("\nHvad koster analysen?")
    assert view.note_at(to_viewport(view, 1, centre(words[2]))) == EDITED_NOTE


def test_delete_in_the_marks_list_asks_in_a_message_box(
    qtbot: QtBot,
    pane_on_agenda: tuple[AttachmentPane, LoadedMeeting],
    personal_db: Path,
    personal_runner: TaskRunner,
) -> None:
    pane, _loaded = pane_on_agenda
    view = pane.pdf_view
    words = pdf_render.page_words(view.document_path, 1)  # type: ignore[arg-type]
    key = highlight(qtbot, view, words)
    pane.marks.set_expanded(True)
    pane.marks.choose(key)

    def answer(button: QMessageBox.StandardButton) -> None:
        def click() -> None:
            assert view.confirm_box is not None, "a confirmation must be asked"
            view.confirm_box.button(button).click()

        QTimer.singleShot(0, click)

    answer(QMessageBox.StandardButton.No)
    qtbot.keyClick(pane.marks.rows, Qt.Key.Key_Delete)
    personal_runner.wait(WAIT_MS)
    assert key in stored(personal_db) and pane.marks.keys() == [key]

    answer(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.mark_change_saved, timeout=WAIT_MS):
        qtbot.keyClick(pane.marks.rows, Qt.Key.Key_Delete)
    assert stored(personal_db) == {}
    assert pane.marks.keys() == []
    assert pane.marks.empty_hint.isVisible()


# --- re-attaching a detached PDF mark ----------------------------------------------


def test_a_detached_pdf_mark_is_listed_and_re_attached_to_the_words_selected_in_the_viewer(
    qtbot: QtBot,
    runner: TaskRunner,
    personal_runner: TaskRunner,
    personal_db: Path,
    tmp_path: Path,
) -> None:
    meeting, files = meeting_with_bilag(tmp_path)
    agenda_sha = meeting.agenda_pdf.sha256  # type: ignore[union-attr]
    bilag = meeting.items[2].attachments[0]
    bilag_path = files[bilag.file.sha256]  # type: ignore[union-attr]
    quote_words = pdf_render.page_words(files[agenda_sha], 1)[:3]
    quote = " ".join(word[4] for word in quote_words)
    with PersonalStore(personal_db) as store:
        anchor = {
            "type": "pdf",
            "file_sha256": agenda_sha,
            "page": 1,
            "quads": [[60, 60, 200, 60, 60, 72, 200, 72]],
            "exact": quote,
        }
        lost = store.add_annotation(
            MEETING_ID, ITEM_ID, "attachment", anchor, file_sha256=agenda_sha, note=NOTE_TEXT
        )
        store.update_annotation(lost.id, detached=True)  # as a revision would leave it
    view = PdfView(runner)
    qtbot.addWidget(view)
    view.resize(520, 720)
    view.show()
    boernehus = meeting.items[2].id
    view.set_annotation_context(
        AnnotationContext(
            lambda: PersonalStore(personal_db),
            MEETING_ID,
            boernehus,
            bilag.file.sha256,  # type: ignore[union-attr]
            personal_runner,
        )
    )
    with qtbot.waitSignal(view.annotations_loaded, timeout=WAIT_MS) as loaded:
        view.open_document(bilag_path, 0)
    assert loaded.args == [0], "a detached mark is not drawn"
    qtbot.waitUntil(lambda: view.has_words(0), timeout=WAIT_MS)
    panel = PositionPanel(personal_runner, lambda: PersonalStore(personal_db))
    qtbot.addWidget(panel)
    dialog = DetachedDialog(panel, meeting, lambda: None, pdf_selection=view.selected_words)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 1, timeout=WAIT_MS)
    row = dialog.table.topLevelItem(0)
    assert (row.text(0), row.text(1)) == (quote, NOTE_TEXT)
    assert row.text(3) == "Page 2 of the agenda"
    assert dialog.attach_button.isEnabled()

    dialog.attach_to_selection()
    assert "Select the words on the PDF page first" in dialog.status.text()
    assert stored(personal_db)[lost.id][2] is True

    words = pdf_render.page_words(bilag_path, 0)
    viewport = view._canvas.viewport()
    qtbot.mousePress(
        viewport, Qt.MouseButton.LeftButton, pos=to_viewport(view, 0, centre(words[3]))
    )
    qtbot.mouseMove(viewport, to_viewport(view, 0, centre(words[5])))
    qtbot.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, pos=to_viewport(view, 0, centre(words[5]))
    )
    with qtbot.waitSignal(dialog.changed, timeout=WAIT_MS):
        dialog.attach_to_selection()
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 0, timeout=WAIT_MS)

    with PersonalStore(personal_db) as store:
        [attached] = store.annotations(MEETING_ID)
    assert not attached.detached
    assert attached.file_sha256 == bilag.file.sha256  # type: ignore[union-attr]
    assert attached.item_id == boernehus
    assert attached.note == NOTE_TEXT
    assert attached.anchor["exact"] == " ".join(word[4] for word in words[3:6])
    assert attached.anchor["page"] == 0
    with qtbot.waitSignal(view.annotations_loaded, timeout=WAIT_MS) as reloaded:
        view.reload_marks()  # what the window does on the dialog's `changed`
    assert reloaded.args == [1]
    assert view.note_at(to_viewport(view, 0, centre(words[4]))) == NOTE_TEXT
    # A shown colour over the re-attached words: the mark is drawn again.
    assert count_pixels(words_grab(view, 0, words[3:6]), shown("yellow")) > 20
