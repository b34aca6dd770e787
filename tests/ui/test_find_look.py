"""Ctrl+F's hits look unlike any highlight the member makes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QTextCharFormat

from companion.core.colors import HIGHLIGHT_INK, HIGHLIGHT_TINT
from companion.core.library import Library
from companion.ui.item_view import ItemView

#: Below this distance (RGB, 0-255 per channel) two tints read as the same colour.
DISTINCT = 70


def distance(first: QColor, second: QColor) -> float:
    return (
        (first.red() - second.red()) ** 2
        + (first.green() - second.green()) ** 2
        + (first.blue() - second.blue()) ** 2
    ) ** 0.5


def test_find_hits_differ_from_every_highlight_colour(qtbot, sample_data_dir: Path) -> None:
    with Library(sample_data_dir) as library:
        meeting = library.meeting("kkr-midtjylland-2020-02-05")
    item = next(item for item in meeting.items if item.recommendation is not None)
    view = ItemView()
    qtbot.addWidget(view)
    view.show_item(item, meeting)
    assert view.highlight_all("KKR") > 0
    selections = view.extraSelections()  # kept: the formats live in them
    formats = [QTextCharFormat(selection.format) for selection in selections]
    assert formats, "the hits are drawn"
    for fmt in formats:
        hit = fmt.background().color()
        for name, palette in (("ink", HIGHLIGHT_INK), ("tint", HIGHLIGHT_TINT)):
            for colour, value in palette.items():
                gap = distance(hit, QColor(value))
                assert gap >= DISTINCT, (
                    f"a hit looks like the {colour} highlight {name} ({gap:.0f})"
                )
        assert fmt.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
        assert distance(fmt.underlineColor(), hit) >= DISTINCT, "the underline shows on the tint"
