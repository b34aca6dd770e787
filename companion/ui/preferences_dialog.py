"""The Preferences dialog: language, text size, sync interval, the sample meetings, your name.

It edits the typed `Preferences` of companion.ini. OK writes what the member
changed (and only that: a value the dialog cannot show, such as a language it
does not know, stays as it was unless the member picks another) and emits
`PreferencesDialog.applied` with the changes, so the window can apply the text
size and the sync interval at once; Cancel writes nothing. The language takes
effect at the next start.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.ui.settings import Preferences, Settings
from companion.ui.window_style import themed

log = logging.getLogger(__name__)

#: The text size of the item view, in points.
FONT_SIZE_RANGE = (8, 24)
#: Minutes between automatic syncs; 0 syncs only on start and on request.
SYNC_INTERVAL_RANGE = (0, 240)
#: The languages offered besides the system's, by their own names (never translated).
LANGUAGES = (("da", "Dansk"), ("en", "English"))

#: The names of the preferences the dialog edits (the keys of `applied`'s dict).
FONT_SIZE = "reading_font_size"
SYNC_INTERVAL = "sync_interval_minutes"
LANGUAGE = "language"
IMPORT_SAMPLES = "import_samples_when_empty"
MEMBER_NAME = "member_name"
PREFERENCE_NAMES = (LANGUAGE, FONT_SIZE, SYNC_INTERVAL, IMPORT_SAMPLES, MEMBER_NAME)
#: The colour of the explanations below the fields (as the session view's key legend).
NOTE_STYLE = "color: @muted;"


class PreferencesDialog(QDialog):
    """Edit the member's preferences.

    Args:
        settings: the app's settings; OK writes ``settings.preferences`` and syncs.
        parent: the window.

    Signals:
        applied(dict): after OK, the preferences that changed: their `Preferences`
            attribute names (``reading_font_size``, ``sync_interval_minutes``,
            ``language``, ``import_samples_when_empty``, ``member_name``) mapped to
            the new values.
            Not emitted when nothing changed.
    """

    applied = Signal(dict)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = settings
        self._init_widgets()
        self._init_layout()
        self._show_values(self._stored_values())
        self._shown = self.values()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._button_clicked)

    # -- building

    def _init_widgets(self) -> None:
        self.language_combo = QComboBox()
        self.language_combo.addItem(self.tr("System language"), "")
        for code, name in LANGUAGES:
            self.language_combo.addItem(name, code)
        self.language_note = _note(self.tr("A new language is used from the next start."))
        self.font_size_spin = QSpinBox()
        self.font_size_spin.setRange(*FONT_SIZE_RANGE)
        self.font_size_spin.setSuffix(self.tr(" pt"))
        self.sync_interval_spin = QSpinBox()
        self.sync_interval_spin.setRange(*SYNC_INTERVAL_RANGE)
        self.sync_interval_spin.setSingleStep(5)
        self.sync_interval_spin.setSuffix(self.tr(" minutes"))
        self.sync_interval_spin.setSpecialValueText(self.tr("Only on start and on request"))
        self.sync_note = _note(
            self.tr("Sync Now (in the File menu) gets new meetings at any time.")
        )
        self.import_samples_check = QCheckBox(
            self.tr("Add the sample meetings when the library is empty")
        )
        self.member_name_edit = QLineEdit()
        self.member_name_edit.setMinimumWidth(
            self.member_name_edit.fontMetrics().averageCharWidth() * 32
        )
        self.member_name_note = _note(
            self.tr("The author of your exports and of your notes in annotated PDF copies.")
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )

    def _init_layout(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("&Language:"), self.language_combo)
        form.addRow("", self.language_note)
        form.addRow(self.tr("&Text size:"), self.font_size_spin)
        form.addRow(self.tr("&Sync the sources every:"), self.sync_interval_spin)
        form.addRow("", self.sync_note)
        form.addRow("", self.import_samples_check)
        form.addRow(self.tr("Your &name:"), self.member_name_edit)
        form.addRow("", self.member_name_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # -- values

    def _stored_values(self) -> dict[str, Any]:
        preferences = self._settings.preferences
        return {name: getattr(preferences, name) for name in PREFERENCE_NAMES}

    @staticmethod
    def _default_values() -> dict[str, Any]:
        return {name: getattr(Preferences, name) for name in PREFERENCE_NAMES}

    def _show_values(self, values: dict[str, Any]) -> None:
        self._select_language(str(values[LANGUAGE]))
        self.font_size_spin.setValue(int(values[FONT_SIZE]))
        self.sync_interval_spin.setValue(int(values[SYNC_INTERVAL]))
        self.import_samples_check.setChecked(bool(values[IMPORT_SAMPLES]))
        self.member_name_edit.setText(str(values[MEMBER_NAME]))

    def _select_language(self, code: str) -> None:
        """Select ``code``; a code the dialog does not offer is shown as it is, and kept."""
        index = self.language_combo.findData(code)
        if index < 0:
            log.info("The stored language %r is not one the dialog offers", code)
            self.language_combo.addItem(code, code)
            index = self.language_combo.count() - 1
        self.language_combo.setCurrentIndex(index)

    def values(self) -> dict[str, Any]:
        """The values the dialog shows, by preference name."""
        return {
            LANGUAGE: str(self.language_combo.currentData()),
            FONT_SIZE: self.font_size_spin.value(),
            SYNC_INTERVAL: self.sync_interval_spin.value(),
            IMPORT_SAMPLES: self.import_samples_check.isChecked(),
            MEMBER_NAME: " ".join(self.member_name_edit.text().split()),
        }

    def changes(self) -> dict[str, Any]:
        """The values the member changed in the dialog, by preference name."""
        return {name: value for name, value in self.values().items() if value != self._shown[name]}

    # -- buttons

    def _button_clicked(self, button: QAbstractButton) -> None:
        role = self.buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.ResetRole:
            self._show_values(self._default_values())

    def accept(self) -> None:
        """Save the changed preferences, tell the window, and close."""
        changes = self.changes()
        preferences = self._settings.preferences
        for name, value in changes.items():
            setattr(preferences, name, value)
        self._settings.sync()
        if changes:
            log.info("Preferences changed: %s", ", ".join(sorted(changes)))
            self.applied.emit(changes)
        super().accept()


def _note(text: str) -> QLabel:
    """A small grey explanation below a field."""
    label = QLabel(text)
    label.setStyleSheet(themed(NOTE_STYLE, label.palette()))
    return label
