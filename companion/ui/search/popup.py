"""Ctrl+K: one search over every meeting's items, attachments and the member's notes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.core.search.index import Hit, SearchFilters
from companion.ui.accessibility import name, name_clear_button
from companion.ui.messages import member_text
from companion.ui.search.results_model import HitRole, ResultsModel, ResultsView
from companion.ui.search.searcher import Answer, Searcher

# How long typing may pause before the search runs.
DEBOUNCE_MS = 200
__all__ = ["DEBOUNCE_MS", "HitRole", "SearchPopup"]


class SearchPopup(QDialog):
    """A search field with filters over grouped results; Enter or a click opens a hit."""

    # The member chose a hit (the `Hit`, and the text searched for).
    hit_chosen = Signal(object, str)

    def __init__(self, searcher: Searcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.setWindowTitle(self.tr("Search"))
        self._searcher = searcher
        self._answer: Answer | None = None
        self._open_on_answer = False  # Enter came before the answer: open its first hit
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(
            self.tr('Search every meeting: words, "a phrase", a case number')
        )
        self.field.setClearButtonEnabled(True)
        name(self.field, self.tr("Search every meeting"))
        name_clear_button(self.field)
        self.field.installEventFilter(self)
        self.kind_boxes = {
            "item": QCheckBox(self.tr("Items")),
            "attachment": QCheckBox(self.tr("Attachments")),
            "note": QCheckBox(self.tr("My notes")),
        }
        self.year_box = QComboBox()
        self.year_box.setObjectName("searchYear")
        self.body_box = QComboBox()
        self.body_box.setObjectName("searchBody")
        name(self.year_box, self.tr("Year"))
        name(self.body_box, self.tr("Body"))
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.model = ResultsModel(self)
        self.results = ResultsView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        name(self.results, self.tr("Search results"))
        self.results.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._layout()
        self._connect()
        self.set_years([])
        self.set_bodies([])
        self.resize(720, 520)
        self._show_state()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Search in:")))
        for box in self.kind_boxes.values():
            box.setChecked(True)
            filters.addWidget(box)
        filters.addStretch(1)
        filters.addWidget(self.body_box)
        filters.addWidget(self.year_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    def _connect(self) -> None:
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self._timer.timeout.connect(self.search_now)
        for box in self.kind_boxes.values():
            box.toggled.connect(lambda _checked: self._timer.start())
        self.year_box.currentIndexChanged.connect(lambda _index: self._timer.start())
        self.body_box.currentIndexChanged.connect(lambda _index: self._timer.start())
        self.results.activated.connect(self._activated)
        self.results.clicked.connect(self._activated)
        self._searcher.answered.connect(self._show_answer)
        self._searcher.failed.connect(self._show_failure)

    # -- filters -----------------------------------------------------------------

    def set_years(self, years: list[int]) -> None:
        """The years the member can keep to (newest first); "All years" first."""
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItem(self.tr("All years"), None)
        for year in sorted(set(years), reverse=True):
            self.year_box.addItem(str(year), year)
        self.year_box.blockSignals(False)

    def set_bodies(self, bodies: list[str]) -> None:
        """The bodies the member can keep to; "All bodies" first."""
        self.body_box.blockSignals(True)
        self.body_box.clear()
        self.body_box.addItem(self.tr("All bodies"), None)
        for body in sorted(set(bodies)):
            self.body_box.addItem(body, body)
        self.body_box.blockSignals(False)

    def filters(self) -> SearchFilters:
        """What the member keeps the search to."""
        kinds = frozenset(kind for kind, box in self.kind_boxes.items() if box.isChecked())
        return SearchFilters(
            body=self.body_box.currentData(),
            year=self.year_box.currentData(),
            kinds=kinds or frozenset({"none"}),
        )

    def _searched_in(self) -> str:
        """The kinds searched, for the empty and "no results" states."""
        chosen = [
            box.text().replace("&", "").lower()
            for box in self.kind_boxes.values()
            if box.isChecked()
        ]
        where = ", ".join(chosen) if chosen else self.tr("nothing (choose what to search in)")
        scope = [self.body_box.currentText(), self.year_box.currentText()]
        return self.tr("{kinds} in {scope}").format(kinds=where, scope=", ".join(scope).lower())

    # -- searching -----------------------------------------------------------------

    def open_popup(self) -> None:
        """Show the popup with the field focused and its text selected."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def search_now(self) -> None:
        """Search for the field's text now (the debounce over)."""
        self._timer.stop()
        text = self.field.text().strip()
        if not text:
            self._answer = None
            self.model.clear()
            self._show_state()
            return
        self._searcher.search(text, self.filters())

    def _show_state(self) -> None:
        self._open_on_answer = False
        self.status.setText(self.tr("Type to search {where}.").format(where=self._searched_in()))

    def _show_answer(self, answer: Answer) -> None:
        if answer.text != self.field.text().strip():
            return  # typed on since
        self._answer = answer
        self.model.set_hits(answer.hits)
        if not answer.hits:
            self._open_on_answer = False
            self.status.setText(
                self.tr('No results for "{query}" in {where}.').format(
                    query=answer.text, where=self._searched_in()
                )
            )
            return
        count = len(answer.hits)
        self.status.setText(
            self.tr("1 result") if count == 1 else self.tr("{count} results").format(count=count)
        )
        self.results.expandAll()
        first = self.model.hit_indexes()[0]
        self.results.setCurrentIndex(first)
        if self._open_on_answer:
            self._activated(first)
        self._open_on_answer = False

    def _show_failure(self, error: Exception) -> None:
        self._open_on_answer = False
        self._answer = None
        self.model.clear()
        self.status.setText(member_text(error))

    # -- choosing ----------------------------------------------------------------------

    @property
    def hit_rows(self) -> list[QModelIndex]:
        """The rows of hits shown, in order (their `Hit` is ``row.data(HitRole)``)."""
        return self.model.hit_indexes()

    def _activated(self, row: QModelIndex) -> None:
        hit = row.data(HitRole)
        if isinstance(hit, Hit) and self._answer is not None:
            self.hit_chosen.emit(hit, self._answer.text)
            self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the field opens the hit selected; Up and Down move through the hits."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.field and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive() or self._answer is None:
                    self._open_on_answer = True
                    self.search_now()
                    return True
                self._activated(self.results.currentIndex())
                return True
            if watched is self.field and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if watched is self.results and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activated(self.results.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _step(self, offset: int) -> None:
        rows = self.hit_rows
        if not rows:
            return
        current = self.results.currentIndex()
        position = rows.index(current) if current in rows else -offset
        self.results.setCurrentIndex(rows[max(0, min(len(rows) - 1, position + offset))])
