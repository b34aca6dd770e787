"""The member's text size: the item text's levels and every pane, scaled together.

`companion.core.item_html.ITEM_CSS` gives the title, section headings and
secondary lines in points designed for an 11-point body. QTextDocument's CSS
knows no ``em``, so when the member picks another text size, every ``font-size``
in the style sheet is scaled by the same factor: the title stays larger than
the headings, the headings larger than the body, at every size.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

#: The body size the style sheet's point sizes are designed for (the preference's default).
DESIGN_POINTS = 11

_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")


def scaled_css(css: str, body_points: float) -> str:
    """``css`` with every ``font-size: Npt`` scaled from an 11-point body to ``body_points``."""
    factor = body_points / DESIGN_POINTS

    def scale(match: re.Match[str]) -> str:
        return f"font-size: {float(match.group(1)) * factor:.1f}pt"

    return _FONT_SIZE.sub(scale, css)


def pane_font(system: QFont, body_points: float) -> QFont:
    """The panes' font for the member's text size: the system's, scaled as the item text is.

    At the default size (11 points) the panes keep the system's own text size
    (which follows the system's accessibility setting); at 22 points they are
    twice that size.
    """
    font = QFont(system)
    font.setPointSizeF(system.pointSizeF() * body_points / DESIGN_POINTS)
    return font


def apply_text_size(window: QWidget, body_points: int) -> None:
    """Scale every pane of ``window`` (lists, tree, panel, PDF tools, status line) to the size.

    Qt stops passing a parent's font on to a child once a style sheet has
    polished the child, so each widget already made is scaled by the change
    itself (a bold or larger label stays bold or larger); a widget made later
    takes the window's font when it is first polished. The item text has its
    own size (`ItemView.set_font_size`, called after this).
    """
    target = pane_font(QApplication.font(), body_points)
    current = window.font().pointSizeF()
    if current > 0 and abs(target.pointSizeF() - current) > 0.01:
        ratio = target.pointSizeF() / current
        for child in window.findChildren(QWidget):
            font = QFont(child.font())
            if font.pointSizeF() > 0:
                font.setPointSizeF(font.pointSizeF() * ratio)
                child.setFont(font)
    window.setFont(target)
