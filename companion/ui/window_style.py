"""The reading window's calm look, taken from the system palette.

A tinted sidebar, borderless panes and thin splitter handles, in colours derived
from the palette the system gives (light, dark or high contrast) rather than
fixed ones that vanish on a dark or high-contrast palette. Every focusable
control keeps a visible focus: item views and fields draw a frame in the
palette's highlight colour when they have the focus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QColor, QPalette

from companion.core.item_html import ItemColours

#: How much of the highlight colour tints a selected row on a light palette.
SOFT_SELECTION = 0.2
#: How much of the text colour tints the sidebar (a whisper on a light palette).
SIDEBAR_TINT = 0.03
#: WCAG's least contrast for body text; a designed colour that reads worse gives way.
READABLE_CONTRAST = 4.5
#: How far grey (secondary) text sits from the text colour towards the ground.
MUTED_SHARE = 0.4
#: How much of the highlight colour tints the Indstilling box.
BOX_TINT = 0.1
#: The designed colour for a problem (a failed save or sync) on a light ground ...
PROBLEM_ON_LIGHT = "#9b2c1f"
#: ... and on a dark or high-contrast one, where the dark red would vanish.
PROBLEM_ON_DARK = "#ff8a80"
#: A warning (time nearly up, an item postponed), light ground and dark ground.
WARNING_ON_LIGHT, WARNING_ON_DARK = "#b45309", "#ffb74d"
#: Success (an item dealt with), light ground and dark ground.
SUCCESS_ON_LIGHT, SUCCESS_ON_DARK = "#2e7d32", "#81c784"
#: The width of the focus outline, in pixels.
FOCUS_WIDTH = 2


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


def luminance(colour: QColor) -> float:
    """WCAG's relative luminance of ``colour`` (0 black .. 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 .. 21)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(candidates: list[QColor], ground: QColor, fallback: QColor) -> QColor:
    """The first of ``candidates`` that reads on ``ground``; else ``fallback``."""
    for colour in candidates:
        if contrast(colour, ground) >= READABLE_CONTRAST:
            return colour
    return fallback


def muted_text(palette: QPalette) -> QColor:
    """Secondary (grey) text: the text colour drawn towards the ground, still readable."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    for share in (MUTED_SHARE, MUTED_SHARE / 2):
        colour = mixed(text, base, share)
        if contrast(colour, base) >= READABLE_CONTRAST:
            return colour
    return text


def tone(palette: QPalette, on_light: str, on_dark: str) -> QColor:
    """A signal colour (problem, warning, success) that reads on the palette's ground."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    return readable([QColor(on_dark if is_dark(palette) else on_light)], base, text)


def problem_text(palette: QPalette) -> QColor:
    """The colour of a line that reports a problem (a failed save, a sync error)."""
    return tone(palette, PROBLEM_ON_LIGHT, PROBLEM_ON_DARK)


#: The palette roles `tones` and `item_colours` read: their colours key the caches.
_TONE_ROLES = (
    QPalette.ColorRole.Base,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.Highlight,
    QPalette.ColorRole.HighlightedText,
    QPalette.ColorRole.Link,
    QPalette.ColorRole.Mid,
)
#: Derived colours per palette (a handful of palettes in a session: light, dark, contrast).
_TONES_CACHE: dict[tuple[int, ...], dict[str, QColor]] = {}
_ITEM_COLOURS_CACHE: dict[tuple[int, ...], ItemColours] = {}
_CACHE_LIMIT = 16
_Value = TypeVar("_Value")


def _palette_key(palette: QPalette) -> tuple[int, ...]:
    return tuple(palette.color(role).rgba() for role in _TONE_ROLES)


def _per_palette(
    cache: dict[tuple[int, ...], _Value], palette: QPalette, compute: Callable[[QPalette], _Value]
) -> _Value:
    """``compute(palette)``, once per palette's colours (``cache`` starts again when full)."""
    key = _palette_key(palette)
    value = cache.get(key)
    if value is None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        value = cache[key] = compute(palette)
    return value


def item_colours(palette: QPalette) -> ItemColours:
    """The item text's colours for ``palette``: the title and headings read on its ground.

    The designed blue accent stays where it reads; otherwise the palette's link or
    highlight colour (yellow on a typical high-contrast palette) or its text. The
    Indstilling box is the ground tinted with the highlight colour and framed in
    it, so it stays set apart in any palette. Computed once per palette.
    """
    return _per_palette(_ITEM_COLOURS_CACHE, palette, _item_colours)


def _item_colours(palette: QPalette) -> ItemColours:
    role = QPalette.ColorRole
    base, text = palette.color(role.Base), palette.color(role.Text)
    highlight = palette.color(role.Highlight)
    defaults = ItemColours()
    accent = readable([QColor(defaults.accent), palette.color(role.Link), highlight], base, text)
    box = mixed(base, highlight, BOX_TINT)
    box_border = highlight if is_dark(palette) else mixed(base, highlight, 0.35)
    return ItemColours(
        text=text.name(),
        muted=muted_text(palette).name(),
        accent=accent.name(),
        link=readable(
            [QColor(defaults.link), palette.color(role.Link), highlight], box, text
        ).name(),
        closed=tone(palette, defaults.closed, PROBLEM_ON_DARK).name(),
        box_background=box.name(),
        box_border=box_border.name(),
        table_border=palette.color(role.Mid).name(),
        table_heading=mixed(base, text, 0.08).name(),
    )


