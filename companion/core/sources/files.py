"""Import whatever the member gives us: packages, agenda texts, agenda PDFs and their bilag.

`import_files` takes the paths the member chose or dropped, all at once, and
works out what each is by its content, not its name:

- a **package**: a zip (it starts with ``PK``) or a folder with ``meeting.json``;
- an **agenda PDF**: a file that starts with ``%PDF`` and reads as an agenda (it
  has numbered items); any other PDF is a **bilag**;
- an **agenda text**: a text file (no NUL bytes) that reads as an agenda;
- a **bilag folder**: a folder without ``meeting.json`` (its PDFs are bilag).

The bilag go with the agenda of the same drop (several agendas: the one beside
the folder, else the one whose bilag list names the file). An agenda text or
PDF is packed into a package first (`companion.core.packing`,
`companion.core.sources.agenda_pdf`), and every package is checked in full
before the library is touched, so a failed input leaves the library as it was.

The result is one `InputResult` per input (an agenda with its bilag counts as
one): added, updated, unchanged, older, or failed with a `MemberError`
sentence. Run it off the GUI thread; ``progress`` is told before each input and
``cancel`` is looked at between inputs.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError, describe_os_error

if TYPE_CHECKING:
    from companion.core.library import ImportOutcome, Library
    from companion.core.model import Meeting

__all__ = [
    "ImportProgress",
    "ImportSummary",
    "InputKind",
    "InputResult",
    "import_files",
    "input_kind",
    "read_meeting",
]

log = logging.getLogger(__name__)

#: How much of a file is read to tell what it is.
SNIFF_BYTES = 8192
#: PDF readers accept the header anywhere in the first KiB; so do we.
PDF_HEADER_WINDOW = 1024


class InputKind(Enum):
    """What a given path is, by its content."""

    PACKAGE = "package"
    PDF = "pdf"
    TEXT = "text"
    FOLDER = "folder"  # a folder without meeting.json: bilag
    UNKNOWN = "unknown"
    MISSING = "missing"


def input_kind(path: Path) -> InputKind:
    """What ``path`` is: by its first bytes (``%PDF``, ``PK``), or ``meeting.json`` in a folder."""
    path = Path(path)
    if path.is_dir():
        return InputKind.PACKAGE if (path / "meeting.json").is_file() else InputKind.FOLDER
    if not path.is_file():
        return InputKind.MISSING
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if b"%PDF-" in head[:PDF_HEADER_WINDOW]:
        return InputKind.PDF
    if head.startswith(b"PK"):
        return InputKind.PACKAGE
    if head and b"\x00" not in head:
        return InputKind.TEXT
    return InputKind.UNKNOWN


@dataclass(frozen=True)
class ImportProgress:
    """Which input is being imported: ``done`` of ``total`` finished, ``name`` next."""

    done: int
    total: int
    name: str


@dataclass
class InputResult:
    """What became of one input (an agenda with its bilag is one input).

    ``status`` is "added", "updated", "unchanged", "older" (a version older than
    the library's: not used) or "failed" (``error`` says why, ``details`` lists
    every problem). ``notes`` are things the member may want to know (a bilag
    left out).
    """

    path: Path
    status: str
    outcome: ImportOutcome | None = None
    meeting_name: str = ""
    bilag: list[Path] = field(default_factory=list)
    error: MemberError | None = None
    details: str = ""
    notes: list[MemberError] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass
class ImportSummary:
    """One `InputResult` per input, in the order given; ``cancelled`` when stopped early."""

    results: list[InputResult] = field(default_factory=list)
    cancelled: bool = False

    def with_status(self, *statuses: str) -> list[InputResult]:
        """The results whose status is one of ``statuses``."""
        return [result for result in self.results if result.status in statuses]

    @property
    def outcomes(self) -> list[ImportOutcome]:
        """The library's outcomes of the inputs that got in (for re-anchoring)."""
        return [result.outcome for result in self.results if result.outcome is not None]


