"""The PDF viewer: attachments and agenda PDFs, scrolled continuously.

All pages are stacked vertically; a page shows as a blank placeholder sized
from the PDF's page size until its pixels arrive. Only the visible pages and
one on each side are rendered, at the screen's device pixel ratio, by the
render process (`companion.core.render_process`: PyMuPDF holds the interpreter
lock for a whole page, so it runs outside this one); renders of pages scrolled
past are cancelled. Answers come back on the GUI thread (`RenderRequests`),
which never waits for one. Rendered pages are cached within a budget: what is
left under `TOTAL_MEMORY_TARGET` for the window and its render process
(`MemoryTarget`), pages farthest from the view dropped first.

Opening is one request that reads the page count and renders the page asked
for at its final scale; its result is painted at once. Until every page's size
is read (in chunks, so that renders go in between), all pages are laid out
with that page's size; the layout is corrected afterwards if any page differs.
If the render process dies (MuPDF crashed on a damaged file), the pages it was
drawing show that they cannot be shown and the next request starts a new one.

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
(the marks' public API), `companion.ui.pdf_view_tools` (mouse tools, menus, loading
and painting marks), `companion.ui.pdf_view_pages` (rendering whole pages, reading
page sizes) and `companion.ui.pdf_view_tiles` (tiles at a high zoom).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QShowEvent
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
    MemoryTarget,
    Opened,
    Rendered,
    Screen,
    clamped_zoom,
    opened_with_image,
    pixel_format,
    points,
)
from companion.ui.pdf_search_marks import PdfSearchMarks
from companion.ui.pdf_view_marks import FLASH_MS, HIGHLIGHT_TOOL, NOTE_TOOL, PdfMarkEditing
from companion.ui.pdf_view_pages import PdfPageRendering
from companion.ui.pdf_view_render import RenderRequests, as_exception
from companion.ui.pdf_view_tiles import PdfTileRendering
from companion.ui.pdf_view_toolbar import PdfToolbar
from companion.ui.pdf_view_tools import PdfMarkTools
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.anchoring import Word
    from companion.core.pdf_render import DocumentInfo, OpenedDocument, PageSize
    from companion.core.render_process.client import Call, RenderClient

__all__ = ["HIGHLIGHT_TOOL", "NOTE_TOOL", "PdfView"]

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25


# --- the public widget -----------------------------------------------------


class PdfView(
    PdfToolbar, PdfMarkEditing, PdfMarkTools, PdfPageRendering, PdfTileRendering, QWidget
):
    """Shows one PDF with continuous scrolling, zoom and a page entry.

    Args:
        runner: the app's background task runner (the marks' loading and saving).
        parent: the Qt parent.
        cache_bytes: a fixed budget for the rendered-page cache; by default it is
            what is left under `memory_target`.
        memory_target: the total the window and its render process aim at.
        renderer: the render process's client; by default the view starts its
            own, stopped when the view is destroyed.
    """

    #: The 0-based current page, after a scroll, a jump or opening.
    page_changed = Signal(int)
    #: The page count, once the document is open (after `first_page_shown` if the
    #: view is visible: the page is painted first).
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
        cache_bytes: int | None = None,
        memory_target: MemoryTarget | None = None,
        renderer: RenderClient | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._requests = RenderRequests(renderer, self)
        self._fixed_cache_bytes = cache_bytes
        self._memory_target = memory_target or MemoryTarget()
        self._open_call: Call | None = None
        self._warmed_up = False
        self._sizes_call: Call | None = None
        self._generation = 0
        self._path: Path | None = None
        self._info: DocumentInfo | None = None
        self._requested_page = 0
        self._current_page = 0
        self._fit_width = True
        self._awaiting_first_pixels = False
        self._renders_held = False
        self._wanted: frozenset[int] = frozenset()
        self._visible: frozenset[int] = frozenset()
        self._pending: dict[int, tuple[float, Call]] = {}
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
        self._init_tiles()
        self._init_pages(cache_bytes)
        self._init_actions()
        self._init_toolbar()
        self._init_layout()
        self._connect_signals()
        self._update_controls()

    # construction

    def _init_pages(self, cache_bytes: int | None) -> None:
        self._canvas = _PageCanvas(self)
        self._canvas.cache.budget = cache_bytes or self._memory_target.fallback
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
    def render_client(self) -> RenderClient:
        """The client of the render process this view uses."""
        return self._requests.client

    @property
    def document_path(self) -> Path | None:
        """The document shown or being opened, None when closed."""
        return self._path

    @property
    def first_page_painted(self) -> bool:
        """True once the open document's first page is on screen (False while it opens)."""
        return (
            self._info is not None and self._open_call is None and not self._awaiting_first_pixels
        )

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(640, 800)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._warmed_up:
            self._warmed_up = True
            self._requests.warm_up()

    def open_document(self, path: Path, page: int = 0) -> None:
        """Open ``path`` in the background and show ``page``; failures emit `failed`.

        Opening the document already shown only moves to ``page``.
        """
        path = Path(path)
        if path == self._path and self._info is not None:
            self.go_to_page(page)
            return
        # Asked first: the render process opens the file while this view resets.
        screen = self._screen()
        call = self.render_client.open_document(path, page, screen.scale_rule(), pixel_format())
        self._reset()
        self._path = path
        self._requested_page = page
        self._stack.setCurrentWidget(self._canvas)
        self._open_call = self._requests.watch(
            call, partial(self._open_answered, self._generation, screen.device_pixel_ratio)
        )

    def close_document(self) -> None:
        """Forget the document: drop pending renders, cached pages and open files."""
        had_document = self._path is not None
        self._reset()
        self._stack.setCurrentWidget(self._canvas)
        self._update_controls()
        if had_document:  # let the file go (it may be replaced or deleted)
            self.render_client.release_documents()

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
        self.save_note_being_typed()
        self._generation += 1
        calls = [call for _, call in self._pending.values()]
        for waiting in (*calls, self._open_call, self._sizes_call):
            if waiting is not None:
                self.render_client.cancel(waiting)
        self._open_call = self._sizes_call = None
        self._pending.clear()
        self._cancel_tiles()
        self._wanted = frozenset()
        self._visible = frozenset()
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

    def _open_answered(self, generation: int, pixel_ratio: float, future: Future[Any]) -> None:
        if not self._is_current(generation) or future.cancelled():
            return
        self._open_call = None
        error = future.exception()
        if error is not None:
            self._document_failed(generation, as_exception(error))
            return
        self._document_opened(generation, opened_with_image(future.result(), pixel_ratio))

    def _document_opened(self, generation: int, opened: Opened) -> None:
        """Lay out every page with the rendered page's size, paint that page now, then the rest.

        The page is painted first: the tool row and the scroll bar (changed here
        too) are painted on the next pass, and `page_changed` and `document_loaded`
        come after `first_page_shown` (Qt's repaint paints every changed widget of
        the window: ~1.2 ms more before the page is on screen, and the tool row's
        update ~0.5 ms).
        """
        if not self._is_current(generation):
            return
        from companion.core.pdf_render import DocumentInfo

        document = opened.document
        self._info = DocumentInfo(document.path, (document.page_size,) * document.page_count)
        page = max(0, min(self._requested_page, document.page_count - 1))
        self._renders_held = True  # no other render competes with the first paint
        with updates_held(self._toolbar, self._canvas.verticalScrollBar().parentWidget()):
            try:
                self._show_pages(self._info.page_sizes)
                self._keep_first_render(document, opened.image)
                self._awaiting_first_pixels = True
                self._canvas.scroll_to_page(page)
                self._current_page = page
                if self._canvas.paint_now():
                    self._first_pixels_painted(announce_later=False)
                    if not self._is_current(generation):  # a listener opened another file
                        return
                self._update_controls()
                self._set_current_page(page, force=True)
            finally:
                self._renders_held = False
        log.info("opened %s (%d pages)", document.path, document.page_count)
        self.document_loaded.emit(document.page_count)
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
        from companion.core.render_process.client import WorkerDied

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
        elif isinstance(error, WorkerDied):
            reason = self.tr(
                "the PDF reader stopped while reading {name}; open the file again to retry."
            ).format(name=name)
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


@contextmanager
def updates_held(*widgets: QWidget | None) -> Iterator[None]:
    """Changes to ``widgets`` inside the block are painted after it, on a later pass."""
    held = [widget for widget in widgets if widget is not None and widget.updatesEnabled()]
    for widget in held:
        widget.setUpdatesEnabled(False)
    try:
        yield
    finally:
        for widget in held:
            widget.setUpdatesEnabled(True)  # schedules their paint
