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
(the scroll area that paints the pages).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QImage, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.ui.messages import ask_yes_no
from companion.ui.pdf_canvas import _PageCanvas
from companion.ui.pdf_mark_dialogs import _MarkNoteDialog, _NoteEditor
from companion.ui.pdf_marks import (
    HIGHLIGHT_COLORS,
    NOTE_MARKER_COLOR,
    AnnotationContext,
    Mark,
    PdfMark,
    PdfSelection,
    color_label,
    delete_annotation,
    highlight_color,
    load_marks,
    mark_contains,
    mark_swatch,
    marker_rect,
    outline_mark,
    public,
    quad_polygon,
    read_words,
    reading_order,
    save_mark,
    update_annotation,
    word_at,
    word_span,
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
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.anchoring import PdfAnchor, Word
    from companion.core.pdf_render import DocumentInfo, OpenedDocument, PageSize
    from companion.core.personal import Annotation

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
SELECTION_COLOR = QColor(0x33, 0x77, 0xDD, 70)
FLASH_MS = 700
HIGHLIGHT_TOOL = "highlight"
NOTE_TOOL = "note"


def _unique_key_sequences(
    shortcuts: list[QKeySequence | QKeySequence.StandardKey],
) -> list[QKeySequence]:
    """The key sequences of ``shortcuts`` (standard keys expanded), without repeats."""
    keys: list[QKeySequence] = []
    for shortcut in shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(shortcut))
        else:
            keys.append(shortcut)
    unique = dict.fromkeys(key.toString() for key in keys if not key.isEmpty())
    return [QKeySequence(key) for key in unique]


# --- the public widget -----------------------------------------------------


