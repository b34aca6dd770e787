"""Import agenda text (extracted from KKR / KD-Net agenda PDFs) into a `Meeting`.

Four layouts of one kind of document are understood (see resources/agendas):

* markdown-like (2015, 2020): ``#`` headings with inconsistent levels and a
  table of contents (TOC) of tab-separated lines with ``<b>`` tags;
* plain text (2016): the same document without markup, TOC as a pipe table;
* KD-Net (2020-01-24): a participants/apologies block, an overview table
  ``Punkt<TAB>Indhold<TAB>Bilag``, flat numbering 1..17, ``v. Name`` after the
  title, the recommendation inline and ``Sagsfremstilling:`` with a colon.

How the document is read:

1. *Header* (everything before the TOC): the body (``KKR MIDTJYLLAND`` ->
   "KKR Midtjylland"), ``Dato:``/``Sted:``, the document kind (``DAGSORDEN``).
   KD-Net's heading "Dagsorden for møde i kommunaldirektørnetværket i den
   midtjyske region ..." names no body the way KKR's does; the documents call
   the network "KD-Net" throughout ("Det indstilles, at KD-Net ...") and the
   region adjective gives the region, so the body is "KD-Net Midtjylland"
   (and the meeting id ``kd-net-midtjylland-2020-01-24`` matches the file
   name). Its name is the heading line itself. ``Tid og sted:`` gives start,
   end and location; ``Deltagere:`` and ``Afbud:`` give participants and
   apologies (a substitute, "X, i stedet deltager Y", puts X in apologies and
   "Y (i stedet for X)" in participants).
2. *TOC*: the guide to which lines are group/item headings. The body is
   scanned in order for lines whose number equals a TOC entry still to come
   and whose title is similar (markup, ``#``, bullets and the presenter
   removed). Numbered lists inside items (``4. Alle kommuner skal ...``)
   therefore never become items. A TOC entry without a heading in the body
   gives a warning and is imported with its TOC title only; a ``#`` heading
   numbered like an item but missing from the TOC gives a warning and is
   imported. Without any TOC, numbered stand-alone lines are taken when their
   numbers run in sequence (with a warning).
3. *Items*: the case line (``SAG-2015-01231 egl/jhp``), attachments (see
   `companion.core.importers.attachments`), then sections and blocks (see
   `companion.core.importers.blocks`). Text before the first section heading
   is the recommendation when it reads as one ("Det indstilles, at ...",
   "KD-net indstiller ..."), otherwise an untitled "other" section (warned).
4. *Page furniture* never reaches an item: the header, boilerplate and TOC are
   before the body; repeats of the header lines and lone page numbers inside
   the body are dropped, and paragraphs cut by page breaks are joined.

Ids: meeting ``f"{slugify(body)}-{date:%Y-%m-%d}"``; item
``f"{meeting.id}/{stable_id(title)}"`` and group
``f"{meeting.id}/group-{stable_id(title)}"`` (groups get a prefix so that group
"7. Eventuelt" and item "7.1. Eventuelt" differ), a ``-2``, ``-3`` suffix on
duplicates; attachment ``f"{item.id}/bilag-{n}"``.

Anything not understood gives `AgendaFormatError` (no date, no body, no
items) or a warning naming the line; never an unexpected exception. A text
that would not make a valid meeting package (a bilag without a title, say) is
refused here with the same sentence `companion pack` gives.

A file that is not UTF-8 (an agenda saved as Windows-1252 by an older Word or
Notepad) is read in the encoding `charset_normalizer` detects, with a warning
naming it. Texts over `MAX_TEXT_BYTES` or with a line over `MAX_LINE_LENGTH`
characters are refused before any parsing (real agendas are 20-40 KB with
lines under 1,200 characters; a 4 MB line would cost seconds in the matching).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from pathlib import Path

import charset_normalizer

from companion.core.danish_dates import MONTHS, short_date
from companion.core.importers.attachments import extract_attachments
from companion.core.importers.blocks import (
    RECOMMENDATION,
    ItemBody,
    Line,
    parse_item_body,
    split_chunks,
)
from companion.core.importers.inline import strip_emphasis
from companion.core.model import (
    AgendaGroup,
    AgendaItem,
    Attachment,
    Block,
    Meeting,
    Section,
    slugify,
    stable_id,
)

logger = logging.getLogger(__name__)

_MONTHS = MONTHS
_REGIONS = {
    "midtjyske": "Midtjylland",
    "nordjyske": "Nordjylland",
    "syddanske": "Syddanmark",
    "sjællandske": "Sjælland",
}

_TAB_TOC_ROW = re.compile(
    r"^(?:<b>)?(?P<number>\d+(?:\.\d+)*)\.?(?:</b>)?\t(?P<title>.+?)\t\s*(?:<b>)?\d+(?:</b>)?\s*$"
)
_PIPE_TOC_ROW = re.compile(
    r"^\|\s*(?P<number>\d+(?:\.\d+)*)\.?\s*\|(?P<title>.+?)\|\s*\d+\s*\|\s*$"
)
_OVERVIEW_HEADER = re.compile(r"^\s*Punkt\tIndhold\tBilag\s*$", re.IGNORECASE)
_OVERVIEW_ROW = re.compile(r"^(?P<number>\d+)\.?\t(?P<title>[^\t]+)(?:\t(?P<bilag>.*))?$")
_DOT_LEADER = re.compile(r"\s*\.{2,}\s*$")

_HEADING_NUMBER = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<rest>\S.*)$")
_HEADING_DECORATION = re.compile(r"^(?:#+\s*)?(?:[-•]\s+)?(?:\*\*|\*|<b>|<i>)*")
_INLINE_RECOMMENDATION = re.compile(
    r"\s+(?=(?:\*\*|\*|<i>)?(?:Det indstilles|Indstilling:|[\w-]+ indstiller\b))"
)
_PRESENTER = re.compile(r"\s+v\.\s+(?P<name>\S.*)$")
_CLOSED = re.compile(r"\blukket\b", re.IGNORECASE)
_CASE_LINE = re.compile(
    r"^(?P<case>[A-ZÆØÅ]{2,6}-\d{4}-\d{3,6})(?:\s+(?P<officers>[a-zæøå]+(?:\s*/\s*[a-zæøå]+)*))?$"
)

_BODY_LINE = re.compile(r"^(?P<kkr>KKR)\s+(?P<region>[A-ZÆØÅ][A-ZÆØÅa-zæøå-]+)$")
_KIND_LINE = re.compile(r"^(?P<kind>DAGSORDEN|REFERAT|TILLÆGSDAGSORDEN)(?:\s+\d{4})?$", re.I)
_DATO = re.compile(
    r"^Dato:\s*(?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>\d{4})"
    r"(?:\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?"
)
_STED = re.compile(r"^Sted:\s*(?P<location>\S.*)$")
_DANISH_DATE = re.compile(
    rf"(?P<day>\d{{1,2}})\.\s*(?P<month>{'|'.join(_MONTHS)})\s+(?P<year>\d{{4}})", re.IGNORECASE
)
_TIME_RANGE = re.compile(
    r"kl\.\s*(?P<hour>\d{1,2})[.:](?P<minute>\d{2})"
    r"(?:\s*[–-]\s*(?P<end_hour>\d{1,2})[.:](?P<end_minute>\d{2}))?"
)
_KD_NET_TITLE = re.compile(
    r"^(?P<kind>Dagsorden|Referat)\b.*(?:kommunaldirektørnetværk|KD-Net)", re.IGNORECASE
)
_REGION_ADJECTIVE = re.compile(r"\bden (?P<adjective>\w+) region\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(?:Side\s+)?\d{1,3}(?:\s*(?:af|/)\s*\d{1,3})?\s*$", re.IGNORECASE)
_SIMILAR_TITLES = 0.6

#: The largest agenda text read, in bytes (real ones are 20-40 KB).
MAX_TEXT_BYTES = 4 * 1024**2
#: The longest line read, in characters (real ones stay under 1,200).
MAX_LINE_LENGTH = 20_000
#: Codec names (Python's) as members know them.
_ENCODING_NAMES = {
    "cp1252": "Windows-1252",
    "latin_1": "ISO-8859-1 (Latin-1)",
    "iso8859_15": "ISO-8859-15 (Latin-9)",
    "cp850": "DOS (CP850)",
    "cp865": "DOS Nordic (CP865)",
    "mac_roman": "Mac Roman",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16 LE",
    "utf_16_be": "UTF-16 BE",
    "utf_32": "UTF-32",
}


@dataclass(frozen=True)
class ImportWarning:
    """Something the importer skipped or guessed, at a source line."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ImportResult:
    """The imported meeting, what the importer had to warn about, the text's encoding,
    and where headings were.

    ``heading_lines``: the source line of each group's and item's heading, by id
    (an agenda PDF's importer turns them into pages).
    """

    meeting: Meeting
    warnings: list[ImportWarning]
    encoding: str = "UTF-8"
    heading_lines: dict[str, int] = field(default_factory=dict)


