"""Make the PDF exports' font: a small subset of Liberation Sans, renamed.

The exports and the agenda PDF embed this font (``companion/core/fonts``) so a
PDF shows and copies the same on every machine: Latin with the Danish letters,
the dashes, quotes and guillemets, euro and a few signs; kerning kept, no
ligature glyphs (so "fi" stays two letters when copied), no hinting (MuPDF
does not use it). The SIL Open Font License asks a modified font (a subset is
one) not to use the Reserved Font Names (Liberation, Arimo), so the subset is
named "Companion Sans".

Run once when the font should change, with fontTools (not a dependency of the
app) and Debian's fonts-liberation2 installed::

    pip install fonttools
    python packaging/fonts/make_pdf_fonts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/liberation2")
TARGET = Path(__file__).resolve().parents[2] / "companion" / "core" / "fonts"
FAMILY = "Companion Sans"
STYLES = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}
UNICODES = (
    "U+0020-007E,U+00A0-017F,U+0218-021B,U+02C6-02C7,U+02D8-02DD,U+2010-2027,"
    "U+2030-203A,U+2044,U+20AC,U+2116,U+2122,U+2190-2193,U+2212,U+2260,U+2264-2265"
)


def make(style: str, style_name: str) -> Path:
    """Subset and rename one style; the file written."""
    source = SOURCE / f"LiberationSans-{style}.ttf"
    target = TARGET / f"CompanionSans-{style}.ttf"
    options = subset.Options()
    options.layout_features = ["kern"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    if "FFTM" in font:
        del font["FFTM"]
    names = font["name"]
    postscript = f"CompanionSans-{style}"
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName(
                f"{postscript};subset of Liberation Sans 2",
                3,
                record.platformID,
                record.platEncID,
                record.langID,
            )
        elif record.nameID == 4:
            full = f"{FAMILY} {style_name}" if style != "Regular" else FAMILY
            names.setName(full, 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
    font.save(target)
    return target


def main() -> int:
    """Write the four styles into the package's fonts folder."""
    TARGET.mkdir(parents=True, exist_ok=True)
    for style, style_name in STYLES.items():
        path = make(style, style_name)
        print(f"{path} {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
