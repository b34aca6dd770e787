"""The member's sources: list, add (URL, name, sign-in, public key), sign in, remove.

A FirstAgenda site is added on the second tab (`companion.ui.firstagenda_form`).

Secrets go where `companion.core.credentials` keeps them (the OS keyring);
sources.json never holds one. A machine without a keyring gets the keyring's
own explanation and the two alternatives it offers, each chosen knowingly:
keep the secret in a file only the member can read (not encrypted), or type
it at every start of the app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.core.credentials import (
    INSECURE_FILE_WARNING,
    CredentialError,
    KeyringUnavailable,
    SecretStorage,
    forget_secret,
    keyring_available,
    save_secret,
    secret_file,
)
from companion.core.plain_http import sends_secret_in_clear
from companion.core.sources import (
    AuthKind,
    Source,
    SourceError,
    SourceStore,
    check_secret_transport,
)
from companion.ui.firstagenda_form import FirstAgendaForm
from companion.ui.messages import member_text
from companion.ui.tasks import TaskRunner
from companion.ui.window_style import themed

log = logging.getLogger(__name__)

SourceIdRole = Qt.ItemDataRole.UserRole + 1
DIALOG_STYLE = """
#sourceProblem { color: @problem; }
#keyringProblem { background: @tint; border: 1px solid @warning; border-radius: 4px; }
#insecureHttpWarning { background: @problem_tint; border: 1px solid @problem; border-radius: 4px; }
#sourceNote { color: @muted; }
"""

#: Called with (source id, secret) for a secret kept only while the app runs.
RememberSecret = Callable[[str, str], None]


class SourcesDialog(QDialog):
    """List, add, sign in to and remove sources.

    Args:
        store: the member's sources.
        remember_secret: keeps a secret for this session only (sources that "ask").
        runner: runs network requests off the GUI thread (default: the dialog's own).

    Signals:
        sources_changed: a source was added, removed or signed in to (sync again).
    """

    sources_changed = Signal()

    def __init__(
        self,
        store: SourceStore,
        remember_secret: RememberSecret | None = None,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesDialog")
        self.setWindowTitle(self.tr("Sources of Meetings"))
        self.setStyleSheet(themed(DIALOG_STYLE, self.palette()))
        self.store = store
        self._remember_secret = remember_secret
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_list())
        layout.addWidget(self._build_sign_in())
        self.firstagenda_form = FirstAgendaForm(store, runner or TaskRunner(1, self))
        self.firstagenda_form.added.connect(self._site_added)
        self.add_tabs = QTabWidget()
        self.add_tabs.setObjectName("addSourceTabs")
        self.add_tabs.setAccessibleName(self.tr("Add a source"))
        self.add_tabs.addTab(self._build_add(), self.tr("Add a Feed or Package"))
        self.add_tabs.addTab(self.firstagenda_form, self.tr("Add a FirstAgenda Site"))
        layout.addWidget(self.add_tabs)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("sourceProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        layout.addWidget(self._build_keyring_problem())
        self.note_label = QLabel()
        self.note_label.setObjectName("sourceNote")
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        layout.addWidget(self.note_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 640)
        self.refresh()

    # -- building ------------------------------------------------------------------

    def _build_list(self) -> QWidget:
        box = QGroupBox(self.tr("Your sources"))
        self.source_list = QTreeWidget()
        self.source_list.setObjectName("sourceList")
        self.source_list.setRootIsDecorated(False)
        self.source_list.setHeaderLabels(
            [self.tr("Name"), self.tr("Address"), self.tr("Sign-in"), self.tr("Last sync")]
        )
        self.source_list.setColumnWidth(0, 150)
        self.source_list.setColumnWidth(1, 250)
        self.source_list.setColumnWidth(2, 110)
        self.source_list.itemSelectionChanged.connect(self._selection_changed)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(
            self.tr("Stop syncing from this source; the meetings you have stay in the library")
        )
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.source_list)
        layout.addLayout(row)
        return box

    def _build_sign_in(self) -> QWidget:
        self.sign_in_box = QGroupBox(self.tr("Sign in to the selected source"))
        self.sign_in_secret = QLineEdit()
        self.sign_in_secret.setObjectName("signInSecret")
        self.sign_in_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.sign_in_button = QPushButton(self.tr("Save Sign-in"))
        self.sign_in_button.clicked.connect(self.sign_in_selected)
        self.sign_in_secret.returnPressed.connect(self.sign_in_selected)
        layout = QHBoxLayout(self.sign_in_box)
        self.sign_in_label = QLabel(self.tr("Password:"))
        self.sign_in_label.setBuddy(self.sign_in_secret)  # read as the field's name
        layout.addWidget(self.sign_in_label)
        layout.addWidget(self.sign_in_secret, 1)
        layout.addWidget(self.sign_in_button)
        self.sign_in_box.hide()
        return self.sign_in_box

    def _build_add(self) -> QWidget:
        box = QWidget()
        self.location_edit = QLineEdit()
        self.location_edit.setObjectName("sourceLocation")
        self.location_edit.setPlaceholderText(
            self.tr("https://... (a feed), or a folder or package file")
        )
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("sourceName")
        self.name_edit.setPlaceholderText(self.tr("Optional: the server's name is used"))
        self.auth_combo = QComboBox()
        self.auth_combo.setObjectName("sourceAuth")
        for text, kind in (
            (self.tr("No sign-in"), "none"),
            (self.tr("User name and password"), "basic"),
            (self.tr("Access token"), "token"),
        ):
            self.auth_combo.addItem(text, kind)
        self.auth_combo.currentIndexChanged.connect(self._auth_changed)
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("sourceUsername")
        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("sourceSecret")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.public_key_edit = QLineEdit()
        self.public_key_edit.setObjectName("sourcePublicKey")
        self.public_key_edit.setPlaceholderText(
            self.tr("Optional: the publisher's key; unsigned meetings are then refused")
        )
        self.add_button = QPushButton(self.tr("Add Source"))
        self.add_button.setObjectName("addSource")
        self.add_button.clicked.connect(lambda: self.add_source())
        form = QFormLayout(box)
        form.addRow(self.tr("Address:"), self.location_edit)
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Sign-in:"), self.auth_combo)
        form.addRow(self.tr("User name:"), self.username_edit)
        self.secret_row_label = QLabel(self.tr("Password:"))
        form.addRow(self.secret_row_label, self.secret_edit)
        self.secret_row_label.setBuddy(self.secret_edit)  # read as the field's name
        form.addRow(self.tr("Public key:"), self.public_key_edit)
        form.addRow("", self._build_insecure_http_warning())
        form.addRow("", self.add_button)
        self._form = form
        self.location_edit.textChanged.connect(self._update_insecure_http_warning)
        self._auth_changed()
        return box

    def _build_insecure_http_warning(self) -> QWidget:
        """Shown for an http:// address on another machine with a password or token."""
        self.insecure_http_warning = QFrame()
        self.insecure_http_warning.setObjectName("insecureHttpWarning")
        label = QLabel(
            self.tr(
                "This address is not encrypted (http://): your password or token would "
                "cross the network as readable text. Use the https:// address if the "
                "server has one."
            )
        )
        label.setWordWrap(True)
        self.allow_insecure_http = QCheckBox(self.tr("Send my password unencrypted anyway"))
        self.allow_insecure_http.setObjectName("allowInsecureHttp")
        layout = QVBoxLayout(self.insecure_http_warning)
        layout.addWidget(label)
        layout.addWidget(self.allow_insecure_http)
        self.insecure_http_warning.hide()
        return self.insecure_http_warning

    def _update_insecure_http_warning(self) -> None:
        location = self.location_edit.text().strip()
        in_clear = self.auth_combo.currentData() != "none" and sends_secret_in_clear(location)
        self.insecure_http_warning.setVisible(in_clear)
        if not in_clear:
            self.allow_insecure_http.setChecked(False)

    def _build_keyring_problem(self) -> QWidget:
        self.keyring_problem = QFrame()
        self.keyring_problem.setObjectName("keyringProblem")
        self.keyring_label = QLabel()
        self.keyring_label.setWordWrap(True)
        self.file_button = QPushButton(self.tr("Keep It in a File (Not Encrypted)"))
        self.file_button.setObjectName("useSecretFile")
        self.file_button.clicked.connect(lambda: self.add_source("file"))
        self.ask_button = QPushButton(self.tr("Ask Me at Every Start"))
        self.ask_button.setObjectName("askSecret")
        self.ask_button.clicked.connect(lambda: self.add_source("ask"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.file_button)
        buttons.addWidget(self.ask_button)
        layout = QVBoxLayout(self.keyring_problem)
        layout.addWidget(self.keyring_label)
        layout.addLayout(buttons)
        self.keyring_problem.hide()
        return self.keyring_problem

    # -- showing -------------------------------------------------------------------

    def refresh(self) -> None:
        """Read sources.json again and list every source (the selection is kept)."""
        selected = self.selected_source() if self.source_list.selectedItems() else None
        self.source_list.clear()
        try:
            sources = self.store.list()
        except SourceError as error:
            self._show_problem(str(error))
            sources = []
        for source in sources:
            address = source.location
            if source.kind == "firstagenda":
                address = f"{source.location} ({', '.join(source.committees)})"
            row = QTreeWidgetItem(
                [source.name, address, self._auth_text(source), self._last_sync(source)]
            )
            row.setToolTip(1, address)
            row.setData(0, SourceIdRole, source.id)
            row.setToolTip(3, source.last_sync_result or "")
            self.source_list.addTopLevelItem(row)
        if selected is None or not self.select_source(selected.id):
            self._selection_changed()

    def _auth_text(self, source: Source) -> str:
        if source.auth == "none":
            return self.tr("none")
        kind = source.username if source.auth == "basic" else self.tr("token")
        where = {
            "keyring": self.tr("keyring"),
            "file": self.tr("file"),
            "ask": self.tr("asked"),
        }[source.secret_storage]
        if source.secret_in_clear:
            return self.tr("{kind} ({where}, unencrypted)").format(kind=kind, where=where)
        return f"{kind} ({where})"

    def _last_sync(self, source: Source) -> str:
        if source.last_sync is None:
            return self.tr("never")
        when = source.last_sync.astimezone().strftime("%d-%m-%Y %H:%M")
        result = source.last_sync_result or ""
        return when if result == "ok" else f"{when}: {result}"

    def _rows(self) -> list[QTreeWidgetItem]:
        count = self.source_list.topLevelItemCount()
        rows = (self.source_list.topLevelItem(n) for n in range(count))
        return [row for row in rows if row is not None]

    @property
    def source_ids(self) -> list[str]:
        """The ids listed, in order."""
        return [row.data(0, SourceIdRole) for row in self._rows()]

    def selected_source(self) -> Source | None:
        """The selected source, or None."""
        rows = self.source_list.selectedItems()
        if not rows:
            return None
        try:
            return self.store.get(rows[0].data(0, SourceIdRole))
        except SourceError as error:
            self._show_problem(str(error))
            return None

    def select_source(self, source_id: str) -> bool:
        """Select ``source_id``; False when it is not listed."""
        row = next((r for r in self._rows() if r.data(0, SourceIdRole) == source_id), None)
        if row is None:
            return False
        self.source_list.setCurrentItem(row)
        return True

    def _selection_changed(self) -> None:
        source = self.selected_source() if self.source_list.selectedItems() else None
        self.remove_button.setEnabled(source is not None)
        needs_secret = source is not None and source.needs_secret
        self.sign_in_box.setVisible(needs_secret)
        if source is not None and needs_secret:
            self.sign_in_label.setText(self._secret_label(source.auth))
            self.sign_in_box.setTitle(self.tr("Sign in to {name}").format(name=source.name))

    def _secret_label(self, auth: str) -> str:
        return self.tr("Token:") if auth == "token" else self.tr("Password:")

    def _auth_changed(self) -> None:
        auth = self.auth_combo.currentData()
        self.username_edit.setEnabled(auth == "basic")
        self.secret_edit.setEnabled(auth != "none")
        self.secret_row_label.setText(self._secret_label(auth))
        self._update_insecure_http_warning()

    def _show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def _show_note(self, text: str) -> None:
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    # -- actions -------------------------------------------------------------------

    def add_source(self, storage: SecretStorage = "keyring") -> Source | None:
        """Add the source in the form; its secret goes to ``storage``.

        Returns the new source, or None when it was not added (the dialog says why).
        """
        self._show_problem("")
        self._show_note("")
        auth: AuthKind = self.auth_combo.currentData()
        secret = self.secret_edit.text()
        if auth != "none" and not secret:
            self._show_problem(self.tr("Type the password or token of this source."))
            return None
        allow_insecure_http = self.allow_insecure_http.isChecked()
        try:  # before the keyring: no point keeping a secret that will not be sent
            check_secret_transport(self.location_edit.text(), auth, allow_insecure_http)
        except SourceError as error:
            self._show_problem(member_text(error))
            return None
        if auth != "none" and storage == "keyring" and not keyring_available():
            self._offer_alternatives(str(KeyringUnavailable()))
            return None
        try:
            source = self.store.add(
                self.location_edit.text(),
                name=self.name_edit.text(),
                auth=auth,
                username=self.username_edit.text().strip() or None,
                public_key=self.public_key_edit.text().strip() or None,
                secret_storage=storage if auth != "none" else "keyring",
                allow_insecure_http=allow_insecure_http,
            )
        except SourceError as error:
            self._show_problem(member_text(error))
            return None
        if auth != "none" and not self._keep_secret(source, secret):
            self.store.remove(source.id)
            return None
        self.keyring_problem.hide()
        self._clear_form()
        self.refresh()
        self.select_source(source.id)
        self._show_note(self._storage_note(source))
        self.sources_changed.emit()
        return source

    def _site_added(self, source: Source) -> None:
        """A FirstAgenda site was added on its tab: list it, and sync."""
        self._show_problem("")
        self.refresh()
        self.select_source(source.id)
        self.sources_changed.emit()

    def _keep_secret(self, source: Source, secret: str) -> bool:
        """Store ``secret`` where the source says; False (and the problem shown) if refused."""
        try:
            save_secret(source.secret_storage, self.store.config_dir, source.id, secret)
        except KeyringUnavailable as error:
            self._offer_alternatives(str(error))
            return False
        except (CredentialError, OSError) as error:
            self._show_problem(str(error))
            return False
        if source.secret_storage == "ask" and self._remember_secret is not None:
            self._remember_secret(source.id, secret)
        return True

    def _offer_alternatives(self, message: str) -> None:
        self.keyring_label.setText(
            message.replace("--ask", self.tr("ask at every start")).replace(
                "--insecure-file", self.tr("keep it in a file")
            )
        )
        self.keyring_problem.show()

    def _storage_note(self, source: Source) -> str:
        if source.secret_storage == "file" and source.needs_secret:
            path = secret_file(self.store.config_dir, source.id)
            return INSECURE_FILE_WARNING.format(path=path)
        if source.secret_storage == "ask" and source.needs_secret:
            return self.tr(
                "The password or token is kept only until you quit; you will be asked again."
            )
        return ""

    def _clear_form(self) -> None:
        for edit in (
            self.location_edit,
            self.name_edit,
            self.username_edit,
            self.secret_edit,
            self.public_key_edit,
        ):
            edit.clear()
        self.auth_combo.setCurrentIndex(0)

    def sign_in_selected(self) -> bool:
        """Keep the secret typed for the selected source; True when kept."""
        source = self.selected_source()
        secret = self.sign_in_secret.text()
        if source is None or not secret:
            return False
        self._show_problem("")
        if not self._keep_secret(source, secret):
            return False
        self.sign_in_secret.clear()
        self._show_note(self.tr("Signed in to {name}.").format(name=source.name))
        self.sources_changed.emit()
        return True

    def remove_selected(self) -> Source | None:
        """Remove the selected source and forget its secret; returns it."""
        source = self.selected_source()
        if source is None:
            return None
        note = ""
        if source.needs_secret:
            try:
                forget_secret(source.secret_storage, self.store.config_dir, source.id)
            except CredentialError as error:
                note = self.tr("The secret was not removed: {error}").format(error=error)
        try:
            self.store.remove(source.id)
        except SourceError as error:
            self._show_problem(str(error))
            return None
        log.info("Source %s removed in the sources dialog", source.id)
        self.refresh()
        self._show_note(note or self.tr("{name} removed.").format(name=source.name))
        self.sources_changed.emit()
        return source


def open_sources_dialog(
    parent: QWidget,
    config_dir: Path,
    remember_secret: RememberSecret | None = None,
    source_id: str | None = None,
    runner: TaskRunner | None = None,
) -> SourcesDialog:
    """Open the dialog without blocking; ``source_id`` is selected for signing in."""
    dialog = SourcesDialog(SourceStore(config_dir), remember_secret, parent, runner)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if source_id and dialog.select_source(source_id):
        dialog.sign_in_secret.setFocus()
    dialog.open()
    return dialog
