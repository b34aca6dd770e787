"""Importing files into the window: File > Import (Ctrl+O) and dropping (a part of `MainWindow`).

Packages, agenda texts and agenda PDFs (with their bilag) go to
`companion.core.sources.files.import_files` on the task runner; the status bar
shows which file is being read, and a non-blocking summary says what was
added, updated, or could not be read. Dropping local files anywhere on the
window imports them: the window accepts the drag, and so do the widgets in it
that would otherwise take a drop as text (the note editors), through
`_DropCatcher`. While a drag is over the window, `DropHint` says what a drop does.

Strings are translated in the context "MainWindow", as the window's own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, QRectF, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QPaintEvent
from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from companion.core.errors import MemberError
    from companion.core.library import MeetingSummary
    from companion.core.sources.files import ImportSummary, InputResult

log = logging.getLogger(__name__)

#: How long the short outcome stays in the status bar.
STATUS_MS = 15_000


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a drag carries; empty unless every URL is a local file."""
    if not mime.hasUrls():
        return []
    urls = mime.urls()
    if not urls or not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]


class DropHint(QWidget):
    """A tinted panel over the window while files are dragged over it."""

    def __init__(self, parent: QWidget) -> None:
        from PySide6.QtCore import Qt  # here, not at import: after the window's first paint

        super().__init__(parent)
        self.setObjectName("dropHint")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.text = QCoreApplication.translate(
            "MainWindow",
            "Drop to import: meeting packages (.zip), agenda texts and agenda PDFs "
            "with their bilag",
        )
        self.hide()

    def show_over(self, area: QWidget) -> None:
        """Cover ``area`` (the window's central widget) and show."""
        self.setGeometry(area.geometry())
        self.raise_()
        self.show()

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QColor, QFont, QPainter, QPen

        from companion.ui.window_style import tones

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = tones(self.palette())
        veil, well = QColor(colours["base"]), QColor(colours["tint"])
        veil.setAlpha(215)
        well.setAlpha(160)
        painter.fillRect(self.rect(), veil)
        frame = QRectF(self.rect()).adjusted(24, 24, -24, -24)
        pen = QPen(colours["highlight"], 3, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(well)
        painter.drawRoundedRect(frame, 16, 16)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(colours["text"])
        text_area = frame.adjusted(48, 48, -48, -48)
        painter.drawText(
            text_area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text
        )
        painter.end()


class ImportSummaryDialog(QDialog):
    """What an import did, per file: a non-blocking window the member closes."""

    def __init__(self, text: str, details: str, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

        super().__init__(parent)
        self.setObjectName("importSummary")
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Import"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_view = QPlainTextEdit()
        self.details_view.setReadOnly(True)
        self.details_view.setAccessibleName(self.tr("Details"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.details_view)
        layout.addWidget(buttons)
        self.set_summary(text, details)

    def set_summary(self, text: str, details: str) -> None:
        """Show ``text`` (rich text) and the technical ``details`` (hidden when empty)."""
        self.summary_label.setText(text)
        self.details_view.setPlainText(details)
        self.details_view.setVisible(bool(details))
        self.resize(560, 340 if details else self.sizeHint().height())


def _short(error: MemberError) -> str:
    """The sentence in the window's language, naming the file by its name, not its path."""
    from companion.core.errors import MemberError
    from companion.ui.messages import member_text

    params = dict(error.params)
    if isinstance(params.get("name"), str):
        params["name"] = Path(str(params["name"])).name
    return member_text(MemberError(error.template, error.cause, **params))


def _meeting_words(result: InputResult, meetings: dict[str, MeetingSummary]) -> str:
    """ "KKR Midtjylland, 22-11-2016" for the meeting an input brought (or its name)."""
    outcome = result.outcome
    summary = meetings.get(outcome.meeting_id) if outcome is not None else None
    if summary is None:
        return result.meeting_name
    when = summary.start.strftime("%d-%m-%Y") if summary.start else ""
    return ", ".join(part for part in (summary.body, when) if part)


def summary_text(summary: ImportSummary, meetings: Sequence[MeetingSummary]) -> str:
    """The summary as rich text: one heading per outcome, one line per file."""
    import html  # not on the way to the first paint

    by_id = {meeting.id: meeting for meeting in meetings}
    headings = (
        ("added", QCoreApplication.translate("MainWindow", "Added:")),
        ("updated", QCoreApplication.translate("MainWindow", "Updated:")),
        ("unchanged", QCoreApplication.translate("MainWindow", "Already in the library:")),
        (
            "older",
            QCoreApplication.translate("MainWindow", "Older than the version you have; not used:"),
        ),
        ("failed", QCoreApplication.translate("MainWindow", "Could not read:")),
    )
    parts: list[str] = []
    for status, heading in headings:
        results = summary.with_status(status)
        if not results:
            continue
        lines = []
        for result in results:
            name = html.escape(result.path.name)
            if result.error is not None:
                line = f"<b>{name}</b>: {html.escape(_short(result.error))}"
            else:
                words = _meeting_words(result, by_id)
                line = f"<b>{name}</b>: {html.escape(words)}"
                if status == "updated" and result.outcome is not None:
                    version = QCoreApplication.translate("MainWindow", "version {n}").format(
                        n=result.outcome.version
                    )
                    line += f" ({html.escape(version)})"
                if result.bilag:
                    count = QCoreApplication.translate("MainWindow", "with {n} bilag").format(
                        n=len(result.bilag)
                    )
                    line += f", {html.escape(count)}"
            lines.append(line)
            lines += [f"&nbsp;&nbsp;{html.escape(_short(note))}" for note in result.notes]
        parts.append(f"<p><b>{html.escape(heading)}</b><br>" + "<br>".join(lines) + "</p>")
    if summary.cancelled:
        stopped = QCoreApplication.translate("MainWindow", "The import was stopped.")
        parts.append(f"<p>{html.escape(stopped)}</p>")
    return "".join(parts)


def status_line(summary: ImportSummary) -> str:
    """The short outcome for the status bar: "Imported: 2 added, 1 could not be read"."""
    counts = (
        (len(summary.with_status("added")), QCoreApplication.translate("MainWindow", "{n} added")),
        (
            len(summary.with_status("updated")),
            QCoreApplication.translate("MainWindow", "{n} updated"),
        ),
        (
            len(summary.with_status("unchanged", "older")),
            QCoreApplication.translate("MainWindow", "{n} unchanged"),
        ),
        (
            len(summary.with_status("failed")),
            QCoreApplication.translate("MainWindow", "{n} could not be read"),
        ),
    )
    said = ", ".join(text.format(n=n) for n, text in counts if n)
    return QCoreApplication.translate("MainWindow", "Imported: {counts}").format(counts=said)


class _ProgressRelay(QObject):
    """Carries the worker's progress to the GUI thread (a queued signal)."""

    progress = Signal(int, int, str)


class _DropCatcher(QObject):
    """Takes file drags away from child widgets that would take them as text."""

    def __init__(self, window: WindowImport) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDropEvent)
            if local_files(event.mimeData()):
                if kind == QEvent.Type.Drop:
                    self._window.dropEvent(event)
                else:
                    self._window.dragEnterEvent(event)  # type: ignore[arg-type]
                return True
        elif kind == QEvent.Type.DragLeave:
            self._window.drop_hint.hide()
        return False


# The part's methods use the window's panes and each other's: to mypy it is an Any
# base (its attributes live on `MainWindow`); at run time a plain mixin.
_WindowPart: Any = object


class WindowImport(_WindowPart):  # type: ignore[misc]
    """File > Import, dropping files, progress and the summary."""

    def _init_import(self) -> None:
        self.drop_hint = DropHint(self)
        self.import_summary: ImportSummaryDialog | None = None
        self._import_cancel: threading.Event | None = None  # set while an import runs
        self._imports_waiting: list[list[Path]] = []  # dropped while one ran: next in turn
        self._import_relay = _ProgressRelay(self)
        self._import_relay.progress.connect(self._import_progress)
        self.setAcceptDrops(True)
        catcher = _DropCatcher(self)
        for widget in self.findChildren(QWidget):
            if widget.acceptDrops():
                widget.installEventFilter(catcher)

    def choose_files(self) -> None:
        """Ask for packages, agenda texts or PDFs (several at once) and import them."""
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(
            self,
            QCoreApplication.translate("MainWindow", "Import Meetings"),
            "",
            QCoreApplication.translate(
                "MainWindow",
                "Meeting packages and agendas (*.zip *.pdf *.txt *.md);;"
                "Meeting packages (*.zip);;Agendas (*.pdf *.txt *.md);;All files (*)",
            ),
        )
        if paths:
            self.import_files([Path(path) for path in paths])

    def import_package(self, path: Path) -> None:
        """Import one package (or any file `import_files` takes)."""
        self.import_files([path])

    # -- dragging ------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from PySide6.QtCore import Qt

        if local_files(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            if not self.drop_hint.isVisible():
                self.drop_hint.show_over(self.centralWidget())
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)  # type: ignore[arg-type]

    def dragLeaveEvent(self, event: QEvent) -> None:
        self.drop_hint.hide()

    def dropEvent(self, event: QDropEvent) -> None:
        from PySide6.QtCore import Qt

        self.drop_hint.hide()
        paths = local_files(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.import_files(paths)

    # -- importing -----------------------------------------------------------------

    def import_files(self, paths: Sequence[Path]) -> None:
        """Import ``paths`` on the task runner, then show the summary and open what came.

        Files given while an import runs wait for it: imports run one after the
        other, each with its own summary, and the busy line stays until the last.
        """
        if self._import_cancel is not None:
            self._imports_waiting.append(list(paths))
            return
        self._start_import(list(paths))

    def _start_import(self, paths: list[Path]) -> None:
        from companion.core.sources.files import ImportProgress, import_files

        self._set_busy(
            QCoreApplication.translate("MainWindow", "Importing {name}...").format(
                name=paths[0].name
            )
        )
        cancel = threading.Event()
        self._import_cancel = cancel
        relay = self._import_relay
        open_library = self._open_library

        def progress(step: ImportProgress) -> None:
            relay.progress.emit(step.done, step.total, step.name)  # queued to the GUI thread

        def run() -> tuple[ImportSummary, list[MeetingSummary]]:
            library = open_library()
            try:
                summary = import_files(library, paths, progress=progress, cancel=cancel)
                return summary, library.meetings()
            finally:
                library.close()

        self._runner.run(run, self._files_imported, self._import_failed)

    def cancel_import(self) -> None:
        """Stop an import between files (what is in stays in); drop those waiting."""
        self._imports_waiting.clear()
        if self._import_cancel is not None:
            self._import_cancel.set()

    def _import_ended(self) -> None:
        """Start the import that waited for the one that ended, or leave the busy line."""
        self._import_cancel = None
        if self._imports_waiting:
            self._start_import(self._imports_waiting.pop(0))
        else:
            self._set_busy(None)

    def _import_progress(self, done: int, total: int, name: str) -> None:
        if name and self._import_cancel is not None:
            self._set_busy(
                QCoreApplication.translate(
                    "MainWindow", "Importing {name} ({n} of {total})..."
                ).format(name=name, n=done + 1, total=total)
            )

    def _files_imported(self, result: tuple[ImportSummary, list[MeetingSummary]]) -> None:
        summary, meetings = result
        self._import_ended()
        self.meeting_chooser.set_meetings(meetings)
        brought = summary.with_status("added") or summary.with_status("updated")
        first = brought[0].outcome if brought else None
        if first is not None and not self.meeting_chooser.choose(first.meeting_id):
            self.open_meeting(first.meeting_id)
        for outcome in summary.outcomes:
            if outcome.status == "updated":
                self._reanchor([outcome.meeting_id], outcome)
        if brought:
            self.search.index_attachments()  # the new bilag become searchable
        self.statusBar().showMessage(status_line(summary), STATUS_MS)
        details = "\n\n".join(r.details for r in summary.results if r.details)
        text = summary_text(summary, meetings)
        if self.import_summary is None:
            self.import_summary = ImportSummaryDialog(text, details, self)
        else:
            self.import_summary.set_summary(text, details)
        self.import_summary.show()
        self.import_summary.raise_()

    def _import_failed(self, error: Exception) -> None:
        """The library itself could not be opened or written (a bad file never gets here)."""
        from companion.ui.messages import member_text

        self._import_ended()
        summary = QCoreApplication.translate(
            "MainWindow", "Nothing could be imported: {error}"
        ).format(error=member_text(error))
        self._show_error(summary, repr(error))
