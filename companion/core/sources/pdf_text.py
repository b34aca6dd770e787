# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""The text of an agenda PDF, in the agenda text format (PyMuPDF, no Qt).

`read_pdf_agenda` reads the text with PyMuPDF and writes it in the format that
`companion.core.importers.agenda_text` reads, with the page of each line:

* spans on one baseline are one row; a gap of more than half an em between
  spans is a tab (so tables of contents and tables come out as the
  tab-separated rows the parser knows); a lone bullet glyph or list number
  before such a gap is a list marker instead;
* bold (font flags or a bold font name) and type markedly larger than the body
  are ``<b>...</b>``, italics ``<i>...</i>``; link annotations make
  ``[text](uri)``;
* a row that is the continuation of a full line above it (wrapped text) is
  joined to it, a wrapped table cell to its cell; a vertical gap wider than
  line spacing is a blank line (a paragraph break), and so is a page break;
* running headers and footers (rows repeated at the top or bottom of most
  pages, digits aside) are dropped;
* a "Bilag" heading followed by a list (the app's own agenda PDF) becomes the
  ``./.`` marker with the titles after it;
* pages of bilag printed inside the agenda (see `companion.core.sources.agenda_pdf`)
  are left out and listed as `PrintedBilag`.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pymupdf

from companion.core.agenda_pdf import NOT_PROVIDED_LABEL
from companion.core.danish_dates import MONTHS
from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError
from companion.core.importers.attachments import is_sentence
from companion.core.importers.inline import strip_emphasis
from companion.core.mupdf_lock import serialized

logger = logging.getLogger(__name__)

#: The ``creator`` the app writes into its own agenda PDF (companion.core.agenda_pdf).
COMPANION_CREATOR = "KKR meeting companion"
#: Fewer visible characters than this in the whole PDF: it has no text layer.
MIN_TEXT_CHARACTERS = 20

_BULLETS = frozenset("•◦▪▫●○■□–-‣⁃*")
_NUMBER_CELL = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?$")
_LIST_NUMBER = re.compile(r"^(?:\d{1,2}|[a-z])[.)]$")
_CELL_GAP_EMS = 0.5
_PARAGRAPH_GAP_EMS = 0.55
_LARGER_THAN_BODY = 1.18
_EDGE_ZONE = 0.1
_FURNITURE_SHARE = 0.6
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC_FONT = re.compile(r"italic|oblique", re.IGNORECASE)
_PRINTED_BILAG = re.compile(
    r"^Bilag(?:\s+(?P<ref>\d+(?:\.\d+)*)\.?)?\s*[:–-]\s*(?P<title>\S.*)$", re.IGNORECASE
)
_NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<rest>\S.*)$")
_BILAG_HEADING = re.compile(r"^Bilag:?$", re.IGNORECASE)
_FILE_INFO = re.compile(
    rf"\s*\((?:{re.escape(NOT_PROVIDED_LABEL.strip('()'))}|(?:[A-Z0-9]+, )?[\d,]+ [kM]B)\)$"
)
_LIST_LINE = re.compile(r"^\s*(?:[-•]|\d{1,2}[.)])\s+\S")
_LIST_PREFIX = re.compile(r"^\s*(?:[-•]|\d{1,2}[.)])\s+")
_NO_SPACE_BEFORE = frozenset({"og", "eller", "samt", "til"})


class PdfAgendaError(MemberError):
    """The PDF cannot be read as an agenda (a scan, damaged, locked, no text)."""


@dataclass(frozen=True)
class PrintedBilag:
    """A bilag printed inside the agenda PDF: its heading title and 0-based pages."""

    title: str
    first_page: int
    last_page: int
    reference: str | None = None


@dataclass
class PdfAgendaText:
    """The agenda text read from a PDF, the page of each line, and the bilag in it."""

    lines: list[str]
    pages: list[int]
    printed_bilag: list[PrintedBilag] = field(default_factory=list)
    page_count: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# -- reading the PDF ------------------------------------------------------------


@dataclass
class _Span:
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    text: str
    bold: bool
    italic: bool
    block: int
    href: str | None = None


