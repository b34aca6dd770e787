"""The agenda's own Danish section names stay as the agenda has them, in an English window too."""

from __future__ import annotations

from pathlib import Path

from companion.core.library import Library
from companion.ui.chair.presenter import PresenterWindow
from companion.ui.item_view import ItemView

MEETING_2020 = "kkr-midtjylland-2020-02-05"


def test_the_presenter_heads_the_indstilling_with_the_agenda_s_word(
    qtbot, sample_data_dir: Path
) -> None:
    with Library(sample_data_dir) as library:
        meeting = library.meeting(MEETING_2020)
    item = next(item for item in meeting.items if item.recommendation is not None)
    assert item.recommendation is not None and item.recommendation.title == "Indstilling"
    presenter = PresenterWindow()  # no translator installed: the window is English
    qtbot.addWidget(presenter)
    presenter.show_item(meeting, item)
    assert presenter.heading_label.text() == "Indstilling"
    assert "Recommendation" not in presenter.shown_texts()


def test_the_item_view_keeps_the_agenda_s_section_names(qtbot, sample_data_dir: Path) -> None:
    with Library(sample_data_dir) as library:
        meeting = library.meeting(MEETING_2020)
    item = next(item for item in meeting.items if item.recommendation is not None)
    view = ItemView()
    qtbot.addWidget(view)
    view.show_item(item, meeting)
    shown = view.toPlainText()
    for section in item.sections:
        assert section.title in shown, section.title
    assert "Recommendation" not in shown
