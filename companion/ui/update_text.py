"""The words for an item's update mark, shared by the agenda and the item view.

Kept apart from `companion.ui.agenda_model` so that showing an item does not
import the agenda's model (and the personal store and meeting list it uses).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from companion.core.revisions import NEW, UpdateMark


def mark_text(mark: UpdateMark) -> str:
    """``Updated since you read it (version 2, 22-11-2026)`` (translated)."""
    translate = QCoreApplication.translate
    if mark.kind == NEW:
        text = translate("AgendaModel", "New since you first read this meeting")
    else:
        text = translate("AgendaModel", "Updated since you read it")
    version = translate("AgendaModel", "version {n}").format(n=mark.version)
    if mark.date is None:
        return f"{text} ({version})"
    return f"{text} ({version}, {mark.date.astimezone().strftime('%d-%m-%Y')})"