class AgendaFormatError(ValueError):
    """The text is not an agenda we understand; ``.line`` names where (or None)."""

    def __init__(self, message: str, line: int | None = None, source: str | None = None) -> None:
        self.message = message
        self.line = line
        self.source = source
        location = [part for part in (source, f"line {line}" if line else None) if part]
        super().__init__(": ".join([*location, message]))


def import_agenda_file(path: Path) -> ImportResult:
    """Import an agenda text file: UTF-8 (a BOM and CRLF line ends are fine), or any
    encoding `charset_normalizer` recognises, with a warning naming it."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise AgendaFormatError(_too_large(size), source=str(path))
    raw = path.read_bytes()
    text, encoding = _decode(raw, path)
    try:
        result = import_agenda_text(text, source_name=path.name)
    except AgendaFormatError as error:
        raise AgendaFormatError(error.message, error.line, source=str(path)) from None
    if encoding != "UTF-8":
        result.encoding = encoding
        note = (
            f"the text is not UTF-8; it was read as {encoding}. Check the letters æ, ø and å "
            "in the result, and save the agenda as UTF-8 to be sure."
        )
        result.warnings.insert(0, ImportWarning(0, note))
    return result


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    """The text of ``raw`` and the name of its encoding ("UTF-8" when it is UTF-8)."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as error:
        offset = error.start
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        message = (
            f"not a text file in an encoding we recognise (invalid UTF-8 at byte {offset}); "
            "save the agenda as plain text (UTF-8)"
        )
        raise AgendaFormatError(message, source=str(path))
    name = _ENCODING_NAMES.get(best.encoding, best.encoding)
    logger.info("%s is not UTF-8; read as %s", path, name)
    return str(best), name


