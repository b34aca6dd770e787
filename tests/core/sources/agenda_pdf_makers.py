"""Test PDFs of the real agendas, made at test time (KL's own PDFs are not in the repository).

`agenda_html` typesets a real agenda text (resources/agendas) as HTML the way
KL's PDFs look: group, item and section headings in bold, tables of contents
and tab-separated tables as tables, ``-`` lines as bullet lists, inline bold
and italics kept. LibreOffice turns the HTML into PDF (`libreoffice_pdfs`,
all files in one ``soffice`` call: it takes seconds to start).

Links in the texts have no target (``(#)``); they become links to a stand-in
address, `STAND_IN_URL`, so that the PDF carries a link annotation like KL's.
The scanned stand-in (`scanned_pdf`) is a PDF of page images with no text.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pymupdf

from companion.core.importers.blocks import section_heading
from companion.core.importers.inline import parse_inline, strip_emphasis
from companion.core.model import Meeting

STAND_IN_URL = "https://stand-in.invalid/link"
_BULLET = re.compile(r"^(?P<indent>\s*)[-•]\s+(?P<text>\S.*)$")
_PIPE_RULE = re.compile(r"^\|[\s|:-]*\|\s*$")
_NUMBERED = re.compile(
    r"^(?:#+\s*)?(?:\*\*|<b>)?(?P<number>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<rest>\S.*)$"
)

CSS = (
    "body { font-family: 'Liberation Sans'; font-size: 10.5pt; }"
    " p { margin-top: 0; margin-bottom: 0; }"
    " p.first { margin-top: 9pt; }"
    " td { font-size: 10.5pt; vertical-align: top; }"
)


def agenda_html(text: str, meeting: Meeting) -> str:
    """The agenda text as HTML with its headings in bold (``meeting`` is its text import)."""
    headings = _heading_numbers(meeting)
    out: list[str] = []
    table: list[list[str]] = []
    bullets: list[str] = []
    first_in_chunk = True
    previous_level = ""

    def flush() -> None:
        if table:
            rows = "".join(
                "<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>"
                for row in table
            )
            out.append(f'<table width="100%" cellpadding="2">{rows}</table>')
            table.clear()
        if bullets:
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in bullets) + "</ul>")
            bullets.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
            first_in_chunk = True
            continue
        if _PIPE_RULE.match(stripped):
            continue
        if stripped.startswith("|"):
            table.append([cell.strip() for cell in stripped.strip("|").split("|")])
            continue
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        flush()
        if (bullet := _BULLET.match(line)) is not None:
            bullets.append(_inline(bullet["text"]))
            continue
        level = _heading_level(stripped, headings)
        body = _inline(stripped.lstrip("#").strip())
        classes = ["first"] if first_in_chunk else []
        # KL's agendas start each group, and each item not right under its group, on a page.
        if level == "group" or (level == "item" and previous_level != "group"):
            classes.append("new-page")
        css_class = f' class="{" ".join(classes)}"' if classes else ""
        if "new-page" in classes:  # LibreOffice honours page breaks only inline
            css_class += ' style="page-break-before: always"'
        out.append(f"<p{css_class}>{f'<b>{body}</b>' if level else body}</p>")
        first_in_chunk = False
        previous_level = level
    flush()
    return (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">'
        f"<style>{CSS}</style></head><body>{''.join(out)}</body></html>"
    )


def _heading_numbers(meeting: Meeting) -> list[tuple[str, str]]:
    """(number, title) of every numbered group and item, in agenda order."""
    found: list[tuple[str, str]] = []
    for group in meeting.groups:
        if group.number:
            found.append((group.number, group.title))
        found += [(item.number, item.title) for item in group.items]
    return found


def _heading_level(line: str, headings: list[tuple[str, str]]) -> str:
    """``group``, ``item`` or ``other`` for a heading (typeset bold), empty for text."""
    numbered = _NUMBERED.match(line)
    flat = not any("." in number for number, _ in headings)
    if numbered is not None:
        rest = strip_emphasis(numbered["rest"]).casefold()
        for number, title in headings:
            if number == numbered["number"] and rest.startswith(title.casefold()[:12]):
                return "item" if "." in number or flat else "group"
    if line.startswith("#") or section_heading(line) is not None:
        return "other"
    return ""


def _inline(text: str) -> str:
    parts: list[str] = []
    for span in parse_inline(text):
        inner = html.escape(span.text)
        if span.href is not None:
            inner = f'<a href="{STAND_IN_URL}">{inner}</a>'
        if span.italic:
            inner = f"<i>{inner}</i>"
        if span.bold:
            inner = f"<b>{inner}</b>"
        parts.append(inner)
    return "".join(parts)


def libreoffice_pdfs(htmls: dict[str, str], folder: Path) -> dict[str, Path]:
    """Each ``name -> HTML`` typeset by LibreOffice Writer as ``folder/name.pdf`` (one call)."""
    soffice = shutil.which("soffice")
    assert soffice is not None, "soffice (Debian: libreoffice-writer-nogui) is not installed"
    sources = []
    for name, document in htmls.items():
        source = folder / f"{name}.html"
        source.write_text(document, encoding="utf-8")
        sources.append(str(source))
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--infilter=HTML (StarWriter)",  # Writer's page layout, not Writer/Web's
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdfs = {name: folder / f"{name}.pdf" for name in htmls}
    for pdf in pdfs.values():
        assert pdf.is_file(), f"LibreOffice did not write {pdf}"
    return pdfs


def scanned_pdf(original: Path, dest: Path) -> Path:
    """A stand-in for a scanned agenda: ``original``'s pages as images only, no text layer."""
    scan = pymupdf.open()
    with pymupdf.open(original) as document:
        for page in document:
            picture = page.get_pixmap(dpi=60, colorspace=pymupdf.csGRAY)
            target = scan.new_page(width=page.rect.width, height=page.rect.height)
            target.insert_image(target.rect, pixmap=picture)
    scan.set_metadata({"title": "Stand-in scan made by the tests (page images, no text)"})
    scan.save(dest)
    scan.close()
    return dest
