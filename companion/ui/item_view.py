"""The reading pane: one agenda item as a calm, readable, selectable document."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from companion.core.item_html import ITEM_CSS, ItemLabels, item_html
from companion.core.model import AgendaItem, Meeting
from companion.core.revisions import DIFF_CSS, UpdateMark
from companion.ui.agenda_model import mark_text

#: The widest text column that still reads comfortably, in pixels.
READABLE_WIDTH = 760
MIN_SIDE_MARGIN = 28
_MATCH_COLOR = QColor("#fde68a")
_EXTERNAL_SCHEMES = {"http", "https", "mailto"}
#: The link in an item's "updated" notice that asks for its changes.
CHANGES_URL = "companion:changes"
_NOTICE_TINT = "#fff4e0"
_NOTICE_BORDER = "#f3cf94"


class ItemView(QTextBrowser):
    """Shows one item (read-only, selectable) and finds text in it.

    An item marked "updated" or "new" (see `set_marks`) starts with a notice
    whose link emits ``changes_requested``.
    """

    changes_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemView")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.document().setDefaultStyleSheet(ITEM_CSS + DIFF_CSS)
        self.item: AgendaItem | None = None
        self._marks: dict[str, UpdateMark] = {}
        self._labels = self._translated_labels()
        self.set_font_size(11)
        self.show_message(self.tr("Choose a meeting item on the left."))

    def _translated_labels(self) -> ItemLabels:
        return ItemLabels(
            case=self.tr("Case"),
            officers=self.tr("Case officer"),
            presenter=self.tr("Presented by"),
            recommendation=self.tr("Recommendation"),
            attachments=self.tr("Attachments"),
            not_provided=self.tr("not provided in the package"),
            closed=self.tr("Closed item"),
            document_not_included=self.tr("document not included in the package"),
            no_text=self.tr("This item has no text."),
        )

    def set_font_size(self, points: int) -> None:
        """Set the base size of the text."""
        font = QFont(self.font())
        font.setPointSize(points)
        self.document().setDefaultFont(font)

    def set_marks(self, marks: dict[str, UpdateMark]) -> None:
        """The items of the meeting that changed since the member read them."""
        self._marks = dict(marks)

    def show_item(self, item: AgendaItem, meeting: Meeting) -> None:
        """Render ``item`` at the top of the pane, after its update notice if it has one."""
        self.item = item
        html = item_html(item, meeting, self._labels)
        mark = self._marks.get(item.id)
        if mark is not None:
            html = html.replace("<body>", "<body>" + self._notice(mark), 1)
        self.setHtml(html)
        self._fit_text_column()

    def show_html(self, html: str) -> None:
        """Show a document made elsewhere (a diff) with the item typography."""
        self.item = None
        self.setHtml(html)
        self._fit_text_column()

    def _notice(self, mark: UpdateMark) -> str:
        link = escape(self.tr("Show changes"))
        return (
            f'<table width="100%" cellpadding="8" cellspacing="0" border="1" '
            f'style="border-color: {_NOTICE_BORDER}; border-style: solid; margin-bottom: 12px;" '
            f'bgcolor="{_NOTICE_TINT}"><tr><td>{escape(mark_text(mark))} \u00b7 '
            f'<a href="{CHANGES_URL}">{link}</a></td></tr></table>'
        )

    def show_message(self, text: str) -> None:
        """Show a short centred message instead of an item (loading, empty)."""
        self.item = None
        self.setHtml(f'<p align="center" class="placeholder">{escape(text)}</p>')
        self._fit_text_column()

    # -- find ------------------------------------------------------------------

    def highlight_all(self, text: str) -> int:
        """Tint every match of ``text`` (case-insensitive); returns the count."""
        selections: list[QTextEdit.ExtraSelection] = []
        if text:
            cursor = self.document().find(text, 0)
            while not cursor.isNull():
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                fmt = QTextCharFormat()
                fmt.setBackground(_MATCH_COLOR)
                selection.format = fmt
                selections.append(selection)
                cursor = self.document().find(text, cursor)
        self.setExtraSelections(selections)
        return len(selections)

    def find_next(self, text: str, backward: bool = False) -> bool:
        """Select the next (or previous) match, wrapping around; False if none."""
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if self.find(text, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self.setTextCursor(cursor)
        return self.find(text, flags)

    def clear_find(self) -> None:
        """Remove the match highlights."""
        self.setExtraSelections([])

    # -- layout ----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_text_column()

    def _fit_text_column(self) -> None:
        """Centre a column of at most READABLE_WIDTH pixels."""
        side = max(MIN_SIDE_MARGIN, (self.viewport().width() - READABLE_WIDTH) // 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if fmt.leftMargin() == side and fmt.rightMargin() == side:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(24)
        fmt.setBottomMargin(32)
        frame.setFrameFormat(fmt)

    def _open_link(self, url: QUrl) -> None:
        if url.toString() == CHANGES_URL:
            self.changes_requested.emit()
        elif url.scheme() in _EXTERNAL_SCHEMES:
            QDesktopServices.openUrl(url)