def _too_large(size: int) -> str:
    return (
        f"the text is {size:,} bytes, more than the {MAX_TEXT_BYTES:,} an agenda text may "
        "have; is it really an agenda text?"
    )


def import_agenda_text(text: str, source_name: str | None = None) -> ImportResult:
    """Import agenda text; raises `AgendaFormatError` when it is not an agenda, is too
    large, or would not make a valid meeting package."""
    if len(text) > MAX_TEXT_BYTES:
        raise AgendaFormatError(_too_large(len(text)), source=source_name)
    lines = _source_lines(text)
    long_line = next(((n, line) for n, line in lines if len(line) > MAX_LINE_LENGTH), None)
    if long_line is not None:
        message = (
            f"the line has {len(long_line[1]):,} characters, more than the "
            f"{MAX_LINE_LENGTH:,} a line of an agenda text may have; is it really an agenda text?"
        )
        raise AgendaFormatError(message, long_line[0], source_name)
    if not any(line.strip() for _, line in lines):
        raise AgendaFormatError("the text is empty", source=source_name)
    try:
        result = _AgendaReader(lines, source_name).read()
    except AgendaFormatError as error:
        raise AgendaFormatError(error.message, error.line, source_name) from None
    _check_package_rules(result.meeting, source_name)
    return result


