"""The "Detached notes" dialog: annotations a revision could not place, kept for the member.

It lists the open meeting's detached annotations with their quote, note, item,
place (the item text, or the page and file of a PDF mark) and date. The member
may delete one (after confirming) or re-attach it to the words currently
selected: a text note to the item view's selection (`selection`), a PDF mark to
the words selected in the PDF view (`pdf_selection`). Nothing else ever deletes
an annotation. Store work runs through the position panel's
single-thread personal runner (`PersonalAccess`), so writes stay in order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.ui.messages import ask_yes_no

if TYPE_CHECKING:
    from companion.core.anchoring import PdfAnchor, TextAnchor
    from companion.core.model import Meeting
    from companion.core.personal import Annotation, PersonalStore
    from companion.ui.pdf_marks import PdfSelection

log = logging.getLogger(__name__)

#: The selection in the item view: the shown item's id and the anchor of the selected words.
SelectionLookup = Callable[[], "tuple[str, TextAnchor] | None"]
#: The words selected in the PDF view (`PdfView.selected_words`).
PdfSelectionLookup = Callable[[], "PdfSelection | None"]
COLUMNS = ("Quote", "Note", "Item", "Where", "Date")
QUOTE_CHARS = 80


class PersonalAccess(Protocol):
    """Background reads and ordered writes of the personal store (the position panel)."""

    def save(
        self,
        work: Callable[[PersonalStore], Any],
        on_saved: Callable[[Any], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None: ...

    def load(
        self,
        work: Callable[[PersonalStore], Any],
        on_loaded: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
    ) -> None: ...


def detached_annotations(store: PersonalStore, meeting_id: str) -> list[Annotation]:
    """The meeting's detached annotations, oldest first."""
    return [annotation for annotation in store.annotations(meeting_id) if annotation.detached]


def quote_of(annotation: Annotation) -> str:
    """The quoted text of an annotation, shortened for a list."""
    quote = " ".join(str(annotation.anchor.get("exact", "")).split())
    return quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"


