"""Errors shown to the member: a sentence, and details they can copy for support."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from companion.core.errors import render_member_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)


def member_text(error: BaseException) -> str:
    """The sentence for ``error`` in the window's language.

    A core `MemberError` is translated from its English template (context
    ``CoreErrors``) and filled in; any other exception gives its own text.
    """
    return render_member_error(error, QCoreApplication.translate)


class ErrorDialog(QDialog):
    """A non-blocking error dialog: summary, details, "Copy details" and "Close"."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        # Imported here: the modules on the way to the window's first paint import this
        # one (for `member_text`), and these types' enums take 20-40 ms to make.
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import (
            QDialogButtonBox,
            QHBoxLayout,
            QLabel,
            QPlainTextEdit,
            QPushButton,
            QStyle,
            QVBoxLayout,
        )

        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(self.tr("Something went wrong"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details = details
        self.summary_label = QLabel(summary)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(32, 32)
        )
        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.summary_label, 1)
        self.details_view = QPlainTextEdit(details)
        self.details_view.setReadOnly(True)
        self.details_view.setAccessibleName(self.tr("Details"))
        self.details_view.setVisible(bool(details))
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setToolTip(self.tr("Copy the error details to the clipboard"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.details_view)
        layout.addWidget(buttons)
        self.resize(520, 320 if details else 140)

    def copy_details(self) -> None:
        """Put the summary and details on the clipboard."""
        from PySide6.QtWidgets import QApplication

        QApplication.clipboard().setText(f"{self.summary_label.text()}\n\n{self.details}")


def show_error(parent: QWidget | None, summary: str, details: str = "") -> ErrorDialog:
    """Log an error and show it without blocking.

    Args:
        parent: the window the dialog belongs to.
        summary: one sentence for the member: what happened, what to do.
        details: technical details (a traceback) for "Copy details".

    Returns:
        The open dialog.
    """
    log.error("%s\n%s", summary, details)
    dialog = ErrorDialog(summary, details, parent)
    dialog.open()
    return dialog


def ask_yes_no(
    parent: QWidget,
    title: str,
    question: str,
    showing: Callable[[QMessageBox | None], None] | None = None,
) -> bool:
    """Ask a question that only Yes confirms (No is the default); True for Yes.

    ``showing`` is told the box while it is open and None after (tests answer it).
    """
    from PySide6.QtWidgets import QMessageBox

    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    box = QMessageBox(QMessageBox.Icon.Question, title, question, yes | no, parent)
    box.setDefaultButton(no)
    if showing is not None:
        showing(box)
    try:
        box.exec()
        return box.clickedButton() is box.button(yes)
    finally:
        if showing is not None:
            showing(None)
        box.deleteLater()