ProgressCallback = Callable[[ImportProgress], None]

# -- the sentences ---------------------------------------------------------------------

NOT_READABLE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{name} is not a meeting package, an agenda text or a PDF. Choose the agenda (PDF or "
    "text) or the meeting package (.zip) as the secretariat sent it.",
)
NOT_AN_AGENDA_TEXT = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{name} does not read as an agenda ({detail}). Choose the meeting's agenda as a text "
    "or PDF file.",
)
PDF_WITHOUT_AGENDA = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{name} is a PDF but not an agenda: it has no numbered agenda items. If it is a bilag, "
    "import it together with its agenda.",
)
FOLDER_WITHOUT_AGENDA = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{name} is a folder without a meeting package (no meeting.json). If it holds bilag, "
    "import it together with its agenda.",
)
NOT_FOUND = QT_TRANSLATE_NOOP("CoreErrors", "{name} was not found. Choose the file again.")
NOT_STORED = QT_TRANSLATE_NOOP("CoreErrors", "{name} could not be added to the library: {detail}.")
BILAG_WITHOUT_AGENDA = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{name} names no bilag of the agendas imported with it. Import it together with its own "
    "agenda.",
)
BILAG_LEFT_OUT = QT_TRANSLATE_NOOP(
    "CoreErrors", "{name} names no bilag of the agenda; it was left out."
)


# -- reading what each input is ------------------------------------------------------


@dataclass
class _Agenda:
    """An agenda text or PDF of the drop, its meeting, and the bilag that go with it."""

    path: Path
    kind: InputKind
    meeting: Meeting
    bilag: list[Path] = field(default_factory=list)


@dataclass
class _Plan:
    """The inputs sorted: packages, agendas (with their bilag), and what failed already."""

    order: list[Path] = field(default_factory=list)
    packages: dict[Path, None] = field(default_factory=dict)
    agendas: dict[Path, _Agenda] = field(default_factory=dict)
    failed: dict[Path, InputResult] = field(default_factory=dict)


def _read_agenda(path: Path, kind: InputKind) -> Meeting:
    """The meeting of an agenda text or PDF; raises what its importer raises."""
    if kind is InputKind.PDF:
        from companion.core.sources.agenda_pdf import import_agenda_pdf

        meeting = import_agenda_pdf(path).meeting
    else:
        from companion.core.importers.agenda_text import import_agenda_file

        meeting = import_agenda_file(path).meeting
    if not meeting.items:
        from companion.core.importers.agenda_text import AgendaFormatError

        raise AgendaFormatError("no agenda items found", source=str(path))
    return meeting


def read_meeting(path: Path) -> tuple[Meeting, list[str]]:
    """The meeting in one file (package, agenda text or PDF) and the importer's warnings.

    Raises what the package reader or the importers raise, or a `MemberError`
    when the file is none of them.
    """
    path = Path(path)
    kind = input_kind(path)
    if kind is InputKind.PACKAGE:
        from companion.core.package import read_package

        with read_package(path) as package:
            return package.meeting, []
    if kind is InputKind.PDF:
        from companion.core.sources.agenda_pdf import import_agenda_pdf

        pdf = import_agenda_pdf(path)
        return pdf.meeting, [str(warning) for warning in pdf.warnings]
    if kind is InputKind.TEXT:
        from companion.core.importers.agenda_text import import_agenda_file

        text = import_agenda_file(path)
        return text.meeting, [str(warning) for warning in text.warnings]
    raise _kind_error(path, kind)


def _kind_error(path: Path, kind: InputKind) -> MemberError:
    if kind is InputKind.MISSING:
        return MemberError(NOT_FOUND, Cause.MISSING, name=str(path))
    if kind is InputKind.FOLDER:
        return MemberError(FOLDER_WITHOUT_AGENDA, Cause.INVALID, name=str(path))
    return MemberError(NOT_READABLE, Cause.INVALID, name=str(path))


