"""Help > About names the version, the licence and its source, and the member's folders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from companion import __version__
from companion.ui.about_dialog import AboutDialog, licence_file, program_folder


def test_about_names_version_licence_and_folders(qtbot: QtBot, tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    dialog = AboutDialog(data, config)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(type(dialog.licence_label))]
    assert any(__version__ in text for text in texts)
    assert "AGPL-3.0-or-later" in dialog.licence_label.text()
    assert "source code shipped with this program" in dialog.licence_label.text()
    for key, folder in (("data", data), ("config", config), ("program", program_folder())):
        link = dialog.folder_labels[key]
        assert link.openExternalLinks()
        assert f'href="{QUrl.fromLocalFile(str(folder)).toString()}"' in link.text()
    licence = licence_file()
    assert licence is not None and "GNU AFFERO GENERAL PUBLIC LICENSE" in licence.read_text()
    assert licence.is_absolute()
    assert f">{licence}</a>" in dialog.folder_labels["licence"].text()
