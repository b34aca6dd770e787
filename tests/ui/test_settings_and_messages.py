"""Typed settings with defaults, window state apart, and the error dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.messages import ErrorDialog, show_error
from companion.ui.settings import Preferences, Settings


def test_preferences_have_typed_defaults_and_persist(qapp: QApplication, config_dir: Path) -> None:
    settings = Settings.load(config_dir)
    assert settings.preferences.reading_font_size == 11
    assert settings.preferences.import_samples_when_empty is True
    settings.preferences.reading_font_size = 13
    settings.preferences.import_samples_when_empty = False
    settings.sync()
    again = Settings.load(config_dir)
    assert again.preferences.reading_font_size == 13
    assert isinstance(again.preferences.reading_font_size, int)
    assert again.preferences.import_samples_when_empty is False
    assert Preferences.reading_font_size == 11  # the class exposes the default


def test_window_state_lives_in_its_own_file(qapp: QApplication, config_dir: Path) -> None:
    settings = Settings.load(config_dir)
    settings.window_state.last_meeting_id = "kkr-midtjylland-2016-11-22"
    settings.window_state.set_last_item_id("kkr-midtjylland-2016-11-22", "item-3-2")
    settings.window_state.set_blob("mainSplitter", QByteArray(b"\x00\x01state"))
    settings.sync()
    assert "lastMeeting" in (config_dir / "window-state.ini").read_text()
    prefs_file = config_dir / "companion.ini"
    assert not prefs_file.exists() or "lastMeeting" not in prefs_file.read_text()
    again = Settings.load(config_dir).window_state
    assert again.last_meeting_id == "kkr-midtjylland-2016-11-22"
    assert again.last_item_id("kkr-midtjylland-2016-11-22") == "item-3-2"
    assert again.last_item_id("other") == ""
    assert again.blob("mainSplitter") == QByteArray(b"\x00\x01state")
    assert again.blob("geometry") is None


def test_error_dialog_shows_summary_and_copies_details(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = show_error(parent, "The meeting could not be opened.", "Traceback: boom")
    assert isinstance(dialog, ErrorDialog)
    assert dialog.isVisible()
    assert dialog.summary_label.text() == "The meeting could not be opened."
    assert dialog.details_view.toPlainText() == "Traceback: boom"
    dialog.copy_button.click()
    assert dialog.isVisible()  # copying does not close the dialog
    clipboard = QApplication.clipboard().text()
    assert "The meeting could not be opened." in clipboard and "Traceback: boom" in clipboard
    dialog.close()
