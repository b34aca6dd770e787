"""The Preferences dialog on real settings files: OK saves what changed, Cancel nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.ui.preferences_dialog import PreferencesDialog
from companion.ui.settings import Settings
from companion.ui.tasks import TaskRunner
from tests.ui.conftest import open_window

Button = QDialogButtonBox.StandardButton


def _dialog(qtbot: QtBot, settings: Settings) -> PreferencesDialog:
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _click(qtbot: QtBot, dialog: PreferencesDialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


def test_ok_saves_every_preference_and_names_the_changes(
    qtbot: QtBot, config_dir: Path, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, Settings.load(config_dir))
    assert dialog.language_combo.currentData() == ""  # the defaults are shown
    assert dialog.font_size_spin.value() == 11
    assert dialog.sync_interval_spin.value() == 15
    assert dialog.import_samples_check.isChecked()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("da"))
    dialog.font_size_spin.setValue(16)
    dialog.sync_interval_spin.setValue(0)
    dialog.import_samples_check.setChecked(False)
    assert dialog.sync_interval_spin.text() == "Only on start and on request"
    assert dialog.grab().save(str(tmp_path / "preferences-dialog.png"))
    with qtbot.waitSignal(dialog.applied) as blocker:
        _click(qtbot, dialog, Button.Ok)
    assert blocker.args == [
        {
            "language": "da",
            "reading_font_size": 16,
            "sync_interval_minutes": 0,
            "import_samples_when_empty": False,
        }
    ]
    assert not dialog.isVisible()
    again = Settings.load(config_dir).preferences
    assert again.language == "da"
    assert again.reading_font_size == 16
    assert again.sync_interval_minutes == 0
    assert again.import_samples_when_empty is False


def test_the_members_name_is_edited_here(qtbot: QtBot, config_dir: Path) -> None:
    """The name the first export asked for (the author of exports) can be changed later."""
    settings = Settings.load(config_dir)
    settings.preferences.member_name = "Anne Sørensen"
    dialog = _dialog(qtbot, settings)
    assert dialog.member_name_edit.text() == "Anne Sørensen"
    dialog.member_name_edit.setText("  Anne  Sørensen Holm ")
    with qtbot.waitSignal(dialog.applied) as blocker:
        _click(qtbot, dialog, Button.Ok)
    assert blocker.args == [{"member_name": "Anne Sørensen Holm"}]
    assert Settings.load(config_dir).preferences.member_name == "Anne Sørensen Holm"


def test_cancel_writes_nothing(qtbot: QtBot, config_dir: Path) -> None:
    settings = Settings.load(config_dir)
    settings.preferences.reading_font_size = 13
    settings.sync()
    dialog = _dialog(qtbot, settings)
    assert dialog.font_size_spin.value() == 13
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.font_size_spin.setValue(20)
    dialog.sync_interval_spin.setValue(60)
    dialog.import_samples_check.setChecked(False)
    with qtbot.assertNotEmitted(dialog.applied):
        _click(qtbot, dialog, Button.Cancel)
    assert not dialog.isVisible()
    again = Settings.load(config_dir).preferences
    assert (again.language, again.reading_font_size) == ("", 13)
    assert (again.sync_interval_minutes, again.import_samples_when_empty) == (15, True)


def test_ok_writes_only_what_changed_and_keeps_an_unknown_language(
    qtbot: QtBot, config_dir: Path
) -> None:
    settings = Settings.load(config_dir)
    settings.preferences.language = "de"  # set by hand in companion.ini
    settings.preferences.reading_font_size = 30  # beyond what the spin box offers
    settings.sync()
    dialog = _dialog(qtbot, settings)
    assert dialog.language_combo.currentText() == "de"
    dialog.sync_interval_spin.setValue(30)
    with qtbot.waitSignal(dialog.applied) as blocker:
        _click(qtbot, dialog, Button.Ok)
    assert blocker.args == [{"sync_interval_minutes": 30}]
    again = Settings.load(config_dir).preferences
    assert (again.language, again.reading_font_size, again.sync_interval_minutes) == ("de", 30, 30)


def test_ok_without_changes_emits_nothing(qtbot: QtBot, config_dir: Path) -> None:
    dialog = _dialog(qtbot, Settings.load(config_dir))
    dialog.font_size_spin.setValue(14)
    dialog.font_size_spin.setValue(11)  # and back
    with qtbot.assertNotEmitted(dialog.applied):
        _click(qtbot, dialog, Button.Ok)
    assert not (config_dir / "companion.ini").exists() or "fontSize" not in (
        config_dir / "companion.ini"
    ).read_text(encoding="utf-8")


def test_restore_defaults_then_ok_saves_the_defaults(qtbot: QtBot, config_dir: Path) -> None:
    settings = Settings.load(config_dir)
    settings.preferences.language = "en"
    settings.preferences.reading_font_size = 18
    settings.preferences.sync_interval_minutes = 120
    settings.preferences.import_samples_when_empty = False
    settings.sync()
    dialog = _dialog(qtbot, settings)
    _click(qtbot, dialog, Button.RestoreDefaults)
    assert dialog.isVisible()  # restoring only fills in the fields
    with qtbot.waitSignal(dialog.applied) as blocker:
        _click(qtbot, dialog, Button.Ok)
    assert blocker.args[0] == {
        "language": "",
        "reading_font_size": 11,
        "sync_interval_minutes": 15,
        "import_samples_when_empty": True,
    }
    again = Settings.load(config_dir).preferences
    assert (again.language, again.reading_font_size, again.sync_interval_minutes) == ("", 11, 15)
    assert again.import_samples_when_empty is True


def test_the_fields_keep_to_their_ranges(qtbot: QtBot, config_dir: Path) -> None:
    dialog = _dialog(qtbot, Settings.load(config_dir))
    dialog.font_size_spin.setValue(40)
    dialog.sync_interval_spin.setValue(1000)
    assert dialog.font_size_spin.value() == 24
    assert dialog.sync_interval_spin.value() == 240
    dialog.font_size_spin.setValue(2)
    assert dialog.font_size_spin.value() == 8
    languages = [dialog.language_combo.itemData(i) for i in range(dialog.language_combo.count())]
    assert languages == ["", "da", "en"]


def test_the_window_applies_the_text_size_and_sync_interval_at_once(
    qtbot: QtBot, runner: TaskRunner, attachment_data_dir: Path, config_dir: Path
) -> None:
    window = open_window(qtbot, runner, attachment_data_dir, config_dir, seed=False)
    window.preferences_action.trigger()  # File > Preferences...
    dialog = window.preferences_dialog
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    dialog.font_size_spin.setValue(18)
    dialog.sync_interval_spin.setValue(5)
    _click(qtbot, dialog, Button.Ok)
    assert window.item_view.document().defaultFont().pointSize() == 18
    assert window.sync_controller.auto_timer.interval() == 5 * 60_000
    assert window.sync_controller.auto_timer.isActive()
    assert Settings.load(config_dir).preferences.reading_font_size == 18
    assert Settings.load(config_dir).preferences.sync_interval_minutes == 5
