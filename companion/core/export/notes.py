"""The notes export: a member's preparation for one meeting as a document.

`read_store_data` collects what the member wrote (positions, questions, notes,
highlights) from the personal store; `build_notes_document` turns it and the
meeting into a `Document` in Danish: a header (body, date, place), the meeting
note, then per item in agenda order its number and title, the Indstilling
quoted, the position and remark, the questions, the item note and each
highlight as a quotation with its note (and the page for PDF highlights), and
finally the notes that can no longer be placed. `export_notes` does it all and
writes PDF, DOCX or Markdown; `export_bundle` adds the annotated attachments
in a folder or a zip.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from companion.core.agenda_pdf import item_bookmark_title, time_range
from companion.core.colors import HIGHLIGHT_INK
from companion.core.danish_dates import long_date, short_date
from companion.core.errors import MemberError
from companion.core.export.document import (
    Checklist,
    DocBlock,
    Document,
    Fields,
    Notice,
    PageNote,
    Quote,
    Title,
    text_paragraph,
)
from companion.core.export.member import member_name
from companion.core.export.note_text import note_blocks, note_plain_text
from companion.core.export.output import (
    ExportError,
    atomic_write,
    format_for_path,
    safe_file_name,
)
from companion.core.export.render_docx import write_docx
from companion.core.export.render_markdown import write_markdown
from companion.core.export.render_pdf import write_pdf
from companion.core.library import Library
from companion.core.model import AgendaItem, Meeting
from companion.core.personal import (
    DEFAULT_STANCE,
    STANCE_LABELS,
    Annotation,
    Note,
    PersonalStore,
    Position,
    Question,
)

log = logging.getLogger(__name__)

#: The highlight colours by the name the store keeps (as the PDF viewer draws them).
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
FORMATS = ("pdf", "docx", "md")
#: The file suffix of each format.
SUFFIXES = {"pdf": ".pdf", "docx": ".docx", "md": ".md"}
WRITERS: dict[str, Callable[[Document, Path], Path]] = {
    "pdf": write_pdf,
    "docx": write_docx,
    "md": write_markdown,
}

CLOSED_WARNING = (
    "Dokumentet indeholder lukkede punkter. De er fortrolige: del ikke dokumentet "
    "med andre end dem, der må se dem."
)
CLOSED_ITEM_LABEL = "Lukket punkt (fortroligt)."
DETACHED_TITLE = "Noter der ikke længere kan placeres"
AGENDA_LABEL = "Dagsorden"
POINT_NOTE_PLACE = "Note på side {page} i {file}"
AGENDA_IN_SENTENCE = "dagsordenen"
LOST_FILE_IN_SENTENCE = "et bilag der ikke længere er i dagsordenen"
NOTHING_LABEL = "Der er ingen noter, holdninger eller markeringer til dette møde."

#: progress(done, total, what): called as an export goes on.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class NotesOptions:
    """What the notes export includes.

    Attributes:
        only_items_with_my_work: leave out items the member wrote nothing on.
        include_indstilling: quote each item's Indstilling.
        include_closed: include closed items (a confidentiality warning is added).
    """

    only_items_with_my_work: bool = True
    include_indstilling: bool = True
    include_closed: bool = False


@dataclass
class StoreData:
    """The member's work on one meeting, read from the personal store."""

    meeting_note: Note | None = None
    positions: dict[str, Position] = field(default_factory=dict)
    questions: dict[str, list[Question]] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)


def read_store_data(store: PersonalStore, meeting: Meeting) -> StoreData:
    """Everything the member recorded on ``meeting``."""
    data = StoreData(
        meeting_note=store.note(meeting.id, None),
        positions=store.positions(meeting.id),
        annotations=store.annotations(meeting.id),
    )
    for item in meeting.items:
        questions = store.questions(meeting.id, item.id)
        if questions:
            data.questions[item.id] = questions
        note = store.note(meeting.id, item.id)
        if note is not None:
            data.notes[item.id] = note
    return data


# --- the document ----------------------------------------------------------------------


def notes_title(meeting: Meeting) -> str:
    """``"Mine noter: KKR Midtjylland 22. november 2016"``."""
    return f"Mine noter: {meeting.body} {short_date(meeting.local_start)}".strip()


