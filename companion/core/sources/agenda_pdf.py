# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""An agenda PDF as KL mails it -> a meeting package whose agenda PDF is that PDF.

The text comes from `companion.core.sources.pdf_text` (how the PDF is read).
The agenda parser reads that text; each item's page is the page of the line
where the parser found its heading (``ImportResult.heading_lines``).

Bilag printed inside the PDF start on a page whose first row reads
``Bilag: <title>`` (or ``Bilag 3.2.1: <title>``); they run until the next such
page, or a page that opens with a numbered bold heading, or the end. Their
pages are left out of the text and copied into a PDF of their own: the package
format knows a bilag only as a file, not as pages of another file, so a bilag
printed inside the agenda becomes a file the member opens, annotates and
exports like any other.

The package's agenda PDF is the original file. The viewer finds an item's page
by the agenda PDF's bookmarks (`companion.core.agenda_pdf.find_item_page`);
when the original lacks them, they are added as an incremental update: the
original bytes stay as they are, and bookmarks are appended after them.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf
from rapidfuzz import fuzz, process, utils

from companion.core.agenda_pdf import (
    group_bookmark_title,
    item_bookmark_title,
)
from companion.core.importers.agenda_text import ImportWarning, import_agenda_text
from companion.core.model import Attachment, Meeting
from companion.core.mupdf_lock import serialized
from companion.core.package import file_ref_for, write_package
from companion.core.packing import AGENDA_PDF_NAME, PackResult, normalized
from companion.core.sources.pdf_text import (
    PdfAgendaError,
    PdfAgendaText,
    PrintedBilag,
    read_pdf_agenda,
)

__all__ = [
    "MATCH_SCORE",
    "PdfAgendaError",
    "PdfImportResult",
    "PrintedBilag",
    "best_attachment",
    "bilag_files",
    "import_agenda_pdf",
    "pack_agenda_pdf",
    "read_pdf_agenda",
]

logger = logging.getLogger(__name__)

#: rapidfuzz score (0-100) from which a bilag title or file name names a bilag.
MATCH_SCORE = 80


@dataclass
class PdfImportResult:
    """The imported meeting, its items' pages in the original PDF, and warnings."""

    meeting: Meeting
    warnings: list[ImportWarning]
    item_pages: dict[str, int]
    group_pages: dict[str, int]
    printed_bilag: list[tuple[PrintedBilag, Attachment | None]]
    source: PdfAgendaText


# -- importing ------------------------------------------------------------------------


def import_agenda_pdf(path: Path) -> PdfImportResult:
    """Read the agenda PDF at ``path`` as a meeting, with each item's page in it.

    Raises:
        PdfAgendaError: the PDF cannot be read (a scan, damaged, password).
        AgendaFormatError: its text is not an agenda the parser understands.
    """
    source = read_pdf_agenda(Path(path))
    result = import_agenda_text(source.text, source_name=Path(path).name)
    meeting = result.meeting
    item_pages, group_pages = _heading_pages(meeting, source, result.heading_lines)
    for item in meeting.items:
        if item.id not in item_pages:
            result.warnings.append(ImportWarning(1, f"item {item.number}: heading page not found"))
    printed = [
        (bilag, _printed_attachment(meeting, bilag, item_pages)) for bilag in source.printed_bilag
    ]
    for bilag, attachment in printed:
        if attachment is None:
            pages = f"{bilag.first_page + 1}-{bilag.last_page + 1}"
            message = f"bilag '{bilag.title}' on pages {pages} names no bilag of the agenda"
            result.warnings.append(ImportWarning(1, message))
    return PdfImportResult(meeting, result.warnings, item_pages, group_pages, printed, source)


def _heading_pages(
    meeting: Meeting, source: PdfAgendaText, heading_lines: dict[str, int]
) -> tuple[dict[str, int], dict[str, int]]:
    """0-based page of each item's and group's heading, from the parser's heading lines."""
    pages = {key: source.pages[line - 1] for key, line in heading_lines.items()}
    items = {item.id: pages[item.id] for item in meeting.items if item.id in pages}
    groups = {group.id: pages[group.id] for group in meeting.groups if group.id in pages}
    return items, groups


def _printed_attachment(
    meeting: Meeting, bilag: PrintedBilag, item_pages: dict[str, int]
) -> Attachment | None:
    """The bilag of the agenda that a printed bilag is: its item's list first, then all."""
    before = [item for item in meeting.items if item_pages.get(item.id, -1) <= bilag.first_page]
    owner = before[-1] if before else None
    if bilag.reference is not None:
        parts = bilag.reference.split(".")
        by_number = next((i for i in meeting.items if i.number == ".".join(parts[:-1])), None)
        if by_number is not None and parts[-1].isdigit():
            index = int(parts[-1]) - 1
            if 0 <= index < len(by_number.attachments):
                return by_number.attachments[index]
        owner = next((i for i in meeting.items if i.number == bilag.reference), owner)
    if owner is not None and (found := best_attachment(bilag.title, owner.attachments)):
        return found
    return best_attachment(bilag.title, [a for item in meeting.items for a in item.attachments])


def best_attachment(name: str, attachments: Sequence[Attachment]) -> Attachment | None:
    """The one attachment whose title ``name`` names (rapidfuzz), or None when none or two do."""
    if not attachments or not name.strip():
        return None
    choices = [attachment.title for attachment in attachments]
    ranked = process.extract(
        name, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=2
    )
    if not ranked or ranked[0][1] < MATCH_SCORE:
        return None
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] and ranked[1][0] != ranked[0][0]:
        return None  # two bilag named alike: no guess
    return attachments[ranked[0][2]]


