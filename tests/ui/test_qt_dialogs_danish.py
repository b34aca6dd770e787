"""Qt's own dialogs speak Danish with the window: the file dialog's labels, buttons, tips.

Qt's Danish catalogue (qtbase_da.qm, shipped with PySide6) is real; the file
dialog is Qt's own widget dialog (non-native), offscreen, as on a machine
without a platform file dialog.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from companion.ui.i18n import (
    MnemonicFallbackTranslator,
    install_translators,
    mnemonic_removed,
    with_mnemonic,
)


@pytest.fixture
def danish(qtbot: QtBot) -> Iterator[list[QTranslator]]:
    """The translators the app installs when Danish is chosen; removed afterwards."""
    app = QCoreApplication.instance()
    assert app is not None
    translators = install_translators(app, "da")
    yield translators
    for translator in translators:
        app.removeTranslator(translator)


def test_qts_own_strings_are_danish_with_danish_chosen(danish: list[QTranslator]) -> None:
    assert any(isinstance(t, MnemonicFallbackTranslator) for t in danish)
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Kig i:"
    assert QCoreApplication.translate("QFileDialog", "Files of type:") == "Filer af type:"
    # What Qt 6's file dialog asks for: with mnemonics the catalogue lacks.
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Kig i:"
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "Filer af &type:"
    assert QCoreApplication.translate("QFileDialog", "File &name:") == "&Filnavn:"  # as is
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuller"


def test_a_file_dialog_shows_danish_labels(qtbot: QtBot, danish: list[QTranslator]) -> None:
    dialog = QFileDialog(None, "Gem udkast til referat")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setNameFilter("Word-dokument (*.docx)")
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    assert labels == {"&Kig i:", "&Filnavn:", "Filer af &type:"}
    buttons = {button.text() for button in dialog.findChildren(QPushButton)}
    assert {"&Åbn", "Annuller"} <= buttons
    tips = {button.toolTip() for button in dialog.findChildren(QToolButton)}
    assert {"Tilbage", "Opret ny mappe", "Listevisning"} <= tips


def test_english_stays_english(qtbot: QtBot) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    assert install_translators(app, "en") == []
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    assert "&Look in:" in {label.text() for label in dialog.findChildren(QLabel)}


@pytest.mark.parametrize(
    ("source", "plain", "letter"),
    [
        ("&Look in:", "Look in:", "L"),
        ("Files of &type:", "Files of type:", "t"),
        ("Save && Close", "Save && Close", ""),
        ("R&&D &Notes", "R&&D Notes", "N"),
    ],
)
def test_the_mnemonic_is_found(source: str, plain: str, letter: str) -> None:
    assert mnemonic_removed(source) == (plain, letter)


@pytest.mark.parametrize(
    ("text", "letter", "marked"),
    [
        ("Filer af type:", "t", "Filer af &type:"),
        ("Kig i:", "L", "&Kig i:"),
        ("Gem", "m", "Ge&m"),
        ("&Gem", "g", "&Gem"),
    ],
)
def test_the_mnemonic_is_put_back(text: str, letter: str, marked: str) -> None:
    assert with_mnemonic(text, letter) == marked
