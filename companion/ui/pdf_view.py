"""The PDF viewer: attachments and agenda PDFs, scrolled continuously.

All pages are stacked vertically; a page shows as a blank placeholder sized
from the PDF's page size until its pixels arrive. Only the visible pages and
one on each side are rendered, on the `TaskRunner`'s pool, at the screen's
device pixel ratio, and kept in an LRU cache bounded by bytes. PyMuPDF is
imported only inside worker functions (through `companion.core.pdf_render`),
so importing this module stays cheap.

Opening is one background task that reads the page count and renders the
page asked for at its final scale; its result is painted at once. Until a
second task has read every page's size, all pages are laid out with that
page's size; the layout is corrected afterwards if any page differs.

``zoom`` is logical pixels per PDF point: at 1.0 an A4 page is 595 pixels wide.

Annotations: once `PdfView.set_annotation_context` says which meeting, item and
file (sha256) is shown and how to open the personal store, the member can
highlight words with the highlight tool (drag over them) and add a note at a
point with the note tool (click). The words of the visible pages are read on
the pool and cached per page; anchors are `PdfAnchor` dicts (a point note's has
an extra ``point``). A new mark is drawn at once and saved on the personal
runner; the file's marks are loaded there when the document opens. Marks are
drawn over the pages in PDF points scaled by the zoom.

Without a tool, a drag selects words (`selected_words`, e.g. to re-attach a
detached mark, or to highlight from the context menu) and a click chooses the
mark under it. A chosen mark's note, colour and existence are edited from its
context menu (`mark_menu`) or keys (F2 or Enter: edit the note; Delete: delete
it after asking); each change is drawn at once and saved on the personal runner
(undone on screen if the save fails). `marks` lists the saved marks for the
attachment pane's list; `go_to_mark` scrolls to one and flashes it.

This module holds the `PdfView` widget; its parts live beside it:
`companion.ui.pdf_pages` (page layout, render cache, rendering worker functions),
`companion.ui.pdf_marks` (the marks, their persistence and drawing helpers),
`companion.ui.pdf_mark_dialogs` (the note editors) and `companion.ui.pdf_canvas`
(the scroll area that paints the pages). The class itself is assembled from parts:
`companion.ui.pdf_view_toolbar` (actions and tool row), `companion.ui.pdf_view_marks`
(the marks' public API) and `companion.ui.pdf_view_tools` (mouse tools, menus, loading
and painting marks).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.ui.pdf_canvas import _PageCanvas
from companion.ui.pdf_mark_dialogs import _MarkNoteDialog, _NoteEditor
from companion.ui.pdf_marks import (
    AnnotationContext,
    Mark,
    PdfMark,
)
from companion.ui.pdf_pages import (
    DEFAULT_CACHE_BYTES,
    Opened,
    Rendered,
    Screen,
    clamped_zoom,
    open_pdf,
    points,
    read_sizes,
    release_documents,
    render_image,
)
from companion.ui.pdf_search_marks import PdfSearchMarks
from companion.ui.pdf_view_marks import FLASH_MS, HIGHLIGHT_TOOL, NOTE_TOOL, PdfMarkEditing
from companion.ui.pdf_view_toolbar import PdfToolbar
from companion.ui.pdf_view_tools import PdfMarkTools
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.anchoring import Word
    from companion.core.pdf_render import DocumentInfo, OpenedDocument, PageSize

__all__ = ["HIGHLIGHT_TOOL", "NOTE_TOOL", "PdfView"]

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25


# --- the public widget -----------------------------------------------------


class PdfView(PdfToolbar, PdfMarkEditing, PdfMarkTools, QWidget):
    """Shows one PDF with continuous scrolling, zoom and a page entry.

    Args:
        runner: the app's background task runner; all PyMuPDF work goes there.
        parent: the Qt parent.
        cache_bytes: the budget of the rendered-page cache.
    """

    #: The 0-based current page, after a scroll, a jump or opening.
    page_changed = Signal(int)
    #: The page count, once the document is open (before its first page is shown).
    document_loaded = Signal(int)
    #: The first rendered page was painted (needs the widget to be visible).
    first_page_shown = Signal()
    #: A sentence for the reader: the file cannot be opened, and why.
    failed = Signal(str)
    #: The words of a page (0-based) were read: it can be highlighted.
    words_loaded = Signal(int)
    #: The saved marks of the file were loaded (their number).
    annotations_loaded = Signal(int)
    #: A new highlight or note was saved (its annotation id).
    annotation_saved = Signal(str)
    #: A sentence for the reader: a highlight or note could not be saved.
    annotation_failed = Signal(str)
    #: The marks of the file changed: loaded, added, edited or deleted (see `marks`).
    marks_changed = Signal()
    #: The member chose a mark on the page (its annotation id).
    mark_chosen = Signal(str)
    #: An edit (note, colour) or deletion of a mark is saved (its annotation id).
    mark_change_saved = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._generation = 0
        self._path: Path | None = None
        self._info: DocumentInfo | None = None
        self._requested_page = 0
        self._current_page = 0
        self._fit_width = True
        self._awaiting_first_pixels = False
        self._renders_held = False
        self._wanted: frozenset[int] = frozenset()
        self._pending: dict[int, float] = {}
        self._context: AnnotationContext | None = None
        self._marks: list[Mark] = []
        self._marks_generation = 0
        self._selection: Mark | None = None
        self._drag_start: QPointF | None = None
        self._words: dict[int, list[Word]] = {}
        self._words_pending: set[int] = set()
        self._highlight_color = "yellow"
        self._selected_span: tuple[int, int, int] | None = None  # page, first, last word
        self._chosen_id: str | None = None
        self._flash_id: str | None = None
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        #: Asks the member before a mark is deleted; replaceable (tests, other front ends).
        self.confirm_delete: Callable[[PdfMark], bool] = self._ask_to_delete
        #: Asks the member for a mark's new note (None: cancelled); replaceable.
        self.ask_note: Callable[[PdfMark], str | None] = self._ask_note
        #: The note dialog while it is open (tests answer it).
        self.note_dialog: _MarkNoteDialog | None = None
        #: The confirmation box while it is open (tests answer it).
        self.confirm_box: QMessageBox | None = None
        self._init_pages(cache_bytes)
        self._init_actions()
        self._init_toolbar()
        self._init_layout()
        self._connect_signals()
        self._update_controls()

    # construction

    def _init_pages(self, cache_bytes: int) -> None:
        self._canvas = _PageCanvas(self)
        self._canvas.cache.budget = cache_bytes
        self._message = QLabel(self)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.setMargin(24)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._canvas)
        self._stack.addWidget(self._message)
        self.search_marks = PdfSearchMarks(  # a search's hits (companion/ui/pdf_search_marks.py)
            lambda: self._path,
            lambda: self.page_count,
            self._canvas.viewport().update,
            self.go_to_page,
        )
        self._canvas.overlay = self.search_marks.overlay(
            self._paint_marks,
            lambda page: self._canvas.sizes[page][0] if page < len(self._canvas.sizes) else 0.0,
        )
        self._canvas.tooltip_for = self.note_at
        self.note_editor = _NoteEditor(self._canvas.viewport())

    def _init_layout(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._toolbar)
        column.addWidget(self._stack, 1)
        self.setFocusProxy(self._canvas)

    def _connect_signals(self) -> None:
        self._canvas.view_moved.connect(self._view_moved)
        self._canvas.user_scrolled.connect(self._user_scrolled)
        self._canvas.zoom_requested.connect(self._wheel_zoom)
        self._canvas.page_key.connect(self._page_key)
        self._canvas.pixels_painted.connect(self._pixels_painted)
        self._canvas.screen_scale_changed.connect(self._schedule_renders)
        self._page_entry.valueChanged.connect(lambda number: self.go_to_page(number - 1))
        self._canvas.tool_pressed.connect(self._tool_pressed)
        self._canvas.tool_moved.connect(self._tool_moved)
        self._canvas.tool_released.connect(self._tool_released)
        self._canvas.mark_key.connect(self._mark_key)
        self._canvas.menu_requested.connect(self._show_menu)
        self.note_editor.saved.connect(self.add_note_at)

    # public API

    @property
    def page_count(self) -> int:
        """Pages in the open document (0 when none is open)."""
        return self._info.page_count if self._info is not None else 0

    @property
    def current_page(self) -> int:
        """The 0-based page the reader is on."""
        return self._current_page

    @property
    def zoom(self) -> float:
        """Logical pixels per PDF point."""
        return self._canvas.zoom

    @property
    def document_path(self) -> Path | None:
        """The document shown or being opened, None when closed."""
        return self._path

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(640, 800)

    def open_document(self, path: Path, page: int = 0) -> None:
        """Open ``path`` in the background and show ``page``; failures emit `failed`.

        Opening the document already shown only moves to ``page``.
        """
        path = Path(path)
        if path == self._path and self._info is not None:
            self.go_to_page(page)
            return
        self._reset()
        self._path = path
        self._requested_page = page
        self._stack.setCurrentWidget(self._canvas)
        generation = self._generation
        self._runner.run(
            partial(open_pdf, path, page, self._screen()),
            on_success=partial(self._document_opened, generation),
            on_failure=partial(self._document_failed, generation),
        )

    def close_document(self) -> None:
        """Forget the document: drop pending renders, cached pages and open files."""
        had_document = self._path is not None
        self._reset()
        self._stack.setCurrentWidget(self._canvas)
        self._update_controls()
        if had_document:
            # Straight onto the runner's pool: a result delivered to this thread would
            # queue behind the next document's open task, which holds the GIL.
            self._runner.run_detached(release_documents)

    def go_to_page(self, page: int) -> None:
        """Scroll so that ``page`` (0-based, clamped) is at the top."""
        if self.page_count == 0:
            self._requested_page = page
            return
        page = max(0, min(page, self.page_count - 1))
        self._canvas.scroll_to_page(page)
        self._set_current_page(page)

    def zoom_in(self) -> None:
        """Zoom in one step."""
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        """Zoom out one step."""
        self.set_zoom(self.zoom / ZOOM_STEP)

    def set_zoom(self, factor: float, anchor: QPoint | None = None) -> None:
        """Show pages at ``factor`` (clamped to 0.1 .. 6); leaves fit-width mode."""
        self._fit_width = False
        self._apply_zoom(factor, anchor)

    def fit_width(self) -> None:
        """Make the widest page fill the width, now and after every resize (the default)."""
        self._fit_width = True
        self._apply_zoom(self._canvas.fit_width_zoom())

    # opening and closing

    def _reset(self) -> None:
        """Drop the document; results of its running tasks will be ignored as stale."""
        self._generation += 1
        self._pending.clear()
        self._wanted = frozenset()
        self._path = None
        self._info = None
        self._current_page = 0
        self._awaiting_first_pixels = False
        self._forget_marks()
        self._words.clear()
        self._words_pending.clear()
        self._canvas.set_pages([])

    def _is_current(self, generation: int) -> bool:
        """Whether a task's result is for the document shown (and this widget still exists)."""
        return shiboken6.isValid(self) and generation == self._generation

    def _document_opened(self, generation: int, opened: Opened) -> None:
        """Lay out every page with the rendered page's size and paint that page now."""
        if not self._is_current(generation):
            return
        from companion.core.pdf_render import DocumentInfo

        document = opened.document
        self._info = DocumentInfo(document.path, (document.page_size,) * document.page_count)
        self._renders_held = True  # no other render competes with the first paint
        try:
            self._show_pages(self._info.page_sizes)
            self._keep_first_render(document, opened.image)
            self._awaiting_first_pixels = True
            self._update_controls()
            page = max(0, min(self._requested_page, document.page_count - 1))
            self._canvas.scroll_to_page(page)
            self._set_current_page(page, force=True)
        finally:
            self._renders_held = False
        log.info("opened %s (%d pages)", document.path, document.page_count)
        self.document_loaded.emit(document.page_count)
        if self._canvas.paint_now():
            self._first_pixels_painted(announce_later=False)
        # Other renders and the sizes task would make this thread wait for the GIL
        # before its next Python step: start them on the next event-loop pass.
        QTimer.singleShot(0, self, partial(self._after_first_page, generation))
        self._load_marks()

    def _after_first_page(self, generation: int) -> None:
        if self._is_current(generation):
            self._schedule_renders()
            self._start_reading_sizes(generation)

    def _show_pages(self, sizes: Sequence[PageSize]) -> None:
        pages = points(sizes)
        self._canvas.set_pages(pages, self._zoom_for(pages))

    def _screen(self) -> Screen:
        """The viewport as the background work needs it (read here, on the GUI thread)."""
        viewport = self._canvas.viewport()
        return Screen(viewport.width(), viewport.devicePixelRatioF(), self.zoom, self._fit_width)

    def _zoom_for(self, pages: Sequence[tuple[float, float]]) -> float:
        """The zoom to show ``pages`` at: fitted to the width if so set, else the current one."""
        widest = max((width for width, _ in pages), default=0.0)
        return self._screen().zoom_for(widest)

    def _keep_first_render(self, document: OpenedDocument, image: QImage | None) -> None:
        if image is not None:
            entry = Rendered(document.scale, image)
            self._canvas.cache.put(document.page, entry, keep=frozenset({document.page}))
        elif document.render_error is not None:
            log.warning("cannot render a page: %s", document.render_error)
            self._canvas.broken_pages.add(document.page)

    def _start_reading_sizes(self, generation: int) -> None:
        """Read every page's real size in the background (the layout assumed one size)."""
        assert self._path is not None

        def still_wanted() -> bool:  # called on the worker thread: reads only
            return generation == self._generation

        self._runner.run(
            partial(read_sizes, self._path, still_wanted),
            on_success=partial(self._sizes_read, generation),
            on_failure=partial(self._sizes_failed, generation),
        )

    def _sizes_read(self, generation: int, sizes: tuple[PageSize, ...] | None) -> None:
        if not self._is_current(generation) or sizes is None or self._info is None:
            return
        if sizes == self._info.page_sizes:
            return
        from companion.core.pdf_render import DocumentInfo

        self._info = DocumentInfo(self._info.path, sizes)
        pages = points(sizes)
        self._canvas.correct_page_sizes(pages, self._zoom_for(pages))
        self._update_zoom_label()
        self._current_page = min(self._current_page, self.page_count - 1)
        self._update_controls()
        self._schedule_renders()

    def _sizes_failed(self, generation: int, error: Exception) -> None:
        if self._is_current(generation):
            log.warning("cannot read all page sizes, pages keep the first one's: %s", error)

    def _document_failed(self, generation: int, error: Exception) -> None:
        if not self._is_current(generation):
            return
        path = self._path
        message = self._describe_failure(path, error)
        log.warning("cannot open a PDF: %s", error)
        self._path = None  # nothing is shown; opening it again retries
        self._message.setText(message)
        self._message.setToolTip(str(path))
        self._stack.setCurrentWidget(self._message)
        self._update_controls()
        self.failed.emit(message)

    def _describe_failure(self, path: Path | None, error: Exception) -> str:
        """A sentence for the reader that names the file and the problem."""
        from companion.core.pdf_render import PdfOpenError, PdfProblem

        name = path.name if path is not None else ""
        reasons = {
            PdfProblem.MISSING: self.tr("{name} does not exist."),
            PdfProblem.NOT_A_FILE: self.tr("{name} is not a file."),
            PdfProblem.UNREADABLE: self.tr("{name} cannot be read."),
            PdfProblem.EMPTY: self.tr("{name} is empty."),
            PdfProblem.INVALID: self.tr("{name} is not a valid PDF."),
            PdfProblem.ENCRYPTED: self.tr("{name} is protected by a password."),
            PdfProblem.NO_PAGES: self.tr("{name} has no pages."),
        }
        if isinstance(error, PdfOpenError):
            reason = reasons[error.problem].format(name=name)
        else:
            reason = self.tr("{name} could not be read ({error}).").format(name=name, error=error)
        return self.tr("The file cannot be opened: {reason}").format(reason=reason)

    # zoom

    def _apply_zoom(self, factor: float, anchor: QPoint | None = None) -> None:
        zoom = clamped_zoom(factor)
        self._fit_width_action.setChecked(self._fit_width)
        if abs(zoom - self._canvas.zoom) > 1e-9:
            self._canvas.set_zoom(zoom, anchor)
        self._update_zoom_label()
        self._schedule_renders()

    def _wheel_zoom(self, steps: int, anchor: QPoint) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP**steps, anchor)

    # scrolling and the current page

    def _view_moved(self) -> None:
        if self._fit_width and self._info is not None:
            fitted = clamped_zoom(self._canvas.fit_width_zoom())
            if abs(fitted - self._canvas.zoom) > 1e-9:
                self._canvas.set_zoom(fitted)
                self._update_zoom_label()
        self._schedule_renders()

    def _user_scrolled(self) -> None:
        if self._info is not None:
            self._set_current_page(self._canvas.most_visible_page())

    def _set_current_page(self, page: int, *, force: bool = False) -> None:
        changed = page != self._current_page
        self._current_page = page
        self._page_entry.blockSignals(True)
        self._page_entry.setValue(page + 1)
        self._page_entry.blockSignals(False)
        if changed or force:
            self.page_changed.emit(page)

    def _page_key(self, key: int) -> None:
        targets = {
            Qt.Key.Key_PageUp: self._current_page - 1,
            Qt.Key.Key_PageDown: self._current_page + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: self.page_count - 1,
        }
        self.go_to_page(targets[Qt.Key(key)])

    # rendering

    def _schedule_renders(self) -> None:
        """Render the visible pages and one on each side that lack a current render."""
        if self._info is None or self._path is None or self._renders_held:
            return
        visible = self._canvas.visible_pages()
        wanted = range(max(0, visible.start - 1), min(self.page_count, visible.stop + 1))
        self._wanted = frozenset(wanted)
        scale = self._canvas.render_scale()
        for page in wanted:
            if self._has_render(page, scale) or page in self._canvas.broken_pages:
                continue
            self._start_render(page, scale)
        self._request_words(wanted)

    def _has_render(self, page: int, scale: float) -> bool:
        rendered = self._canvas.cache.get(page)
        current = rendered is not None and abs(rendered.scale - scale) < 1e-6
        return current or abs(self._pending.get(page, -1.0) - scale) < 1e-6

    def _start_render(self, page: int, scale: float) -> None:
        assert self._path is not None
        generation = self._generation
        self._pending[page] = scale

        def still_wanted() -> bool:  # called on the worker thread: reads only
            return generation == self._generation and page in self._wanted

        pixel_ratio = self._canvas.viewport().devicePixelRatioF()
        self._runner.run(
            partial(render_image, self._path, page, scale, pixel_ratio, still_wanted),
            on_success=partial(self._page_rendered, generation, page, scale),
            on_failure=partial(self._page_failed, generation, page, scale),
        )

    def _page_rendered(
        self, generation: int, page: int, scale: float, image: QImage | None
    ) -> None:
        if not self._is_current(generation):
            return
        self._forget_pending(page, scale)
        if image is None:  # skipped: scrolled away before the worker started
            if page in self._wanted:
                self._schedule_renders()
            return
        self._canvas.cache.put(page, Rendered(scale, image), keep=self._wanted)
        self._canvas.viewport().update(self._canvas.page_rect_in_viewport(page))

    def _page_failed(self, generation: int, page: int, scale: float, error: Exception) -> None:
        if not self._is_current(generation):
            return
        self._forget_pending(page, scale)
        log.warning("cannot render page %d of %s: %s", page + 1, self._path, error)
        self._canvas.broken_pages.add(page)
        self._canvas.viewport().update()

    def _forget_pending(self, page: int, scale: float) -> None:
        if abs(self._pending.get(page, -1.0) - scale) < 1e-6:
            del self._pending[page]

    def _pixels_painted(self) -> None:
        self._first_pixels_painted(announce_later=True)

    def _first_pixels_painted(self, *, announce_later: bool) -> None:
        """Emit `first_page_shown` once per document; later if inside a paint event."""
        if not self._awaiting_first_pixels:
            return
        self._awaiting_first_pixels = False
        if announce_later:
            generation = self._generation
            QTimer.singleShot(0, self, lambda: self._announce_first_page(generation))
        else:
            self.first_page_shown.emit()

    def _announce_first_page(self, generation: int) -> None:
        if self._is_current(generation):
            self.first_page_shown.emit()
