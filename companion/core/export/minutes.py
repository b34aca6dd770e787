"""The draft minutes (beslutningsreferat, udkast) built from the chair's decisions.

The document follows the agenda's own structure: groups and items in order
(group headings level 1 and items level 2, or items level 1 in a flat agenda such
as KD-Net's), each item with its Indstilling quoted as the agenda has it and its
Beslutning as the chair recorded it; without a typed decision, what the chair's
mark says ("Behandlet.", "Udsat.", "Ikke behandlet (sprunget over).") or, for an
item never reached, "(ingen beslutning registreret)". A group with no items says
"Ingen punkter." under its heading. Closed items (lukket punkt) are left out
unless the chair included them (`SessionState.included_closed`); then they are
marked and a notice at the top says the draft holds confidential items.
The text is Danish: the minutes are written for the secretariat, in the meeting's
language.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.agenda_pdf import (
    group_bookmark_title,
    item_bookmark_title,
    time_range,
)
from companion.core.danish_dates import long_date
from companion.core.export.document import (
    DocBlock,
    Document,
    Fields,
    Notice,
    Quote,
    Title,
    text_paragraph,
)
from companion.core.export.member import member_name
from companion.core.export.output import format_for_path
from companion.core.model import AgendaGroup, AgendaItem, Meeting
from companion.core.session import ItemStatus, SessionState, is_closed

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.personal import PersonalStore

log = logging.getLogger(__name__)

MINUTES_TITLE = "Beslutningsreferat (udkast)"
INDSTILLING_LABEL = "Indstilling"
BESLUTNING_LABEL = "Beslutning"
NO_DECISION = "(ingen beslutning registreret)"
POSTPONED_DECISION = "Udsat."
DEALT_DECISION = "Behandlet."
SKIPPED_DECISION = "Ikke behandlet (sprunget over)."
EMPTY_GROUP = "Ingen punkter."
CLOSED_ONLY_GROUP = "Kun lukkede punkter, som ikke er medtaget."
CLOSED_MARK = "Lukket punkt"
CLOSED_NOTICE = "Udkastet indeholder lukkede punkter. De er fortrolige og må ikke offentliggøres."
NONE_ABSENT = "Ingen registreret"
#: Export formats and their file suffixes.
MINUTES_FORMATS = {"docx": ".docx", "pdf": ".pdf"}


def build_minutes_document(
    meeting: Meeting, decisions: dict[str, str], state: SessionState | None
) -> Document:
    """The draft minutes of ``meeting`` as an export `Document`.

    Args:
        meeting: the meeting (its agenda gives the structure and the Indstillinger).
        decisions: the recorded decision text by item id (`PersonalStore.decisions`).
        state: the chair's session (statuses, absent, included closed items), or None.
    """
    state = state or SessionState(meeting.id)
    document = Document(title=MINUTES_TITLE, subtitle=meeting.body, language="da")
    document.add(_header_fields(meeting, state))
    included = [item for item in meeting.items if _included(item, state)]
    if any(is_closed(item) for item in included):
        document.add(Notice(CLOSED_NOTICE))
    for group in meeting.groups:
        document.add(*_group_blocks(group, decisions, state))
    return document


def _header_fields(meeting: Meeting, state: SessionState) -> Fields:
    """Dato, Sted, the agenda's Deltagere and Afbud (when it has them), Fraværende."""
    date = ", ".join(part for part in (long_date(meeting.local_start), time_range(meeting)) if part)
    rows = [("Dato", date), ("Sted", meeting.location or "")]
    rows.append(("Deltagere", ", ".join(meeting.participants)))
    rows.append(("Afbud", ", ".join(meeting.apologies)))
    rows.append(("Fraværende", ", ".join(state.absent) or NONE_ABSENT))
    return Fields([(label, value) for label, value in rows if value])


def _included(item: AgendaItem, state: SessionState) -> bool:
    return not is_closed(item) or item.id in state.included_closed