@dataclass
class _Row:
    page: int
    cells: list[list[_Span]]

    @property
    def spans(self) -> list[_Span]:
        return [span for cell in self.cells for span in cell]

    @property
    def top(self) -> float:
        return min(span.top for span in self.spans)

    @property
    def bottom(self) -> float:
        return max(span.bottom for span in self.spans)

    @property
    def x0(self) -> float:
        return self.cells[0][0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1][-1].x1

    @property
    def size(self) -> float:
        return max(span.size for span in self.spans)

    @property
    def plain(self) -> str:
        return "\t".join(_cell_plain(cell) for cell in self.cells).strip()


@serialized
def read_pdf_agenda(path: Path) -> PdfAgendaText:
    """The text of the agenda PDF at ``path`` in the agenda text format (module doc).

    Raises:
        PdfAgendaError: not a PDF, damaged, password-protected, or a scan without text.
    """
    document = _open(path)
    try:
        if document.needs_pass:
            raise PdfAgendaError(
                QT_TRANSLATE_NOOP(
                    "CoreErrors",
                    "{name} is protected by a password. Open it in a PDF reader, save a copy "
                    "without the password and import that.",
                ),
                Cause.INVALID,
                name=path.name,
            )
        pages = [_page_rows(document[number], number) for number in range(document.page_count)]
        _check_text_layer(path, document, pages)
        creator = str((document.metadata or {}).get("creator") or "")
        page_count = document.page_count
    finally:
        document.close()
    body_size = _body_size(pages)
    _drop_furniture(pages)
    printed = _printed_bilag(pages)
    in_bilag = {page for bilag in printed for page in range(bilag.first_page, bilag.last_page + 1)}
    lines: list[str] = []
    line_pages: list[int] = []
    for number, rows in enumerate(pages):
        if number in in_bilag:
            continue
        page_lines = _page_lines(rows, body_size)
        first = page_lines[0] if page_lines else ""
        table_goes_on = bool(lines) and "\t" in lines[-1] and "\t" in first
        if lines and not table_goes_on:
            lines.append("")  # a page break ends a paragraph (the parser joins cut ones)
            line_pages.append(number - 1)
        lines += page_lines
        line_pages += [number] * len(page_lines)
    result = PdfAgendaText(lines, line_pages, printed, page_count)
    _rewrite_bilag_lists(result)
    if creator == COMPANION_CREATOR:
        _rewrite_companion_layout(result)
    return _one_line_each(result)


def _one_line_each(text: PdfAgendaText) -> PdfAgendaText:
    """Split entries a rewrite made of several lines, so that line n is ``lines[n - 1]``."""
    lines: list[str] = []
    pages: list[int] = []
    for line, page in zip(text.lines, text.pages, strict=True):
        parts = line.split("\n")
        lines += parts
        pages += [page] * len(parts)
    return PdfAgendaText(lines, pages, text.printed_bilag, text.page_count)


def _open(path: Path) -> pymupdf.Document:
    try:
        document = pymupdf.open(path)
    except FileNotFoundError:
        raise PdfAgendaError(
            QT_TRANSLATE_NOOP("CoreErrors", "{name} was not found. Choose the file again."),
            Cause.MISSING,
            name=path.name,
        ) from None
    except (RuntimeError, ValueError) as error:  # pymupdf.FileDataError is a RuntimeError
        logger.info("cannot open %s as a PDF: %s", path, error)
        raise PdfAgendaError(
            QT_TRANSLATE_NOOP(
                "CoreErrors",
                "{name} is not a PDF or is damaged. Ask the secretariat to send it again.",
            ),
            Cause.DAMAGED,
            name=path.name,
        ) from None
    if not document.is_pdf:
        document.close()
        raise PdfAgendaError(
            QT_TRANSLATE_NOOP(
                "CoreErrors", "{name} is not a PDF. Choose the agenda as a PDF or a text file."
            ),
            Cause.INVALID,
            name=path.name,
        )
    return document


