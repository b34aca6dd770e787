"""A member's first export on a fresh account: where it goes, the name it carries, its errors.

A real export dialog on the real 2016 meeting with a member's work
(`tests.core.test_export_notes.prepare`), a real settings folder, and a fresh
Danish desktop account made in a temporary home (XDG user-dirs naming the
documents folder ~/Dokumenter, which does not exist yet).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QCoreApplication

from companion.core.library import Library
from companion.core.personal import PersonalStore
from companion.ui.export_dialog import ExportDialog
from companion.ui.i18n import TsTranslator, read_ts
from companion.ui.messages import ErrorDialog
from companion.ui.settings import Settings
from companion.ui.tasks import TaskRunner
from tests.core.test_export_notes import Prepared, prepare
from tests.ui.conftest import LOAD_TIMEOUT_MS

#: This checkout's Danish translations (the ones this change brings).
DANISH_TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "companion_da.ts"
NOTES_NAME = "Noter KKR Midtjylland 2016-11-22"


@pytest.fixture
def danish_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh Danish desktop account whose documents folder (~/Dokumenter) is missing."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Dokumenter"\n')
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home


@pytest.fixture
def prepared(tmp_path: Path) -> Prepared:
    work = tmp_path / "work"
    work.mkdir()
    return prepare(work)


def open_dialog(
    qtbot: object, runner: TaskRunner, prepared: Prepared, settings: Settings
) -> ExportDialog:
    widget = ExportDialog(
        runner,
        lambda: Library(prepared.data_dir),
        lambda: PersonalStore(prepared.personal_path),
        prepared.meeting.id,
        open_when_done=False,
        settings=settings,
    )
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    with qtbot.waitSignal(widget.preview_shown, timeout=LOAD_TIMEOUT_MS):  # type: ignore[attr-defined]
        widget.show()
    return widget


def export(qtbot: object, widget: ExportDialog) -> Path:
    with qtbot.waitSignal(widget.exported, timeout=LOAD_TIMEOUT_MS) as blocker:  # type: ignore[attr-defined]
        widget.export_button.click()
    return Path(blocker.args[0])


def test_first_export_goes_to_the_documents_folder_the_system_names(
    qtbot: object, runner: TaskRunner, tmp_path: Path, prepared: Prepared, danish_home: Path
) -> None:
    """Ctrl+E, Export with the default path, on a fresh account: written in ~/Dokumenter."""
    settings = Settings.load(tmp_path / "config")
    widget = open_dialog(qtbot, runner, prepared, settings)
    documents = danish_home / "Dokumenter"
    # the meeting's name for the file is read in the background: wait for it
    qtbot.waitUntil(lambda: widget.destination() == documents / f"{NOTES_NAME}.pdf")  # type: ignore[attr-defined]
    written = export(qtbot, widget)
    assert written.parent == documents and written.read_bytes().startswith(b"%PDF")
    assert widget.findChild(ErrorDialog) is None
    assert Settings.load(tmp_path / "config").window_state.last_export_folder == str(documents)


def test_the_last_folder_used_is_proposed_next_time(
    qtbot: object, runner: TaskRunner, tmp_path: Path, prepared: Prepared, danish_home: Path
) -> None:
    settings = Settings.load(tmp_path / "config")
    first = open_dialog(qtbot, runner, prepared, settings)
    chosen = tmp_path / "Udvalg" / "Noter.docx"
    chosen.parent.mkdir()
    first.set_format("docx")
    first.set_destination(chosen)
    export(qtbot, first)
    first.close()
    second = open_dialog(qtbot, runner, prepared, settings)
    second.attachments_check.setChecked(True)  # the bundle too
    expected = chosen.parent / f"{NOTES_NAME}.zip"
    qtbot.waitUntil(lambda: second.destination() == expected)  # type: ignore[attr-defined]


def test_the_path_field_shows_the_whole_path(
    qtbot: object, runner: TaskRunner, tmp_path: Path, prepared: Prepared, danish_home: Path
) -> None:
    widget = open_dialog(qtbot, runner, prepared, Settings.load(tmp_path / "config"))
    field = widget.destination_edit
    assert field.cursorPosition() == 0, "the start of the path (its folder) is in view"
    assert field.toolTip() == field.text() == str(widget.destination())
    characters = field.width() / field.fontMetrics().averageCharWidth()
    assert characters >= 45, f"the field shows only about {characters:.0f} characters"
    widget.set_format("docx")
    assert field.cursorPosition() == 0 and field.toolTip().endswith(".docx")
    assert widget.grab().save(str(tmp_path / "export-dialog-path.png"))


def test_the_first_export_asks_the_members_name_for_the_annotations(
    qtbot: object, runner: TaskRunner, tmp_path: Path, prepared: Prepared, danish_home: Path
) -> None:
    settings = Settings.load(tmp_path / "config")
    widget = open_dialog(qtbot, runner, prepared, settings)
    assert widget.name_edit.isVisible() and widget.name_edit.text()  # the account's name
    widget.name_edit.setText("Anne Sørensen")
    widget.attachments_check.setChecked(True)
    widget.set_destination(tmp_path / "eksport.zip")
    bundle = export(qtbot, widget)
    assert settings.preferences.member_name == "Anne Sørensen"
    with zipfile.ZipFile(bundle) as archive:
        agenda = archive.read("Dagsorden med markeringer.pdf")
    with pymupdf.open("pdf", agenda) as pdf:
        authors = {annotation.info["title"] for page in pdf for annotation in page.annots()}
    assert authors == {"Anne Sørensen"}
    widget.close()
    again = open_dialog(qtbot, runner, prepared, settings)
    assert not again.name_edit.isVisible(), "asked once"
    assert again.author() == "Anne Sørensen"


@pytest.fixture
def danish(qtbot: object) -> Iterator[None]:
    """The window in Danish (this checkout's translations)."""
    translator = TsTranslator(read_ts(DANISH_TS), "da")
    app = QCoreApplication.instance()
    assert app is not None and app.installTranslator(translator)
    yield
    app.removeTranslator(translator)


def test_a_missing_folder_is_a_danish_sentence_in_a_danish_window(
    qtbot: object, runner: TaskRunner, tmp_path: Path, prepared: Prepared, danish: None
) -> None:
    widget = open_dialog(qtbot, runner, prepared, Settings.load(tmp_path / "config"))
    target = tmp_path / "mappe der mangler" / "noter.pdf"
    widget.set_destination(target)
    widget.export_button.click()
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: widget.findChild(ErrorDialog) is not None, timeout=LOAD_TIMEOUT_MS
    )
    text = widget.findChild(ErrorDialog).summary_label.text()
    assert "No such file" not in text and "Could not" not in text, text
    assert text.startswith(f"Kunne ikke skrive til {target}:") and "findes ikke" in text, text
