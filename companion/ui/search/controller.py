"""Search in the main window: Ctrl+K, opening a hit, F3 through its hits, the case trail.

`WindowSearch` is made by the window once its panes exist; it reaches the panes
it needs (the item view, the agenda, the attachment pane) through the window and
keeps the search's own state here, out of the window's modules.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QBoxLayout

from companion.core.search.index import Hit
from companion.core.search.matching import Matcher
from companion.core.search.query import QueryError, parse_query
from companion.core.search.terms import normalize
from companion.ui.search.popup import SearchPopup
from companion.ui.search.searcher import Searcher
from companion.ui.search.trail_panel import TrailPanel

if TYPE_CHECKING:
    from companion.core.model import AgendaItem
    from companion.core.search.attachments import IndexOutcome, IndexProgress
    from companion.core.search.index import MeetingRow
    from companion.core.search.trail import TrailLink
    from companion.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class WindowSearch(QObject):
    """The window's search: the popup, the hits of the open item, the trail panel."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.searcher = Searcher(window._open_library, window._runner, parent=self)
        self.popup = SearchPopup(self.searcher, window)
        self.trail_panel = TrailPanel()
        pane = window.item_view.parentWidget()
        reading = pane.layout() if pane is not None else None
        assert isinstance(reading, QBoxLayout)  # the reading pane: the text, then find
        reading.insertWidget(reading.indexOf(window.item_view) + 1, self.trail_panel)
        # The item to open (meeting id, item id) and the hit it was chosen for.
        self._pending: tuple[str, str, Hit | None, str] | None = None
        self._query_text = ""  # the search whose hits are marked in the open item
        self.spans: list[tuple[int, int]] = []
        self._in_attachment = False  # F3 steps through the attachment's hits, not the item's
        self.current_span = -1
        self._trail_for: tuple[str, str] | None = None
        self.popup.hit_chosen.connect(self.open_hit)
        self.trail_panel.link_clicked.connect(lambda meeting, item: self.go_to(meeting, item))
        window.agenda_tree.item_selected.connect(self._item_selected)
        self.searcher.index_progress.connect(self._index_progress)
        self.searcher.index_finished.connect(self._index_finished)

    # -- the popup -----------------------------------------------------------------

    def open_popup(self) -> None:
        """Ctrl+K: show the search, with the years and bodies of the library's meetings."""
        self.searcher.meetings(self._meetings_read, lambda error: None)
        self.popup.open_popup()

    def _meetings_read(self, meetings: list[MeetingRow]) -> None:
        self.popup.set_years([m.start.year for m in meetings if m.start is not None])
        self.popup.set_bodies([m.body for m in meetings if m.body])

    # -- going to a hit --------------------------------------------------------------

    def open_hit(self, hit: Hit, text: str) -> None:
        """Open the item of ``hit`` with the words of ``text`` marked (or its attachment page)."""
        if hit.item_id is None:
            self.go_to(hit.meeting_id, "", hit, text)
        else:
            self.go_to(hit.meeting_id, hit.item_id, hit, text)

    def go_to(self, meeting_id: str, item_id: str, hit: Hit | None = None, text: str = "") -> None:
        """Show ``item_id`` of ``meeting_id`` (its first item for ""), opening the meeting."""
        window = self._window
        self._pending = (meeting_id, item_id, hit, text)
        loaded = window._loaded
        if loaded is not None and loaded.meeting.id == meeting_id:
            current = window.agenda_tree.current_item
            if item_id and (current is None or current.id != item_id):
                window.agenda_tree.select_item(item_id)  # item_selected does the rest
            else:
                self._arrive()
            return
        if item_id:
            window._settings.window_state.set_last_item_id(meeting_id, item_id)
        if not window.meeting_chooser.choose(meeting_id):
            window.open_meeting(meeting_id)

    def item_shown(self, item: AgendaItem) -> None:
        """Follow ``item``, shown before this search was made (the start's first item)."""
        self._load_trail(item)

    def _item_selected(self, item: AgendaItem) -> None:
        # After the window has shown the item (its own slot runs after this one).
        QTimer.singleShot(0, lambda: self._after_item_shown(item))

    def _after_item_shown(self, item: AgendaItem) -> None:
        window = self._window
        if window.item_view.item is not item:
            return  # another item came since
        pending = self._pending
        if pending is not None and pending[1] in ("", item.id):
            self._arrive()
        elif self._query_text:
            self._mark(self._query_text)
        self._load_trail(item)

    def _arrive(self) -> None:
        """The pending item is shown: mark the search's words, open the attachment page."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        _meeting, _item, hit, text = pending
        self._query_text = text
        self._window.activateWindow()  # F3 and the arrows go to the window again
        self._window.item_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._mark(text)
        if self.spans:
            self.step(1)
        marks = self._window.attachment_pane.pdf_view.search_marks
        self._in_attachment = False
        if hit is not None and hit.kind == "attachment" and hit.attachment_id:
            pane = self._window.attachment_pane
            if pane.select(hit.attachment_id):
                page = (hit.page or 1) - 1
                pane.pdf_view.go_to_page(page)
                marks.show(text, page)  # the words marked on the page; F3 steps through them
                self._in_attachment = True
                return
        marks.clear()

    # -- the hits of the open item -------------------------------------------------

    def _mark(self, text: str) -> None:
        view = self._window.item_view
        self.spans = []
        self.current_span = -1
        if text and view.item is not None:
            try:
                matcher = Matcher(parse_query(text))
            except QueryError:
                matcher = None
            plain = view.toPlainText()
            normalized = normalize(plain)
            if matcher is not None and len(normalized) == len(plain):
                self.spans = matcher.spans(normalized)
        view.mark_search_hits(self.spans)

    def step(self, offset: int) -> bool:
        """F3 / Shift+F3: the next (or previous) hit of the open item or attachment, wrapping."""
        marks = self._window.attachment_pane.pdf_view.search_marks
        if self._in_attachment and marks.active:
            if marks.step(offset):
                return True
            message = QCoreApplication.translate(
                "WindowSearch", "No search hits in this attachment."
            )
            self._window.statusBar().showMessage(message, 3000)
            return False
        if not self.spans:
            message = QCoreApplication.translate("WindowSearch", "No search hits in this item.")
            self._window.statusBar().showMessage(message, 3000)
            return False
        self.current_span = (self.current_span + offset) % len(self.spans)
        start, end = self.spans[self.current_span]
        view = self._window.item_view
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        view.ensureCursorVisible()
        self._window.statusBar().showMessage(
            QCoreApplication.translate("WindowSearch", "Hit {number} of {count}").format(
                number=self.current_span + 1, count=len(self.spans)
            ),
            3000,
        )
        return True

    # -- the case trail ----------------------------------------------------------------

    def _load_trail(self, item: AgendaItem) -> None:
        loaded = self._window._loaded
        if loaded is None:
            return
        key = (loaded.meeting.id, item.id)
        self._trail_for = key
        self.trail_panel.clear()

        def shown(links: list[TrailLink]) -> None:
            if self._trail_for == key:
                self.trail_panel.show_trail(links)

        def failed(error: Exception) -> None:
            log.warning("no case trail for %s: %s", key, error)

        self.searcher.trail(key[0], item.id, shown, failed)

    # -- indexing ------------------------------------------------------------------------

    def index_attachments(self) -> None:
        """After an import or sync: index what is new, in the background."""
        self.searcher.index_attachments()

    def _index_progress(self, progress: IndexProgress) -> None:
        self._window.statusBar().showMessage(
            QCoreApplication.translate(
                "WindowSearch", "Making attachments searchable: {done} of {total} ({title})"
            ).format(done=progress.files_done, total=progress.files_total, title=progress.title),
            5000,
        )

    def _index_finished(self, outcome: IndexOutcome | None) -> None:
        if outcome is not None and outcome.pages_indexed:
            self._window.statusBar().showMessage(
                QCoreApplication.translate(
                    "WindowSearch", "Attachments searchable: {pages} new pages"
                ).format(pages=outcome.pages_indexed),
                5000,
            )

    def close(self) -> None:
        """Stop the search's worker (the window closes)."""
        self.searcher.close()
