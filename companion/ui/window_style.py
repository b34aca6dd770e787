"""The reading window's calm look, taken from the system palette.

A tinted sidebar, borderless panes and thin splitter handles, in colours derived
from the palette the system gives (light, dark or high contrast) rather than
fixed ones that vanish on a dark or high-contrast palette. Every focusable
control keeps a visible focus: item views and fields draw a frame in the
palette's highlight colour when they have the focus.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

#: How much of the highlight colour tints a selected row on a light palette.
SOFT_SELECTION = 0.2
#: How much of the text colour tints the sidebar (a whisper on a light palette).
SIDEBAR_TINT = 0.03


def mixed(base: QColor, other: QColor, share: float) -> QColor:
    """``base`` with ``share`` (0..1) of ``other`` mixed in."""
    return QColor.fromRgbF(
        base.redF() + (other.redF() - base.redF()) * share,
        base.greenF() + (other.greenF() - base.greenF()) * share,
        base.blueF() + (other.blueF() - base.blueF()) * share,
    )


def is_dark(palette: QPalette) -> bool:
    """Whether the palette writes light text on a dark ground (dark or high contrast)."""
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def window_style(palette: QPalette) -> str:
    """The window's style sheet for ``palette``."""
    role = QPalette.ColorRole
    base, text = palette.color(role.Base), palette.color(role.Text)
    highlight = palette.color(role.Highlight)
    sidebar = base if is_dark(palette) else mixed(base, text, SIDEBAR_TINT)
    if is_dark(palette):  # dark and high-contrast palettes: their own strong selection
        selected, selected_text = highlight, palette.color(role.HighlightedText)
    else:
        selected, selected_text = mixed(base, highlight, SOFT_SELECTION), text
    heading = palette.color(role.PlaceholderText)
    if abs(heading.lightnessF() - base.lightnessF()) < 0.4:
        heading = text  # a faint placeholder colour would vanish: the text's own
    colours = {
        "sidebar": sidebar.name(),
        "selected": selected.name(),
        "selected_text": selected_text.name(),
        "heading": heading.name(),
        "handle": palette.color(role.Mid).name(),
        "focus": highlight.name(),
    }
    return """
#agendaPane {{ background: {sidebar}; }}
#agendaTree {{ background: {sidebar}; border: 1px solid transparent; }}
#agendaTree::item {{ padding: 3px 2px; }}
#agendaTree::item:selected {{ background: {selected}; color: {selected_text}; }}
#itemView {{ border: 1px solid transparent; }}
#attachmentPane {{ background: {sidebar}; }}
#paneHeading {{ color: {heading}; font-weight: 600; padding: 8px 10px 4px 10px; }}
#attachmentList {{ background: {sidebar}; border: 1px solid transparent; }}
#attachmentList::item {{ padding: 3px 6px; }}
#attachmentList::item:selected {{ background: {selected}; color: {selected_text}; }}
#agendaTree:focus, #itemView:focus, #attachmentList:focus {{ border: 1px solid {focus}; }}
QSplitter::handle {{ background: {handle}; }}
""".format(**colours)
