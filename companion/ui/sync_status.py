"""The sync indicator in the status bar: synced, syncing (with Cancel), offline, sign-in.

A thin view: `SyncStatus` only shows what the `SyncController` tells it and
passes the member's clicks back as signals.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from companion.ui.window_style import themed

if TYPE_CHECKING:
    from companion.ui.sync_controller import SyncProgress, SyncRun

MEGABYTE = 1_000_000
#: Offline and cancelled states are shown in a muted colour; a problem in red (from the palette).
STATUS_STYLE = """
#syncStatusLabel[tone="muted"] { color: @muted; }
#syncStatusLabel[tone="problem"] { color: @problem; }
"""


def megabytes(count: int) -> str:
    """``1.2`` for 1 234 567 bytes: MB with one decimal, as the status bar shows them."""
    return f"{count / MEGABYTE:.1f}"


def clock(when: datetime) -> str:
    """``10:42`` today, ``21-11 10:42`` on another day (local time)."""
    local = when.astimezone() if when.tzinfo else when
    if local.date() == datetime.now().date():
        return local.strftime("%H:%M")
    return local.strftime("%d-%m %H:%M")


class SyncStatus(QWidget):
    """Status-bar widget: one line of text, a small progress bar and two buttons.

    Signals:
        cancel_requested: the member clicked Cancel during a sync.
        sign_in_requested(str): the member wants to sign in to the source with this id.
    """

    cancel_requested = Signal()
    sign_in_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setStyleSheet(themed(STATUS_STYLE, self.palette()))
        self._sign_in_source = ""
        self.label = QLabel()
        self.label.setObjectName("syncStatusLabel")
        self.bar = QProgressBar()
        self.bar.setObjectName("syncProgress")
        self.bar.setTextVisible(False)
        self.bar.setFixedSize(110, 12)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("syncCancel")
        self.cancel_button.setToolTip(self.tr("Stop the sync; what you have stays as it is"))
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self.sign_in_button = QPushButton(self.tr("Sign In..."))
        self.sign_in_button.setObjectName("syncSignIn")
        self.sign_in_button.clicked.connect(
            lambda: self.sign_in_requested.emit(self._sign_in_source)
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 0, 6, 0)
        layout.setSpacing(6)
        for widget in (self.label, self.bar, self.cancel_button, self.sign_in_button):
            layout.addWidget(widget)
        for button in (self.cancel_button, self.sign_in_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._show("", busy=False)
        self.hide()  # until there is something to say: no sources, no indicator

    # -- states ------------------------------------------------------------------

    def show_checking(self, source_name: str) -> None:
        """A sync started, or is reading a feed's index and manifests."""
        self._show(self.tr("Syncing {source}...").format(source=source_name), busy=True)
        self.bar.setRange(0, 0)

    def show_progress(
        self, files_done: int, files_total: int, bytes_done: int, bytes_total: int
    ) -> None:
        """Files are downloading: "Syncing 3 of 7 files, 1.2 of 4.0 MB"."""
        text = self.tr("Syncing {done} of {total} files, {mb_done} of {mb_total} MB").format(
            done=files_done,
            total=files_total,
            mb_done=megabytes(bytes_done),
            mb_total=megabytes(bytes_total),
        )
        self._show(text, busy=True)
        if bytes_total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(min(1000, bytes_done * 1000 // bytes_total))
        else:
            self.bar.setRange(0, 0)

    def show_synced(self, when: datetime, note: str = "") -> None:
        """The last sync succeeded at ``when``; ``note`` says what arrived, if anything."""
        text = self.tr("Synced {time}").format(time=clock(when))
        self._show(f"{text} \u00b7 {note}" if note else text, busy=False)

    def show_offline(self, last_synced: datetime | None) -> None:
        """No source could be reached: "Offline - last synced ..." in a muted colour."""
        if last_synced is None:
            text = self.tr("Offline \u2013 not synced yet")
        else:
            text = self.tr("Offline \u2013 last synced {time}").format(time=clock(last_synced))
        self._show(text, busy=False, tone="muted")

    def show_cancelled(self) -> None:
        """The member cancelled; nothing was changed."""
        self._show(self.tr("Sync cancelled; nothing was changed"), busy=False, tone="muted")

    def show_sign_in_needed(self, source_id: str, source_name: str) -> None:
        """A source refused the sync: "Sign-in needed for <source>" and a Sign In button."""
        self._sign_in_source = source_id
        self._show(
            self.tr("Sign-in needed for {source}").format(source=source_name),
            busy=False,
            tone="problem",
            sign_in=True,
        )

    def show_problem(self, text: str) -> None:
        """A source failed for another reason; ``text`` is the sentence to show."""
        self._show(text, busy=False, tone="problem")

    # -- helpers -------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The line shown."""
        return self.label.text()

    def _cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling..."))
        self.cancel_requested.emit()

    def _show(self, text: str, *, busy: bool, tone: str = "", sign_in: bool = False) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)
        if self.label.property("tone") != tone:
            self.label.setProperty("tone", tone)
            self.label.style().unpolish(self.label)
            self.label.style().polish(self.label)
        self.bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.sign_in_button.setVisible(sign_in)
        self.show()

    # -- what the controller reports

    def show_sync_progress(self, progress: SyncProgress) -> None:
        """Show a progress report of the running sync."""
        if progress.files_total > 0:
            self.show_progress(
                progress.files_done, progress.files_total, progress.bytes_done, progress.bytes_total
            )
        else:
            self.show_checking(progress.source_name)

    def show_run(self, run: SyncRun, last_synced: datetime | None) -> None:
        """Show how a run ended; with no sources at all, show nothing."""
        if not run.results:
            self.hide()
        elif run.cancelled:
            self.show_cancelled()
        elif sign_in := run.with_state("sign-in"):
            self.show_sign_in_needed(sign_in[0].source_id, sign_in[0].source_name)
        elif run.offline:
            self.show_offline(last_synced)
        elif failed := run.with_state("failed") + run.with_state("offline"):
            self.show_problem(
                self.tr("Sync problem with {source}").format(source=failed[0].source_name)
            )
            self.label.setToolTip(failed[0].message)
        else:
            self.show_synced(run.finished, self._changes_note(len(run.changed_meetings)))

    def _changes_note(self, changed: int) -> str:
        if changed == 0:
            return ""
        if changed == 1:
            return self.tr("1 meeting new or updated")
        return self.tr("{count} meetings new or updated").format(count=changed)
