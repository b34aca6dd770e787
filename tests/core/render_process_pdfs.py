"""Generated stand-in PDFs for the render process's tests (no agenda content in them)."""

from __future__ import annotations

import random
from pathlib import Path

import pymupdf


def make_heavy_pdf(path: Path, lines: int = 40_000, pages: int = 1) -> Path:
    """A generated stand-in PDF: each page ``lines`` random stroked lines (slow to draw)."""
    randomness = random.Random(14)
    document = pymupdf.open()
    for _ in range(pages):
        page = document.new_page(width=595, height=842)
        page.insert_text((72, 72), "generated stand-in: a slow page")
        parts = ["0.2 w\n"]
        for _ in range(lines):
            x, y = randomness.uniform(0, 595), randomness.uniform(0, 842)
            parts.append(f"{x:.1f} {y:.1f} m {x + 40:.1f} {y + 25:.1f} l S\n")
        document.update_stream(page.get_contents()[0], "".join(parts).encode())
    document.save(path)
    document.close()
    return path


def make_text_pdf(path: Path, pages: int) -> Path:
    """A generated stand-in PDF of ``pages`` A4 pages showing their numbers."""
    document = pymupdf.open()
    for number in range(1, pages + 1):
        page = document.new_page(width=595, height=842)
        page.insert_text((72, 100), f"Side {number} af {pages}", fontsize=28)
    document.save(path)
    document.close()
    return path