class DetachedDialog(QDialog):
    """Lists the detached annotations of one meeting; delete or re-attach them.

    Args:
        access: the personal store, through the window's personal runner.
        meeting: the open meeting (for item numbers and titles).
        selection: the item view's current selection (None: nothing usable selected).
        pdf_selection: the PDF view's selected words (None: PDF marks cannot be re-attached).

    Signals:
        changed(): an annotation was deleted or re-attached (highlights need redrawing).
    """

    changed = Signal()

    def __init__(
        self,
        access: PersonalAccess,
        meeting: Meeting,
        selection: SelectionLookup,
        parent: QWidget | None = None,
        *,
        pdf_selection: PdfSelectionLookup | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("detachedDialog")
        self.setWindowTitle(self.tr("Detached notes"))
        self._access = access
        self._meeting = meeting
        self._selection = selection
        self._pdf_selection = pdf_selection
        self._annotations: list[Annotation] = []
        self.confirm_box: QMessageBox | None = None
        self._init_widgets()
        self.resize(760, 360)
        self.refresh()

    def _init_widgets(self) -> None:
        intro = QLabel(
            self.tr(
                "These notes could not be placed in the new version of the agenda. "
                "They are kept until you delete them."
            )
        )
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setObjectName("detachedList")
        self.table.setAccessibleName(self.tr("Detached notes"))
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr(name) for name in COLUMNS])
        self.table.setColumnWidth(0, 280)
        self.table.setColumnWidth(1, 200)
        self.table.currentItemChanged.connect(self._update_buttons)
        self.status = QLabel()
        self.status.setObjectName("detachedStatus")
        self.attach_button = QPushButton(self.tr("Attach to selection"))
        self.attach_button.clicked.connect(self.attach_to_selection)
        self.delete_button = QPushButton(self.tr("Delete..."))
        self.delete_button.clicked.connect(self.delete_current)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- listing ---------------------------------------------------------------

    @property
    def annotations(self) -> list[Annotation]:
        """The detached annotations listed, in order."""
        return list(self._annotations)

    def refresh(self) -> None:
        """Read the detached annotations again (in the background) and list them."""
        meeting_id = self._meeting.id
        self._access.load(
            lambda store: detached_annotations(store, meeting_id), self._fill, self._failed
        )

    def _fill(self, annotations: list[Annotation]) -> None:
        self._annotations = annotations
        self.table.clear()
        for annotation in annotations:
            row = QTreeWidgetItem(
                [
                    quote_of(annotation),
                    annotation.note,
                    self._item_label(annotation.item_id),
                    self._place(annotation),
                    annotation.updated.astimezone().strftime("%d-%m-%Y %H:%M"),
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, annotation.id)
            row.setToolTip(0, str(annotation.anchor.get("exact", "")))
            self.table.addTopLevelItem(row)
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        self.status.setText(
            self.tr("{count} detached notes").format(count=len(annotations))
            if annotations
            else self.tr("No detached notes in this meeting.")
        )
        self._update_buttons()

    def _item_label(self, item_id: str | None) -> str:
        item = next((item for item in self._meeting.items if item.id == item_id), None)
        if item is None:
            return self.tr("(no longer on the agenda)")
        return f"{item.number} {item.title}"

    def _place(self, annotation: Annotation) -> str:
        """Where the annotation was: the item text, or a page of a file."""
        if annotation.target != "attachment":
            return self.tr("Item text")
        page = annotation.anchor.get("page")
        number = page + 1 if isinstance(page, int) else "?"
        return self.tr("Page {page} of {file}").format(
            page=number, file=self._file_title(annotation.file_sha256)
        )

    def _file_title(self, sha256: str | None) -> str:
        meeting = self._meeting
        if meeting.agenda_pdf is not None and meeting.agenda_pdf.sha256 == sha256:
            return self.tr("the agenda")
        for item in meeting.items:
            for attachment in item.attachments:
                if attachment.file is not None and attachment.file.sha256 == sha256:
                    return attachment.title
        return self.tr("a file replaced in a newer version")

    def _failed(self, error: Exception) -> None:
        log.error("detached notes could not be read: %s", error)
        self.status.setText(self.tr("Could not read your notes: {error}").format(error=error))

    def current_annotation(self) -> Annotation | None:
        """The annotation of the selected row, or None."""
        row = self.table.currentItem()
        if row is None:
            return None
        annotation_id = row.data(0, Qt.ItemDataRole.UserRole)
        return next((a for a in self._annotations if a.id == annotation_id), None)

    def _update_buttons(self, *_args: object) -> None:
        annotation = self.current_annotation()
        self.delete_button.setEnabled(annotation is not None)
        self.attach_button.setEnabled(annotation is not None and self._can_attach(annotation))

    def _can_attach(self, annotation: Annotation) -> bool:
        return annotation.target == "item" or self._pdf_selection is not None

    # -- acting ----------------------------------------------------------------

    def delete_current(self) -> None:
        """Delete the selected annotation after the member confirms it."""
        annotation = self.current_annotation()
        if annotation is None or not self._confirm_delete(annotation):
            return
        annotation_id = annotation.id
        self._access.save(
            lambda store: store.delete_annotation(annotation_id), self._done, self._not_saved
        )

    def _confirm_delete(self, annotation: Annotation) -> bool:
        return ask_yes_no(
            self,
            self.tr("Delete detached note"),
            self.tr('Delete the note on "{quote}"? This cannot be undone.').format(
                quote=quote_of(annotation)
            ),
            lambda box: setattr(self, "confirm_box", box),
        )

    def attach_to_selection(self) -> None:
        """Re-attach the chosen note to the words selected in the item view or PDF view.

        A text note goes to the item view's selection, a PDF mark to the words selected
        in the PDF view (any file of the meeting).
        """
        annotation = self.current_annotation()
        if annotation is None or not self._can_attach(annotation):
            return
        selected = self._selected_for(annotation)
        if selected is None:
            return
        item_id, anchor = selected
        from companion.core.reanchor_store import reattach

        self._access.save(
            lambda store: reattach(store, annotation, anchor, item_id),
            self._done,
            self._not_saved,
        )

    def _selected_for(
        self, annotation: Annotation
    ) -> tuple[str | None, TextAnchor | PdfAnchor] | None:
        """The selection fitting ``annotation`` (item id, anchor); None (and a hint) if none."""
        if annotation.target == "item":
            text = self._selection()
            if text is None:
                self.status.setText(
                    self.tr("Select the words in the item text first, then Attach to selection.")
                )
            return text
        pdf = self._pdf_selection() if self._pdf_selection is not None else None
        if pdf is None:
            self.status.setText(
                self.tr(
                    "Select the words on the PDF page first (drag over them with no tool "
                    "chosen), then Attach to selection."
                )
            )
            return None
        return pdf.item_id, pdf.anchor

    def _done(self, _result: object) -> None:
        self.changed.emit()
        self.refresh()

    def _not_saved(self) -> None:
        self.status.setText(self.tr("Your change was not saved; the note is unchanged."))
