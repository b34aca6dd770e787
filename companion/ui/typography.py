"""The item text's levels scaled together with the member's text size.

`companion.core.item_html.ITEM_CSS` gives the title, section headings and
secondary lines in points designed for an 11-point body. QTextDocument's CSS
knows no ``em``, so when the member picks another text size, every ``font-size``
in the style sheet is scaled by the same factor: the title stays larger than
the headings, the headings larger than the body, at every size.
"""

from __future__ import annotations

import re

#: The body size the style sheet's point sizes are designed for (the preference's default).
DESIGN_POINTS = 11

_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")


def scaled_css(css: str, body_points: float) -> str:
    """``css`` with every ``font-size: Npt`` scaled from an 11-point body to ``body_points``."""
    factor = body_points / DESIGN_POINTS

    def scale(match: re.Match[str]) -> str:
        return f"font-size: {float(match.group(1)) * factor:.1f}pt"

    return _FONT_SIZE.sub(scale, css)