def _check_package_rules(meeting: Meeting, source_name: str | None) -> None:
    """Refuse what `companion pack` would refuse, with the same sentences."""
    from companion.core.package import package_document, validate_document

    problems = validate_document(package_document(meeting))
    if problems:
        listed = " ".join(problem.message for problem in problems)
        message = f"the agenda does not make a valid meeting package: {listed}"
        raise AgendaFormatError(message, source=source_name)


def _source_lines(text: str) -> list[Line]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return list(enumerate(text.split("\n"), start=1))


@dataclass
class _TocEntry:
    number: str
    title: str
    line: int
    has_attachments: bool | None = None


@dataclass
class _Heading:
    """A group or item heading found in the body."""

    number: str
    title: str
    line: int
    index: int
    presenter: str | None = None
    inline_text: str = ""


@dataclass
class _Slot:
    """One group or item: its TOC entry and/or body heading, in agenda order."""

    number: str
    title: str
    entry: _TocEntry | None = None
    heading: _Heading | None = None
    content: list[Line] = field(default_factory=list)

    @property
    def line(self) -> int:
        if self.heading is not None:
            return self.heading.line
        return self.entry.line if self.entry is not None else 1


@dataclass
class _Toc:
    layout: str  # "tab", "pipe", "overview" or "none"
    entries: list[_TocEntry]
    start: int  # index of the first TOC line (or of the body when there is no TOC)
    end: int  # index after the last TOC line


@dataclass
class _Header:
    body: str | None = None
    name: str | None = None
    kind: str = "Dagsorden"
    start: datetime | None = None
    end: datetime | None = None
    location: str | None = None
    participants: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    furniture: set[str] = field(default_factory=set)


