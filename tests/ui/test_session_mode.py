"""The chair's session mode, driven with keys on a real sample meeting and a real store.

The meeting is KD-Net Midtjylland's of 24-01-2020 as the app imports it from
the shipped samples (it has an end time, so its plan spreads two hours over 17
points, and a real list of apologies to type as the absent members). Time comes
from a fake clock that the test moves forward; everything else is real: the
library and personal store are SQLite files in tmp_path, the saves run on a
one-thread `TaskRunner`, the minutes are real DOCX and PDF files.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pymupdf
import pytest
from PySide6.QtCore import Qt

from companion.core.library import Library
from companion.core.model import Meeting
from companion.core.personal import PersonalStore
from companion.core.session import (
    APPROVED,
    NOTED,
    ItemStatus,
    SessionState,
    default_plan,
    plan_with_overrides,
)
from companion.ui.chair.session_controller import TimeLevel, minutes_format, time_level
from companion.ui.chair.session_view import SessionView, format_elapsed
from companion.ui.messages import ErrorDialog
from companion.ui.tasks import TaskRunner

MEETING_ID = "kd-net-midtjylland-2020-01-24"
LOAD_MS = 10_000
TYPED_DECISION = "KD-Net tog orienteringen til efterretning og bad om en status i juni."


class FakeClock:
    """The time now, moved forward by the test."""

    def __init__(self) -> None:
        self.time = datetime(2020, 1, 24, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.time

    def advance(self, minutes: float) -> None:
        self.time += timedelta(minutes=minutes)


@pytest.fixture
def meeting(sample_data_dir: Path) -> Meeting:
    """The real KD-Net meeting, as imported from the samples."""
    with Library(sample_data_dir) as library:
        return library.meeting(MEETING_ID)


@pytest.fixture(name="personal_runner")
def personal_runner_fixture(qtbot: object) -> Iterator[TaskRunner]:
    """The window's one-thread runner for personal-store work, drained after the test."""
    runner = TaskRunner(max_workers=1)
    yield runner
    runner.wait(10_000)


@pytest.fixture
def personal_path(tmp_path: Path) -> Path:
    return tmp_path / "personal" / "personal.db"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def open_view(
    qtbot: object,
    runner: TaskRunner,
    data_dir: Path,
    personal_path: Path,
    meeting: Meeting,
    clock: FakeClock,
) -> SessionView:
    """A shown session view on ``meeting``, its saved session loaded."""
    personal_path.parent.mkdir(exist_ok=True)
    view = SessionView(
        runner,
        lambda: PersonalStore(personal_path),
        open_library=lambda: Library(data_dir),
        clock=clock,
    )
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.resize(1280, 800)
    view.show()
    with qtbot.waitSignal(view.controller.loaded, timeout=LOAD_MS):  # type: ignore[attr-defined]
        view.set_meeting(meeting)
    return view


def stored(personal_path: Path) -> tuple[dict[str, str], SessionState | None]:
    """The decisions and session of the meeting as the store has them."""
    with PersonalStore(personal_path) as store:
        return store.decisions(MEETING_ID), store.load_session(MEETING_ID)


def key(qtbot: object, view: SessionView, *keys: Qt.Key) -> None:
    """Press ``keys`` where the window would deliver them: to the widget with the focus."""
    for each in keys:
        qtbot.keyClick(view.focusWidget() or view, each)  # type: ignore[attr-defined]