def _plan(paths: Sequence[Path]) -> _Plan:
    """Tell what each input is and give every bilag to its agenda."""
    from companion.core.importers.agenda_text import AgendaFormatError
    from companion.core.sources.agenda_pdf import PdfAgendaError, bilag_files

    plan = _Plan()
    loose: dict[Path, MemberError] = {}  # PDFs that are no agenda: bilag, if one comes along
    folders: list[Path] = []
    for path in dict.fromkeys(Path(p) for p in paths):
        kind = input_kind(path)
        if kind is InputKind.PACKAGE:
            plan.order.append(path)
            plan.packages[path] = None
        elif kind is InputKind.FOLDER:
            folders.append(path)
        elif kind in (InputKind.PDF, InputKind.TEXT):
            try:
                plan.agendas[path] = _Agenda(path, kind, _read_agenda(path, kind))
                plan.order.append(path)
            except (AgendaFormatError, PdfAgendaError, OSError) as error:
                if kind is InputKind.PDF:
                    loose[path] = _failure(path, error)
                else:
                    _fail(plan, path, _failure(path, error))
        else:
            _fail(plan, path, _kind_error(path, kind))
    agendas = list(plan.agendas.values())
    for folder in folders:
        beside = [a for a in agendas if a.path.parent == folder.parent]
        owner = beside[0] if len(beside) == 1 else agendas[0] if len(agendas) == 1 else None
        if owner is not None:
            owner.bilag.append(folder)
        elif agendas:  # several agendas, none beside the folder: each file on its own
            for pdf in bilag_files([folder]):
                loose.setdefault(pdf, MemberError(BILAG_WITHOUT_AGENDA, name=str(pdf)))
        else:
            _fail(plan, folder, MemberError(FOLDER_WITHOUT_AGENDA, name=str(folder)))
    for pdf, why in loose.items():
        owner = _owner_of(pdf, agendas)
        if owner is not None:
            owner.bilag.append(pdf)
        else:
            _fail(
                plan,
                pdf,
                why if not agendas else MemberError(BILAG_WITHOUT_AGENDA, name=str(pdf)),
            )
    return plan


def _fail(plan: _Plan, path: Path, error: MemberError) -> None:
    plan.order.append(path)
    plan.failed[path] = InputResult(path, "failed", error=error)


def _owner_of(bilag: Path, agendas: list[_Agenda]) -> _Agenda | None:
    """The one agenda a loose bilag goes with: the only one, or the one naming it."""
    if len(agendas) <= 1:
        return agendas[0] if agendas else None
    from companion.core.sources.agenda_pdf import best_attachment

    name = bilag.stem.replace("_", " ")
    naming = [
        agenda
        for agenda in agendas
        if best_attachment(name, [a for item in agenda.meeting.items for a in item.attachments])
    ]
    return naming[0] if len(naming) == 1 else None


def _failure(path: Path, error: BaseException) -> MemberError:
    """The `MemberError` sentence for why ``path`` could not be imported."""
    from companion.core.importers.agenda_text import AgendaFormatError
    from companion.core.packing import PackingError

    name = str(path)
    if isinstance(error, MemberError):
        return error
    if isinstance(error, AgendaFormatError):
        if input_kind(path) is InputKind.PDF:
            return MemberError(PDF_WITHOUT_AGENDA, Cause.INVALID, name=name)
        return MemberError(NOT_AN_AGENDA_TEXT, Cause.INVALID, name=name, detail=error.message)
    if isinstance(error, OSError):
        return describe_os_error(error, path, action="read")
    if isinstance(error, PackingError):
        return MemberError(NOT_STORED, Cause.INVALID, name=name, detail="; ".join(error.problems))
    return MemberError(NOT_STORED, Cause.OTHER, name=name, detail=str(error).rstrip("."))


