"""The case trail under the item: where the same case was before and comes after."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from companion.core.danish_dates import short_date
from companion.core.search.trail import TrailLink
from companion.ui.messages import member_text
from companion.ui.window_style import muted_text, themed

_STYLE = """
#trailPanel { background: @panel; border-top: 1px solid @rule; }
#trailHeading { color: @muted; font-weight: 600; }
"""


_INDENT = "&nbsp;" * 3
#: A decision longer than this is cut at a word, with an ellipsis.
DECISION_LENGTH = 200


def _shortened(text: str) -> str:
    """``text`` on one line, cut to about `DECISION_LENGTH` characters at a word."""
    line = " ".join(text.split())
    if len(line) <= DECISION_LENGTH:
        return line
    return line[:DECISION_LENGTH].rsplit(" ", 1)[0] + " \u2026"


class TrailPanel(QWidget):
    """A compact list of the item's other appearances; a click on one asks to go there."""

    # The member clicked an appearance: (meeting id, item id or "" for a meeting named).
    link_clicked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trailPanel")
        self.setStyleSheet(themed(_STYLE, self.palette()))
        self.heading = QLabel(self.tr("Case trail"))
        self.heading.setObjectName("trailHeading")
        self.links = QLabel()
        self.links.setObjectName("trailLinks")
        self.links.setWordWrap(True)
        self.links.setOpenExternalLinks(False)
        self.links.linkActivated.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.links)
        self.shown: list[TrailLink] = []
        self.hide()

    def show_trail(self, links: list[TrailLink]) -> None:
        """List ``links`` (oldest first); hide the panel when there are none."""
        self.shown = list(links)
        if not links:
            self.hide()
            return
        rows = []
        muted = muted_text(self.palette()).name()
        for index, link in enumerate(links):
            arrow = "\u2190" if link.direction == "earlier" else "\u2192"
            when = self.tr("earlier") if link.direction == "earlier" else self.tr("later")
            item = (
                self.tr("item {number}").format(number=link.item_number)
                if link.item_number
                else self.tr("the meeting")
            )
            place = f"{link.meeting_body}, {short_date(link.meeting_start)}, {item}"
            row = (
                f'{arrow} <span style="color: {muted}">{escape(when)}:</span> '
                f'<a href="{index}">{escape(place)}</a> \u2014 {escape(link.title)}'
            )
            if link.decision:
                decided = self.tr("Decision: {text}").format(text=_shortened(link.decision))
                row += f"<br>{_INDENT}<i>{escape(decided)}</i>"  # the text colour: any palette
            rows.append(row)
        self.links.setText("<br>".join(rows))
        self.show()

    def show_problem(self, error: Exception) -> None:
        """Say why the trail is not known (e.g. the index cannot be opened)."""
        self.shown = []
        self.links.setText(escape(member_text(error)))
        self.show()

    def clear(self) -> None:
        """Hide the panel (another item is being shown)."""
        self.shown = []
        self.links.clear()
        self.hide()

    def _clicked(self, href: str) -> None:
        if href.isdigit() and int(href) < len(self.shown):
            link = self.shown[int(href)]
            self.link_clicked.emit(link.meeting_id, link.item_id or "")