def test_a_whole_session_with_keys_is_saved_and_resumes_after_a_restart(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    items = meeting.items
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    moves: list[str] = []
    view.current_item_changed.connect(moves.append)

    # Before the start: the first item is shown, the clocks stand still.
    assert view.title_label.text() == items[0].title
    assert view.meeting_elapsed.text() == "Not started"
    assert view.start_button.text() == "Start"
    assert view.next_label.text() == f"Next: {items[1].number} {items[1].title}"
    assert "Det indstilles, at KD-Net godkender dagsordenen" in (view.recommendation.toPlainText())

    key(qtbot, view, Qt.Key.Key_Right)  # the first move starts on the first item
    assert view.controller.started and view.start_button.text() == "End Session"
    assert view.shown_item() is items[0]
    # 1: the best template for "godkender dagsordenen"; D: dealt with.
    assert view.decision_editor.templates[0] == APPROVED
    key(qtbot, view, Qt.Key.Key_1, Qt.Key.Key_D)
    assert view.decision_editor.decision() == APPROVED
    assert view.status_buttons[ItemStatus.DEALT].isChecked()

    clock.advance(5)
    key(qtbot, view, Qt.Key.Key_Space, Qt.Key.Key_PageDown)  # to item 3, "Drøftelse med COK"
    assert view.number_label.text() == "3" and view.title_label.text() == items[2].title
    key(qtbot, view, Qt.Key.Key_U)
    key(qtbot, view, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right)  # item 6
    assert view.shown_item() is items[5]
    assert view.decision_editor.templates[0] == NOTED
    key(qtbot, view, Qt.Key.Key_E)
    assert view.focusWidget() is view.decision_editor.text
    qtbot.keyClicks(view.decision_editor.text, TYPED_DECISION)
    key(qtbot, view, Qt.Key.Key_D, Qt.Key.Key_Right)  # typed into the text, not commands
    assert view.decision_editor.decision() == TYPED_DECISION + "d"
    assert view.shown_item() is items[5] and not view.status_buttons[ItemStatus.DEALT].isChecked()
    key(qtbot, view, Qt.Key.Key_Backspace, Qt.Key.Key_Escape)  # Esc leaves the text ...
    assert view.focusWidget() is not view.decision_editor.text
    key(qtbot, view, Qt.Key.Key_Right, Qt.Key.Key_S)  # ... so keys work again: 7 skipped
    key(qtbot, view, Qt.Key.Key_Left, Qt.Key.Key_PageUp)  # back to item 5
    assert view.shown_item() is items[4]
    assert [meeting.item(item_id).number for item_id in moves] == [
        "1", "2", "3", "4", "5", "6", "7", "6", "5"
    ]  # fmt: skip

    qtbot.keyClicks(view.absent, "Lars Møller, Niels Højberg")
    view.plan_spin.setValue(12)
    assert view.controller.planned_minutes(items[4].id) == 12

    def saved() -> bool:
        decisions, state = stored(personal_path)
        return (
            state is not None
            and decisions == {items[0].id: APPROVED, items[5].id: TYPED_DECISION}
            and state.current_item_id == items[4].id
            and state.absent == ["Lars Møller", "Niels Højberg"]
            and state.overrides == {items[4].id: 12}
        )

    qtbot.waitUntil(saved, timeout=LOAD_MS)
    _decisions, state = stored(personal_path)
    assert state is not None
    assert state.statuses == {
        items[0].id: ItemStatus.DEALT,
        items[2].id: ItemStatus.POSTPONED,
        items[6].id: ItemStatus.SKIPPED,
    }
    assert state.spent[items[0].id] == pytest.approx(300)  # five minutes on item 1

    # The chair leaves the session view: pending saves are flushed, the session runs on.
    view.close()
    personal_runner.wait(LOAD_MS)
    clock.advance(30)

    restarted = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    assert restarted.shown_item() is items[4]
    assert restarted.controller.started
    assert restarted.meeting_elapsed.text() == "Meeting 0:35"
    assert restarted.absent.text() == "Lars Møller, Niels Højberg"
    assert restarted.plan_spin.value() == 12
    key(qtbot, restarted, Qt.Key.Key_Right)
    assert restarted.decision_editor.decision() == TYPED_DECISION
    assert not any(button.isChecked() for button in restarted.status_buttons.values())
    key(qtbot, restarted, Qt.Key.Key_Right)
    assert restarted.status_buttons[ItemStatus.SKIPPED].isChecked()
    assert restarted.agenda.item(0).text().startswith("\u2713 1 ")  # dealt with


def test_typing_saves_after_a_pause_and_a_mark_pressed_twice_is_cleared(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    first = meeting.items[0]
    key(qtbot, view, Qt.Key.Key_Return)  # Enter: type the decision (before the start)
    qtbot.keyClicks(view.decision_editor.text, "Godkendt uden bemærkninger.")
    qtbot.waitUntil(
        lambda: stored(personal_path)[0] == {first.id: "Godkendt uden bemærkninger."},
        timeout=LOAD_MS,
    )
    qtbot.waitUntil(lambda: view.decision_editor.save_state.text() == "Saved", timeout=LOAD_MS)
    view.setFocus()
    key(qtbot, view, Qt.Key.Key_S, Qt.Key.Key_S)
    assert not any(button.isChecked() for button in view.status_buttons.values())

    def cleared() -> bool:  # saved twice, in order: skipped, then pending again
        state = stored(personal_path)[1]
        return state is not None and state.statuses.get(first.id) == ItemStatus.PENDING

    qtbot.waitUntil(cleared, timeout=LOAD_MS)


def test_the_item_time_turns_amber_near_and_red_over_its_plan(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    plan = default_plan(meeting)
    first = meeting.items[0]
    assert plan[first.id] == 8  # 120 minutes over 17 points: the first ones get the rest
    view.start()
    assert view.item_time.text() == "0 of 8 min"
    assert view.item_time.property("level") == TimeLevel.ON_TIME
    clock.advance(7)
    view.refresh_times()
    assert view.item_time.text() == "7 of 8 min"
    assert view.item_time.property("level") == TimeLevel.NEAR
    clock.advance(2)
    view.refresh_times()
    assert view.item_time.text() == "9 of 8 min"
    assert view.item_time.property("level") == TimeLevel.OVER
    assert view.meeting_elapsed.text() == "Meeting 0:09"
    assert view.timer.isActive() and view.timer.interval() == 1000
    assert view.clock_label.text() == clock().astimezone().strftime("%H:%M")


def test_the_plan_edit_redistributes_the_rest_of_the_meeting(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    view.plan_spin.setValue(40)
    expected = plan_with_overrides(meeting, {meeting.items[0].id: 40})
    assert view.controller.planned_minutes(meeting.items[1].id) == expected[meeting.items[1].id]
    assert sum(expected.values()) == 120


def test_escape_outside_the_text_asks_to_leave_and_the_back_button_too(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    with qtbot.waitSignal(view.leave_requested, timeout=1000):
        key(qtbot, view, Qt.Key.Key_Escape)
    with qtbot.waitSignal(view.leave_requested, timeout=1000):
        view.back_button.click()
    assert "Esc" in view.back_button.toolTip() and "1-4" in view.key_legend.text()


def test_draft_minutes_are_written_as_docx_and_pdf_from_the_view(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock, tmp_path
) -> None:
    items = meeting.items
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    view.author_name = "Anne Formand"  # the member's name from Preferences
    key(qtbot, view, Qt.Key.Key_Right, Qt.Key.Key_1, Qt.Key.Key_Right, Qt.Key.Key_Return)
    qtbot.keyClicks(view.decision_editor.text, TYPED_DECISION)  # not flushed: export waits
    docx_path, pdf_path = tmp_path / "referat.docx", tmp_path / "referat.pdf"
    for path in (docx_path, pdf_path):
        view.choose_file = lambda _parent, _suggested, path=path: path
        with qtbot.waitSignal(view.minutes_written, timeout=30_000) as written:
            view.minutes_button.click()
        assert view.progress.isVisible() is False and view.minutes_button.isEnabled()
        assert written.args == [path]

    word = docx.Document(str(docx_path))
    assert word.core_properties.author == "Anne Formand"
    word_paragraphs = word.paragraphs
    paragraphs = [paragraph.text for paragraph in word_paragraphs]
    headings = {i for i, p in enumerate(word_paragraphs) if p.style.name.startswith("Heading")}
    text = "\n".join(paragraphs)
    assert "Beslutningsreferat (udkast)" in text
    assert APPROVED in paragraphs and TYPED_DECISION in paragraphs
    assert "Det indstilles, at KD-Net godkender dagsordenen" in text
    heading_1 = next(i for i in sorted(headings) if items[0].title in paragraphs[i])
    heading_2 = next(i for i in sorted(headings) if items[1].title in paragraphs[i])
    assert heading_1 < paragraphs.index(APPROVED) < heading_2 < paragraphs.index(TYPED_DECISION)

    with pymupdf.open(pdf_path) as pdf:
        pdf_text = " ".join(page.get_text() for page in pdf)
    flat = " ".join(pdf_text.split())
    assert APPROVED in flat and TYPED_DECISION in flat
    assert items[0].title in flat and "Beslutning" in flat
    assert "KD-Net godkender dagsordenen" in flat


def test_a_minutes_file_with_another_suffix_gets_a_clear_error(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock, tmp_path
) -> None:
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    view.choose_file = lambda _parent, _suggested: tmp_path / "referat.txt"
    view.export_minutes()
    dialog = view.findChild(ErrorDialog)
    assert dialog is not None
    assert "referat.txt" in dialog.summary_label.text() and ".docx" in dialog.summary_label.text()
    assert not (tmp_path / "referat.txt").exists()
    dialog.close()


def test_small_helpers() -> None:
    assert format_elapsed(timedelta(hours=1, minutes=7, seconds=59)) == "1:07"
    assert time_level(timedelta(minutes=3), 12) is TimeLevel.ON_TIME
    assert time_level(timedelta(minutes=10), 12) is TimeLevel.NEAR
    assert time_level(timedelta(minutes=12, seconds=1), 12) is TimeLevel.OVER
    assert time_level(timedelta(seconds=1), 1) is TimeLevel.NEAR
    assert minutes_format(Path("x.DOCX")) == "docx" and minutes_format(Path("x.pdf")) == "pdf"
    with pytest.raises(ValueError, match="x.odt"):
        minutes_format(Path("x.odt"))


def test_closing_the_view_right_after_typing_saves_the_decision(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    key(qtbot, view, Qt.Key.Key_E)
    qtbot.keyClicks(view.decision_editor.text, TYPED_DECISION)
    assert view.controller.saver.has_pending  # still inside the 300 ms pause
    view.close()
    personal_runner.wait(LOAD_MS)
    assert stored(personal_path)[0] == {meeting.items[0].id: TYPED_DECISION}


def test_a_saved_session_that_cannot_be_read_is_named_in_the_error(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    personal_path.parent.mkdir()
    with PersonalStore(personal_path) as store:
        store.save_session(SessionState(MEETING_ID))
    with sqlite3.connect(personal_path) as connection:
        connection.execute(
            "UPDATE sessions SET state = ? WHERE meeting_id = ?",
            [json.dumps({"meetingId": MEETING_ID, "startedAt": "yesterday"}), MEETING_ID],
        )
    connection.close()
    view = SessionView(personal_runner, lambda: PersonalStore(personal_path), clock=clock)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.controller.load_failed, timeout=LOAD_MS):
        view.set_meeting(meeting)
    dialog = view.findChild(ErrorDialog)
    assert dialog is not None
    summary = dialog.summary_label.text()
    assert MEETING_ID in summary and "startedAt" in summary
    assert view.title_label.text().startswith("The session could not be read")
    assert not view.decision_editor.isEnabled()
    dialog.close()


def test_ending_the_session_stops_the_clocks_and_resume_starts_them(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    first = meeting.items[0]
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    clock.advance(5)
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)  # End Session
    assert view.start_button.text() == "Resume"
    clock.advance(30)
    view.refresh_times()
    assert view.meeting_elapsed.text() == "Ended after 0:05"
    assert view.item_time.text().startswith("5 of ")

    def ended_is_saved() -> bool:
        state = stored(personal_path)[1]
        return state is not None and state.finished_at is not None

    qtbot.waitUntil(ended_is_saved, timeout=LOAD_MS)
    view.close()
    again = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    assert again.start_button.text() == "Resume", "an ended session stays ended after a restart"
    qtbot.mouseClick(again.start_button, Qt.MouseButton.LeftButton)
    clock.advance(2)
    again.refresh_times()
    assert again.start_button.text() == "End Session"
    assert again.item_time.text().startswith("7 of ")
    assert again.shown_item() is first


def test_absent_names_complete_from_the_agendas_apologies_and_participants(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    assert meeting.apologies, "the KD-Net agenda lists its apologies (Afbud)"
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    completer = view.absent_completer
    first, second = meeting.apologies[0], meeting.apologies[1]
    view.absent.setText(f"{first}, {second[:4]}")  # typed (no popup offscreen)
    assert completer.splitPath(view.absent.text()) == [second[:4]]
    completer.setCompletionPrefix(second[:4])
    assert completer.currentIndex().data() == second
    assert completer.currentCompletion() == f"{first}, {second}", "the names before stay"


def test_an_item_with_a_recorded_decision_shows_a_tick_in_the_session_list(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    key(qtbot, view, Qt.Key.Key_Right, Qt.Key.Key_1)  # start; record template 1 on item 1
    assert view.decision_editor.decision() == APPROVED
    assert view.controller.status(meeting.items[0].id) is ItemStatus.PENDING  # no D pressed
    row = view.agenda.item(0)
    assert row.text().startswith("\u2713 1 ")
    assert row.toolTip() == "Dealt with; decision recorded"
    assert view.agenda.item(1).text().startswith("\u2003 2 ")  # nothing recorded yet


def test_a_wrapped_title_in_the_session_list_hangs_under_the_title(
    qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock
) -> None:
    from PySide6.QtGui import QColor, QFontMetrics

    from companion.ui.chair.session_agenda import PAD_Y

    view = open_view(qtbot, personal_runner, sample_data_dir, personal_path, meeting, clock)
    agenda = view.agenda
    metrics = QFontMetrics(agenda.font())
    # KD-Net's item 11, "Forslag til fremadrettet organisering af indsatsen for
    # beskæftigelse, uddannelse og integration i KKR Midtjylland", wraps at 300 px.
    index = next(i for i, item in enumerate(meeting.items) if len(item.title) > 60)
    agenda.scrollToItem(agenda.item(index))
    qtbot.wait(50)
    rect = agenda.visualItemRect(agenda.item(index))
    assert rect.height() >= 2 * metrics.height()  # the row is tall enough for the wrap
    _mark, number, title = view.agenda_delegate.columns(rect)
    assert title.left() > number.right()
    image = agenda.viewport().grab().toImage()
    background = QColor("white").lightness()

    def ink(left: int, right: int, top: int, bottom: int) -> int:
        return sum(
            1
            for x in range(left, right)
            for y in range(top, bottom)
            if QColor(image.pixel(x, y)).lightness() < background - 80
        )

    below_first_line = rect.top() + PAD_Y + metrics.height()
    assert ink(title.left(), rect.right(), below_first_line, rect.bottom() - PAD_Y) > 0
    assert ink(rect.left(), title.left() - 1, below_first_line, rect.bottom()) == 0
    # The first line has the mark-free number column and the title side by side.
    assert ink(number.left(), number.right() + 1, rect.top(), below_first_line) > 0
