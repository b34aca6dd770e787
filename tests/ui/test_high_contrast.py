"""Under a high-contrast palette every text reads, and focus is always visible.

The palette is the one a high-contrast system theme gives (black ground, white
text, yellow highlight; `high_contrast_palette`), set on the application as the
system would set it. Colours are checked by WCAG's contrast ratio against the
palette's ground; focus by the pixels of a real grab of the focused control.
Screenshots go to the test's tmp folder (look at them with ``-s``: the paths
are printed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QListView, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from companion.core.library import Library
from companion.ui.item_view import ItemView
from companion.ui.tasks import TaskRunner
from companion.ui.window_style import contrast
from tests.ui.conftest import LOAD_TIMEOUT_MS, open_window
from tests.ui.test_accessibility import high_contrast_palette

MEETING_2020 = "kkr-midtjylland-2020-02-05"
#: WCAG AA for body text.
READABLE = 4.5
#: WCAG AA for a non-text mark (a frame, a border).
VISIBLE = 3.0
_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})")


@pytest.fixture
def high_contrast() -> Iterator[QPalette]:
    """The application under a high-contrast palette (the previous one restored after)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    palette = high_contrast_palette()
    app.setPalette(palette)
    try:
        yield palette
    finally:
        app.setPalette(before)


def first_block_format(view: ItemView, text: str) -> QColor:
    """The text colour of the first block whose text is ``text``."""
    block = view.document().begin()
    while block.isValid():
        if block.text().strip() == text:
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
            return cursor.charFormat().foreground().color()
        block = block.next()
    raise AssertionError(f"no block {text!r}")


def test_the_item_text_and_the_indstilling_box_read_on_a_high_contrast_palette(
    qtbot: QtBot, sample_data_dir: Path, high_contrast: QPalette, tmp_path: Path
) -> None:
    with Library(sample_data_dir) as library:
        meeting = library.meeting(MEETING_2020)
    item = next(i for i in meeting.items if i.recommendation is not None and len(i.sections) > 1)
    view = ItemView()
    qtbot.addWidget(view)
    view.resize(760, 700)
    view.show_item(item, meeting)
    view.show()
    base = high_contrast.color(QPalette.ColorRole.Base)
    title = first_block_format(view, f"{item.number} {item.title}")
    section = next(s for s in item.sections if s is not item.recommendation)
    heading = first_block_format(view, section.title)
    assert contrast(title, base) >= READABLE, title.name()
    assert contrast(heading, base) >= READABLE, heading.name()

    assert item.recommendation is not None
    cursor = view.document().find(item.recommendation.title)
    table = cursor.currentTable()
    assert table is not None, "the Indstilling sits in its box"
    box = table.format().background().color()
    assert box != base, "the box is set apart from the ground"
    assert contrast(high_contrast.color(QPalette.ColorRole.Text), box) >= READABLE, box.name()
    border = table.format().borderBrush().color()
    assert contrast(border, base) >= VISIBLE, f"the box's frame shows: {border.name()}"

    shot = tmp_path / "item-high-contrast.png"
    view.grab().save(str(shot))
    print(f"\nscreenshot: {shot}")
    image = view.grab().toImage()
    top = [
        image.pixelColor(x, y).lightness()
        for x in range(image.width())
        for y in range(image.height() // 4)
    ]
    assert sum(1 for lightness in top if lightness > 200) > 200, "the title is drawn light"


def style_sheet_colours(widget: QWidget) -> list[tuple[str, str]]:
    """(rule, colour) for each text colour a widget's style sheet sets on the palette's ground.

    A rule that sets its own background as well is left out: its text is read on
    that background, not on the palette's.
    """
    sheet = widget.styleSheet()
    if "{" not in sheet:
        sheet = "* {" + sheet + "}"
    found = []
    for selector, body in _RULE.findall(sheet):
        if "background" in body:
            continue
        found.extend((selector.strip(), colour) for colour in _COLOUR.findall(body))
    return found


def test_every_text_colour_the_window_sets_reads_on_a_high_contrast_palette(
    qtbot: QtBot,
    runner: TaskRunner,
    sample_data_dir: Path,
    config_dir: Path,
    high_contrast: QPalette,
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    window.find_bar.open_bar()
    window.find_bar.field.setText("zzqxj")  # no match: the field turns to its problem look
    window.preferences_action.trigger()
    window.open_sources()
    widgets = window.findChildren(QWidget)
    assert len(widgets) > 100
    base = high_contrast.color(QPalette.ColorRole.Base)
    checked, unreadable = 0, []
    for widget in widgets:
        for rule, colour in style_sheet_colours(widget):
            checked += 1
            if contrast(QColor(colour), base) < READABLE:
                unreadable.append(
                    f"{widget.objectName() or type(widget).__name__}: {rule} {colour}"
                )
    assert checked >= 5, "the sync status, dialogs' notes and find bar were walked"
    assert not unreadable, unreadable
    model = window.agenda_tree.agenda_model
    empty_group = next(
        model.index(row, 0)
        for row in range(model.rowCount())
        if model.rowCount(model.index(row, 0)) == 0
    )
    grey = model.data(empty_group, 9)  # Qt.ItemDataRole.ForegroundRole
    assert contrast(grey.color(), base) >= READABLE, grey.color().name()


def ring_share(widget: QWidget, colour: QColor) -> float:
    """The share of the widget's outermost ring of pixels (2 px, corners aside) in ``colour``."""
    image = widget.grab().toImage()
    width, height = image.width(), image.height()
    ratio = widget.devicePixelRatioF()
    inset = round(4 * ratio)
    ring = [(x, y) for x in range(inset, width - inset) for y in (0, 1, height - 2, height - 1)]
    ring += [(x, y) for y in range(inset, height - inset) for x in (0, 1, width - 2, width - 1)]
    hits = sum(1 for x, y in ring if image.pixelColor(x, y).name() == colour.name())
    return hits / len(ring)


def test_focus_is_framed_on_a_button_a_line_edit_and_a_list(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, runner, sample_data_dir, config_dir)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
    highlight = window.palette().color(QPalette.ColorRole.Highlight)
    window.preferences_action.trigger()
    dialog = window.preferences_dialog
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
    button = next(b for b in dialog.findChildren(QPushButton) if b.isVisible())
    line_edit = dialog.member_name_edit
    assert isinstance(line_edit, QLineEdit)
    controls: list[tuple[str, QWidget, QWidget]] = [
        ("button", button, dialog),
        ("line edit", line_edit, dialog),
        ("spin box", dialog.font_size_spin, dialog),
    ]
    for kind, widget, top in controls:
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        top.grab().save(str(tmp_path / f"focus-{kind.replace(' ', '-')}.png"))
        assert ring_share(widget, highlight) > 0.6, f"the focused {kind} is framed"
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
    attachments = window.attachment_pane.findChild(QListView, "attachmentList")
    assert attachments is not None
    unfocused = ring_share(attachments, highlight)
    attachments.setFocus()
    qtbot.waitUntil(attachments.hasFocus)
    window.grab().save(str(tmp_path / "focus-list.png"))
    print(f"\nscreenshots: {tmp_path}/focus-*.png")
    assert unfocused < 0.1, "no frame without the focus"
    assert ring_share(attachments, highlight) > 0.6, "the focused list is framed"
