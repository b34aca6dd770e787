"""The reading pane: one agenda item as a calm, readable, selectable document."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from companion.core.colors import HIGHLIGHT_TINT
from companion.core.item_html import ItemLabels, item_css, item_html
from companion.core.model import AgendaItem, Meeting
from companion.core.revisions import DIFF_CSS, UpdateMark
from companion.ui.typography import scaled_css
from companion.ui.update_text import mark_text
from companion.ui.window_style import (
    WARNING_ON_DARK,
    WARNING_ON_LIGHT,
    item_colours,
    mixed,
    tone,
)

if TYPE_CHECKING:
    # Imported where used: difflib and the anchors are not needed to show an item, nor
    # are the painter and the character format (PySide makes their types, with 6 enum
    # classes, on first import: time the start's item would wait for).
    from PySide6.QtGui import QPainter

    from companion.core.anchoring import TextAnchor

#: The widest text column that still reads comfortably, in pixels.
READABLE_WIDTH = 760
MIN_SIDE_MARGIN = 28
#: Ctrl+F's hits: orange with a dark orange underline, unlike every highlight colour
#: (`companion.core.colors`), so a hit is never taken for the member's own highlight.
FIND_HIT_COLOR = QColor("#ffa657")
FIND_HIT_UNDERLINE = QColor("#9a3412")
_EXTERNAL_SCHEMES = {"http", "https", "mailto"}
#: The link in an item's "updated" notice that asks for its changes.
CHANGES_URL = "companion:changes"
#: How much of the warning colour tints the "updated" notice (its frame is the colour itself).
_NOTICE_TINT = 0.15
#: The highlight colours a member can choose, by the name stored with the annotation.
HIGHLIGHT_COLORS: dict[str, str] = HIGHLIGHT_TINT
_FLASH_COLOR = QColor("#ff9800")
FLASH_MS = 700
#: The note marker in the right margin: its size and its distance from the text column.
MARKER_SIZE = 18
MARKER_GAP = 10
#: The width of the colour bar in the left margin beside each highlight.
BAR_WIDTH = 4
_MARKER_INK = QColor("#8a6d00")
#: The words on a highlight or a find hit (both light tints): the designed dark text.
_INK_ON_TINT = QColor("#1d2329")


@dataclass(frozen=True)
class DrawnHighlight:
    """A highlight drawn over ``document text[start:end]`` of the item view (with its note)."""

    key: str
    start: int
    end: int
    color: str
    note: str = ""


@dataclass(frozen=True)
class MarginMarker:
    """Where a highlight shows in the margins, in viewport pixels.

    Attributes:
        key: the highlight's key.
        bar: the colour bar beside its lines, in the left margin.
        note: the note marker in the right margin (None when it has no note).
    """

    key: str
    bar: QRect
    note: QRect | None


def highlight_color(name: str) -> QColor:
    """The tint of the highlight colour ``name`` (yellow for an unknown name)."""
    return QColor(HIGHLIGHT_COLORS.get(name, HIGHLIGHT_COLORS["yellow"]))


class ItemView(QTextBrowser):
    """Shows one item (read-only, selectable) and finds text in it.

    An item marked "updated" or "new" (see `set_marks`) starts with a notice
    whose link emits ``changes_requested``.
    """

    changes_requested = Signal()
    #: The member asked to highlight the selection in a colour (its name).
    highlight_requested = Signal(str)
    #: The member clicked the margin marker of a highlight (its key).
    marker_clicked = Signal(str)
    #: An item (not a message) has just been painted.
    item_painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemView")
        self.setAccessibleName(self.tr("Item text"))
        self.setOpenLinks(False)
        # Always there: a scroll bar that came and went with each item's length would resize
        # the viewport twice per switch (setHtml empties the document first), laying the text
        # out again at each width and moving the centred column sideways.
        # Set by the enum key's name through Qt's property system: PySide makes the whole
        # Qt namespace (93 enum classes, ~12 ms) on its first import, which the start's
        # item need not wait for (`companion.ui.window_panes` does the same).
        self.setProperty("verticalScrollBarPolicy", "ScrollBarAlwaysOn")
        self.anchorClicked.connect(self._open_link)
        self.item: AgendaItem | None = None
        self._marks: dict[str, UpdateMark] = {}
        self._labels = self._translated_labels()
        self._find_selections: list[QTextEdit.ExtraSelection] = []
        self._search_selections: list[QTextEdit.ExtraSelection] = []
        self._highlight_selections: list[QTextEdit.ExtraSelection] = []
        self._drawn: list[DrawnHighlight] = []
        self._flash_selections: list[QTextEdit.ExtraSelection] = []
        self._plain_text = ""
        # The viewport's width, kept from its resize events: the first Python call of
        # viewport() costs PySide 12-15 ms (it resolves the type of a widget Qt made),
        # and the start's item is painted before anything else needs the viewport.
        self._viewport_width = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
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
        """Set the size of the body text; title, headings and grey lines scale with it.

        Applies to the next document shown (the window shows the item again).
        """
        font = QFont(self.font())
        font.setPointSize(points)
        self.setFont(font)  # its own size: the window's text size does not override it
        self.document().setDefaultFont(font)
        css = item_css(item_colours(self.palette()))
        self.document().setDefaultStyleSheet(scaled_css(css + DIFF_CSS, points))

    def set_marks(self, marks: dict[str, UpdateMark]) -> None:
        """The items of the meeting that changed since the member read them."""
        self._marks = dict(marks)

    def show_item(self, item: AgendaItem, meeting: Meeting) -> None:
        """Render ``item`` at the top of the pane, after its update notice if it has one."""
        self.item = item
        html = item_html(item, meeting, self._labels, item_colours(self.palette()))
        mark = self._marks.get(item.id)
        if mark is not None:
            html = html.replace("<body>", "<body>" + self._notice(mark), 1)
        self._set_document(html)

    def show_html(self, html: str) -> None:
        """Show a document made elsewhere (a diff) with the item typography."""
        self.item = None
        self._set_document(html)

    def _set_document(self, html: str) -> None:
        self._highlight_selections = []
        self._drawn = []
        self._flash_selections = []
        self._find_selections = []
        self._search_selections = []
        # One edit block: the text is laid out once, in its column (setHtml alone
        # resets the margins, and setting them after it laid the text out again).
        block = QTextCursor(self.document())
        block.beginEditBlock()
        self.setHtml(html)
        self._fit_text_column()
        block.endEditBlock()
        self._plain_text = self.document().toPlainText()
        self._apply_selections()

    def _notice(self, mark: UpdateMark) -> str:
        link = escape(self.tr("Show changes"))
        warning = tone(self.palette(), WARNING_ON_LIGHT, WARNING_ON_DARK)
        tint = mixed(self.palette().color(QPalette.ColorRole.Base), warning, _NOTICE_TINT).name()
        return (
            f'<table width="100%" cellpadding="8" cellspacing="0" border="1" '
            f'style="border-color: {warning.name()}; border-style: solid; margin-bottom: 12px;" '
            f'bgcolor="{tint}"><tr><td>{escape(mark_text(mark))} \u00b7 '
            f'<a href="{CHANGES_URL}">{link}</a></td></tr></table>'
        )

    def show_message(self, text: str) -> None:
        """Show a short centred message instead of an item (loading, empty)."""
        self.item = None
        self._set_document(f'<p align="center" class="placeholder">{escape(text)}</p>')

    # -- find ------------------------------------------------------------------

    def highlight_all(self, text: str) -> int:
        """Tint every match of ``text`` (case-insensitive); returns the count."""
        from PySide6.QtGui import QTextCharFormat

        selections: list[QTextEdit.ExtraSelection] = []
        if text:
            cursor = self.document().find(text, 0)
            while not cursor.isNull():
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                fmt = QTextCharFormat()
                fmt.setBackground(FIND_HIT_COLOR)
                fmt.setForeground(_INK_ON_TINT)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(FIND_HIT_UNDERLINE)
                selection.format = fmt
                selections.append(selection)
                cursor = self.document().find(text, cursor)
        self._find_selections = selections
        self._apply_selections()
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

    def mark_search_hits(self, spans: list[tuple[int, int]]) -> None:
        """Tint the hits of a search (offsets into the document's plain text) as Ctrl+F's."""
        self._search_selections = [self._find_selection(start, end) for start, end in spans]
        self._apply_selections()

    def _find_selection(self, start: int, end: int) -> QTextEdit.ExtraSelection:
        from PySide6.QtGui import QTextCharFormat

        selection = self._selection(start, end, FIND_HIT_COLOR)
        fmt = QTextCharFormat(selection.format)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(FIND_HIT_UNDERLINE)
        selection.format = fmt
        return selection

    def clear_find(self) -> None:
        """Remove the match highlights."""
        self._find_selections = []
        self._apply_selections()

    # -- highlights --------------------------------------------------------------

    def _apply_selections(self) -> None:
        self.setExtraSelections(
            self._highlight_selections
            + self._search_selections
            + self._find_selections
            + self._flash_selections
        )

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as offsets into the document's plain text, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    def selection_anchor(self) -> TextAnchor | None:
        """The anchor, over `AgendaItem.text`, of the selected words of the item shown.

        The rendered document is not the item's text (labels, the recommendation
        first), so the selection is found again in ``item.text`` by its quote and
        context. None when nothing is selected or the selection is not item text
        (a label, only white space).
        """
        from companion.core.anchoring import AnchorError, anchor_for, item_anchor, locate

        selected = self.selected_range()
        if self.item is None or selected is None:
            return None
        try:
            in_document = anchor_for(self._plain_text, *selected)
        except AnchorError:
            return None
        match = locate(in_document, self.item.text)
        if match is None:
            return None
        return item_anchor(self.item, match.start, match.end)

    def deselect(self) -> None:
        """Drop the selection, keeping the cursor at its end (so a new highlight shows)."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def place(self, anchor: TextAnchor) -> tuple[int, int] | None:
        """Where ``anchor``'s quote is in the document shown, or None when it is not there."""
        from companion.core.anchoring import locate

        match = locate(anchor, self._plain_text)
        return None if match is None else (match.start, match.end)

    def set_highlights(self, highlights: list[DrawnHighlight]) -> None:
        """Draw ``highlights`` (replacing those drawn before), with their margin markers.

        The same highlights again (none on a new item, the usual case) change nothing and
        paint nothing: an item switch paints the view once.
        """
        if highlights == self._drawn:
            return
        self._drawn = list(highlights)
        self.viewport().update()
        self._highlight_selections = [
            self._selection(highlight.start, highlight.end, highlight_color(highlight.color))
            for highlight in highlights
        ]
        self._apply_selections()

    def reveal(self, start: int, end: int) -> None:
        """Scroll ``document text[start:end]`` into view and flash it briefly."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(end)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(start)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self._flash_selections = [self._selection(start, end, _FLASH_COLOR)]
        self._apply_selections()
        self._flash_timer.start()

    @property
    def flashing(self) -> bool:
        """Whether a highlight is flashing (after `reveal`)."""
        return bool(self._flash_selections)

    def _end_flash(self) -> None:
        self._flash_selections = []
        self._apply_selections()

    def _selection(self, start: int, end: int, color: QColor) -> QTextEdit.ExtraSelection:
        from PySide6.QtGui import QTextCharFormat

        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        fmt.setForeground(_INK_ON_TINT)  # light tints: dark words on them in any palette
        selection.format = fmt
        return selection

    # -- margin markers ------------------------------------------------------------

    def margin_markers(self) -> list[MarginMarker]:
        """The margin markers of the highlights drawn, where they are now (viewport pixels)."""
        column = self.document().rootFrame().frameFormat()
        left = int(column.leftMargin())
        right = self._viewport_width - int(column.rightMargin())
        markers = []
        for drawn in self._drawn:
            top, bottom = self._line_span(drawn.start, drawn.end)
            bar = QRect(left - MARKER_GAP - BAR_WIDTH, top, BAR_WIDTH, bottom - top)
            note = None
            if drawn.note.strip():
                note = QRect(right + MARKER_GAP, top, MARKER_SIZE, MARKER_SIZE)
            markers.append(MarginMarker(drawn.key, bar, note))
        return markers

    def _line_span(self, start: int, end: int) -> tuple[int, int]:
        """The top and bottom, in viewport pixels, of the lines holding text[start:end]."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        first = self.cursorRect(cursor)
        cursor.setPosition(end)
        last = self.cursorRect(cursor)
        return first.top(), max(last.bottom(), first.bottom())

    def _marker_at(self, point: QPoint) -> MarginMarker | None:
        for marker in self.margin_markers():
            if marker.note is not None and marker.note.adjusted(-3, -3, 3, 3).contains(point):
                return marker
        return None

    def _drawn_highlight(self, key: str) -> DrawnHighlight | None:
        return next((drawn for drawn in self._drawn if drawn.key == key), None)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text, then each highlight's colour bar and note marker in the margins."""
        super().paintEvent(event)
        if self.item is not None:
            self.item_painted.emit()
        if not self._drawn:
            return
        from PySide6.QtGui import QPainter

        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for marker in self.margin_markers():
            drawn = self._drawn_highlight(marker.key)
            color = highlight_color(drawn.color if drawn else "yellow").darker(125)
            painter.fillRect(marker.bar, color)
            if marker.note is not None:
                self._paint_note_marker(painter, marker.note, color)
        painter.end()

    @staticmethod
    def _paint_note_marker(painter: QPainter, rect: QRect, color: QColor) -> None:
        """A small note sheet with three lines of "writing"."""
        from PySide6.QtGui import QPen

        painter.setPen(QPen(_MARKER_INK, 1))
        painter.setBrush(color.lighter(115))
        painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
        for row in range(3):
            y = rect.top() + 5 + row * 4
            painter.drawLine(rect.left() + 4, y, rect.right() - 4 - (row == 2) * 4, y)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a note marker asks for its highlight; anything else selects text."""
        from PySide6.QtCore import Qt

        marker = self._marker_at(event.position().toPoint())
        if marker is not None and event.button() == Qt.MouseButton.LeftButton:
            self.marker_clicked.emit(marker.key)
            event.accept()
            return
        super().mousePressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        """Show a highlight's note as the tooltip of its margin marker."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            marker = self._marker_at(event.pos())
            drawn = self._drawn_highlight(marker.key) if marker else None
            if drawn is not None:
                QToolTip.showText(event.globalPos(), drawn.note, self.viewport())
                return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The standard menu, with the highlight colours when item text is selected."""
        menu = self.createStandardContextMenu(event.pos())
        if self.item is not None and self.textCursor().hasSelection():
            menu.addSeparator()
            for name, label in highlight_labels().items():
                action = menu.addAction(label)
                action.triggered.connect(
                    lambda _checked=False, chosen=name: self.highlight_requested.emit(chosen)
                )
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- layout ----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The viewport's new size (a scroll area's resize events are its viewport's)."""
        super().resizeEvent(event)
        self._viewport_width = event.size().width()
        self._fit_text_column()

    def _fit_text_column(self) -> None:
        """Centre a column of at most READABLE_WIDTH pixels."""
        side = max(MIN_SIDE_MARGIN, (self._viewport_width - READABLE_WIDTH) // 2)
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


def highlight_labels() -> dict[str, str]:
    """The menu text of each highlight colour, by its name."""
    return {
        "yellow": QCoreApplication.translate("ItemView", "Highlight in Yellow"),
        "green": QCoreApplication.translate("ItemView", "Highlight in Green"),
        "blue": QCoreApplication.translate("ItemView", "Highlight in Blue"),
        "pink": QCoreApplication.translate("ItemView", "Highlight in Pink"),
    }
