"""The right pane: the item's attachments and a PDF viewer showing one of them.

The list always starts with the whole agenda as a PDF (when the package has
one). Provided attachments open in the viewer; attachments the package does
not provide are listed greyed. When an item has no provided attachment, the
viewer shows the agenda PDF at the item's bookmark: the agenda is opened once
per meeting and only paged on item switches. Reading the bookmarks (PyMuPDF)
happens in a background task.

Once `set_personal_store` is called, the viewer gets an annotation context for
each file it shows (meeting, item, the file's sha256; the agenda PDF counts as
an attachment too), so the member can highlight and add notes on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
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
from companion.ui.meeting_list import LoadedMeeting
from companion.ui.pdf_view import AnnotationContext, PdfView
from companion.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from companion.core.personal import PersonalStore

log = logging.getLogger(__name__)

AGENDA_ROW_KEY = "agenda"
_MISSING_COLOR = QColor("#9aa1a8")
_MIN_ROW_HEIGHT = 22
_MAX_LIST_ROWS = 6


def agenda_pages(path: Path, items: list[AgendaItem]) -> dict[str, int]:
    """The 0-based page of each item's bookmark in the agenda PDF (background task)."""
    import pymupdf

    from companion.core.agenda_pdf import find_item_page

    with pymupdf.open(path) as document:  # type: ignore[no-untyped-call]
        toc = document.get_toc()
    pages = {}
    for item in items:
        page = find_item_page(toc, item)
        if page is not None:
            pages[item.id] = page
    return pages


class AttachmentPane(QWidget):
    """Lists the current item's attachments and shows the chosen one."""

    #: A one-line description of what the viewer shows, for the status bar.
    showing = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentPane")
        self._runner = runner
        self._loaded: LoadedMeeting | None = None
        self._item: AgendaItem | None = None
        self._agenda_pages: dict[str, int] = {}
        self._pages_task: Task | None = None
        self._open_personal: Callable[[], PersonalStore] | None = None
        self._personal_runner: TaskRunner | None = None
        self._paperclip = paperclip_icon()
        self._document_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self.heading = QLabel(self.tr("Attachments"))
        self.heading.setObjectName("paneHeading")
        self.list = QListWidget()
        self.list.setObjectName("attachmentList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        self.pdf_view = PdfView(runner, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addWidget(self.pdf_view, 1)
        self.list.currentItemChanged.connect(self._row_changed)

    # -- public ----------------------------------------------------------------

    @property
    def shown_key(self) -> str | None:
        """``"agenda"`` or the id of the attachment shown, or None."""
        row = self.list.currentItem()
        return None if row is None else str(row.data(Qt.ItemDataRole.UserRole))

    def set_personal_store(
        self, open_personal: Callable[[], PersonalStore] | None, runner: TaskRunner | None = None
    ) -> None:
        """Let the member annotate the files shown, saved through ``open_personal``.

        Args:
            open_personal: opens the personal store (called on ``runner``'s thread).
            runner: the window's one-thread runner for personal writes (None: the pane's).
        """
        self._open_personal = open_personal
        self._personal_runner = runner

    def set_meeting(self, loaded: LoadedMeeting | None) -> None:
        """Switch to ``loaded`` and read its agenda's bookmarks in the background."""
        if self._pages_task is not None:
            self._pages_task.cancel()
        self._loaded = loaded
        self._item = None
        self._agenda_pages = {}
        self.list.clear()
        self.pdf_view.close_document()
        agenda = self._agenda_path()
        if loaded is not None and agenda is not None:
            items = loaded.meeting.items
            self._pages_task = self._runner.run(
                lambda: agenda_pages(agenda, items), self._pages_read, self._pages_failed
            )

    def show_item(self, item: AgendaItem) -> None:
        """List ``item``'s attachments; show its first provided one, else the agenda."""
        self._item = item
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
            self._add_row(attachment.title, attachment.id).setIcon(self._paperclip)
            return
        missing = self.tr("not provided in the package")
        entry = self._add_row(f"{attachment.title} \u2014 {missing}", attachment.id)
        entry.setFlags(Qt.ItemFlag.NoItemFlags)
        entry.setForeground(QBrush(_MISSING_COLOR))

    def _list_height(self) -> int:
        rows = min(max(self.list.count(), 1), _MAX_LIST_ROWS)
        row_height = max(self.list.sizeHintForRow(0), _MIN_ROW_HEIGHT)
        return rows * row_height + 2 * self.list.frameWidth() + 6

    # -- showing ---------------------------------------------------------------

    def _row_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None and _selectable(current):
            self._show(current.data(Qt.ItemDataRole.UserRole))

    def _show(self, key: str) -> None:
        if key == AGENDA_ROW_KEY:
            self._show_agenda()
            return
        attachment = self._attachment(key)
        path = self._path_of(attachment) if attachment else None
        if attachment is not None and path is not None and attachment.file is not None:
            self._open(path, 0, attachment.file.sha256)
            self.showing.emit(attachment.title)

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