class _AgendaReader:
    """Reads one agenda; collects warnings on the way."""

    def __init__(self, lines: list[Line], source_name: str | None) -> None:
        self.lines = lines
        self.source_name = source_name
        self.warnings: list[ImportWarning] = []
        self.heading_lines: dict[str, int] = {}

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ImportWarning(line, message))
        logger.debug("%s line %d: %s", self.source_name or "agenda", line, message)

    def read(self) -> ImportResult:
        toc = _find_toc(self.lines)
        slots = self._slots(toc)
        header_end = toc.start if toc.layout != "none" else _first_heading_index(slots, self.lines)
        header = _parse_header(self.lines[:header_end])
        meeting = self._meeting(header)
        flat = toc.layout == "overview" or not any("." in slot.number for slot in slots)
        self._fill_content(slots, header.furniture)
        meeting.groups = self._groups(meeting.id, slots, flat=flat)
        if not meeting.items:
            raise AgendaFormatError("no agenda items found (no numbered item headings)")
        return ImportResult(meeting, self.warnings, heading_lines=self.heading_lines)

    def _meeting(self, header: _Header) -> Meeting:
        if header.body is None:
            raise AgendaFormatError(
                "no meeting body found: expected a line like 'KKR MIDTJYLLAND' or a "
                "KD-Net heading 'Dagsorden for møde i kommunaldirektørnetværket ...'"
            )
        if header.start is None:
            raise AgendaFormatError(
                "no meeting date found: expected 'Dato: 20-04-2015 10:00' or "
                "'Tid og sted: Fredag den 24. januar 2020, kl. 10.00' before the first item"
            )
        date_text = short_date(header.start)
        return Meeting(
            id=f"{slugify(header.body)}-{header.start:%Y-%m-%d}",
            body=header.body,
            name=header.name or f"{header.kind}, {header.body} {date_text}",
            start=header.start,
            end=header.end,
            location=header.location,
            participants=header.participants,
            apologies=header.apologies,
            source=self.source_name,
        )

    # -- headings -----------------------------------------------------------

    def _slots(self, toc: _Toc) -> list[_Slot]:
        if toc.layout == "none":
            self.warn(1, "no table of contents found; headings recognised by numbering alone")
            return self._slots_by_sequence(toc.start)
        slots: list[_Slot] = []
        pending = list(toc.entries)
        for index in range(toc.end, len(self.lines)):
            number, text = self.lines[index]
            heading = _heading_at(index, number, text)
            if heading is None:
                continue
            position = _matching_entry(heading, pending)
            if position is None:
                if text.lstrip().startswith("#") and not _is_known(heading.number, slots):
                    self.warn(number, f"heading {heading.number} is not in the table of contents")
                    slots.append(_Slot(heading.number, heading.title, heading=heading))
                continue
            for missing in pending[:position]:
                slots.append(self._missing_heading(missing))
            entry = pending[position]
            slots.append(_Slot(entry.number, heading.title or entry.title, entry, heading))
            pending = pending[position + 1 :]
        slots.extend(self._missing_heading(entry) for entry in pending)
        return slots

    def _missing_heading(self, entry: _TocEntry) -> _Slot:
        self.warn(
            entry.line,
            f"table of contents entry {entry.number} '{entry.title}' has no heading in "
            "the text; imported with its title only",
        )
        return _Slot(entry.number, entry.title, entry)

    def _slots_by_sequence(self, start: int) -> list[_Slot]:
        slots: list[_Slot] = []
        group, item = 0, 0
        for index in range(start, len(self.lines)):
            number, text = self.lines[index]
            heading = _heading_at(index, number, text)
            if heading is None or not self._stands_alone(index):
                continue
            parts = [int(part) for part in heading.number.split(".")]
            if len(parts) == 1 and parts[0] == group + 1:
                group, item = parts[0], 0
            elif len(parts) == 2 and parts[0] == group and parts[1] == item + 1:
                item = parts[1]
            else:
                continue
            slots.append(_Slot(heading.number, heading.title, heading=heading))
        return slots

    def _stands_alone(self, index: int) -> bool:
        before = self.lines[index - 1][1] if index > 0 else ""
        after = self.lines[index + 1][1] if index + 1 < len(self.lines) else ""
        return self.lines[index][1].lstrip().startswith("#") or not (
            before.strip() or after.strip()
        )

    def _fill_content(self, slots: list[_Slot], furniture: set[str]) -> None:
        headed = [(slot, slot.heading) for slot in slots if slot.heading is not None]
        for position, (slot, heading) in enumerate(headed):
            following = headed[position + 1][1] if position + 1 < len(headed) else None
            end = following.index if following is not None else len(self.lines)
            content = self.lines[heading.index + 1 : end]
            if heading.inline_text:
                content.insert(0, (heading.line, heading.inline_text))
            slot.content = [_without_furniture(line, furniture) for line in content]

    # -- groups and items ----------------------------------------------------

    def _groups(self, meeting_id: str, slots: list[_Slot], *, flat: bool) -> list[AgendaGroup]:
        ids = _IdMaker(meeting_id)
        groups: list[AgendaGroup] = []
        if flat:
            groups.append(AgendaGroup(ids.make("group-", ""), "", ""))
        for slot in slots:
            if "." not in slot.number and not flat:
                groups.append(AgendaGroup(ids.make("group-", slot.title), slot.number, slot.title))
                if slot.heading is not None:
                    self.heading_lines[groups[-1].id] = slot.heading.line
                self._warn_group_text(slot)
                continue
            group = self._group_for(slot, groups, ids)
            group.items.append(self._item(slot, ids, flat=flat))
        return groups

    def _group_for(self, slot: _Slot, groups: list[AgendaGroup], ids: _IdMaker) -> AgendaGroup:
        prefix = slot.number.split(".")[0] if "." in slot.number else ""
        for group in reversed(groups):
            if group.number == prefix:
                return group
        self.warn(slot.line, f"item {slot.number} has no group {prefix!r}; group added")
        group = AgendaGroup(ids.make("group-", prefix), prefix, "")
        groups.append(group)
        return group

    def _warn_group_text(self, slot: _Slot) -> None:
        text = [line for line in slot.content if line[1].strip()]
        if text:
            self.warn(text[0][0], f"text under group heading {slot.number} ignored: {text[0][1]!r}")

    def _item(self, slot: _Slot, ids: _IdMaker, *, flat: bool) -> AgendaItem:
        item = AgendaItem(
            id=ids.make("", slot.title),
            number=slot.number,
            title=slot.title,
            presenter=slot.heading.presenter if slot.heading else None,
            public=_CLOSED.search(slot.title) is None,
        )
        if slot.heading is not None:
            self.heading_lines[item.id] = slot.heading.line
        content = self._take_case_line(item, slot.content)
        if not flat and item.case_number is None and slot.heading is not None:
            self.warn(slot.line, f"item {item.number} has no case number line")
        found = extract_attachments(content, self.warn)
        item.attachments = [
            Attachment(f"{item.id}/bilag-{n}", title) for n, title in enumerate(found.titles, 1)
        ]
        item.sections = self._sections(item, parse_item_body(found.body), slot.line)
        self._check_overview_attachments(slot, item)
        return item

    @staticmethod
    def _take_case_line(item: AgendaItem, content: list[Line]) -> list[Line]:
        for position, (_, text) in enumerate(content):
            if not text.strip():
                continue
            match = _CASE_LINE.match(strip_emphasis(text))
            if match is None:
                return content
            item.case_number = match["case"]
            officers = match["officers"] or ""
            item.case_officers = [part.strip() for part in officers.split("/") if part.strip()]
            return content[:position] + content[position + 1 :]
        return content

    def _sections(self, item: AgendaItem, body: ItemBody, line: int) -> list[Section]:
        if not body.preamble:
            return body.sections
        preamble = Section("other", "", body.preamble)
        if _reads_as_recommendation(body.preamble):
            preamble = Section("indstilling", "Indstilling", body.preamble)
        else:
            self.warn(line, f"item {item.number} has text before its first section heading")
        return [preamble, *body.sections]

    def _check_overview_attachments(self, slot: _Slot, item: AgendaItem) -> None:
        if slot.entry is None or slot.entry.has_attachments is None:
            return
        if slot.entry.has_attachments and not item.attachments:
            self.warn(slot.entry.line, f"overview marks bilag for item {item.number}; none found")
        if item.attachments and not slot.entry.has_attachments:
            self.warn(slot.entry.line, f"item {item.number} has bilag the overview does not mark")


