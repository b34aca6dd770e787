"""Build a meeting package from an agenda text and the bilag files at hand.

`pack_agenda` imports the agenda text, matches each given file to a bilag the
agenda names, renders the whole agenda as a PDF and writes the package.

Matching rule (also in docs/package-format.md), per file:

1. A file named ``<item number>-<n>.<ext>`` (``3.2-1.pdf``) is bilag *n* of
   item 3.2 (counted from 1 in the agenda's order).
2. Otherwise the file's stem, normalized (casefolded, apostrophes dropped and
   slugified), must be a
   prefix of exactly one bilag title, normalized the same way
   (``Rammepapir voksenpsykiatri.pdf`` -> "Rammepapir: Sammenhængende ...").

A file that matches no bilag, or several, or a bilag already matched by another
file, is an error naming the file, and no package is written. Bilag without a
file stay "not provided" (``file: null``); nothing is ever made up for them.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from companion.core.agenda_pdf import render_agenda_pdf
from companion.core.importers.agenda_text import import_agenda_file
from companion.core.model import AgendaItem, Attachment, Meeting, slugify
from companion.core.package import file_ref_for, write_package

logger = logging.getLogger(__name__)

AGENDA_PDF_NAME = "Dagsorden (hele dagsordenen)"
_NUMBERED_FILE = re.compile(r"^(?P<item>\d+(?:\.\d+)*)\.?-(?P<n>\d+)$")


class PackingError(ValueError):
    """Given files that cannot be matched to the agenda's bilag; ``problems`` lists each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class PackResult:
    """The written package, its meeting, and importer warnings plus packing notes."""

    path: Path
    meeting: Meeting
    warnings: list[str] = field(default_factory=list)


def pack_agenda(agenda: Path, attachments: Sequence[Path], output: Path) -> PackResult:
    """Pack the agenda text ``agenda`` with the bilag ``attachments`` into ``output``.

    Args:
        agenda: an agenda text file (see `companion.core.importers.agenda_text`).
        attachments: bilag files, named by the rule in this module's docstring.
        output: the package to write: ``*.zip`` for a zip, otherwise a folder.

    Raises:
        AgendaFormatError: the agenda text cannot be imported.
        PackingError: a file matches no bilag, several, or one already taken.
        PackageError: the package cannot be written (e.g. two files share a name).
    """
    result = import_agenda_file(Path(agenda))
    meeting = result.meeting
    warnings = [str(warning) for warning in result.warnings]
    matches = match_attachments(meeting, [Path(path) for path in attachments])
    files: dict[str, Path] = {}
    for attachment, path in matches:
        attachment.file = file_ref_for(path, attachment.title)
        files[attachment.file.sha256] = path
    warnings += _not_provided_notes(meeting)
    with tempfile.TemporaryDirectory(prefix="kkr-pack-") as temp:
        pdf = Path(temp) / f"{meeting.id}-dagsorden.pdf"
        pdf.write_bytes(render_agenda_pdf(meeting))
        meeting.agenda_pdf = file_ref_for(pdf, AGENDA_PDF_NAME)
        files[meeting.agenda_pdf.sha256] = pdf
        path = write_package(meeting, files, Path(output))
    logger.info("packed %s with %d bilag into %s", agenda, len(matches), path)
    return PackResult(path, meeting, warnings)


def match_attachments(meeting: Meeting, paths: Sequence[Path]) -> list[tuple[Attachment, Path]]:
    """Which bilag each file is, by the module's rule; raises `PackingError`."""
    matches: dict[str, tuple[Attachment, Path]] = {}
    problems: list[str] = []
    for path in paths:
        found, problem = _match(meeting, path)
        if found is not None and found.id in matches:
            taken_by = matches[found.id][1]
            problem = f"{path}: bilag '{found.title}' is already given by {taken_by}"
        elif found is not None:
            matches[found.id] = (found, path)
        if problem:
            problems.append(problem)
    if problems:
        raise PackingError(problems)
    return list(matches.values())


def normalized(text: str) -> str:
    """Text for matching file names to titles: casefolded, apostrophes dropped, slugified."""
    return slugify(re.sub(r"['’`´]", "", text.casefold()))


def _match(meeting: Meeting, path: Path) -> tuple[Attachment | None, str | None]:
    """The bilag ``path`` is, or a problem naming the file."""
    numbered = _NUMBERED_FILE.match(path.stem)
    if numbered:
        return _match_numbered(meeting, path, numbered["item"], int(numbered["n"]))
    stem = normalized(path.stem)
    candidates = [
        attachment
        for item in meeting.items
        for attachment in item.attachments
        if stem and normalized(attachment.title).startswith(stem)
    ]
    if len(candidates) == 1:
        return candidates[0], None
    if not candidates:
        return None, f"{path}: matches no bilag of the agenda (name it <item>-<n>{path.suffix})"
    titles = "; ".join(f"'{a.title}'" for a in candidates)
    return None, f"{path}: matches several bilag ({titles}); name it <item>-<n>{path.suffix}"


def _match_numbered(
    meeting: Meeting, path: Path, number: str, n: int
) -> tuple[Attachment | None, str | None]:
    item = _item_by_number(meeting, number)
    if item is None:
        return None, f"{path}: the agenda has no item {number}"
    if not 1 <= n <= len(item.attachments):
        count = len(item.attachments)
        return None, f"{path}: item {number} has {count} bilag, not a bilag {n}"
    return item.attachments[n - 1], None


def _item_by_number(meeting: Meeting, number: str) -> AgendaItem | None:
    return next((i for i in meeting.items if i.number.rstrip(".") == number), None)


def _not_provided_notes(meeting: Meeting) -> list[str]:
    """One note naming the bilag left without a file, if any."""
    missing = [(i, a) for i in meeting.items for a in i.attachments if not a.provided]
    if not missing:
        return []
    total = sum(len(item.attachments) for item in meeting.items)
    names = ", ".join(f"{i.number} bilag {i.attachments.index(a) + 1}" for i, a in missing)
    return [f"{len(missing)} of {total} bilag not provided (file: null): {names}"]