def _details(error: BaseException) -> str:
    """Every problem of ``error``, for the member's "details" (a package's full list)."""
    from companion.core.package import PackageError

    if isinstance(error, PackageError):
        return str(error)
    return ""


# -- importing ---------------------------------------------------------------------------


def import_files(
    library: Library,
    paths: Sequence[Path],
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ImportSummary:
    """Import every path in ``paths`` into ``library``; see the module's docstring.

    Never raises for a bad input: its `InputResult` says why it failed, and the
    library is as it was before that input.
    """
    plan = _plan(paths)
    summary = ImportSummary()
    total = len(plan.order)
    for done, path in enumerate(plan.order):
        if cancel is not None and cancel.is_set():
            summary.cancelled = True
            break
        if progress is not None:
            progress(ImportProgress(done, total, path.name))
        if path in plan.failed:
            result = plan.failed[path]
        elif path in plan.agendas:
            result = _import_agenda(library, plan.agendas[path])
        else:
            result = _import_package(library, path)
        if result.failed:
            log.info("import of %s failed: %s", path, result.error)
        summary.results.append(result)
    if progress is not None and not summary.cancelled:
        progress(ImportProgress(total, total, ""))
    return summary


def _import_package(library: Library, path: Path) -> InputResult:
    """Check the package in full (every file's checksum), then import it."""
    from companion.core.library import LibraryError
    from companion.core.package import PackageError, read_package, verify_files

    try:
        with read_package(path) as package:
            problems = verify_files(package)
            if problems:
                raise PackageError(path, problems)
            outcome = library.import_package(package)
            name = package.meeting.name
    except (PackageError, LibraryError, MemberError, OSError) as error:
        return InputResult(path, "failed", error=_failure(path, error), details=_details(error))
    return InputResult(path, outcome.status, outcome, name)


def _import_agenda(library: Library, agenda: _Agenda) -> InputResult:
    """Pack an agenda text or PDF with its bilag into a temporary package, then import it."""
    from companion.core.importers.agenda_text import AgendaFormatError
    from companion.core.library import LibraryError
    from companion.core.package import PackageError
    from companion.core.packing import PackingError, pack_agenda
    from companion.core.sources.agenda_pdf import bilag_files, pack_agenda_pdf

    bilag = bilag_files(agenda.bilag)
    notes: list[MemberError] = []
    path = agenda.path
    try:
        with tempfile.TemporaryDirectory(prefix="kkr-import-") as temp:
            output = Path(temp) / "package.zip"
            if agenda.kind is InputKind.PDF:
                packed = pack_agenda_pdf(path, bilag, output)
                used = [p for p in bilag if not _left_out(p, packed.warnings)]
            else:
                used = _matching_bilag(agenda.meeting, bilag)
                packed = pack_agenda(path, used, output)
            notes += [MemberError(BILAG_LEFT_OUT, name=str(p)) for p in bilag if p not in used]
            outcome = _import_verified(library, packed.path)
    except (
        AgendaFormatError,
        PackingError,
        PackageError,
        LibraryError,
        MemberError,
        OSError,
    ) as error:
        return InputResult(
            path, "failed", bilag=bilag, error=_failure(path, error), details=_details(error)
        )
    return InputResult(path, outcome.status, outcome, packed.meeting.name, bilag, notes=notes)


def _import_verified(library: Library, package_path: Path) -> ImportOutcome:
    from companion.core.package import read_package

    with read_package(package_path) as package:
        return library.import_package(package)


def _left_out(bilag: Path, warnings: list[str]) -> bool:
    return any(warning.startswith(f"{bilag.name}: ") for warning in warnings)


def _matching_bilag(meeting: Meeting, bilag: list[Path]) -> list[Path]:
    """The files that name a bilag of an agenda text, by `companion.core.packing`'s rule."""
    from companion.core.packing import PackingError, match_attachments

    used: list[Path] = []
    for path in bilag:
        try:
            match_attachments(meeting, [*used, path])
        except PackingError:
            continue
        used.append(path)
    return used