def build_notes_document(
    meeting: Meeting, store_data: StoreData, options: NotesOptions | None = None
) -> Document:
    """The notes export of ``meeting`` as a `Document` (Danish, agenda order)."""
    options = options or NotesOptions()
    document = Document(title=notes_title(meeting), subtitle=meeting.name, language="da")
    if options.include_closed and any(not item.public for item in meeting.items):
        document.add(Notice(CLOSED_WARNING))
    document.add(Fields(_meeting_facts(meeting)))
    content_start = len(document.blocks)
    if store_data.meeting_note and note_blocks(store_data.meeting_note.body):
        document.add(Title("Noter til mødet", 1), *note_blocks(store_data.meeting_note.body))
    placed = _placed_annotations(meeting, store_data.annotations)
    for item in meeting.items:
        if item.public or options.include_closed:
            document.add(*_item_blocks(item, meeting, store_data, placed, options))
    document.add(*_detached_blocks(meeting, store_data.annotations, placed, options))
    if len(document.blocks) == content_start:
        document.add(text_paragraph(NOTHING_LABEL, italic=True))
    return document


def _meeting_facts(meeting: Meeting) -> list[tuple[str, str]]:
    facts = [
        ("Møde", meeting.body),
        ("Dato", long_date(meeting.local_start)),
        ("Tid", time_range(meeting)),
        ("Sted", meeting.location or ""),
    ]
    return [(label, value) for label, value in facts if value]


def has_my_work(
    item: AgendaItem, store_data: StoreData, placed: dict[str, list[Annotation]]
) -> bool:
    """Whether the member recorded anything on ``item``."""
    position = store_data.positions.get(item.id)
    note = store_data.notes.get(item.id)
    return bool(
        (position and (position.stance != DEFAULT_STANCE or position.remark.strip()))
        or store_data.questions.get(item.id)
        or (note and note_blocks(note.body))
        or placed.get(item.id)
    )


def _item_blocks(
    item: AgendaItem,
    meeting: Meeting,
    data: StoreData,
    placed: dict[str, list[Annotation]],
    options: NotesOptions,
) -> list[DocBlock]:
    if options.only_items_with_my_work and not has_my_work(item, data, placed):
        return []
    blocks: list[DocBlock] = [Title(item_bookmark_title(item), 1)]
    if not item.public:
        blocks.append(Notice(CLOSED_ITEM_LABEL))
    recommendation = item.recommendation
    if options.include_indstilling and recommendation and recommendation.blocks:
        blocks += [Title("Indstilling", 2), Quote(list(recommendation.blocks))]
    position = data.positions.get(item.id)
    if position and (position.stance != DEFAULT_STANCE or position.remark.strip()):
        rows = [("Holdning", STANCE_LABELS.get(position.stance, position.stance))]
        if position.remark.strip():
            rows.append(("Bemærkning", note_plain_text(position.remark)))
        blocks += [Title("Min holdning", 2), Fields(rows)]
    if data.questions.get(item.id):
        entries = [(question.text, question.done) for question in data.questions[item.id]]
        blocks += [Title("Spørgsmål", 2), Checklist(entries)]
    note = data.notes.get(item.id)
    if note and note_blocks(note.body):
        blocks += [Title("Noter", 2), *note_blocks(note.body)]
    if placed.get(item.id):
        quotes = [_annotation_quote(a, meeting) for a in placed[item.id]]
        blocks += [Title("Markeringer", 2), *quotes]
    return blocks


def _placed_annotations(
    meeting: Meeting, annotations: list[Annotation]
) -> dict[str, list[Annotation]]:
    """The annotations that still have a place, by item id, in reading order."""
    placed: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        if not annotation.detached and annotation.item_id and meeting.item(annotation.item_id):
            placed.setdefault(annotation.item_id, []).append(annotation)
    files = _file_order(meeting)
    for item_annotations in placed.values():
        item_annotations.sort(key=lambda annotation: _reading_order(annotation, files))
    return placed


def _file_order(meeting: Meeting) -> dict[str, int]:
    return {ref.sha256: index for index, ref in enumerate(meeting.files())}


def _reading_order(annotation: Annotation, files: dict[str, int]) -> tuple[int, int, float]:
    """Item text first (by offset), then files in meeting order, by page and height."""
    anchor = annotation.anchor
    if annotation.target == "item":
        return (0, _int(anchor.get("start")), 0.0)
    quads = anchor.get("quads") or [[0, 0]]
    top = float(quads[0][1]) if len(quads[0]) > 1 else 0.0
    return (1 + files.get(annotation.file_sha256 or "", len(files)), _int(anchor.get("page")), top)


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _detached_blocks(
    meeting: Meeting,
    annotations: list[Annotation],
    placed: dict[str, list[Annotation]],
    options: NotesOptions,
) -> list[DocBlock]:
    placed_ids = {a.id for item_annotations in placed.values() for a in item_annotations}
    lost = [
        annotation
        for annotation in annotations
        if annotation.id not in placed_ids and _may_show(annotation, meeting, options)
    ]
    if not lost:
        return []
    return [Title(DETACHED_TITLE, 1), *(_annotation_quote(a, meeting) for a in lost)]


