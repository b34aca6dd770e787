"""The palette-derived colours are computed once per palette, and follow a palette change."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from companion.ui.window_style import _item_colours, _tones, item_colours, tones
from tests.ui.test_accessibility import high_contrast_palette


def light_palette() -> QPalette:
    """A light palette: white ground, near-black text, a blue highlight."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1a1a1a"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2a6bd1"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return palette


def test_cached_colours_match_a_fresh_computation_and_follow_the_palette(
    qapp: QApplication,
) -> None:
    light, contrast = light_palette(), high_contrast_palette()
    for _ in range(2):  # the second round comes from the cache
        for palette in (light, contrast):
            assert {name: c.name() for name, c in tones(palette).items()} == {
                name: c.name() for name, c in _tones(palette).items()
            }
            assert item_colours(palette) == _item_colours(palette)
    assert tones(light)["problem"] != tones(contrast)["problem"]
    assert item_colours(light).accent != item_colours(contrast).accent
    changed = QPalette(light)  # the same palette object, one colour changed
    changed.setColor(QPalette.ColorRole.Base, QColor("#000000"))
    changed.setColor(QPalette.ColorRole.Text, QColor("#ffffff"))
    assert tones(changed)["base"].name() == "#000000"


def test_a_caller_changing_its_copy_does_not_change_the_cache(qapp: QApplication) -> None:
    palette = light_palette()
    tones(palette)["muted"] = QColor("#ff00ff")
    assert tones(palette)["muted"].name() != "#ff00ff"