class PdfView(QWidget):
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
        self._canvas.overlay = self._paint_marks
        self._canvas.tooltip_for = self.note_at
        self.note_editor = _NoteEditor(self._canvas.viewport())

    def _init_actions(self) -> None:
        self._zoom_out_action = self._action(
            self.tr("Zoom out"), "\u2212", QIcon.ThemeIcon.ZoomOut,
            [QKeySequence.StandardKey.ZoomOut, QKeySequence("Ctrl+-")], self.zoom_out,
        )  # fmt: skip
        self._zoom_in_action = self._action(
            self.tr("Zoom in"), "+", QIcon.ThemeIcon.ZoomIn,
            [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")],
            self.zoom_in,
        )  # fmt: skip
        self._fit_width_action = self._action(
            self.tr("Fit width"), "\u2194", QIcon.ThemeIcon.ZoomFitBest,
            [QKeySequence("Ctrl+0")], self.fit_width,
        )  # fmt: skip
        self._fit_width_action.setCheckable(True)
        self._init_tool_actions()

    def _init_tool_actions(self) -> None:
        self._highlight_tool_action = self._tool_action(
            self.tr("Highlight"), self.tr("Highlight text: drag over the words on a page")
        )
        self._note_tool_action = self._tool_action(
            self.tr("Note"), self.tr("Add a note: click where it belongs on a page")
        )
        tools = QActionGroup(self)
        tools.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        tools.addAction(self._highlight_tool_action)
        tools.addAction(self._note_tool_action)
        tools.triggered.connect(self._tool_chosen)
        self._color_menu = QMenu(self.tr("Highlight colour"), self)
        colors = QActionGroup(self)
        for name in HIGHLIGHT_COLORS:
            action = self._color_menu.addAction(mark_swatch(name), color_label(name))
            action.setCheckable(True)
            action.setChecked(name == self._highlight_color)
            action.triggered.connect(
                lambda _checked=False, name=name: self.set_highlight_color(name)
            )
            colors.addAction(action)

    def _tool_action(self, text: str, tooltip: str) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setToolTip(tooltip)
        return action

    def _action(
        self,
        text: str,
        short_text: str,
        icon: QIcon.ThemeIcon,
        shortcuts: list[QKeySequence | QKeySequence.StandardKey],
        slot: Callable[[], None],
    ) -> QAction:
        """An action with its shortcuts active while focus is inside this viewer."""
        action = QAction(QIcon.fromTheme(icon), text, self)
        action.setIconText(short_text)
        keys = _unique_key_sequences(shortcuts)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(self.tr("{action} ({shortcut})").format(action=text, shortcut=shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _init_toolbar(self) -> None:
        self._page_entry = QSpinBox(self)
        self._page_entry.setKeyboardTracking(False)
        self._page_entry.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self._page_entry.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._page_entry.setToolTip(self.tr("Current page: type a number and press Enter"))
        self._page_entry.setAccessibleName(self.tr("Page number"))
        self._page_total = QLabel(self)
        self._zoom_label = QLabel(self)
        self._zoom_label.setToolTip(self.tr("Zoom"))
        self._zoom_label.setMinimumWidth(self._zoom_label.fontMetrics().horizontalAdvance("0000 %"))
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._toolbar = QWidget(self)
        row = QHBoxLayout(self._toolbar)
        row.setContentsMargins(6, 3, 6, 3)
        row.addWidget(self._page_entry)
        row.addWidget(self._page_total)
        row.addStretch(1)
        highlight_button = self._tool_button(self._highlight_tool_action)
        highlight_button.setMenu(self._color_menu)
        highlight_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        row.addWidget(highlight_button)
        row.addWidget(self._tool_button(self._note_tool_action))
        row.addWidget(self._tool_button(self._zoom_out_action))
        row.addWidget(self._zoom_label)
        row.addWidget(self._tool_button(self._zoom_in_action))
        row.addWidget(self._tool_button(self._fit_width_action))

    def _tool_button(self, action: QAction) -> QToolButton:
        button = QToolButton(self._toolbar)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return button

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

    # annotations: public API

    @property
    def tool(self) -> str:
        """The tool the mouse works with: "", `HIGHLIGHT_TOOL` or `NOTE_TOOL`."""
        return self._canvas.tool

    @property
    def highlight_color_name(self) -> str:
        """The colour new highlights and notes get (a key of `HIGHLIGHT_COLORS`)."""
        return self._highlight_color

    def set_annotation_context(self, context: AnnotationContext | None) -> None:
        """Say which file, meeting and item is shown (None: no marks, no tools).

        The file's saved marks are loaded when the document opens, or now if it is
        open already and the file or meeting changed.
        """
        previous, self._context = self._context, context
        same_file = (
            previous is not None
            and context is not None
            and (previous.meeting_id, previous.file_sha256)
            == (context.meeting_id, context.file_sha256)
        )
        if not same_file:
            self._forget_marks()
            if self._info is not None:
                self._load_marks()
                self._schedule_renders()
        self._update_controls()

    def reload_marks(self) -> None:
        """Read the shown file's marks again (e.g. after a detached one was re-attached)."""
        self._forget_marks()
        if self._info is not None:
            self._load_marks()

    def set_tool(self, tool: str) -> None:
        """Make the mouse highlight (`HIGHLIGHT_TOOL`), add notes (`NOTE_TOOL`) or neither."""
        if tool not in ("", HIGHLIGHT_TOOL, NOTE_TOOL):
            raise ValueError(f"unknown PDF tool {tool!r}")
        self._canvas.tool = tool
        self._highlight_tool_action.setChecked(tool == HIGHLIGHT_TOOL)
        self._note_tool_action.setChecked(tool == NOTE_TOOL)
        cursors = {
            HIGHLIGHT_TOOL: Qt.CursorShape.IBeamCursor,
            NOTE_TOOL: Qt.CursorShape.CrossCursor,
        }
        if tool:
            self._canvas.viewport().setCursor(cursors[tool])
        else:
            self._canvas.viewport().unsetCursor()

    def set_highlight_color(self, name: str) -> None:
        """Give new highlights and notes the colour ``name`` (a key of `HIGHLIGHT_COLORS`)."""
        if name not in HIGHLIGHT_COLORS:
            raise ValueError(f"unknown highlight colour {name!r}; known: {list(HIGHLIGHT_COLORS)}")
        self._highlight_color = name

    def has_words(self, page: int) -> bool:
        """Whether the words of ``page`` have been read (needed to highlight on it)."""
        return page in self._words

    def highlight_between(
        self, page: int, start: QPointF, end: QPointF, color: str | None = None
    ) -> bool:
        """Highlight the words of ``page`` from ``start`` to ``end`` (points) and save it.

        This is what releasing a drag with the highlight tool does. The highlight
        is drawn at once and saved in the background. False when no file context
        is set or the page's words are not read yet (or it has none).
        """
        words = self._words.get(page)
        if self._context is None or not words:
            return False
        first, last = word_span(words, start, end)
        return self._highlight_words(page, first, last, color)

    def _highlight_words(self, page: int, first: int, last: int, color: str | None) -> bool:
        context = self._context
        if context is None:
            return False
        from companion.core.anchoring import pdf_anchor_for

        anchor = pdf_anchor_for(self._words_by_page(), page, first, last, context.file_sha256)
        mark = Mark(page, anchor.quads, color or self._highlight_color, quote=anchor.exact)
        self._add_mark(context, mark, anchor.to_dict())
        return True

    def add_note_at(self, page: int, point: QPointF, text: str, color: str | None = None) -> bool:
        """Add the note ``text`` at ``point`` (points) on ``page`` and save it.

        Its anchor quotes the nearest word (when the page's words are read), so
        that it can be placed again in a revised file. False without a context
        or with an empty note.
        """
        context = self._context
        if context is None or not text.strip():
            return False
        anchor = self._note_anchor(context, page, point)
        where = (point.x(), point.y())
        color = color or self._highlight_color
        mark = Mark(page, anchor.quads, color, text.strip(), where, quote=anchor.exact)
        self._add_mark(context, mark, {**anchor.to_dict(), "point": list(where)})
        return True

    def note_at(self, point: QPoint) -> str | None:
        """The note of the marker or highlight under a viewport ``point``, if any."""
        mark = self._mark_at(point, with_note=True)
        return None if mark is None else mark.note

    def mark_at(self, point: QPoint) -> str | None:
        """The annotation id of the saved mark under a viewport ``point``, if any."""
        mark = self._mark_at(point)
        return None if mark is None else mark.annotation_id

    def _mark_at(self, point: QPoint, *, with_note: bool = False) -> Mark | None:
        """The topmost mark under a viewport ``point`` (only those with a note if asked)."""
        at = QPointF(point)
        for mark in reversed(self._marks):
            geometry = self._page_geometry(mark.page)
            if geometry is None or (with_note and not mark.note):
                continue
            if mark_contains(mark, at, *geometry):
                return mark
        return None

    # marks: listing, choosing, editing, deleting

    def marks(self) -> list[PdfMark]:
        """The saved marks on the file shown, in reading order (page, then top to bottom)."""
        saved = [mark for mark in self._marks if mark.annotation_id is not None]
        return [public(mark) for mark in sorted(saved, key=reading_order)]

    @property
    def chosen_mark(self) -> str | None:
        """The annotation id of the mark the member chose (outlined), or None."""
        return self._chosen_id

    def choose_mark(self, annotation_id: str | None) -> None:
        """Outline the mark ``annotation_id`` as the chosen one (None: none)."""
        if annotation_id is not None and self._saved_mark(annotation_id) is None:
            annotation_id = None
        if annotation_id == self._chosen_id:
            return
        self._chosen_id = annotation_id
        self._canvas.viewport().update()
        if annotation_id is not None:
            self.mark_chosen.emit(annotation_id)

    def go_to_mark(self, annotation_id: str) -> bool:
        """Scroll to the mark ``annotation_id``, choose it and flash it; False if not here."""
        mark = self._saved_mark(annotation_id)
        if mark is None or mark.page >= len(self._canvas.layout_.rects):
            return False
        self.choose_mark(annotation_id)
        rect = self._canvas.layout_.rects[mark.page]
        scale = rect.width() / self._canvas.sizes[mark.page][0]
        top = rect.top() + round(mark.top_left[1] * scale) - self._canvas.viewport().height() // 3
        self._canvas.scroll_to(self._canvas.horizontalScrollBar().value(), max(0, top))
        self._set_current_page(mark.page)
        self._flash_id = annotation_id
        self._flash_timer.start()
        self._canvas.viewport().update()
        return True

    @property
    def flashing_mark(self) -> str | None:
        """The annotation id of the mark being flashed after `go_to_mark`, or None."""
        return self._flash_id

    def edit_note_of(self, annotation_id: str) -> bool:
        """Ask the member for the mark's note (`ask_note`) and save it; False if cancelled."""
        mark = self._saved_mark(annotation_id)
        if mark is None:
            return False
        text = self.ask_note(public(mark))
        return text is not None and self.set_mark_note(annotation_id, text)

    def set_mark_note(self, annotation_id: str, text: str) -> bool:
        """Give the mark ``annotation_id`` the note ``text``: shown now, saved in the background."""
        return self._change_mark(annotation_id, {"note": text.strip()})

    def set_mark_color(self, annotation_id: str, color: str) -> bool:
        """Recolour the highlight ``annotation_id``: drawn now, saved in the background."""
        if color not in HIGHLIGHT_COLORS:
            raise ValueError(f"unknown highlight colour {color!r}; known: {list(HIGHLIGHT_COLORS)}")
        return self._change_mark(annotation_id, {"color": color})

    def delete_mark(self, annotation_id: str) -> bool:
        """Delete the mark ``annotation_id`` once the member confirms; True when deleted."""
        mark, context = self._saved_mark(annotation_id), self._context
        if mark is None or context is None or not self.confirm_delete(public(mark)):
            return False
        if mark not in self._marks:  # the document changed while the member was asked
            return False
        index = self._marks.index(mark)
        self._marks.remove(mark)
        if self._chosen_id == annotation_id:
            self._chosen_id = None
        self._marks_updated()

        def failed(error: Exception) -> None:
            log.error("a highlight or note was not deleted: %s", error)
            if shiboken6.isValid(self) and context == self._context:
                self._marks.insert(min(index, len(self._marks)), mark)
                self._marks_updated()
                message = self.tr("Your highlight or note was not deleted: {error}")
                self.annotation_failed.emit(message.format(error=error))

        self._store_runner(context).run(
            partial(delete_annotation, context, annotation_id),
            lambda _result: self._change_saved(annotation_id),
            failed,
        )
        return True

    def mark_menu(self, annotation_id: str, parent: QWidget | None = None) -> QMenu | None:
        """The menu of a saved mark: Edit Note..., Colour, Delete... (None: no such mark)."""
        mark = self._saved_mark(annotation_id)
        if mark is None:
            return None
        menu = QMenu(parent or self)
        edit = menu.addAction(self.tr("Edit Note..."))
        edit.setShortcut(QKeySequence(Qt.Key.Key_F2))
        edit.triggered.connect(lambda _checked=False: self.edit_note_of(annotation_id))
        colours = menu.addMenu(self.tr("Colour"))
        colours.setEnabled(mark.point is None)  # a point note's marker has one colour
        for name in HIGHLIGHT_COLORS:
            action = colours.addAction(mark_swatch(name), color_label(name))
            action.setCheckable(True)
            action.setChecked(name == mark.color)
            action.triggered.connect(
                lambda _checked=False, name=name: self.set_mark_color(annotation_id, name)
            )
        menu.addSeparator()
        delete = menu.addAction(self.tr("Delete..."))
        delete.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        delete.triggered.connect(lambda _checked=False: self.delete_mark(annotation_id))
        return menu

    def selected_words(self) -> PdfSelection | None:
        """The words selected without a tool (their anchor and the item read), or None."""
        context, span = self._context, self._selected_span
        if context is None or span is None or span[0] not in self._words:
            return None
        from companion.core.anchoring import pdf_anchor_for

        page, first, last = span
        anchor = pdf_anchor_for(self._words_by_page(), page, first, last, context.file_sha256)
        return PdfSelection(context.item_id, anchor)

    def highlight_selection(self, color: str | None = None) -> bool:
        """Highlight the selected words (see `selected_words`); False when none are."""
        span = self._selected_span
        if span is None or self._context is None:
            return False
        self._clear_selection()
        return self._highlight_words(*span, color)

    def _saved_mark(self, annotation_id: str) -> Mark | None:
        return next((mark for mark in self._marks if mark.annotation_id == annotation_id), None)

    def _change_mark(self, annotation_id: str, changes: dict[str, str]) -> bool:
        """Apply ``changes`` (note, color) to a saved mark now and save them in the background."""
        mark, context = self._saved_mark(annotation_id), self._context
        if mark is None or context is None:
            return False
        before = {name: getattr(mark, name) for name in changes}
        if before == changes:
            return True
        self._apply_to_mark(mark, changes)

        def failed(error: Exception) -> None:
            log.error("a change to a highlight or note was not saved: %s", error)
            if shiboken6.isValid(self):
                self._apply_to_mark(mark, before)
                message = self.tr("Your change to a highlight or note was not saved: {error}")
                self.annotation_failed.emit(message.format(error=error))

        self._store_runner(context).run(
            partial(update_annotation, context, annotation_id, changes),
            lambda _annotation: self._change_saved(annotation_id),
            failed,
        )
        return True

    def _apply_to_mark(self, mark: Mark, changes: dict[str, str]) -> None:
        for name, value in changes.items():
            setattr(mark, name, value)
        if mark in self._marks:
            self._marks_updated()

    def _change_saved(self, annotation_id: str) -> None:
        if shiboken6.isValid(self):
            self.mark_change_saved.emit(annotation_id)

    def _marks_updated(self) -> None:
        self._canvas.viewport().update()
        self.marks_changed.emit()

    def _end_flash(self) -> None:
        self._flash_id = None
        self._canvas.viewport().update()

    def _ask_to_delete(self, mark: PdfMark) -> bool:
        """Ask the member whether to delete ``mark`` and its note for good."""
        if mark.is_point_note:
            title = self.tr("Delete Note")
            question = self.tr("Delete this note on page {page}?").format(page=mark.page + 1)
        else:
            title = self.tr("Delete Highlight")
            question = self.tr("Delete this highlight and its note?\n\n\u201c{quote}\u201d").format(
                quote=mark.quote[:200]
            )
        return ask_yes_no(self, title, question, lambda box: setattr(self, "confirm_box", box))

    def _ask_note(self, mark: PdfMark) -> str | None:
        """Show the note dialog for ``mark``; its text, or None when cancelled."""
        dialog = _MarkNoteDialog(mark, self)
        self.note_dialog = dialog
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.text.toPlainText() if accepted else None
        finally:
            self.note_dialog = None
            dialog.deleteLater()

    def _mark_key(self, key: int) -> None:
        if self._chosen_id is None:
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_mark(self._chosen_id)
        else:
            self.edit_note_of(self._chosen_id)

    def _show_menu(self, where: QPoint, global_where: QPoint) -> None:
        """The context menu at a viewport point: the mark's, else the selected words'."""
        mark = self._mark_at(where)
        if mark is not None and mark.annotation_id is not None:
            self.choose_mark(mark.annotation_id)
            menu = self.mark_menu(mark.annotation_id)
        elif self._selected_span is not None and self._context is not None:
            menu = self._selection_menu()
        else:
            return
        assert menu is not None
        menu.exec(global_where)
        menu.deleteLater()

    def _selection_menu(self) -> QMenu:
        from companion.ui.item_view import highlight_labels

        menu = QMenu(self)
        for name, label in highlight_labels().items():
            action = menu.addAction(mark_swatch(name), label)
            action.triggered.connect(
                lambda _checked=False, name=name: self.highlight_selection(name)
            )
        return menu

    # annotations: loading, saving, drawing

    def _forget_marks(self) -> None:
        self._marks_generation += 1
        self._marks = []
        self._selection = None
        self._selected_span = None
        self._drag_start = None
        self._chosen_id = self._flash_id = None
        self._marks_updated()

    def _store_runner(self, context: AnnotationContext) -> TaskRunner:
        return context.runner or self._runner

    def _load_marks(self) -> None:
        """Load the shown file's saved marks on the store's runner."""
        context = self._context
        if context is None:
            return
        generation = self._marks_generation
        self._store_runner(context).run(
            partial(load_marks, context),
            on_success=partial(self._marks_loaded, generation),
            on_failure=partial(self._marks_failed, generation),
        )

    def _marks_loaded(self, generation: int, marks: list[Mark]) -> None:
        if not shiboken6.isValid(self) or generation != self._marks_generation:
            return
        loaded = {mark.annotation_id for mark in marks}
        unsaved = [mark for mark in self._marks if mark.annotation_id not in loaded]
        self._marks = marks + unsaved
        self._marks_updated()
        self.annotations_loaded.emit(len(marks))

    def _marks_failed(self, generation: int, error: Exception) -> None:
        if shiboken6.isValid(self) and generation == self._marks_generation:
            log.error("cannot load the highlights and notes of %s: %s", self._path, error)
            self.annotation_failed.emit(
                self.tr("Your highlights and notes on this file cannot be shown: {error}").format(
                    error=error
                )
            )

    def _add_mark(self, context: AnnotationContext, mark: Mark, anchor: dict[str, Any]) -> None:
        """Draw ``mark`` now and save it in the background; undraw it if that fails."""
        self._marks.append(mark)
        self._canvas.viewport().update()

        def saved(annotation: Annotation) -> None:
            mark.annotation_id = annotation.id
            if shiboken6.isValid(self):
                if mark in self._marks:
                    self.marks_changed.emit()
                self.annotation_saved.emit(annotation.id)

        def failed(error: Exception) -> None:
            log.error("a highlight or note was not saved: %s", error)
            if not shiboken6.isValid(self):
                return
            if mark in self._marks:
                self._marks.remove(mark)
                self._canvas.viewport().update()
            message = self.tr("Your highlight or note was not saved: {error}")
            self.annotation_failed.emit(message.format(error=error))

        self._store_runner(context).run(partial(save_mark, context, anchor, mark), saved, failed)

    def _note_anchor(self, context: AnnotationContext, page: int, point: QPointF) -> PdfAnchor:
        """The anchor of a point note: the nearest word, or just the point on a wordless page."""
        from companion.core.anchoring import PdfAnchor, pdf_anchor_for

        words = self._words.get(page)
        if words:
            index = word_at(words, point)
            return pdf_anchor_for(self._words_by_page(), page, index, index, context.file_sha256)
        x, y = point.x(), point.y()
        return PdfAnchor(context.file_sha256, page, [(x, y, x, y, x, y, x, y)], "")

    def _words_by_page(self) -> list[list[Word]]:
        """Every page's words read so far (unread pages are empty)."""
        return [self._words.get(page, []) for page in range(self.page_count)]

    def _request_words(self, pages: range) -> None:
        """Read the words of ``pages`` not read yet, when marks can be made."""
        if self._context is None or self._path is None:
            return
        for page in pages:
            if page in self._words or page in self._words_pending:
                continue
            self._words_pending.add(page)
            self._runner.run(
                partial(read_words, self._path, page),
                on_success=partial(self._words_read, self._generation, page),
                on_failure=partial(self._words_failed, self._generation, page),
            )

    def _words_read(self, generation: int, page: int, words: list[Word]) -> None:
        if not self._is_current(generation):
            return
        self._words_pending.discard(page)
        self._words[page] = words
        self.words_loaded.emit(page)

    def _words_failed(self, generation: int, page: int, error: Exception) -> None:
        if self._is_current(generation):
            log.warning("cannot read the words of page %d of %s: %s", page + 1, self._path, error)
            self._words_read(generation, page, [])

    def _tool_chosen(self, _action: QAction) -> None:
        if self._highlight_tool_action.isChecked():
            self.set_tool(HIGHLIGHT_TOOL)
        elif self._note_tool_action.isChecked():
            self.set_tool(NOTE_TOOL)
        else:
            self.set_tool("")

    def _tool_pressed(self, page: int, point: QPointF, where: QPoint) -> None:
        if self.tool == NOTE_TOOL:
            self.note_editor.open_at(page, point, where)
            return
        self._drag_start = point
        if self.tool == HIGHLIGHT_TOOL:
            self._show_selection(page, point, point)

    def _tool_moved(self, page: int, point: QPointF) -> None:
        if self._drag_start is not None:
            self._show_selection(page, self._drag_start, point)

    def _tool_released(self, page: int, point: QPointF) -> None:
        """A click chooses the mark under it; a drag highlights (tool) or selects words."""
        start, self._drag_start = self._drag_start, None
        if start is None:
            return
        if (point - start).manhattanLength() < 1.0:
            self._clear_selection()
            self._choose_mark_at(page, point)
        elif self.tool == HIGHLIGHT_TOOL:
            self._clear_selection()
            self.highlight_between(page, start, point)
        else:
            self._select_words(page, start, point)

    def _clear_selection(self) -> None:
        self._selection = self._selected_span = None
        self._canvas.viewport().update()

    def _select_words(self, page: int, start: QPointF, end: QPointF) -> None:
        words = self._words.get(page)
        if not words:
            return
        first, last = word_span(words, start, end)
        self._selected_span = (page, first, last)
        self._show_selection(page, start, end)

    def _choose_mark_at(self, page: int, point: QPointF) -> None:
        geometry = self._page_geometry(page)
        if geometry is None:
            return
        origin, scale = geometry
        at = origin + QPointF(point.x() * scale, point.y() * scale)
        self.choose_mark(self.mark_at(at.toPoint()))

    def _show_selection(self, page: int, start: QPointF, end: QPointF) -> None:
        from companion.core.anchoring import line_quads

        words = self._words.get(page)
        if not words:
            return
        first, last = word_span(words, start, end)
        self._selection = Mark(page, line_quads(words[first : last + 1]), "")
        self._canvas.viewport().update()

    def _page_geometry(self, page: int) -> tuple[QPointF, float] | None:
        """Where ``page``'s origin is in the viewport and its pixels per point."""
        if not 0 <= page < min(len(self._canvas.sizes), len(self._canvas.layout_.rects)):
            return None
        rect = self._canvas.page_rect_in_viewport(page)
        return QPointF(rect.topLeft()), rect.width() / self._canvas.sizes[page][0]

    def _paint_marks(self, painter: QPainter, page: int, target: QRect) -> None:
        """Draw the highlights, note markers and selection of ``page`` over its pixels."""
        marks = [mark for mark in self._marks if mark.page == page]
        if self._selection is not None and self._selection.page == page:
            marks.append(self._selection)
        if not marks or page >= len(self._canvas.sizes):
            return
        origin = QPointF(target.topLeft())
        scale = target.width() / self._canvas.sizes[page][0]
        painter.save()
        for mark in marks:
            if mark.point is not None:
                painter.setPen(QPen(NOTE_MARKER_COLOR.darker(160), 1))
                painter.setBrush(NOTE_MARKER_COLOR)
                painter.drawRect(marker_rect(mark.point, origin, scale))
                continue
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight_color(mark.color) if mark.color else SELECTION_COLOR)
            for quad in mark.quads:
                painter.drawPolygon(quad_polygon(quad, origin, scale))
        for mark in marks:
            if mark.annotation_id is not None and mark.annotation_id in (
                self._chosen_id,
                self._flash_id,
            ):
                outline_mark(painter, mark, origin, scale, mark.annotation_id == self._flash_id)
        painter.restore()

    # controls

    def _update_controls(self) -> None:
        loaded = self._info is not None
        for widget in (self._page_entry, self._zoom_label):
            widget.setEnabled(loaded)
        for action in (self._zoom_in_action, self._zoom_out_action, self._fit_width_action):
            action.setEnabled(loaded)
        annotating = loaded and self._context is not None
        for action in (self._highlight_tool_action, self._note_tool_action):
            action.setEnabled(annotating)
        if not annotating and self.tool:
            self.set_tool("")
        self._page_entry.blockSignals(True)
        self._page_entry.setRange(1, max(1, self.page_count))
        self._page_entry.setValue(self._current_page + 1)
        self._page_entry.blockSignals(False)
        digits = max(4, len(str(self.page_count)))  # a steady width: no relayout per document
        width = self._page_entry.fontMetrics().horizontalAdvance("0" * (digits + 2))
        self._page_entry.setFixedWidth(width + 12)
        total = self.tr("/ {count}").format(count=self.page_count) if loaded else ""
        self._page_total.setText(total)
        self._fit_width_action.setChecked(self._fit_width)
        self._update_zoom_label()

    def _update_zoom_label(self) -> None:
        percent = round(self.zoom * 100)
        self._zoom_label.setText(self.tr("{percent} %").format(percent=percent))