def _check_text_layer(path: Path, document: pymupdf.Document, pages: list[list[_Row]]) -> None:
    characters = sum(len(row.plain.replace("\t", "").strip()) for rows in pages for row in rows)
    if characters >= MIN_TEXT_CHARACTERS:
        return
    has_images = any(document[n].get_images() for n in range(document.page_count))
    if has_images:
        raise PdfAgendaError(
            QT_TRANSLATE_NOOP(
                "CoreErrors",
                "{name} has no text layer: it is a scan (pictures of pages). Ask the "
                "secretariat for the agenda PDF as sent by e-mail, or run text recognition "
                "(OCR) on it first.",
            ),
            Cause.INVALID,
            name=path.name,
        )
    raise PdfAgendaError(
        QT_TRANSLATE_NOOP(
            "CoreErrors", "{name} contains no text. Ask the secretariat to send the agenda again."
        ),
        Cause.INVALID,
        name=path.name,
    )


def _page_rows(page: pymupdf.Page, number: int) -> list[_Row]:
    """The page's spans grouped into rows (one baseline) and cells (split at wide gaps)."""
    links = [
        (pymupdf.Rect(link["from"]), str(link["uri"]))
        for link in page.get_links()
        if link.get("kind") == pymupdf.LINK_URI and link.get("uri")
    ]
    spans: list[_Span] = []
    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_LIGATURES  # "fl", not "ﬂ"
    for block in page.get_text("dict", flags=flags)["blocks"]:
        for line in block.get("lines", []):
            for raw in line["spans"]:
                if raw["text"].strip():
                    raw["text"] = re.sub(r"[\r\n\f\v]", " ", raw["text"])
                    spans.append(_span(raw, block["number"], links))
    spans.sort(key=lambda span: (round(span.baseline), span.x0))
    rows: list[list[_Span]] = []
    for span in spans:
        current = rows[-1] if rows else None
        if current is not None and abs(current[0].baseline - span.baseline) <= span.size * 0.3:
            current.append(span)
        else:
            rows.append([span])
    return [_Row(number, _cells(sorted(row, key=lambda span: span.x0))) for row in rows]


def _span(raw: dict[str, Any], block: int, links: list[tuple[pymupdf.Rect, str]]) -> _Span:
    x0, top, x1, bottom = raw["bbox"]
    font = str(raw["font"])
    flags = int(raw["flags"])
    bold = bool(flags & pymupdf.TEXT_FONT_BOLD) or _BOLD_FONT.search(font) is not None
    italic = bool(flags & pymupdf.TEXT_FONT_ITALIC) or _ITALIC_FONT.search(font) is not None
    middle = pymupdf.Point((x0 + x1) / 2, (top + bottom) / 2)
    href = next((uri for rect, uri in links if middle in rect + (-1, -1, 1, 1)), None)
    return _Span(
        x0, x1, top, bottom, raw["origin"][1], float(raw["size"]), raw["text"], bold, italic,
        block, href,
    )  # fmt: skip


def _cells(spans: list[_Span]) -> list[list[_Span]]:
    cells: list[list[_Span]] = [[spans[0]]]
    for span in spans[1:]:
        previous = cells[-1][-1]
        if span.x0 - previous.x1 > _CELL_GAP_EMS * span.size:
            cells.append([span])
        else:
            cells[-1].append(span)
    return cells


def _cell_plain(cell: list[_Span]) -> str:
    return " ".join(" ".join(span.text for span in cell).split())


