"""Adding a municipality's FirstAgenda site in File > Sources...: address, committees, reach.

Three steps in one form: type the site's address, Fetch Committees (the list is
read on the window's `TaskRunner`, never on the GUI thread), tick the committees
you sit in and choose how far back to fetch; Add Site saves the source. A
problem (not a FirstAgenda site, unreachable, no committee ticked) is one
sentence in the window's language (`member_text`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.core.sources import (
    DEFAULT_MONTHS,
    Source,
    SourceError,
    SourceStore,
    normalize_site_url,
)
from companion.core.sources.http import RetryPolicy
from companion.ui.messages import member_text
from companion.ui.tasks import Task, TaskRunner
from companion.ui.window_style import themed

log = logging.getLogger(__name__)

#: The longest reach offered, in months (ten years).
MAX_MONTHS = 120


class FirstAgendaForm(QWidget):
    """The form that adds a FirstAgenda Publication site to the member's sources.

    Args:
        store: the member's sources.
        runner: runs the committee list's request off the GUI thread.
        retry: how patiently the request is tried (default: the client's policy).

    Signals:
        added(Source): a site was added.
    """

    added = Signal(object)

    def __init__(
        self,
        store: SourceStore,
        runner: TaskRunner,
        retry: RetryPolicy | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstAgendaForm")
        self.store = store
        self.retry = retry
        self._runner = runner
        self._task: Task | None = None
        self._site = ""  # the root whose committees are listed
        self.site_edit = QLineEdit()
        self.site_edit.setObjectName("firstAgendaSite")
        self.site_edit.setAccessibleName(self.tr("Address of the agenda site"))
        self.site_edit.setPlaceholderText(self.tr("https://dagsordener-referater.<kommune>.dk"))
        self.site_edit.setToolTip(
            self.tr("The address of the municipality's agenda site (“powered by FirstAgenda”)")
        )
        self.site_edit.returnPressed.connect(self.fetch_committees)
        self.site_edit.textEdited.connect(self._site_edited)
        self.fetch_button = QPushButton(self.tr("Fetch Committees"))
        self.fetch_button.setObjectName("fetchCommittees")
        self.fetch_button.clicked.connect(self.fetch_committees)
        self.status_label = QLabel(
            self.tr("Type the site's address and fetch its committees, then tick yours.")
        )
        self.status_label.setObjectName("firstAgendaStatus")
        self.status_label.setWordWrap(True)
        self.committee_list = QListWidget()
        self.committee_list.setObjectName("committeeList")
        self.committee_list.setAccessibleName(self.tr("Committees"))
        self.committee_list.itemChanged.connect(self._update_add_button)
        self.months_spin = QSpinBox()
        self.months_spin.setObjectName("firstAgendaMonths")
        self.months_spin.setRange(1, MAX_MONTHS)
        self.months_spin.setValue(DEFAULT_MONTHS)
        self.months_spin.setSuffix(self.tr(" months back"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("firstAgendaName")
        self.name_edit.setPlaceholderText(self.tr("Optional: the site's address is used"))
        self.add_button = QPushButton(self.tr("Add Site"))
        self.add_button.setObjectName("addFirstAgendaSite")
        self.add_button.clicked.connect(lambda: self.add_site())
        site_row = QHBoxLayout()
        site_row.addWidget(self.site_edit, 1)
        site_row.addWidget(self.fetch_button)
        form = QFormLayout()
        form.addRow(self.tr("Site:"), site_row)
        form.addRow("", self.status_label)
        form.addRow(self.tr("Committees:"), self.committee_list)
        form.addRow(self.tr("Fetch meetings:"), self.months_spin)
        form.addRow(self.tr("Name:"), self.name_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self._update_add_button()

    # -- state ---------------------------------------------------------------------

    @property
    def fetching(self) -> bool:
        """True while the committee list is being read."""
        return self._task is not None

    @property
    def committees(self) -> list[str]:
        """The committees listed, in the list's order."""
        return [self._row(n).text() for n in range(self.committee_list.count())]

    @property
    def checked_committees(self) -> list[str]:
        """The committees ticked."""
        rows = (self._row(n) for n in range(self.committee_list.count()))
        return [row.text() for row in rows if row.checkState() == Qt.CheckState.Checked]

    def _row(self, number: int) -> QListWidgetItem:
        row = self.committee_list.item(number)
        assert row is not None
        return row

    def set_checked(self, name: str, checked: bool = True) -> bool:
        """Tick (or untick) the committee ``name``; False when it is not listed."""
        for row in (self._row(n) for n in range(self.committee_list.count())):
            if row.text() == name:
                state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                row.setCheckState(state)
                return True
        return False

    def _show_status(self, text: str, problem: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("problem", problem)
        self.status_label.setStyleSheet(
            themed("color: @problem;", self.palette()) if problem else ""
        )

    def _update_add_button(self) -> None:
        self.add_button.setEnabled(bool(self.checked_committees) and not self.fetching)

    def _site_edited(self) -> None:
        """Another address: the committees listed are no longer its own."""
        if self._site and self.site_edit.text().strip() != self._site:
            self.committee_list.clear()
            self._site = ""
            self._update_add_button()

    # -- fetching ------------------------------------------------------------------

    def fetch_committees(self) -> bool:
        """Read the site's committee list on the runner; False when the address is wrong."""
        try:
            root = normalize_site_url(self.site_edit.text())
        except SourceError as error:
            self._show_status(member_text(error), problem=True)
            return False
        if self._task is not None:
            self._task.cancel()
        self.site_edit.setText(root)
        self.committee_list.clear()
        self._site = ""
        self._show_status(self.tr("Fetching the committees of {site}…").format(site=root))
        self.fetch_button.setEnabled(False)
        retry = self.retry

        def fetch() -> list[str]:
            from companion.core.sources.firstagenda.committees import fetch_committees

            return fetch_committees(root, retry=retry)

        self._task = self._runner.run(
            fetch,
            lambda names: self._committees_arrived(root, names),
            self._fetch_failed,
        )
        self._update_add_button()
        return True

    def _committees_arrived(self, root: str, names: list[str]) -> None:
        self._task = None
        self.fetch_button.setEnabled(True)
        self._site = root
        for name in names:
            row = QListWidgetItem(name)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
            self.committee_list.addItem(row)
        if names:
            self._show_status(
                self.tr("{site} lists {count} committees: tick the ones you sit in.").format(
                    site=root, count=len(names)
                )
            )
        else:
            self._show_status(self.tr("{site} lists no committees.").format(site=root), True)
        self._update_add_button()

    def _fetch_failed(self, error: Exception) -> None:
        self._task = None
        self.fetch_button.setEnabled(True)
        log.info("Committees not fetched: %s", error)
        self._show_status(member_text(error), problem=True)
        self._update_add_button()

    # -- adding --------------------------------------------------------------------

    def add_site(self) -> Source | None:
        """Add the site with the ticked committees; None (and the reason shown) if not."""
        if not self._site:
            self._show_status(self.tr("Fetch the site's committees first."), problem=True)
            return None
        try:
            source = self.store.add_firstagenda(
                self._site,
                self.checked_committees,
                months=self.months_spin.value(),
                name=self.name_edit.text(),
            )
        except SourceError as error:
            self._show_status(member_text(error), problem=True)
            return None
        self._show_status(
            self.tr("{name} added: its meetings are fetched now.").format(name=source.name)
        )
        self.committee_list.clear()
        self.site_edit.clear()
        self.name_edit.clear()
        self.months_spin.setValue(DEFAULT_MONTHS)
        self._site = ""
        self._update_add_button()
        self.added.emit(source)
        return source
