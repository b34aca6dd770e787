"""The results of a search as the popup shows them: grouped by meeting, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from companion.core.danish_dates import short_date
from companion.core.search.index import Hit
from companion.core.search.matching import Snippet
from companion.ui.window_style import muted_text, readable

# The colour of a hit in a snippet: dark blue and bold, unlike the member's highlight colours.
HIT_COLOR = "#1d4ed8"


@dataclass(frozen=True)
class MeetingGroup:
    """The hits of one meeting, in the order of the search (best first)."""

    meeting_id: str
    body: str
    start: datetime | None
    hits: list[Hit]


def group_by_meeting(hits: list[Hit]) -> list[MeetingGroup]:
    """``hits`` grouped by meeting, the newest meeting first (hits keep their order)."""
    groups: dict[str, MeetingGroup] = {}
    for hit in hits:
        group = groups.get(hit.meeting_id)
        if group is None:
            group = MeetingGroup(hit.meeting_id, hit.meeting_body, hit.meeting_start, [])
            groups[hit.meeting_id] = group
        group.hits.append(hit)
    return sorted(
        groups.values(),
        key=lambda group: group.start.timestamp() if group.start else 0.0,
        reverse=True,
    )


def snippet_html(snippet: Snippet) -> str:
    """The snippet as rich text, each hit bold in `HIT_COLOR`."""
    parts: list[str] = []
    position = 0
    hit_colour = readable([QColor(HIT_COLOR)], *_ground_and_text()).name()
    for start, end in snippet.marks:
        parts.append(escape(snippet.text[position:start]))
        parts.append(f'<b style="color: {hit_colour};">{escape(snippet.text[start:end])}</b>')
        position = end
    parts.append(escape(snippet.text[position:]))
    return "".join(parts)


def meeting_heading(group: MeetingGroup) -> str:
    """ "KKR Midtjylland · 5. februar 2020" for a group's heading."""
    date = short_date(group.start)
    return f"{group.body} \u00b7 {date}" if date else group.body


def kind_label(hit: Hit) -> str:
    """What the hit is, in a few words: "Punkt 3.2", "Bilag, side 4", "Mit notat"."""
    number = hit.item_number or ""
    if hit.kind == "attachment":
        return QCoreApplication.translate("SearchResults", "Attachment, page {page}").format(
            page=hit.page or 1
        )
    if hit.kind == "note":
        return QCoreApplication.translate("SearchResults", "My note")
    return QCoreApplication.translate("SearchResults", "Item {number}").format(number=number)


def hit_html(hit: Hit) -> str:
    """One result: what and where, its title, the snippet with the hits marked."""
    where = kind_label(hit)
    if hit.kind != "item" and hit.item_number:
        item = QCoreApplication.translate("SearchResults", "item {number}").format(
            number=hit.item_number
        )
        where = f"{where} \u00b7 {item}"
    return (
        f'<div><span style="color: {muted_text(QGuiApplication.palette()).name()};">'
        f"{escape(where)}</span> <b>{escape(hit.title)}</b></div>"
        f"<div>{snippet_html(hit.snippet)}</div>"
    )


def _ground_and_text() -> tuple[QColor, QColor]:
    """The palette's ground and text: a hit's blue gives way to the text where it would not read."""
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