def _body_size(pages: list[list[_Row]]) -> float:
    sizes: Counter[float] = Counter()
    for rows in pages:
        for row in rows:
            for span in row.spans:
                sizes[round(span.size, 1)] += len(span.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _drop_furniture(pages: list[list[_Row]]) -> None:
    """Remove running headers and footers: edge rows repeated on most pages."""
    if len(pages) < 2:
        return
    counts: Counter[str] = Counter()
    for rows in pages:
        keys = {_furniture_key(row) for row in rows[:3] + rows[-3:]}
        counts.update(keys)
    needed = max(2, round(_FURNITURE_SHARE * len(pages)))
    frequent = {key for key, count in counts.items() if count >= needed}
    for rows in pages:
        if not rows:
            continue
        height = max(row.bottom for row in rows) if rows else 0
        limit_top = rows[0].top + height * _EDGE_ZONE
        while rows and _furniture_key(rows[0]) in frequent and rows[0].top <= limit_top:
            del rows[0]
        while rows and _furniture_key(rows[-1]) in frequent:
            del rows[-1]


def _furniture_key(row: _Row) -> str:
    return re.sub(r"\d+", "#", row.plain.casefold())


def _printed_bilag(pages: list[list[_Row]]) -> list[PrintedBilag]:
    """Runs of pages that open with a "Bilag: <title>" heading (module doc)."""
    found: list[PrintedBilag] = []
    current: tuple[str, str | None, int] | None = None
    for number, rows in enumerate(pages):
        heading = _bilag_heading(rows)
        ends = heading is not None or _opens_with_numbered_heading(rows)
        if current is not None and ends:
            found.append(PrintedBilag(current[0], current[2], number - 1, current[1]))
            current = None
        if heading is not None:
            current = (heading[0], heading[1], number)
    if current is not None:
        found.append(PrintedBilag(current[0], current[2], len(pages) - 1, current[1]))
    return found


def _bilag_heading(rows: list[_Row]) -> tuple[str, str | None] | None:
    for row in rows[:2]:
        match = _PRINTED_BILAG.match(row.plain.replace("\t", " "))
        if match is not None:
            return match["title"].strip(), match["ref"]
    return None


def _opens_with_numbered_heading(rows: list[_Row]) -> bool:
    return (
        bool(rows)
        and all(span.bold for span in rows[0].spans)
        and (_NUMBERED_HEADING.match(rows[0].plain.replace("\t", " ")) is not None)
    )


# -- rows -> lines of agenda text -----------------------------------------------------


def _page_lines(rows: list[_Row], body_size: float) -> list[str]:
    """The page's rows as agenda text lines (module doc)."""
    right_edges = _right_edges(rows)
    lines: list[str] = []
    previous: _Row | None = None
    for row in rows:
        marker = _list_marker(row)
        if previous is not None:
            gap = row.top - previous.bottom
            in_table = len(row.cells) > 1 and len(previous.cells) > 1
            wide_gap = gap > _PARAGRAPH_GAP_EMS * min(row.size, previous.size)
            if (wide_gap and not in_table) or abs(row.size - previous.size) > 1:
                lines.append("")
            elif marker is None and _continues_cells(previous, row):
                previous.cells = _merge_cells(previous, row)
                lines[-1] = _row_text(previous, body_size)
                continue
            elif marker is None and _continues_text(previous, row, right_edges):
                lines[-1] = _join_wrapped(lines[-1], _row_text(row, body_size))
                previous = _Row(row.page, [previous.spans + row.spans])
                continue
        if marker is not None:
            # "- 11. Title": a numbered heading in a bulleted line reads as one line
            numbered = _NUMBER_CELL.match(_cell_plain(row.cells[1]))
            separator = " " if numbered and len(row.cells) == 3 else "\t"
            rest = separator.join(_marked_up(cell, body_size) for cell in row.cells[1:])
            lines.append(f"{marker} {rest}")
        else:
            lines.append(_row_text(row, body_size))
        previous = row
    return lines


def _right_edges(rows: list[_Row]) -> dict[int, float]:
    """Right edge of the text of each block of two or more rows, else of the page."""
    page_edge = max((row.x1 for row in rows if len(row.cells) == 1), default=0.0)
    edges: dict[int, float] = {}
    row_counts: Counter[int] = Counter()
    for row in rows:
        for block in {span.block for span in row.spans}:
            row_counts[block] += 1
        for span in row.spans:
            edges[span.block] = max(edges.get(span.block, 0.0), span.x1)
    return {block: edge if row_counts[block] > 1 else page_edge for block, edge in edges.items()}


def _list_marker(row: _Row) -> str | None:
    """``-`` or ``3.`` when the row's first cell is a lone bullet or list number."""
    first = _cell_plain(row.cells[0])
    if len(row.cells) >= 2 and first in _BULLETS:
        return "-"
    if len(row.cells) == 2 and _LIST_NUMBER.match(first):
        return first
    return None


def _continues_cells(previous: _Row, row: _Row) -> bool:
    """A wrapped table cell: every cell of ``row`` sits under a later cell of ``previous``."""
    if len(previous.cells) < 2 or row.x0 <= previous.x0 + 2:
        return False
    starts = [cell[0].x0 for cell in previous.cells[1:]]
    return all(any(abs(cell[0].x0 - start) <= 2 for start in starts) for cell in row.cells)


def _merge_cells(previous: _Row, row: _Row) -> list[list[_Span]]:
    cells = [list(cell) for cell in previous.cells]
    for cell in row.cells:
        index = min(range(len(cells)), key=lambda i: abs(cells[i][0].x0 - cell[0].x0))
        cells[index] += cell
    return cells


def _continues_text(previous: _Row, row: _Row, right_edges: dict[int, float]) -> bool:
    """Whether ``row`` is the wrapped rest of the full line ``previous``."""
    if len(previous.cells) > 1 or len(row.cells) > 1 or abs(previous.size - row.size) > 0.5:
        return False
    if _next_list_entry(previous, row):
        return False
    edge = right_edges.get(previous.spans[-1].block, previous.x1)
    first_word = row.spans[0].text.strip().split(" ")[0]
    width = len(first_word) * row.size * 0.5
    return previous.x1 + width >= edge - 1 and row.x0 >= previous.x0 - 2


_NUMBERED_START = re.compile(r"^(\d+)\.\s")


def _next_list_entry(previous: _Row, row: _Row) -> bool:
    """``row`` starts the next entry of a list ``previous`` is in ("1. ..." then "2. ...").

    A list number set close to its text is one span, not a cell of its own; a full
    entry above it must not swallow the next one as its wrapped rest.
    """
    above = " ".join(span.text for span in previous.spans).strip()
    below = " ".join(span.text for span in row.spans).strip()
    if below[:1] in _BULLETS and above[:1] == below[:1]:
        return True
    number, previous_number = _NUMBERED_START.match(below), _NUMBERED_START.match(above)
    return bool(number and previous_number and int(number[1]) == int(previous_number[1]) + 1)


def _join_wrapped(text: str, following: str) -> str:
    """Join a wrapped line; a line ending in a hyphen keeps it (``væksthuse-nes``)."""
    first_word = strip_emphasis(following).split(" ", 1)[0]
    if text.endswith("-") and text[-2:-1].isalpha() and first_word not in _NO_SPACE_BEFORE:
        return _merge_runs(text + following)
    return _merge_runs(f"{text} {following}")


def _merge_runs(text: str) -> str:
    """``<b>a</b> <b>b</b>`` -> ``<b>a b</b>`` (one heading wrapped over two rows)."""
    merged = re.sub(r"</(b|i)>(\s*)<\1>", r"\2", text)
    return merged if merged == text else _merge_runs(merged)


def _row_text(row: _Row, body_size: float) -> str:
    return _cells_text(row.cells, body_size)


def _cells_text(cells: list[list[_Span]], body_size: float) -> str:
    return "\t".join(_marked_up(cell, body_size) for cell in cells)


def _marked_up(cell: list[_Span], body_size: float) -> str:
    """The cell's text with ``<b>``, ``<i>`` and links (module doc)."""
    runs: list[tuple[tuple[bool, bool, str | None], str]] = []
    previous: _Span | None = None
    for span in cell:
        style = (span.bold or span.size >= body_size * _LARGER_THAN_BODY, span.italic, span.href)
        text = span.text
        if previous is not None and _needs_space(previous, span):
            text = " " + text
        if runs and runs[-1][0] == style:
            runs[-1] = (style, runs[-1][1] + text)
        else:
            runs.append((style, text))
        previous = span
    parts: list[str] = []
    for (bold, italic, href), text in runs:
        lead = text[: len(text) - len(text.lstrip())]
        inner = " ".join(text.split())
        if not inner:
            parts.append(lead)
            continue
        if href is not None:
            inner = f"[{inner}]({href})"
        if italic:
            inner = f"<i>{inner}</i>"
        if bold:
            inner = f"<b>{inner}</b>"
        parts.append((" " if lead else "") + inner + (" " if text != text.rstrip() else ""))
    return _merge_runs("".join(parts).strip())


def _needs_space(previous: _Span, span: _Span) -> bool:
    if previous.text.endswith(" ") or span.text.startswith(" "):
        return False
    if abs(previous.baseline - span.baseline) > span.size * 0.3:
        return True  # a wrapped table cell
    return span.x0 - previous.x1 > span.size * 0.15


# -- rewrites of layouts the parser does not know -----------------------------------


def _rewrite_bilag_lists(text: PdfAgendaText) -> None:
    """A bold "Bilag" heading over a list -> the ``./.`` markers the parser reads.

    Titles go under one ``./.``; a title that reads as a sentence gets a marker
    of its own (``./. <sentence>``), as the parser ends a list at a sentence.
    """
    lines = text.lines
    for index, line in enumerate(lines):
        if not _BILAG_HEADING.match(strip_emphasis(line)) or "<b>" not in line:
            continue
        following = index + 1
        while following < len(lines) and not lines[following].strip():
            following += 1
        titles: list[str] = []
        while following < len(lines) and _LIST_LINE.match(lines[following]):
            title = _LIST_PREFIX.sub("", strip_emphasis(lines[following]))
            titles.append(_FILE_INFO.sub("", title))
            lines[following] = ""
            following += 1
        if titles:
            lines[index] = "\n".join(_bilag_markers(titles))


def _bilag_markers(titles: list[str]) -> list[str]:
    out: list[str] = []
    for title in titles:
        if is_sentence(title):
            out += ["", f"./. {title}", ""]
        elif out and out[-1]:
            out.append(title)
        else:
            out += ["./.", title]
    return out


_FACT_ROW = re.compile(r"^<b>(?P<label>Dato|Tid|Sted|Deltagere|Afbud)</b>\t(?P<value>.+)$")
_LONG_DATE = re.compile(rf"(?P<day>\d{{1,2}})\. (?P<month>{'|'.join(MONTHS)}) (?P<year>\d{{4}})")
_CLOCK = re.compile(r"kl\. (?P<hour>\d{1,2})\.(?P<minute>\d{2})")
_META = re.compile(r"^Sag (?P<case>\S+)(?: · Sagsbehandler: (?P<officers>.+))?$")
_PRESENTER = re.compile(r"^Fremlægges af: (?P<name>.+)$")


def _rewrite_companion_layout(text: PdfAgendaText) -> None:
    """The app's own agenda PDF: its title block, case line and presenter in text form."""
    lines = text.lines
    date_line: int | None = None
    last_heading: int | None = None
    for index, line in enumerate(lines):
        plain = strip_emphasis(line)
        if (fact := _FACT_ROW.match(line)) is not None:
            lines[index] = _fact_line(fact["label"], fact["value"])
            if fact["label"] == "Dato":
                date_line = index
            elif fact["label"] == "Tid" and date_line is not None:
                clock = _CLOCK.search(fact["value"])
                time = f" {int(clock['hour']):02d}:{clock['minute']}" if clock else ""
                lines[date_line] += time
                lines[index] = ""
        elif (meta := _META.match(plain)) is not None and last_heading is not None:
            officers = (meta["officers"] or "").replace(", ", "/")
            lines[index] = f"{meta['case']} {officers}".strip()
        elif (presenter := _PRESENTER.match(plain)) is not None and last_heading is not None:
            lines[last_heading] = f"{lines[last_heading]} v. {presenter['name']}"
            lines[index] = ""
        elif plain == "Lukket punkt" and last_heading is not None:
            lines[index] = ""
        elif "\t" not in line and _NUMBERED_HEADING.match(plain) and line.startswith("<b>"):
            last_heading = index


def _fact_line(label: str, value: str) -> str:
    """A fact row of the app's title block as the header line the parser reads."""
    if label == "Dato" and (date := _LONG_DATE.search(value)) is not None:
        month = MONTHS.index(date["month"]) + 1
        moment = datetime(int(date["year"]), month, int(date["day"]))
        return f"Dato: {moment:%d-%m-%Y}"
    if label == "Afbud":
        return "Afbud: " + "\n".join(value.split(", "))
    return f"{label}: {value}"