def _group_blocks(
    group: AgendaGroup, decisions: dict[str, str], state: SessionState
) -> list[DocBlock]:
    """A titled group's heading and its items; a flat agenda's items at the top level.

    A titled group with nothing under it says so in a line ("Ingen punkter."), so the
    reader sees the agenda's group was not forgotten: the minutes keep the agenda's
    numbering, and a bare heading reads like a page that went missing.
    """
    titled = bool(group.number or group.title)
    blocks: list[DocBlock] = [Title(group_bookmark_title(group), 1)] if titled else []
    item_level = 2 if titled else 1
    included = [item for item in group.items if _included(item, state)]
    for item in included:
        blocks += _item_blocks(item, item_level, decisions.get(item.id, ""), state)
    if titled and not included:
        empty = CLOSED_ONLY_GROUP if group.items else EMPTY_GROUP
        blocks.append(text_paragraph(empty, italic=True))
    return blocks


def _item_blocks(
    item: AgendaItem, level: int, decision: str, state: SessionState
) -> list[DocBlock]:
    """An item's heading, closed mark, quoted Indstilling and Beslutning."""
    blocks: list[DocBlock] = [Title(item_bookmark_title(item), level)]
    if is_closed(item):
        blocks.append(Notice(CLOSED_MARK))
    recommendation = item.recommendation
    if recommendation is not None and recommendation.blocks:
        blocks.append(Title(INDSTILLING_LABEL, level + 1, bookmark=False))
        blocks.append(Quote(list(recommendation.blocks)))
    blocks.append(Title(BESLUTNING_LABEL, level + 1, bookmark=False))
    blocks += _decision_paragraphs(decision, state.status(item.id))
    return blocks


#: What the minutes say for an item the chair marked but wrote no decision for.
STATUS_DECISIONS = {
    ItemStatus.DEALT: DEALT_DECISION,
    ItemStatus.POSTPONED: POSTPONED_DECISION,
    ItemStatus.SKIPPED: SKIPPED_DECISION,
}


def _decision_paragraphs(decision: str, status: ItemStatus) -> list[DocBlock]:
    """The typed decision; without one, what the chair's mark says; else "none recorded"."""
    lines = [line.strip() for line in decision.splitlines() if line.strip()]
    if lines:
        return [text_paragraph(line) for line in lines]
    if status in STATUS_DECISIONS:
        return [text_paragraph(STATUS_DECISIONS[status])]
    return [text_paragraph(NO_DECISION, italic=True)]


def minutes_file_name(meeting: Meeting, fmt: str) -> str:
    """A file name for the draft minutes: ``beslutningsreferat-<meeting id>.docx``."""
    return f"beslutningsreferat-{meeting.id}{MINUTES_FORMATS[_check_format(fmt)]}"


def _check_format(fmt: str) -> str:
    if fmt not in MINUTES_FORMATS:
        raise ValueError(
            f"unknown minutes format {fmt!r}; allowed: {', '.join(sorted(MINUTES_FORMATS))}"
        )
    return fmt


def export_minutes(
    library: Library,
    store: PersonalStore,
    meeting_id: str,
    fmt: str,
    path: Path,
    author: str = "",
) -> Path:
    """Write the draft minutes of ``meeting_id`` as DOCX or PDF to ``path``; the path written.

    ``author`` is the member's name (default: the system account's).

    Raises:
        ValueError: ``fmt`` is not "docx" or "pdf".
        LibraryError: the meeting is not in the library.
        PersonalStoreError: the saved session cannot be read.
        ExportError: the file cannot be written (names ``path``), or its suffix is
            the other format's (a PDF named ``.docx``).
    """
    format_for_path(Path(path), _check_format(fmt), MINUTES_FORMATS)
    meeting = library.meeting(meeting_id)
    document = build_minutes_document(
        meeting, store.decisions(meeting_id), store.load_session(meeting_id)
    )
    document.author = member_name(author)
    if fmt == "docx":
        from companion.core.export.render_docx import write_docx

        written = write_docx(document, Path(path))
    else:
        from companion.core.export.render_pdf import write_pdf

        written = write_pdf(document, Path(path))
    log.info("Wrote the draft minutes of %s to %s", meeting_id, written)
    return written
