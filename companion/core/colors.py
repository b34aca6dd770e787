"""The highlight colours a member chooses, by the name the personal store keeps.

One palette for every place a highlight is drawn: ``HIGHLIGHT_INK`` is the
marker ink on PDF pages (the viewer, annotated copies, the quotations of an
export); ``HIGHLIGHT_TINT`` the lighter tint behind highlighted words in the
item text, where the words stay dark on it.
"""

from __future__ import annotations

HIGHLIGHT_INK = {"yellow": "#ffd400", "green": "#5fd35f", "blue": "#59a7ff", "pink": "#ff6fb5"}
HIGHLIGHT_TINT = {"yellow": "#fff176", "green": "#b9f6ca", "blue": "#b3e5fc", "pink": "#f8bbd0"}
DEFAULT_HIGHLIGHT = "yellow"


def rgb(hex_color: str) -> tuple[float, float, float]:
    """``"#ffd400"`` as red, green and blue from 0 to 1 (as PDF colours are given)."""
    digits = hex_color.lstrip("#")
    red, green, blue = (int(digits[index : index + 2], 16) / 255 for index in (0, 2, 4))
    return (red, green, blue)