class _IdMaker:
    """Stable ids under a meeting, with ``-2``, ``-3`` on duplicates."""

    def __init__(self, meeting_id: str) -> None:
        self.meeting_id = meeting_id
        self.used: set[str] = set()

    def make(self, prefix: str, title: str) -> str:
        base = f"{self.meeting_id}/{prefix}{stable_id(title)}"
        candidate, counter = base, 1
        while candidate in self.used:
            counter += 1
            candidate = f"{base}-{counter}"
        self.used.add(candidate)
        return candidate


# -- table of contents --------------------------------------------------------


def _find_toc(lines: list[Line]) -> _Toc:
    for index, (_, text) in enumerate(lines):
        if _OVERVIEW_HEADER.match(text):
            return _read_toc(lines, index + 1, index, "overview")
        if _TAB_TOC_ROW.match(text):
            return _read_toc(lines, index, index, "tab")
        if _PIPE_TOC_ROW.match(text):
            start = index
            while start > 0 and lines[start - 1][1].lstrip().startswith("|"):
                start -= 1
            return _read_toc(lines, index, start, "pipe")
    return _Toc("none", [], 0, 0)


def _read_toc(lines: list[Line], first_row: int, start: int, layout: str) -> _Toc:
    entries: list[_TocEntry] = []
    index = first_row
    while index < len(lines):
        entry = _toc_entry(lines[index], layout)
        if entry is None:
            break
        entries.append(entry)
        index += 1
    return _Toc(layout, entries, start, index)


