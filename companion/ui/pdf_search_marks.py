"""A search's words marked over an attachment's pages, and F3 through them.

When the member opens an attachment hit, the words the search found are marked
on its pages as they are on the item's text: the page's words
(`companion.core.pdf_render.page_words`, PyMuPDF's "words" in points) are read
into one line of text and matched with the search's own `Matcher` (stems, phrases,
the last word as a prefix), and every matched word gets a translucent box over
it. A page's words are read once, when the page is first painted or stepped to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from companion.core.anchoring import Word
from companion.core.pdf_render import PdfRenderError, page_words
from companion.core.search.matching import Matcher
from companion.core.search.query import QueryError, parse_query
from companion.core.search.terms import normalize

log = logging.getLogger(__name__)

#: A search hit on a page: the item view's find colour, translucent over the print.
MARK_COLOR = QColor(255, 200, 0, 110)
#: The hit F3 stepped to: outlined.
CURRENT_COLOR = QColor(220, 120, 0)

#: One word's box on a page, in PDF points: (x0, y0, x1, y1).
Box = tuple[float, float, float, float]


def hit_boxes(words: list[Word], matcher: Matcher) -> list[list[Box]]:
    """The hits of ``matcher`` among a page's ``words``: each hit, the boxes of its words."""
    text_parts: list[str] = []
    starts: list[int] = []
    position = 0
    for word in words:
        starts.append(position)
        text_parts.append(word[4])
        position += len(word[4]) + 1
    text = normalize(" ".join(text_parts))
    if len(text) != position - 1 and words:  # NFC changed a length: offsets would not agree
        return []
    hits = []
    for start, end in matcher.spans(text):
        boxes = [
            (word[0], word[1], word[2], word[3])
            for word, word_start in zip(words, starts, strict=True)
            if word_start < end and word_start + len(word[4]) > start
        ]
        if boxes:
            hits.append(boxes)
    return hits


class PdfSearchMarks:
    """The hits of one search over the document a PDF view shows.

    ``document`` gives the path shown (None when closed), ``words`` reads a page's
    words, ``repaint`` asks the view to paint again and ``go_to_page`` shows a page.
    """

    def __init__(
        self,
        document: Callable[[], Path | None],
        page_count: Callable[[], int],
        repaint: Callable[[], None],
        go_to_page: Callable[[int], None],
        words: Callable[[Path, int], list[Word]] = page_words,
    ) -> None:
        self._document = document
        self._page_count = page_count
        self._repaint = repaint
        self._go_to_page = go_to_page
        self._words = words
        self._matcher: Matcher | None = None
        self._path: Path | None = None
        self._hits: dict[int, list[list[Box]]] = {}
        self.current: tuple[int, int] | None = None  # (page, hit on the page) F3 went to

    @property
    def active(self) -> bool:
        """True while a search's words are marked."""
        return self._matcher is not None

    def show(self, text: str, page: int | None = None) -> None:
        """Mark the words ``text`` searches for; with ``page``, its first hit is the current."""
        try:
            self._matcher = Matcher(parse_query(text))
        except QueryError:
            self._matcher = None
        self._hits = {}
        self._path = None
        self.current = None
        if page is not None and self.hits_on(page):
            self.current = (page, 0)
        self._repaint()

    def clear(self) -> None:
        """Mark nothing."""
        self._matcher = None
        self._hits = {}
        self.current = None
        self._repaint()

    def hits_on(self, page: int) -> list[list[Box]]:
        """The hits on ``page`` (0-based) of the document shown; read once a document."""
        path = self._document()
        if self._matcher is None or path is None:
            return []
        if path != self._path:
            self._path, self._hits = path, {}
        found = self._hits.get(page)
        if found is None:
            try:
                found = hit_boxes(self._words(path, page), self._matcher)
            except (OSError, IndexError, PdfRenderError, RuntimeError) as error:
                log.warning("no search marks on page %d of %s: %s", page + 1, path, error)
                found = []
            self._hits[page] = found
        return found

    def step(self, offset: int) -> bool:
        """F3 / Shift+F3: go to the next (previous) hit, on this page or the next with one."""
        count = self._page_count()
        if self._matcher is None or count == 0:
            return False
        page, number = self.current if self.current is not None else (0, -1 if offset > 0 else 0)
        hits = self.hits_on(page)
        if 0 <= number + offset < len(hits):
            self.current = (page, number + offset)
        else:
            for step in range(1, count + 1):
                candidate = (page + step * offset) % count
                found = self.hits_on(candidate)
                if found:
                    self.current = (candidate, 0 if offset > 0 else len(found) - 1)
                    break
            else:
                return False
        self._go_to_page(self.current[0])
        self._repaint()
        return True

    def overlay(
        self,
        under: Callable[[QPainter, int, QRect], None],
        page_width: Callable[[int], float],
    ) -> Callable[[QPainter, int, QRect], None]:
        """A page canvas's overlay: ``under`` (the view's own marks), then the search's hits."""

        def draw(painter: QPainter, page: int, target: QRect) -> None:
            under(painter, page, target)
            self.paint(painter, page, target, page_width(page))

        return draw

    def paint(self, painter: QPainter, page: int, target: QRect, page_width: float) -> None:
        """Draw the hits of ``page`` over its pixels in ``target`` (``page_width`` in points)."""
        hits = self.hits_on(page) if self._matcher is not None else []
        if not hits or page_width <= 0:
            return
        scale = target.width() / page_width
        painter.save()
        for number, boxes in enumerate(hits):
            current = self.current == (page, number)
            painter.setPen(QPen(CURRENT_COLOR, 2) if current else Qt.PenStyle.NoPen)
            painter.setBrush(MARK_COLOR)
            for x0, y0, x1, y1 in boxes:
                painter.drawRect(
                    QRectF(
                        target.left() + x0 * scale,
                        target.top() + y0 * scale,
                        (x1 - x0) * scale,
                        (y1 - y0) * scale,
                    )
                )
        painter.restore()