# -- packing --------------------------------------------------------------------------


def bilag_files(paths: Iterable[Path]) -> list[Path]:
    """The PDFs among ``paths``, a folder (``Bilag``) standing for the PDFs in it."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and _is_pdf_name(p))
        elif path.is_file():
            found.append(path)
    return found


def _is_pdf_name(path: Path) -> bool:
    return path.suffix.casefold() == ".pdf" and not path.name.startswith(".")


def pack_agenda_pdf(agenda: Path, bilag: Sequence[Path], output: Path) -> PackResult:
    """Pack the agenda PDF ``agenda`` and the ``bilag`` files (or folders) into ``output``.

    The package's agenda PDF is the original file (bookmarks appended when it has
    none for the items); bilag printed inside it become files of their pages; each
    given file is matched to the bilag whose title it names (`best_attachment`, or
    ``<item>-<n>.pdf``). A file that names no bilag is left out with a warning.

    Raises:
        PdfAgendaError, AgendaFormatError: as `import_agenda_pdf`.
        PackageError: the package cannot be written.
    """
    imported = import_agenda_pdf(Path(agenda))
    meeting = imported.meeting
    warnings = [str(warning) for warning in imported.warnings]
    with tempfile.TemporaryDirectory(prefix="kkr-pdf-pack-") as temp:
        folder = Path(temp)
        files: dict[str, Path] = {}
        for number, (printed, attachment) in enumerate(imported.printed_bilag, 1):
            if attachment is None or attachment.file is not None:
                continue
            pages = folder / f"bilag-{number}.pdf"
            _copy_pages(Path(agenda), printed.first_page, printed.last_page, pages)
            attachment.file = file_ref_for(pages, attachment.title, _file_name(attachment))
            files[attachment.file.sha256] = pages
        for path in bilag_files(bilag):
            attachment = _given_attachment(meeting, path)
            if attachment is None:
                warnings.append(f"{path.name}: names no bilag of the agenda; left out")
            elif attachment.file is not None:
                warnings.append(f"{path.name}: bilag '{attachment.title}' is already given")
            else:
                attachment.file = file_ref_for(path, attachment.title)
                files[attachment.file.sha256] = path
        pdf = folder / f"{meeting.id}-dagsorden.pdf"
        _agenda_with_bookmarks(Path(agenda), pdf, meeting, imported)
        meeting.agenda_pdf = file_ref_for(pdf, AGENDA_PDF_NAME, Path(agenda).name)
        files[meeting.agenda_pdf.sha256] = pdf
        written = write_package(meeting, files, Path(output))
    logger.info("packed agenda PDF %s into %s", agenda, written)
    return PackResult(written, meeting, warnings)


def _file_name(attachment: Attachment) -> str:
    return f"{normalized(attachment.title)[:60] or 'bilag'}.pdf"


_NUMBERED_FILE = re.compile(r"^(?P<item>\d+(?:\.\d+)*)\.?-(?P<n>\d+)$")


def _given_attachment(meeting: Meeting, path: Path) -> Attachment | None:
    numbered = _NUMBERED_FILE.match(path.stem)
    if numbered is not None:
        item = next((i for i in meeting.items if i.number == numbered["item"]), None)
        n = int(numbered["n"])
        if item is not None and 1 <= n <= len(item.attachments):
            return item.attachments[n - 1]
    everything = [a for item in meeting.items for a in item.attachments]
    return best_attachment(path.stem.replace("_", " "), everything)


@serialized
def _copy_pages(source: Path, first: int, last: int, dest: Path) -> None:
    with pymupdf.open(source) as original, pymupdf.open() as pages:
        pages.insert_pdf(original, from_page=first, to_page=last)
        pages.set_metadata({"creationDate": "", "modDate": ""})
        pages.save(dest, garbage=3, deflate=True, no_new_id=True)


@serialized
def _agenda_with_bookmarks(
    source: Path, dest: Path, meeting: Meeting, imported: PdfImportResult
) -> None:
    """``source`` copied to ``dest``; item bookmarks appended when it lacks them."""
    shutil.copyfile(source, dest)
    toc = _bookmarks(meeting, imported.item_pages, imported.group_pages)
    with pymupdf.open(dest) as document:
        present = [entry[:3] for entry in document.get_toc()]
        if all(entry in present for entry in toc if entry[0] == 2):
            return
        document.set_toc(toc)
        if document.can_save_incrementally():
            document.saveIncr()
            return
        rewritten = dest.with_suffix(".rewritten.pdf")
        document.save(rewritten, garbage=1, no_new_id=True)
    rewritten.replace(dest)


def _bookmarks(
    meeting: Meeting, item_pages: dict[str, int], group_pages: dict[str, int]
) -> list[list[Any]]:
    """Level 1 per group, level 2 per item, with 1-based pages (as `find_item_page` reads)."""
    toc: list[list[Any]] = []
    for group in meeting.groups:
        first = next((item_pages[i.id] for i in group.items if i.id in item_pages), None)
        page = group_pages.get(group.id, first)
        if page is None:
            continue
        toc.append([1, group_bookmark_title(group), page + 1])
        toc += [
            [2, item_bookmark_title(item), item_pages[item.id] + 1]
            for item in group.items
            if item.id in item_pages
        ]
    return toc