def _toc_entry(line: Line, layout: str) -> _TocEntry | None:
    number, text = line
    pattern = {"tab": _TAB_TOC_ROW, "pipe": _PIPE_TOC_ROW, "overview": _OVERVIEW_ROW}[layout]
    match = pattern.match(text.strip("\n"))
    if match is None:
        return None
    title = _DOT_LEADER.sub("", strip_emphasis(match["title"]))
    entry = _TocEntry(match["number"], title.strip(), number)
    if layout == "overview":
        entry.has_attachments = "./." in (match["bilag"] or "")
    return entry


def _first_heading_index(slots: list[_Slot], lines: list[Line]) -> int:
    indexes = [slot.heading.index for slot in slots if slot.heading is not None]
    return min(indexes, default=len(lines))


# -- body headings ------------------------------------------------------------


def _heading_at(index: int, line_number: int, text: str) -> _Heading | None:
    """The numbered heading a line could be (``### 3.2. Title``), or None."""
    undecorated = _HEADING_DECORATION.sub("", text.strip())
    match = _HEADING_NUMBER.match(undecorated)
    if match is None:
        return None
    rest = match["rest"]
    inline_text = ""
    split = _INLINE_RECOMMENDATION.search(rest)
    if split is not None and split.start() > 0:
        rest, inline_text = rest[: split.start()], rest[split.end() :]
    title = strip_emphasis(rest)
    presenter = None
    if (found := _PRESENTER.search(title)) is not None:
        presenter = found["name"].strip(" .")
        title = title[: found.start()].strip()
    if not title:
        return None
    return _Heading(match["number"], title, line_number, index, presenter, inline_text.strip())


def _matching_entry(heading: _Heading, pending: list[_TocEntry]) -> int | None:
    for position, entry in enumerate(pending):
        if entry.number == heading.number and _similar(entry.title, heading.title):
            return position
    return None


def _similar(first: str, second: str) -> bool:
    a, b = _comparable(first), _comparable(second)
    if not a or not b:
        return False
    if a.startswith(b) or b.startswith(a):
        return True
    return SequenceMatcher(None, a, b).ratio() >= _SIMILAR_TITLES


