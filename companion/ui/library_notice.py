"""How the window speaks about its library: read-only notice, open and import failures.

A library on a read-only disk opens read-only (`Library.read_only`): the window
then shows a notice in the status bar ("Read-only library: changes are off",
the reason in its tooltip) instead of an error. A library that cannot be opened,
and a package that cannot be imported, are reported by the sentence of their
`MemberError` (translated), never by a Python ``repr``.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from companion.core.errors import Cause, MemberError
from companion.ui.messages import member_text

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.ui.tasks import TaskRunner


def is_read_only(error: BaseException) -> bool:
    """True when ``error`` says that changes are off because the library is read-only."""
    return isinstance(error, MemberError) and error.cause is Cause.READ_ONLY


def _details(error: BaseException) -> str:
    """Technical details for "Copy details": none for a sentence, a traceback otherwise."""
    if isinstance(error, MemberError):
        return ""
    return "".join(traceback.format_exception(error))


def library_failure(error: BaseException) -> tuple[str, str]:
    """(summary, details) for a library that cannot be opened or read."""
    summary = QCoreApplication.translate(
        "LibraryNotice", "The library could not be opened: {error}"
    ).format(error=member_text(error))
    return summary, _details(error)


def import_failure(name: str, error: BaseException) -> tuple[str, str]:
    """(summary, details) for a package ``name`` that could not be imported.

    The first line of the error's sentence joins the summary; a package's list of
    problems goes to the details.
    """
    first, _, rest = member_text(error).partition("\n")
    base = QCoreApplication.translate(
        "LibraryNotice", "{name} could not be imported. Nothing in the library was changed."
    )
    summary = f"{base.format(name=name)} {first}"
    details = "\n".join(line.strip() for line in rest.splitlines() if line.strip())
    return summary, details or _details(error)


def _read_only_reason(open_library: Callable[[], Library]) -> MemberError | None:
    library = open_library()
    try:
        return library.read_only_error()
    finally:
        library.close()


class ReadOnlyNotice(QLabel):
    """A status bar notice, shown while the library is read-only (changes are off)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyNotice")
        self.setText(self.tr("Read-only library: changes are off"))
        self.setStyleSheet("QLabel { color: palette(window-text); font-weight: bold; }")
        self.hide()

    def check(self, runner: TaskRunner, open_library: Callable[[], Library]) -> None:
        """Find out in the background whether the library is read-only; show the notice."""
        runner.run(lambda: _read_only_reason(open_library), self._shown, lambda _: None)

    def _shown(self, reason: BaseException | None) -> None:
        self.show_reason(reason)

    def show_reason(self, reason: BaseException | None) -> bool:
        """Show the notice when ``reason`` says changes are off; True when it does."""
        if reason is None or not is_read_only(reason):
            return False
        self.setToolTip(member_text(reason))
        self.show()
        return True
