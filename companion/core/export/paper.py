"""The paper size of a Word export: the member's, by locale (A4 except letter countries).

Word and LibreOffice print on the page size the document says, so a Word file
should carry the reader's paper: A4 almost everywhere, US Letter where the
locale's country uses it (the countries of glibc's LC_PAPER letter locales).
"""

from __future__ import annotations

import locale
import os
from typing import Literal

Paper = Literal["a4", "letter"]
#: Countries whose locales use US Letter (ISO 3166 codes).
LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PH", "PR", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "NI", "DO"}
)
#: Millimetres (width, height) of each paper.
PAPER_MM: dict[Paper, tuple[float, float]] = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}


def paper_for_locale(name: str) -> Paper:
    """The paper of a locale name such as ``da_DK.UTF-8``, ``en-US`` or ``fr_CA`` (A4 if unsure)."""
    base = name.split(".")[0].split("@")[0].replace("-", "_")
    parts = base.split("_")
    country = parts[1].upper() if len(parts) > 1 else ""
    return "letter" if country in LETTER_COUNTRIES else "a4"


def system_locale_name() -> str:
    """The locale that decides paper: $LC_ALL, $LC_PAPER, $LANG, else the system's."""
    for variable in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return value
    try:
        return locale.getlocale()[0] or ""
    except ValueError:
        return ""


def system_paper() -> Paper:
    """The paper of the member's locale."""
    return paper_for_locale(system_locale_name())
