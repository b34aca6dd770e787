"""The core model of a meeting package: plain dataclasses, no Qt, no I/O.

A `Meeting` holds `AgendaGroup`s (``3. Regionalpolitiske sager``), each with
`AgendaItem`s (``3.2. Første udkast ...``). An item's text is a list of
`Section`s (Baggrund, Indstilling, Sagsfremstilling, Beslutning, ...), each a
list of blocks: `Paragraph`, `Heading`, `BulletList`, `Table`. Inline text is
a list of `Span`s so that emphasis and links survive as structure.

Every object converts to and from plain JSON-ready dicts with `to_dict()` and
`from_dict()`; the field names there are the package format's (OParl 1.1
names where OParl has the concept, see docs/package-format.md).

Meeting times are kept as the package writes them (naive, ``Z`` or with an
offset), so a package's JSON round-trips unchanged. They are compared as
instants (`as_instant`: a naive time is Danish wall-clock time, the agendas'
own) and shown in the member's time zone (`local_time`, `Meeting.local_start`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Section kinds the app knows; anything else is ``"other"`` with its title.
SECTION_KINDS = ("baggrund", "indstilling", "sagsfremstilling", "beslutning", "other")


@dataclass(frozen=True)
class Span:
    """A run of inline text; ``href`` makes it a link (``"#"`` when unknown)."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text}
        if self.bold:
            data["bold"] = True
        if self.italic:
            data["italic"] = True
        if self.href is not None:
            data["href"] = self.href
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(
            text=data["text"],
            bold=bool(data.get("bold", False)),
            italic=bool(data.get("italic", False)),
            href=data.get("href"),
        )


def spans_text(spans: list[Span]) -> str:
    """The plain text of a list of spans."""
    return "".join(span.text for span in spans)


def _spans_to_list(spans: list[Span]) -> list[dict[str, Any]]:
    return [span.to_dict() for span in spans]


def _spans_from_list(items: list[dict[str, Any]]) -> list[Span]:
    return [Span.from_dict(item) for item in items]


@dataclass
class Paragraph:
    """A paragraph of running text."""

    spans: list[Span]

    @property
    def text(self) -> str:
        return spans_text(self.spans)

    def to_dict(self) -> dict[str, Any]:
        return {"type": "paragraph", "spans": _spans_to_list(self.spans)}


@dataclass
class Heading:
    """A sub-heading inside a section; level 1 is the highest inside it."""

    spans: list[Span]
    level: int = 1

    @property
    def text(self) -> str:
        return spans_text(self.spans)

    def to_dict(self) -> dict[str, Any]:
        return {"type": "heading", "level": self.level, "spans": _spans_to_list(self.spans)}


@dataclass
class ListItem:
    """One bullet: its text and any nested bullets."""

    spans: list[Span]
    children: list[ListItem] = field(default_factory=list)

    @property
    def text(self) -> str:
        return spans_text(self.spans)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"spans": _spans_to_list(self.spans)}
        if self.children:
            data["children"] = [child.to_dict() for child in self.children]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ListItem:
        return cls(
            spans=_spans_from_list(data["spans"]),
            children=[cls.from_dict(child) for child in data.get("children", [])],
        )


@dataclass
class BulletList:
    """A bulleted (or numbered, when ``ordered``) list, possibly nested."""

    items: list[ListItem]
    ordered: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "list",
            "ordered": self.ordered,
            "items": [item.to_dict() for item in self.items],
        }


@dataclass
class Table:
    """A table of plain-text cells; the first ``header_rows`` rows are headers."""

    rows: list[list[str]]
    header_rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"type": "table", "headerRows": self.header_rows, "rows": self.rows}


Block = Paragraph | Heading | BulletList | Table