def _may_show(annotation: Annotation, meeting: Meeting, options: NotesOptions) -> bool:
    item = meeting.item(annotation.item_id) if annotation.item_id else None
    return item is None or item.public or options.include_closed


def _annotation_quote(annotation: Annotation, meeting: Meeting) -> Quote | PageNote:
    """A highlight as a quotation (the quoted words, where they are, the member's note).

    A point note (a note put on a PDF page, no text selected) is a `PageNote`:
    "Note på side 3 i dagsordenen: ...", never an empty quotation.
    """
    anchor = annotation.anchor
    page = anchor.get("page")
    if "point" in anchor and isinstance(page, int):
        return PageNote(
            place=POINT_NOTE_PLACE.format(
                page=page + 1, file=file_in_sentence(meeting, annotation.file_sha256 or "")
            ),
            note=note_plain_text(annotation.note),
            color=highlight_hex(annotation.color),
        )
    quote_text = str(anchor.get("exact") or anchor.get("quote") or "")
    blocks = [text_paragraph(quote_text)] if quote_text else []
    return Quote(
        blocks=list(blocks),
        source=annotation_source(annotation, meeting),
        note=note_plain_text(annotation.note),
        color=highlight_hex(annotation.color),
    )


def annotation_source(annotation: Annotation, meeting: Meeting) -> str:
    """Where a highlight is: "Punkt 3.1", "Bilag 1 til punkt 3.1: ..., side 4" or "Dagsorden"."""
    item = meeting.item(annotation.item_id) if annotation.item_id else None
    if annotation.target == "item":
        return f"Punkt {item.number}" if item else ""
    label = file_label(meeting, annotation.file_sha256 or "")
    page = annotation.anchor.get("page")
    return f"{label}, side {page + 1}" if isinstance(page, int) else label


def file_label(meeting: Meeting, sha256: str) -> str:
    """How the document names a file: ``"Dagsorden"`` or ``"Bilag 1 til punkt 3.1: Titel"``."""
    if meeting.agenda_pdf and meeting.agenda_pdf.sha256 == sha256:
        return AGENDA_LABEL
    for item in meeting.items:
        for number, attachment in enumerate(item.attachments, start=1):
            if attachment.file and attachment.file.sha256 == sha256:
                return f"Bilag {number} til punkt {item.number}: {attachment.title}"
    return "Et bilag der ikke længere er i dagsordenen"


def file_in_sentence(meeting: Meeting, sha256: str) -> str:
    """A file named inside a sentence: "dagsordenen", "bilag 1 til punkt 3.1 (Titel)"."""
    if meeting.agenda_pdf and meeting.agenda_pdf.sha256 == sha256:
        return AGENDA_IN_SENTENCE
    for item in meeting.items:
        for number, attachment in enumerate(item.attachments, start=1):
            if attachment.file and attachment.file.sha256 == sha256:
                return f"bilag {number} til punkt {item.number} ({attachment.title})"
    return LOST_FILE_IN_SENTENCE


def highlight_hex(color: str) -> str | None:
    """The ``#rrggbb`` of a stored highlight colour name (or hex), None when unknown."""
    if color in HIGHLIGHT_INK:
        return HIGHLIGHT_INK[color]
    return color.lower() if _HEX_COLOR.fullmatch(color) else None


# --- exporting -------------------------------------------------------------------------


@dataclass(frozen=True)
class BundleResult:
    """What `export_bundle` wrote: the folder or zip, its files, and the files it could not."""

    path: Path
    files: list[str]
    problems: list[MemberError]


def write_document(document: Document, fmt: str | None, path: Path) -> Path:
    """Write ``document`` in ``fmt`` ("pdf", "docx" or "md"; None: by suffix) to ``path``.

    Raises:
        ValueError: an unknown format.
        ExportError: the file cannot be written, or its suffix is another format's.
    """
    fmt = notes_format(fmt, path)
    return WRITERS[fmt](document, Path(path))