def sidebar_colours(palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """The sidebar's ground, its selected row's ground and that row's text, for ``palette``."""
    role = QPalette.ColorRole
    base, text = palette.color(role.Base), palette.color(role.Text)
    highlight = palette.color(role.Highlight)
    sidebar = base if is_dark(palette) else mixed(base, text, SIDEBAR_TINT)
    if is_dark(palette):  # dark and high-contrast palettes: their own strong selection
        return sidebar, highlight, palette.color(role.HighlightedText)
    return sidebar, mixed(base, highlight, SOFT_SELECTION), text


def window_style(palette: QPalette) -> str:
    """The window's style sheet for ``palette``.

    No rule names the agenda tree: a style-sheet rule that applies to an item view
    makes each of its cells paint through the style sheet (~2 ms a paint of the
    tree, twice an item switch); the tree takes the same colours and focus frame
    from its palette (`companion.ui.agenda_tree`).
    """
    role = QPalette.ColorRole
    base = palette.color(role.Base)
    highlight = palette.color(role.Highlight)
    sidebar, selected, selected_text = sidebar_colours(palette)
    text = palette.color(role.Text)
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
        "width": FOCUS_WIDTH,
    }
    return (
        focus_style(palette)
        + """
#agendaPane {{ background: {sidebar}; }}
#itemView {{ border: {width}px solid transparent; }}
#attachmentPane {{ background: {sidebar}; }}
#paneHeading {{ color: {heading}; font-weight: 600; padding: 8px 10px 4px 10px; }}
#attachmentList {{ background: {sidebar}; border: {width}px solid transparent; }}
#attachmentList::item {{ padding: 3px 6px; }}
#attachmentList::item:selected {{ background: {selected}; color: {selected_text}; }}
#itemView:focus, #attachmentList:focus {{ border: {width}px solid {focus}; }}
QSplitter::handle {{ background: {handle}; }}
""".format(**colours)
    )


#: Every kind of control the member can reach with Tab. Item views by their classes,
#: so that no rule applies to the agenda tree (it frames itself, see `window_style`):
#: ``.QTreeView`` is a plain QTreeView only, not a subclass.
FOCUSABLE = (
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QComboBox",
    "QLineEdit",
    "QAbstractSpinBox",
    "QTextEdit",
    "QPlainTextEdit",
    "QListView",
    "QTableView",
    ".QTreeView",
    "QTreeWidget",
    "ResultsView",
    "QSlider",
    "QTabBar",
)


def focus_style(palette: QPalette) -> str:
    """A frame in the palette's highlight colour around whichever control has the focus.

    Qt's own focus mark (a faint dotted rectangle or a slightly bluer border,
    depending on the style) is easy to lose; this one is the same strong frame
    on every kind of control, in the colour the palette uses for selection (so
    yellow on a typical high-contrast palette).
    """
    colour = palette.color(QPalette.ColorRole.Highlight).name()
    selectors = ", ".join(f"{kind}:focus" for kind in FOCUSABLE)
    return f"""
{selectors} {{ border: {FOCUS_WIDTH}px solid {colour}; border-radius: 3px; }}
"""


def tones(palette: QPalette) -> dict[str, QColor]:
    """The palette-derived colours a style sheet may name as ``@name`` (see `themed`).

    Computed once per palette (the contrast checks cost ~0.3 ms, and the agenda
    model asks for a row's colour at every paint of a row).

    muted: secondary text; problem, warning, success: signal text that reads on the
    ground; accent: headings (the designed blue where it reads); tint: a light
    panel set apart from the ground; tint_border: its frame; problem_tint: a panel
    that reports a problem; panel: a quiet panel (as the sidebar); rule: a thin line.
    """
    cached: dict[str, QColor] = _per_palette(_TONES_CACHE, palette, _tones)
    return dict(cached)  # the caller may change its copy


def _tones(palette: QPalette) -> dict[str, QColor]:
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    colours = item_colours(palette)
    return {
        "muted": muted_text(palette),
        "problem": problem_text(palette),
        "warning": tone(palette, WARNING_ON_LIGHT, WARNING_ON_DARK),
        "success": tone(palette, SUCCESS_ON_LIGHT, SUCCESS_ON_DARK),
        "accent": QColor(colours.accent),
        "tint": QColor(colours.box_background),
        "tint_border": QColor(colours.box_border),
        "problem_tint": mixed(base, problem_text(palette), BOX_TINT),
        "panel": mixed(base, text, SIDEBAR_TINT),
        "rule": palette.color(QPalette.ColorRole.Mid),
        "text": text,
        "base": base,
        "highlight": palette.color(QPalette.ColorRole.Highlight),
        "highlighted_text": palette.color(QPalette.ColorRole.HighlightedText),
    }


def themed(css: str, palette: QPalette) -> str:
    """``css`` with every ``@name`` of `tones` replaced by that colour for ``palette``.

    Longer names first, so ``@problem_tint`` is not read as ``@problem``.
    """
    for name, colour in sorted(tones(palette).items(), key=lambda pair: -len(pair[0])):
        css = css.replace(f"@{name}", colour.name())
    return css
