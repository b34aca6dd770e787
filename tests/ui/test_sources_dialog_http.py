"""The Sources dialog warns about a password over plain http and asks the member to insist."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from companion.core.credentials import KEYRING_SERVICE
from companion.core.sources import SourceStore
from companion.ui.sources_dialog import SourcesDialog
from tests.core.test_credentials import MemoryKeyring

TOKEN = "tok-dialog-very-secret"
REMOTE = "http://dagsorden.example.dk/feed/"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The keyring package with an in-memory backend (the OS keyring cannot run here)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_token_over_plain_http_needs_the_members_consent(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = SourceStore(tmp_path)
    dialog = SourcesDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    warning, consent = dialog.insecure_http_warning, dialog.allow_insecure_http

    dialog.location_edit.setText(REMOTE)
    assert not warning.isVisible()  # no sign-in: nothing secret to send
    dialog.auth_combo.setCurrentIndex(dialog.auth_combo.findData("token"))
    assert warning.isVisible() and not consent.isChecked()
    dialog.location_edit.setText("http://127.0.0.1:8080/feed/")
    assert not warning.isVisible()  # loopback never leaves the machine
    dialog.location_edit.setText(REMOTE.replace("http:", "https:"))
    assert not warning.isVisible()

    dialog.location_edit.setText(REMOTE)
    dialog.secret_edit.setText(TOKEN)
    assert dialog.add_source() is None
    assert f"{REMOTE} is not encrypted (http)" in dialog.problem_label.text()
    assert store.list() == [] and memory_keyring.entries == {}

    qtbot.mouseClick(consent, Qt.MouseButton.LeftButton, pos=QPoint(8, consent.height() // 2))
    assert consent.isChecked()
    source = dialog.add_source()
    assert source is not None and source.allow_insecure_http
    assert store.get(source.id).allow_insecure_http
    assert memory_keyring.entries == {(KEYRING_SERVICE, source.id): TOKEN}
    row = dialog.source_list.topLevelItem(0)
    assert row is not None and row.text(2) == "token (keyring, unencrypted)"
    assert not warning.isVisible() and not consent.isChecked()  # the form was cleared
    dialog.grab().save(str(tmp_path / "dialog.png"))
