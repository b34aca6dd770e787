"""The right pane: the item's attachments and a PDF viewer showing one of them.

The list always starts with the whole agenda as a PDF (when the package has
one). Provided attachments open in the viewer; attachments the package does
not provide are listed greyed. When an item has no provided attachment, the
viewer shows the agenda PDF at the item's bookmark: the agenda is opened once
per meeting and only paged on item switches. Reading the bookmarks (PyMuPDF)
happens in a background task.

Once `set_personal_store` is called, the viewer gets an annotation context for
each file it shows (meeting, item, the file's sha256; the agenda PDF counts as
an attachment too), so the member can highlight and add notes on it. The marks
on the file shown are listed under the viewer (`PdfMarkList`, collapsible):
clicking one goes to it; its context menu and keys edit its note, recolour it or
delete it (after asking).

Read marks per attachment: an attachment counts as read once it has been shown
in the pane for `READ_AFTER_MS` (two seconds), or as soon as the member reaches
its last page, whichever comes first; it is then marked read in the meeting's
version. Unread attachments are listed in bold; one whose file was replaced in a
newer version after the member read it is bold and says "updated" (this needs
`open_library` to compare the versions). The agenda PDF gets no read mark.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from companion.core.model import AgendaItem, Attachment
from companion.ui.agenda_model import paperclip_icon
from companion.ui.attachment_marks import PdfMarkList
from companion.ui.attachment_reading import (
    UNREAD,
    UPDATED,
    AttachmentKey,
    AttachmentReading,
    mark_attachment_read,
    read_attachments,
)
from companion.ui.meeting_loading import LoadedMeeting
from companion.ui.pdf_marks import AnnotationContext
from companion.ui.pdf_view import PdfView
from companion.ui.tasks import Task, TaskRunner
from companion.ui.window_style import muted_text

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.personal import PersonalStore
    from companion.core.render_process.client import RenderClient

log = logging.getLogger(__name__)

AGENDA_ROW_KEY = "agenda"
_MIN_ROW_HEIGHT = 22
_MAX_LIST_ROWS = 6
#: How long an attachment must be shown before it counts as read.
READ_AFTER_MS = 2000


def agenda_pages(client: RenderClient, path: Path, items: list[AgendaItem]) -> dict[str, int]:
    """The 0-based page of each item's bookmark in the agenda PDF (background task).

    Read by the render process: the window's process never loads PyMuPDF.
    """
    from companion.core.render_process.client import wait

    return dict(wait(client.agenda_pages(path, items)))


# --- the pane -------------------------------------------------------------------


class AttachmentPane(QWidget):
    """Lists the current item's attachments and shows the chosen one."""

    #: A one-line description of what the viewer shows, for the status bar.
    showing = Signal(str)
    #: An attachment was marked read (item id, attachment id).
    attachment_read = Signal(str, str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentPane")
        self._runner = runner
        self._loaded: LoadedMeeting | None = None
        self._item: AgendaItem | None = None
        self._agenda_pages: dict[str, int] = {}
        self._pages_task: Task | None = None
        self._open_personal: Callable[[], PersonalStore] | None = None
        self._open_library: Callable[[], Library] | None = None
        self._personal_runner: TaskRunner | None = None
        self._reading = AttachmentReading()
        self._reading_loaded = False
        self._reading_key: AttachmentKey | None = None
        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(READ_AFTER_MS)
        self._read_timer.timeout.connect(self._shown_long_enough)
        self._paperclip = paperclip_icon()
        self._document_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self.heading = QLabel(self.tr("Attachments"))
        self.heading.setObjectName("paneHeading")
        self.list = QListWidget()
        self.list.setObjectName("attachmentList")
        self.list.setAccessibleName(self.tr("Attachments"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        self.pdf_view = PdfView(runner, self)
        self.marks = PdfMarkList(self)
        self.marks.hide()  # until the member's store is set
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addWidget(self.pdf_view, 1)
        layout.addWidget(self.marks)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.list.currentItemChanged.connect(self._row_changed)
        view = self.pdf_view
        view.marks_changed.connect(lambda: self.marks.set_marks(view.marks()))
        view.mark_chosen.connect(self.marks.choose)
        view.page_changed.connect(self._page_changed)
        self.marks.activated.connect(view.go_to_mark)
        self.marks.edit_requested.connect(view.edit_note_of)
        self.marks.delete_requested.connect(view.delete_mark)
        self.marks.menu_requested.connect(self._mark_menu)

    # -- public ----------------------------------------------------------------

    @property
    def shown_key(self) -> str | None:
        """``"agenda"`` or the id of the attachment shown, or None."""
        row = self.list.currentItem()
        return None if row is None else str(row.data(Qt.ItemDataRole.UserRole))

    def set_personal_store(
        self,
        open_personal: Callable[[], PersonalStore] | None,
        runner: TaskRunner | None = None,
        open_library: Callable[[], Library] | None = None,
    ) -> None:
        """Let the member annotate the files shown and mark them read, via ``open_personal``.

        Args:
            open_personal: opens the personal store (called on ``runner``'s thread).
            runner: the window's one-thread runner for personal writes (None: the pane's).
            open_library: opens the library (on ``runner``'s thread), to tell which
                attachments were replaced since the member read them (None: read or not).
        """
        self._open_personal = open_personal
        self._personal_runner = runner
        self._open_library = open_library
        self.marks.setVisible(open_personal is not None)
        self._load_reading()

    def set_read_delay(self, msecs: int) -> None:
        """Count an attachment as read after it was shown ``msecs`` (default `READ_AFTER_MS`)."""
        self._read_timer.setInterval(msecs)

    def attachment_state(self, attachment_id: str) -> str | None:
        """`READ`, `UNREAD` or `UPDATED` for an attachment of the item shown (None: unknown)."""
        if self._item is None or not self._reading_loaded:
            return None
        return self._reading.state((self._item.id, attachment_id))

    def set_meeting(self, loaded: LoadedMeeting | None) -> None:
        """Switch to ``loaded`` and read its agenda's bookmarks in the background."""
        if self._pages_task is not None:
            self._pages_task.cancel()
        self._loaded = loaded
        self._item = None
        self._agenda_pages = {}
        self._stop_reading()
        self.list.clear()
        self.pdf_view.close_document()
        self._load_reading()
        agenda = self._agenda_path()
        if loaded is not None and agenda is not None:
            items, client = loaded.meeting.items, self.pdf_view.render_client
            self._pages_task = self._runner.run(
                lambda: agenda_pages(client, agenda, items), self._pages_read, self._pages_failed
            )

    def show_item(self, item: AgendaItem) -> None:
        """List ``item``'s attachments; show its first provided one, else the agenda."""
        self._item = item
        self._stop_reading()
        self.list.blockSignals(True)
        self.list.clear()
        if self._agenda_path() is not None:
            agenda = self._add_row(self.tr("Agenda (the whole meeting)"), AGENDA_ROW_KEY)
            agenda.setIcon(self._document_icon)
        for attachment in item.attachments:
            self._add_attachment_row(attachment)
        self.list.blockSignals(False)
        self.list.setFixedHeight(self._list_height())
        provided = next((a for a in item.attachments if self._path_of(a) is not None), None)
        if not self.select(provided.id if provided else AGENDA_ROW_KEY):
            self.pdf_view.close_document()  # nothing to show: no stale document either

    def select(self, key: str) -> bool:
        """Show the row ``key`` (an attachment id or ``"agenda"``); False if absent."""
        for row in range(self.list.count()):
            entry = self.list.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == key and _selectable(entry):
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)
                self._show(key)
                return True
        return False

    # -- rows ------------------------------------------------------------------

    def _add_row(self, text: str, key: str) -> QListWidgetItem:
        entry = QListWidgetItem(text, self.list)
        entry.setData(Qt.ItemDataRole.UserRole, key)
        entry.setToolTip(text)
        return entry

    def _add_attachment_row(self, attachment: Attachment) -> None:
        if self._path_of(attachment) is not None:
            entry = self._add_row(attachment.title, attachment.id)
            entry.setIcon(self._paperclip)
            self._style_read_state(entry, attachment)
            return
        if attachment.file is None:
            missing = self.tr("not provided in the package")
        else:  # the package has it; the library's copy is missing or was damaged
            missing = self.tr("missing or damaged here: the next sync or import fetches it again")
        entry = self._add_row(f"{attachment.title} \u2014 {missing}", attachment.id)
        entry.setFlags(Qt.ItemFlag.NoItemFlags)
        entry.setForeground(QBrush(muted_text(self.palette())))

    def _list_height(self) -> int:
        """Room for the rows of the meeting's longest list: the same for all its items.

        A list sized to each item's rows resized the PDF viewer below it at every item
        switch, laying out its pages again.
        """
        agenda_row = 1 if self._agenda_path() is not None else 0
        items = self._loaded.meeting.items if self._loaded else []
        longest = max((agenda_row + len(item.attachments) for item in items), default=1)
        rows = min(max(longest, 1), _MAX_LIST_ROWS)
        row_height = max(self.list.sizeHintForRow(0), _MIN_ROW_HEIGHT)
        return rows * row_height + 2 * self.list.frameWidth() + 6

    # -- showing ---------------------------------------------------------------

    def _row_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None and _selectable(current):
            self._show(current.data(Qt.ItemDataRole.UserRole))

    def _show(self, key: str) -> None:
        self._stop_reading()
        if key == AGENDA_ROW_KEY:
            self._show_agenda()
            return
        attachment = self._attachment(key)
        path = self._path_of(attachment) if attachment else None
        if attachment is not None and path is not None and attachment.file is not None:
            self._open(path, 0, attachment.file.sha256)
            self.showing.emit(attachment.title)
            self._start_reading(attachment)

    def _show_agenda(self) -> None:
        path = self._agenda_path()
        if path is None or self._loaded is None or self._loaded.meeting.agenda_pdf is None:
            return
        page = self._agenda_pages.get(self._item.id, 0) if self._item else 0
        self._open(path, page, self._loaded.meeting.agenda_pdf.sha256)
        self.showing.emit(self.tr("Agenda, page {page}").format(page=page + 1))

    def _open(self, path: Path, page: int, sha256: str) -> None:
        self.pdf_view.set_annotation_context(self._annotation_context(sha256))
        if self.pdf_view.document_path == path:
            self.pdf_view.go_to_page(page)
        else:
            self.pdf_view.open_document(path, page)

    def _pages_read(self, pages: dict[str, int]) -> None:
        self._pages_task = None
        self._agenda_pages = pages
        if self.shown_key == AGENDA_ROW_KEY:
            self._show_agenda()

    def _pages_failed(self, error: Exception) -> None:
        # The viewer reports a damaged agenda PDF itself; without bookmarks we stay on page 1.
        self._pages_task = None
        log.warning("cannot read the agenda's bookmarks: %s", error)

    def _mark_menu(self, annotation_id: str, where: QPoint) -> None:
        menu = self.pdf_view.mark_menu(annotation_id, self)
        if menu is not None:
            menu.exec(where)
            menu.deleteLater()

    # -- read marks ------------------------------------------------------------

    def _load_reading(self) -> None:
        """Read the member's read marks of the meeting's attachments (in the background)."""
        self._reading, self._reading_loaded = AttachmentReading(), False
        open_personal, loaded = self._open_personal, self._loaded
        if open_personal is None or loaded is None:
            return
        work = partial(read_attachments, open_personal, self._open_library, loaded.meeting)
        self._personal_runner_or_own().run(
            work,
            partial(self._reading_read, loaded),
            lambda error: log.warning("read marks of the attachments not read: %s", error),
        )

    def _reading_read(self, loaded: LoadedMeeting, reading: AttachmentReading) -> None:
        if loaded is not self._loaded:
            return
        self._reading, self._reading_loaded = reading, True
        self._restyle_rows()

    def _personal_runner_or_own(self) -> TaskRunner:
        return self._personal_runner or self._runner

    def _start_reading(self, attachment: Attachment) -> None:
        if self._item is None or self._open_personal is None:
            return
        self._reading_key = (self._item.id, attachment.id)
        self._read_timer.start()

    def _stop_reading(self) -> None:
        self._read_timer.stop()
        self._reading_key = None

    def _shown_long_enough(self) -> None:
        if self._reading_key is None:
            return
        if self.pdf_view.page_count == 0 and self.pdf_view.document_path is not None:
            self._read_timer.start()  # still opening: count from when it is shown
        elif self.isVisible() and self.pdf_view.page_count > 0:
            self._mark_read(self._reading_key)

    def _page_changed(self, page: int) -> None:
        count = self.pdf_view.page_count
        if self._reading_key is not None and count > 1 and page == count - 1:
            self._mark_read(self._reading_key)

    def _mark_read(self, key: AttachmentKey) -> None:
        """Record that the member read ``key`` in the meeting's version (once per version)."""
        self._stop_reading()
        open_personal, loaded = self._open_personal, self._loaded
        if open_personal is None or loaded is None:
            return
        if self._reading_loaded and self._reading.read.get(key) == loaded.meeting.version:
            return
        self._personal_runner_or_own().run(
            partial(mark_attachment_read, open_personal, loaded.meeting, key),
            lambda _result: self._marked_read(loaded, key),
            lambda error: log.warning("read mark of an attachment not saved: %s", error),
        )

    def _marked_read(self, loaded: LoadedMeeting, key: AttachmentKey) -> None:
        if loaded is self._loaded:
            self._reading.read[key] = loaded.meeting.version
            self._reading.updated.pop(key, None)
            self._restyle_rows()
        self.attachment_read.emit(*key)

    def _restyle_rows(self) -> None:
        for row in range(self.list.count()):
            entry = self.list.item(row)
            attachment = self._attachment(str(entry.data(Qt.ItemDataRole.UserRole)))
            if attachment is not None and _selectable(entry):
                self._style_read_state(entry, attachment)

    def _style_read_state(self, entry: QListWidgetItem, attachment: Attachment) -> None:
        """Bold for unread; bold and "updated" for a file replaced since it was read."""
        state = self.attachment_state(attachment.id)
        font = entry.font()
        font.setBold(state in (UNREAD, UPDATED))
        entry.setFont(font)
        text, tip = attachment.title, attachment.title
        if state == UNREAD:
            tip = self.tr("{title} (not read yet)").format(title=attachment.title)
        elif state == UPDATED and self._item is not None:
            version = self._reading.updated[(self._item.id, attachment.id)]
            text = self.tr("{title} \u2014 updated").format(title=attachment.title)
            tip = self.tr("{title}: replaced in version {version} after you read it.").format(
                title=attachment.title, version=version
            )
        entry.setText(text)
        entry.setToolTip(tip)

    # -- lookups ---------------------------------------------------------------

    def _annotation_context(self, sha256: str) -> AnnotationContext | None:
        if self._open_personal is None or self._loaded is None:
            return None
        return AnnotationContext(
            open_personal=self._open_personal,
            meeting_id=self._loaded.meeting.id,
            item_id=self._item.id if self._item else None,
            file_sha256=sha256,
            runner=self._personal_runner,
        )

    def _agenda_path(self) -> Path | None:
        if self._loaded is None or self._loaded.meeting.agenda_pdf is None:
            return None
        return self._loaded.path_of(self._loaded.meeting.agenda_pdf.sha256)

    def _attachment(self, attachment_id: str) -> Attachment | None:
        attachments = self._item.attachments if self._item else []
        return next((a for a in attachments if a.id == attachment_id), None)

    def _path_of(self, attachment: Attachment | None) -> Path | None:
        if attachment is None or attachment.file is None or self._loaded is None:
            return None
        return self._loaded.path_of(attachment.file.sha256)


def _selectable(entry: QListWidgetItem) -> bool:
    return bool(entry.flags() & Qt.ItemFlag.ItemIsSelectable)