def block_from_dict(data: dict[str, Any]) -> Block:
    """Build a block from its dict; raises ``ValueError`` on an unknown type."""
    kind = data.get("type")
    if kind == "paragraph":
        return Paragraph(_spans_from_list(data["spans"]))
    if kind == "heading":
        return Heading(_spans_from_list(data["spans"]), int(data.get("level", 1)))
    if kind == "list":
        return BulletList(
            [ListItem.from_dict(item) for item in data["items"]],
            bool(data.get("ordered", False)),
        )
    if kind == "table":
        return Table([list(row) for row in data["rows"]], int(data.get("headerRows", 0)))
    raise ValueError(f"unknown block type {kind!r}")


def block_text(block: Block) -> str:
    """The plain text of a block, lines joined with newlines."""
    if isinstance(block, (Paragraph, Heading)):
        return block.text
    if isinstance(block, BulletList):
        lines: list[str] = []

        def walk(items: list[ListItem]) -> None:
            for item in items:
                lines.append(item.text)
                walk(item.children)

        walk(block.items)
        return "\n".join(lines)
    return "\n".join("\t".join(row) for row in block.rows)


@dataclass
class Section:
    """A titled section of an item (``kind`` is one of `SECTION_KINDS`)."""

    kind: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "blocks": [block.to_dict() for block in self.blocks],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        return cls(
            kind=data["kind"],
            title=data["title"],
            blocks=[block_from_dict(block) for block in data.get("blocks", [])],
        )

    @property
    def text(self) -> str:
        return "\n".join(block_text(block) for block in self.blocks)


@dataclass
class FileRef:
    """A file in the package, addressed by its sha256 (OParl ``File``)."""

    name: str
    file_name: str
    mime_type: str
    size: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "fileName": self.file_name,
            "mimeType": self.mime_type,
            "size": self.size,
            "checksum": f"sha256:{self.sha256}",
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileRef:
        checksum = str(data["checksum"])
        return cls(
            name=data["name"],
            file_name=data["fileName"],
            mime_type=data["mimeType"],
            size=int(data["size"]),
            sha256=checksum.removeprefix("sha256:"),
        )


@dataclass
class Attachment:
    """A bilag named by the agenda; ``file`` is None when it was not provided."""

    id: str
    title: str
    file: FileRef | None = None

    @property
    def provided(self) -> bool:
        return self.file is not None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.title}
        data["file"] = self.file.to_dict() if self.file else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attachment:
        file = data.get("file")
        return cls(
            id=data["id"],
            title=data["name"],
            file=FileRef.from_dict(file) if file else None,
        )


@dataclass
class AgendaItem:
    """A punkt: its number (``"3.2"``), title, case data, sections, bilag."""

    id: str
    number: str
    title: str
    case_number: str | None = None
    case_officers: list[str] = field(default_factory=list)
    presenter: str | None = None
    public: bool = True
    sections: list[Section] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    def section(self, kind: str) -> Section | None:
        """The first section of ``kind``, or None."""
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def recommendation(self) -> Section | None:
        """The Indstilling: what the body decides on."""
        return self.section("indstilling")

    @property
    def text(self) -> str:
        """The plain text of the item, for search and anchoring."""
        parts = [self.title]
        for section in self.sections:
            parts.append(section.title)
            parts.append(section.text)
        return "\n".join(part for part in parts if part)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "name": self.title,
            "public": self.public,
            "caseNumber": self.case_number,
            "caseOfficers": self.case_officers,
            "presenter": self.presenter,
            "sections": [section.to_dict() for section in self.sections],
            "auxiliaryFile": [attachment.to_dict() for attachment in self.attachments],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgendaItem:
        return cls(
            id=data["id"],
            number=data["number"],
            title=data["name"],
            case_number=data.get("caseNumber"),
            case_officers=list(data.get("caseOfficers", [])),
            presenter=data.get("presenter"),
            public=bool(data.get("public", True)),
            sections=[Section.from_dict(s) for s in data.get("sections", [])],
            attachments=[Attachment.from_dict(a) for a in data.get("auxiliaryFile", [])],
        )


