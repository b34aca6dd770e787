"""Completion of the last name in a comma-separated list ("Anna Hansen, Bo Ni|")."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter

SEPARATOR = ", "


class NameListCompleter(QCompleter):
    """Completes the name being typed after the last comma; keeps the names before it."""

    def __init__(self, names: list[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setModel(QStringListModel(names or [], self))
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def set_names(self, names: list[str]) -> None:
        """The names to offer (each once, in the order given)."""
        model = self.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(list(dict.fromkeys(name for name in names if name.strip())))

    def splitPath(self, path: str) -> list[str]:
        """Match only the name after the last comma."""
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """The whole text: the names typed before, then the chosen one."""
        chosen = str(index.data(Qt.ItemDataRole.DisplayRole))
        widget = self.widget()
        text = widget.text() if widget is not None and hasattr(widget, "text") else ""
        before = [name.strip() for name in text.split(",")[:-1] if name.strip()]
        return SEPARATOR.join([*before, chosen])
