"""The export dialog: a member's notes on a meeting as PDF, Word or Markdown.

Format, options, destination and a preview of the first page. Every read of
the library or the personal store, every PDF build and render runs on the
task runner; the GUI thread only shows results. When the export is done the
file (or folder) opens in the system's viewer, unless ``open_when_done`` is off.

The destination is proposed in the folder of the last export, else the system's
documents folder (`companion.core.export.folders`); the folder is remembered
after an export. On the first export the dialog asks for the member's name (the
author of the document and of the annotations), kept in the preferences.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.errors import MemberError
from companion.core.export.folders import folder_of, proposed_path
from companion.core.export.member import member_name
from companion.core.library import Library
from companion.core.personal import PersonalStore
from companion.ui.messages import member_text, show_error
from companion.ui.settings import Settings
from companion.ui.tasks import Task, TaskRunner
from companion.ui.window_style import themed

log = logging.getLogger(__name__)

OpenLibrary = Callable[[], Library]
OpenPersonal = Callable[[], PersonalStore]
#: The formats offered: (key, label); the key is also the file suffix.
FORMAT_KEYS = ("pdf", "docx", "md")
PREVIEW_WIDTH = 300
#: The path field shows this many characters or so without scrolling.
PATH_FIELD_CHARS = 52
PREVIEW_SCALE = PREVIEW_WIDTH / 595.0


@dataclass(frozen=True)
class _Request:
    """One export or preview, as chosen in the dialog."""

    meeting_id: str
    fmt: str
    path: Path
    options: Any
    bundle: bool
    author: str


class ExportDialog(QDialog):
    """Export the member's notes on ``meeting_id``.

    Signals:
        exported: (path) an export finished and was written to ``path``.
        progress_changed: (done, total, what) from the export's worker thread.
    """

    exported = Signal(Path)
    progress_changed = Signal(int, int, str)
    preview_shown = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        open_library: OpenLibrary,
        open_personal: OpenPersonal,
        meeting_id: str,
        parent: QWidget | None = None,
        *,
        open_when_done: bool = True,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export notes"))
        self.open_when_done = open_when_done
        self._settings = settings
        self._runner = runner
        self._open_library = open_library
        self._open_personal = open_personal
        self._meeting_id = meeting_id
        self._file_stem = meeting_id
        self._destination_edited = False
        self._preview_generation = 0
        self._tasks: list[Task] = []
        self._temp = tempfile.TemporaryDirectory(prefix="companion-preview-")
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self._load_meeting_name()
        self.refresh_preview()

    # -- building

    def _init_widgets(self) -> None:
        self.format_combo = QComboBox()
        for key, label in zip(
            FORMAT_KEYS, (self.tr("PDF"), self.tr("Word (DOCX)"), self.tr("Markdown")), strict=True
        ):
            self.format_combo.addItem(label, key)
        self.only_mine_check = QCheckBox(self.tr("Only items I wrote something on"))
        self.only_mine_check.setChecked(True)
        self.indstilling_check = QCheckBox(self.tr("Quote each item's recommendation"))
        self.indstilling_check.setChecked(True)
        self.closed_check = QCheckBox(self.tr("Include closed items (confidential)"))
        self.attachments_check = QCheckBox(self.tr("Include annotated attachments (folder or zip)"))
        self.closed_warning = QLabel(
            self.tr("Closed items are confidential: share this export with care.")
        )
        self.closed_warning.setStyleSheet(
            themed("color: @problem; font-weight: bold;", self.palette())
        )
        self.closed_warning.setWordWrap(True)
        self.closed_warning.setVisible(False)
        self.destination_edit = QLineEdit()
        self.destination_edit.setObjectName("exportDestination")
        self.destination_edit.setAccessibleName(self.tr("Save as"))
        width = self.destination_edit.fontMetrics().averageCharWidth() * PATH_FIELD_CHARS
        self.destination_edit.setMinimumWidth(width)
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.name_edit = QLineEdit(member_name(self._stored_member_name()))
        self.name_edit.setObjectName("exportMemberName")
        self.name_edit.setToolTip(
            self.tr("Shown as the author of the export and of your notes in the PDF copies")
        )
        self.name_note = QLabel(self.tr("Asked once; change it in File > Preferences."))
        self.name_note.setStyleSheet(themed("color: @muted;", self.palette()))
        self.preview_label = QLabel(self.tr("Preparing the preview…"))
        self.preview_label.setObjectName("exportPreview")
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setFixedSize(PREVIEW_WIDTH + 8, round(842 * PREVIEW_SCALE) + 8)
        # The grey desk the page preview lies on, as the PDF viewer's: its own ground and text.
        self.preview_label.setStyleSheet("background: #6b6f75; color: white;")
        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)

    def _init_layout(self) -> None:
        destination = QHBoxLayout()
        destination.addWidget(self.destination_edit, 1)
        destination.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format_combo)
        options = QVBoxLayout()
        for check in (
            self.only_mine_check,
            self.indstilling_check,
            self.closed_check,
            self.attachments_check,
        ):
            options.addWidget(check)
        options.addWidget(self.closed_warning)
        form.addRow(self.tr("Include:"), options)
        form.addRow(self.tr("Save as:"), destination)
        if self._asks_for_name():
            form.addRow(self.tr("Your name:"), self.name_edit)
            form.addRow("", self.name_note)
        else:
            self.name_edit.hide()
            self.name_note.hide()
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        left.addWidget(self.progress_bar)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.preview_label)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.format_combo.currentIndexChanged.connect(self._update_suffix)
        self.attachments_check.toggled.connect(self._update_suffix)
        for check in (self.only_mine_check, self.indstilling_check, self.closed_check):
            check.toggled.connect(self.refresh_preview)
        self.closed_check.toggled.connect(self.closed_warning.setVisible)
        self.destination_edit.textEdited.connect(self._destination_typed)
        self.destination_edit.textChanged.connect(self._show_whole_path)
        self.browse_button.clicked.connect(self.choose_destination)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.start_export)
        self.progress_changed.connect(self._show_progress)

    # -- state

    @property
    def fmt(self) -> str:
        """The chosen format key: "pdf", "docx" or "md"."""
        return str(self.format_combo.currentData())

    def set_format(self, fmt: str) -> None:
        """Choose the format ``fmt`` ("pdf", "docx" or "md")."""
        self.format_combo.setCurrentIndex(FORMAT_KEYS.index(fmt))

    def options(self) -> Any:
        """The chosen `NotesOptions`."""
        from companion.core.export.notes import NotesOptions

        return NotesOptions(
            only_items_with_my_work=self.only_mine_check.isChecked(),
            include_indstilling=self.indstilling_check.isChecked(),
            include_closed=self.closed_check.isChecked(),
        )

    def destination(self) -> Path:
        """Where the export goes."""
        return Path(self.destination_edit.text().strip()).expanduser()

    def set_destination(self, path: Path) -> None:
        """Export to ``path`` (as if the member chose it)."""
        self._set_destination_text(path)
        self._destination_edited = True

    def _set_destination_text(self, path: Path) -> None:
        self.destination_edit.setText(str(path))
        self.destination_edit.setCursorPosition(0)  # the folder shows, not only the name

    def _show_whole_path(self, text: str) -> None:
        self.destination_edit.setToolTip(text)

    def _stored_member_name(self) -> str:
        return self._settings.preferences.member_name if self._settings is not None else ""

    def _asks_for_name(self) -> bool:
        """Whether this is the first export (no name kept yet)."""
        return self._settings is not None and not self._stored_member_name()

    def author(self) -> str:
        """The member's name for the export (as typed, or kept, or the account's)."""
        return member_name(self.name_edit.text())

    def _last_folder(self) -> str:
        return self._settings.window_state.last_export_folder if self._settings else ""

    def _destination_typed(self, _text: str) -> None:
        self._destination_edited = True

    def _suffix(self) -> str:
        return ".zip" if self.attachments_check.isChecked() else f".{self.fmt}"

    def _default_destination(self) -> Path:
        return proposed_path(self._last_folder(), f"{self._file_stem}{self._suffix()}")

    def _update_suffix(self) -> None:
        if self._destination_edited and self.destination_edit.text().strip():
            current = self.destination()
            self._set_destination_text(current.with_suffix(self._suffix()))
        else:
            self._set_destination_text(self._default_destination())

    def choose_destination(self) -> None:
        """Ask for the destination with a file dialog."""
        suffix = self._suffix()
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export notes"),
            str(self.destination()),
            self.tr("{kind} files (*{suffix})").format(kind=suffix[1:].upper(), suffix=suffix),
        )
        if path:
            self.set_destination(Path(path))

    # -- background work

    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        self._tasks = [task for task in self._tasks if not task.cancelled]
        self._tasks.append(self._runner.run(work, done, failed))

    def _load_meeting_name(self) -> None:
        from companion.core.export.notes import notes_file_stem

        open_library, meeting_id = self._open_library, self._meeting_id

        def work() -> str:
            with closing(open_library()) as library:
                return notes_file_stem(library.meeting(meeting_id))

        self._set_destination_text(self._default_destination())
        self._run(work, self._meeting_loaded, self._failed)

    def _meeting_loaded(self, stem: str) -> None:
        self._file_stem = stem
        if not self._destination_edited:
            self._set_destination_text(self._default_destination())

    def refresh_preview(self) -> None:
        """Build the PDF of the current options and show its first page (in the background)."""
        self._preview_generation += 1
        generation = self._preview_generation
        target = Path(self._temp.name) / f"preview-{generation}.pdf"
        work = _preview_work(
            self._open_library, self._open_personal, self._meeting_id, self.options(), target
        )
        self._run(
            work,
            lambda image: self._show_preview(generation, image),
            lambda error: self._preview_failed(generation, error),
        )

    def _show_preview(self, generation: int, image: QImage) -> None:
        if generation != self._preview_generation:
            return
        self.preview_label.setPixmap(QPixmap.fromImage(image))
        self.preview_shown.emit()

    def _preview_failed(self, generation: int, error: Exception) -> None:
        if generation == self._preview_generation:
            log.warning("export preview failed: %s", error)
            self.preview_label.setText(
                self.tr("No preview: {error}").format(error=member_text(error))
            )

    def start_export(self) -> None:
        """Export with the chosen format, options and destination (in the background)."""
        if not self.destination_edit.text().strip():
            show_error(self, self.tr("Choose where to save the export first."))
            return
        request = _Request(
            self._meeting_id,
            self.fmt,
            self.destination(),
            self.options(),
            self.attachments_check.isChecked(),
            self.author(),
        )
        self._remember_name()
        self.export_button.setEnabled(False)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(True)
        work = _export_work(
            self._open_library, self._open_personal, request, self.progress_changed.emit
        )
        self._run(work, self._export_done, self._export_failed)

    def _show_progress(self, done: int, total: int, _what: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def _remember_name(self) -> None:
        """Keep the name typed on the first export (File > Preferences changes it later)."""
        if self._asks_for_name() and self._settings is not None and self.name_edit.text().strip():
            self._settings.preferences.member_name = " ".join(self.name_edit.text().split())
            self._settings.sync()

    def _export_done(self, result: tuple[Path, list[MemberError]]) -> None:
        path, problems = result
        self.progress_bar.setVisible(False)
        self.export_button.setEnabled(True)
        if self._settings is not None:
            self._settings.window_state.last_export_folder = folder_of(path)
            self._settings.sync()
        if problems:
            show_error(
                self,
                self.tr(
                    "The export was saved in {path}, but some attachments could not be included."
                ).format(path=path),
                "\n".join(member_text(problem) for problem in problems),
            )
        self.exported.emit(path)
        if self.open_when_done:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _export_failed(self, error: Exception) -> None:
        self.progress_bar.setVisible(False)
        self.export_button.setEnabled(True)
        self._failed(error)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, MemberError):  # already a sentence naming the file and the cause
            show_error(self, member_text(error))
            return
        show_error(
            self,
            self.tr("The notes could not be exported: {error}").format(error=member_text(error)),
        )

    def done(self, result: int) -> None:
        """Close: stop waiting for background results and remove the preview files."""
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
        self._temp.cleanup()
        super().done(result)


def _preview_work(
    open_library: OpenLibrary,
    open_personal: OpenPersonal,
    meeting_id: str,
    options: Any,
    target: Path,
) -> Callable[[], QImage]:
    """The worker that builds the notes PDF and renders its first page to a QImage."""

    def work() -> QImage:
        from companion.core import pdf_render
        from companion.core.export.notes import build_notes_document, read_store_data
        from companion.core.export.render_pdf import write_pdf

        with closing(open_library()) as library, closing(open_personal()) as store:
            meeting = library.meeting(meeting_id)
            document = build_notes_document(meeting, read_store_data(store, meeting), options)
        write_pdf(document, target)
        page = pdf_render.render_page(target, 0, PREVIEW_SCALE)
        image = QImage(
            page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB888
        )
        return image.copy()  # owns its pixels once ``page`` is gone

    return work


def _export_work(
    open_library: OpenLibrary,
    open_personal: OpenPersonal,
    request: _Request,
    progress: Callable[[int, int, str], None],
) -> Callable[[], tuple[Path, list[MemberError]]]:
    """The worker that writes the export; (path, problems)."""

    def work() -> tuple[Path, list[MemberError]]:
        from companion.core.export.notes import export_bundle, export_notes

        with closing(open_library()) as library, closing(open_personal()) as store:
            arguments = (library, store, request.meeting_id, request.fmt, request.path)
            if request.bundle:
                result = export_bundle(*arguments, request.options, progress, request.author)
                return result.path, result.problems
            written = export_notes(*arguments, request.options, progress, request.author)
            return written, []

    return work
