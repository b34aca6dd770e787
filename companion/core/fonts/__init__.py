# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""The font every PDF the companion writes embeds: Companion Sans.

A subset of Liberation Sans 2 (SIL Open Font License, see ``OFL.txt``; made by
``packaging/fonts/make_pdf_fonts.py``): Latin with the Danish letters, dashes,
quotes and guillemets, in four styles, about 25 kB each. Liberation Sans has
Helvetica's widths, so layouts stay as they were with MuPDF's built-in
Helvetica clone; but this font is always embedded, and it has no ligature
substitution, so "fi" in a PDF is copied and searched as the two letters typed.

`font_css` and `font_archive` give a ``pymupdf.Story`` the font;
`insert_text` writes a line (footer, running header) with it on a page.
A character outside the subset (a check box) falls back to MuPDF's own
embedded Noto fonts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pymupdf

#: The family name the CSS uses.
FAMILY = "CompanionSans"
FONT_DIR = Path(__file__).resolve().parent
#: (bold, italic) -> file name.
FONT_FILES = {
    (False, False): "CompanionSans-Regular.ttf",
    (True, False): "CompanionSans-Bold.ttf",
    (False, True): "CompanionSans-Italic.ttf",
    (True, True): "CompanionSans-BoldItalic.ttf",
}
#: The name a page's resources give the font written by `insert_text`.
PAGE_FONT_NAME = "CompSans"


def font_css() -> str:
    """``@font-face`` rules for the four styles and a rule giving every element the font.

    Append it after a style sheet: its ``*`` rule then wins over a generic family.
    """
    faces = "\n".join(
        f"@font-face {{ font-family: {FAMILY}; src: url({name}); "
        f"font-weight: {'bold' if bold else 'normal'}; "
        f"font-style: {'italic' if italic else 'normal'}; }}"
        for (bold, italic), name in FONT_FILES.items()
    )
    return f"{faces}\n* {{ font-family: {FAMILY}; }}\n"


def font_archive() -> pymupdf.Archive:
    """The archive a ``pymupdf.Story`` reads the font files from."""
    return pymupdf.Archive(str(FONT_DIR))


@cache
def font_bytes(bold: bool = False, italic: bool = False) -> bytes:
    """The TrueType data of one style."""
    return (FONT_DIR / FONT_FILES[(bold, italic)]).read_bytes()


@cache
def _font() -> pymupdf.Font:
    return pymupdf.Font(fontbuffer=font_bytes())


def text_width(text: str, size: float) -> float:
    """The width of ``text`` in the regular style at ``size`` points."""
    return float(_font().text_length(text, fontsize=size))


def insert_text(
    page: pymupdf.Page,
    point: tuple[float, float],
    text: str,
    size: float,
    color: tuple[float, float, float] = (0, 0, 0),
) -> None:
    """Write one line of ``text`` at ``point`` (its baseline start) in the regular style."""
    page.insert_font(fontname=PAGE_FONT_NAME, fontbuffer=font_bytes())
    page.insert_text(point, text, fontname=PAGE_FONT_NAME, fontsize=size, color=color)