def notes_format(fmt: str | None, path: Path) -> str:
    """The format to write the notes file ``path`` in: ``fmt``, or the one its suffix names.

    Raises:
        ValueError: ``fmt`` is not one of `FORMATS`.
        ExportError: the suffix names another format (a PDF called ``.docx``), or
            ``fmt`` is None and the suffix names none.
    """
    if fmt is not None and fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return format_for_path(Path(path), fmt, SUFFIXES)


def export_notes(
    library: Library,
    store: PersonalStore,
    meeting_id: str,
    fmt: str | None,
    path: Path,
    options: NotesOptions | None = None,
    progress: Progress | None = None,
    author: str = "",
) -> Path:
    """Export the member's notes on ``meeting_id`` as ``fmt`` to ``path``; ``path``.

    ``fmt`` None takes the format from the suffix; ``author`` is the member's name
    (default: the system account's, see `member_name`).

    Raises:
        LibraryError: the meeting is not in the library.
        ValueError: an unknown format.
        ExportError: the file cannot be written (the sentence names the path), or
            its suffix is another format's.
    """
    fmt = notes_format(fmt, path)
    report = progress or _no_progress
    report(0, 2, "Læser noter")
    meeting = library.meeting(meeting_id)
    document = build_notes_document(meeting, read_store_data(store, meeting), options)
    document.author = member_name(author)
    report(1, 2, "Skriver dokument")
    written = write_document(document, fmt, path)
    report(2, 2, "Færdig")
    return written


def notes_file_stem(meeting: Meeting) -> str:
    """A file name (no suffix) for a meeting's notes: ``"Noter KKR Midtjylland 2016-11-22"``."""
    date = f" {meeting.local_start:%Y-%m-%d}" if meeting.local_start else ""
    return safe_file_name(f"Noter {meeting.body}{date}")


def export_bundle(
    library: Library,
    store: PersonalStore,
    meeting_id: str,
    fmt: str | None,
    dest: Path,
    options: NotesOptions | None = None,
    progress: Progress | None = None,
    author: str = "",
) -> BundleResult:
    """The notes document and every annotated attachment, in folder ``dest`` or a zip.

    ``dest`` ending in ``.zip`` gives a zip; otherwise a folder (created if needed;
    files in it with the same names are replaced). A damaged or missing attachment
    is reported in the result's ``problems`` and does not stop the others. ``fmt``
    None writes the notes as PDF; ``author`` is the member's name (the author of
    the document and of every annotation).

    Raises:
        LibraryError: the meeting is not in the library.
        ExportError: the destination cannot be written (the message names it).
    """
    from companion.core.export.annotated import export_annotated

    options = options or NotesOptions()
    fmt = notes_format(fmt or "pdf", Path(f"notes.{fmt or 'pdf'}"))
    author = member_name(author)
    report = progress or _no_progress
    dest = Path(dest)
    meeting = library.meeting(meeting_id)
    data = read_store_data(store, meeting)
    document = build_notes_document(meeting, data, options)
    document.author = author
    try:
        with tempfile.TemporaryDirectory(prefix=".export-", dir=_existing_parent(dest)) as staging:
            folder = Path(staging)
            notes_name = f"{notes_file_stem(meeting)}.{fmt}"
            write_document(document, fmt, folder / notes_name)
            annotated = export_annotated(
                library, meeting, data.annotations, folder, options.include_closed, report, author
            )
            names = [notes_name] + [path.name for path in annotated.written]
            if dest.suffix.lower() == ".zip":
                atomic_write(dest, lambda temp: _zip_files(folder, names, temp))
            else:
                _move_into_folder(folder, names, dest)
    except ExportError:
        raise
    except OSError as error:
        raise ExportError.from_os_error(error, dest) from error
    return BundleResult(dest, names, annotated.problems)


def _no_progress(done: int, total: int, what: str) -> None:
    """Progress is not reported."""


def _existing_parent(dest: Path) -> Path:
    parent = dest.parent
    if not parent.is_dir():
        raise ExportError.missing_folder(dest)
    return parent


def _zip_files(folder: Path, names: list[str], target: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.write(folder / name, arcname=name)


def _move_into_folder(folder: Path, names: list[str], dest: Path) -> None:
    try:
        dest.mkdir(exist_ok=True)
        for name in names:
            shutil.move(folder / name, dest / name)
    except OSError as error:
        raise ExportError.from_os_error(error, dest) from error