@dataclass
class AgendaGroup:
    """A group of items (``3. Regionalpolitiske sager``); it may be empty.

    Flat agendas (KD-Net: points 1..17) have one group with an empty number
    and title holding every item.
    """

    id: str
    number: str
    title: str
    items: list[AgendaItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "name": self.title,
            "agendaItem": [item.to_dict() for item in self.items],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgendaGroup:
        return cls(
            id=data["id"],
            number=data["number"],
            title=data["name"],
            items=[AgendaItem.from_dict(item) for item in data.get("agendaItem", [])],
        )


@dataclass
class Meeting:
    """One meeting (møde) of one body, in one version of its package."""

    id: str
    body: str
    name: str
    start: datetime | None = None
    end: datetime | None = None
    location: str | None = None
    participants: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    groups: list[AgendaGroup] = field(default_factory=list)
    version: int = 1
    agenda_pdf: FileRef | None = None
    source: str | None = None

    @property
    def items(self) -> list[AgendaItem]:
        """Every item in agenda order."""
        return [item for group in self.groups for item in group.items]

    @property
    def local_start(self) -> datetime | None:
        """The start in the member's time zone, for showing (None when unknown)."""
        return local_time(self.start)

    @property
    def local_end(self) -> datetime | None:
        """The end in the member's time zone, for showing (None when unknown)."""
        return local_time(self.end)

    def item(self, item_id: str) -> AgendaItem | None:
        """The item with ``item_id``, or None."""
        return next((item for item in self.items if item.id == item_id), None)

    def files(self) -> list[FileRef]:
        """Every file the meeting names: agenda PDF first, then attachments."""
        refs = [self.agenda_pdf] if self.agenda_pdf else []
        refs += [a.file for item in self.items for a in item.attachments if a.file]
        return refs

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "organization": self.body,
            "name": self.name,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "location": self.location,
            "participants": self.participants,
            "apologies": self.apologies,
            "agendaPdf": self.agenda_pdf.to_dict() if self.agenda_pdf else None,
            "source": self.source,
            "groups": [group.to_dict() for group in self.groups],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Meeting:
        pdf = data.get("agendaPdf")
        return cls(
            id=data["id"],
            version=int(data.get("version", 1)),
            body=data["organization"],
            name=data["name"],
            start=_parse_datetime(data.get("start")),
            end=_parse_datetime(data.get("end")),
            location=data.get("location"),
            participants=list(data.get("participants", [])),
            apologies=list(data.get("apologies", [])),
            agenda_pdf=FileRef.from_dict(pdf) if pdf else None,
            source=data.get("source"),
            groups=[AgendaGroup.from_dict(g) for g in data.get("groups", [])],
        )


def _parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _agenda_time_zone() -> tzinfo | None:
    """Europe/Copenhagen (tzdata on Windows); None (the system's zone) if it is missing."""
    try:
        return ZoneInfo("Europe/Copenhagen")
    except ZoneInfoNotFoundError:
        return None


#: The zone of a meeting time written without one: the agendas are Danish.
AGENDA_TIME_ZONE = _agenda_time_zone()


def as_instant(moment: datetime) -> datetime:
    """``moment`` as an aware UTC time; a naive one is read as Danish wall-clock time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AGENDA_TIME_ZONE) if AGENDA_TIME_ZONE else moment
    return moment.astimezone(UTC)


def local_time(moment: datetime | None) -> datetime | None:
    """``moment`` in the member's time zone (the system's), for showing; None stays None."""
    return None if moment is None else as_instant(moment).astimezone()


def slugify(text: str) -> str:
    """A lowercase ASCII slug: ``"KKR Midtjylland"`` -> ``"kkr-midtjylland"``."""
    text = text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = text.replace("Æ", "Ae").replace("Ø", "Oe").replace("Å", "Aa")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def stable_id(*parts: str) -> str:
    """A short stable id derived from ``parts`` (same parts, same id)."""
    import hashlib  # here: it loads libcrypto (~3.7 MB), which the render process needs not

    normalized = "\x1f".join(re.sub(r"\s+", " ", part).strip().casefold() for part in parts)
    return hashlib.sha256(normalized.encode()).hexdigest()[:12]