def _comparable(title: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", title.replace("-", "").casefold()).split())


def _is_known(number: str, slots: list[_Slot]) -> bool:
    return any(slot.number == number for slot in slots)


def _reads_as_recommendation(blocks: list[Block]) -> bool:
    first = blocks[0]
    text = getattr(first, "text", "")
    return isinstance(text, str) and RECOMMENDATION.match(text) is not None


def _without_furniture(line: Line, furniture: set[str]) -> Line:
    """A blank line in place of a repeated header line or a lone page number."""
    number, text = line
    if _PAGE_NUMBER.match(text) or _normalised(text) in furniture:
        return (number, "")
    return line


def _normalised(text: str) -> str:
    return _normalised_case(text).casefold()


# -- header -------------------------------------------------------------------


def _parse_header(lines: list[Line]) -> _Header:
    header = _Header()
    blocks = split_chunks(lines)
    for position, block in enumerate(blocks):
        first = _normalised_case(block[0][1])
        _read_header_block(header, first, block)
        for line in block[1:]:
            _read_header_line(header, line)
        if first in {"Mission", "Vision"} and position + 1 < len(blocks):
            header.furniture.add(first.casefold())
            header.furniture.update(_normalised(text) for _, text in blocks[position + 1])
    return header


def _normalised_case(text: str) -> str:
    return strip_emphasis(text.strip().lstrip("#"))


def _read_header_line(header: _Header, line: Line) -> bool:
    """Read a one-line header field (body, kind, Dato, Sted); False when it is none."""
    number, text = line
    plain = _normalised_case(text)
    if (body := _BODY_LINE.match(plain)) is not None and header.body is None:
        header.body = f"KKR {body['region'].capitalize()}"
    elif (kind := _KIND_LINE.match(plain)) is not None:
        header.kind = kind["kind"].capitalize()
    elif (dato := _DATO.match(plain)) is not None:
        header.start = _datetime(number, dato["year"], dato["month"], dato["day"], dato)
    elif (sted := _STED.match(plain)) is not None:
        header.location = sted["location"].strip()
    else:
        return False
    header.furniture.add(plain.casefold())
    return True


def _read_header_block(header: _Header, first: str, block: list[Line]) -> None:
    if _read_header_line(header, block[0]):
        return
    if (title := _KD_NET_TITLE.match(first)) is not None and header.body is None:
        _read_kd_net_title(header, first, block[0][0], title["kind"])
    elif first.startswith("Tid og sted:"):
        _read_time_and_place(header, block)
    elif first.startswith("Deltagere:"):
        header.participants = _participants(block) + header.participants
    elif first.startswith("Afbud:"):
        _read_apologies(header, block)


def _read_kd_net_title(header: _Header, first: str, line: int, kind: str) -> None:
    region = _REGION_ADJECTIVE.search(first)
    name = _REGIONS.get(region["adjective"].casefold(), "") if region else ""
    header.body = f"KD-Net {name}".strip()
    header.name = first
    header.kind = kind.capitalize()
    header.furniture.add(first.casefold())
    date = _DANISH_DATE.search(first)
    if date is not None and header.start is None:
        month = _MONTHS.index(date["month"].casefold()) + 1
        header.start = _datetime(line, date["year"], str(month), date["day"], None)


def _read_time_and_place(header: _Header, block: list[Line]) -> None:
    number, first = block[0]
    text = first.partition(":")[2]
    date = _DANISH_DATE.search(text)
    if date is not None:
        month = str(_MONTHS.index(date["month"].casefold()) + 1)
        time = _TIME_RANGE.search(text)
        header.start = _datetime(number, date["year"], month, date["day"], time)
        if time is not None and time["end_hour"]:
            end = {"hour": time["end_hour"], "minute": time["end_minute"]}
            header.end = _datetime(number, date["year"], month, date["day"], end)
    places = [line.strip().rstrip(",").strip() for _, line in block[1:]]
    places = [place for place in places if place and not place.endswith(".")]
    if places:
        header.location = ", ".join(places)


def _participants(block: list[Line]) -> list[str]:
    text = " ".join(line.strip() for _, line in block).partition(":")[2].strip().rstrip(".")
    return [part.strip() for part in re.split(r",\s*|\s+samt\s+", text) if part.strip()]


def _read_apologies(header: _Header, block: list[Line]) -> None:
    first = block[0][1].partition(":")[2]
    for text in [first, *(line for _, line in block[1:])]:
        name, _, substitute = text.strip().partition(", i stedet deltager ")
        if not name.strip():
            continue
        header.apologies.append(name.strip())
        if substitute.strip():
            header.participants.append(f"{substitute.strip()} (i stedet for {name.strip()})")


def _datetime(
    line: int, year: str, month: str, day: str, time: re.Match[str] | dict[str, str] | None
) -> datetime:
    hour = int(time["hour"]) if time is not None and time["hour"] else 0
    minute = int(time["minute"]) if time is not None and time["minute"] else 0
    try:
        return datetime(int(year), int(month), int(day), hour, minute)
    except ValueError as error:
        raise AgendaFormatError(f"invalid meeting date or time ({error})", line) from None
