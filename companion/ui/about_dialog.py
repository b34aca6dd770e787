"""Help > About: the version, the licence and its source, where the program and the data are."""

from __future__ import annotations

import html
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

import companion
from companion import __version__


def program_folder() -> Path:
    """Where the running program is installed (the bundle's folder, or the package's)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(companion.__file__).resolve().parent


def licence_file() -> Path | None:
    """The licence text shipped with the program, where it can be found."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "LICENSE")
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        shipped = distribution("kkr-companion").files or []
        located = [Path(str(file.locate())) for file in shipped if file.name == "LICENSE"]
        candidates += [path for path in located if path.is_absolute()]
    except PackageNotFoundError:
        pass
    candidates.append(Path(companion.__file__).resolve().parents[1] / "LICENSE")  # a checkout
    return next((path for path in candidates if path.is_file()), None)


def folder_link(path: Path) -> str:
    """A link that opens ``path`` in the system's file manager."""
    url = QUrl.fromLocalFile(str(path)).toString()
    return f'<a href="{html.escape(url)}">{html.escape(str(path))}</a>'


class AboutDialog(QDialog):
    """The program's version, licence and source, and the folders of the member's data."""

    def __init__(self, data_dir: Path, config_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        name = self.tr("KKR Meeting Companion")
        self.setWindowTitle(self.tr("About {app}").format(app=name))
        heading = QLabel(f"<h3>{html.escape(name)} {html.escape(__version__)}</h3>")
        summary = QLabel(self.tr("Read KKR Midtjylland's meeting agendas offline."))
        licence = licence_file()
        licence_text = self.tr(
            "Free software under the GNU Affero General Public License, version 3 or "
            "later (AGPL-3.0-or-later). The source: the file LICENSE and the source code "
            "shipped with this program, in the program's folder."
        )
        self.licence_label = QLabel(html.escape(licence_text))
        self.licence_label.setWordWrap(True)
        form = QFormLayout()
        self.folder_labels: dict[str, QLabel] = {}
        rows = [
            ("program", self.tr("Program:"), program_folder()),
            ("data", self.tr("Meetings and notes:"), data_dir),
            ("config", self.tr("Settings:"), config_dir),
        ]
        if licence is not None:
            rows.insert(1, ("licence", self.tr("Licence:"), licence))
        for key, label, path in rows:
            link = QLabel(folder_link(path))
            link.setOpenExternalLinks(True)
            link.setToolTip(self.tr("Open in the file manager"))
            self.folder_labels[key] = link
            form.addRow(label, link)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, summary, self.licence_label):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(buttons)
