"""The Danish translation compiled once (pyside6-lrelease) answers as the .ts does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from companion.ui.i18n import (
    TsTranslator,
    compile_for_next_start,
    compiled_name,
    install_translators,
    lrelease_command,
    read_ts,
    translation_file,
)


@pytest.fixture
def removed_after(qtbot: QtBot) -> list[QTranslator]:
    """Translators a test installs, removed again afterwards."""
    installed: list[QTranslator] = []
    yield installed
    app = QCoreApplication.instance()
    for translator in installed:
        app.removeTranslator(translator)


def test_the_compiled_translation_answers_every_message_as_the_ts_file(
    tmp_path: Path, removed_after: list[QTranslator]
) -> None:
    assert lrelease_command() is not None, "pyside6-lrelease comes with PySide6"
    cache = tmp_path / "cache"
    compiled = compile_for_next_start("da", cache)
    assert compiled == cache / compiled_name(translation_file("da"))
    assert compiled.is_file()
    app = QCoreApplication.instance()
    translators = install_translators(app, "da", cache)
    removed_after.extend(translators)
    ours = translators[1] if len(translators) > 2 else translators[0]
    assert not isinstance(ours, TsTranslator)  # the .qm, looked up in C++
    messages = read_ts(translation_file("da"))
    assert len(messages) > 500
    for (context, source), danish in messages.items():
        if "%n" in source:
            continue  # plural forms differ by design (the .qm knows them all)
        assert ours.translate(context, source) == danish, (context, source)


def test_without_a_compiled_file_the_ts_is_read_and_compiling_again_is_a_no_op(
    tmp_path: Path, removed_after: list[QTranslator]
) -> None:
    cache = tmp_path / "cache"
    translators = install_translators(QCoreApplication.instance(), "da", cache)
    removed_after.extend(translators)
    assert any(isinstance(t, TsTranslator) for t in translators)
    first = compile_for_next_start("da", cache)
    assert first is not None
    stamp = first.stat().st_mtime_ns
    assert compile_for_next_start("da", cache) == first
    assert first.stat().st_mtime_ns == stamp
    assert compile_for_next_start("en", cache) is None
    assert sorted(path.name for path in cache.iterdir()) == [first.name]


def test_a_qm_of_an_older_ts_is_not_used(tmp_path: Path, removed_after: list[QTranslator]) -> None:
    """An edited .ts must never be answered from the .qm of its earlier text."""
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / "companion_da-0000000000000000.qm"
    stale.write_bytes(b"not the current translation")
    translators = install_translators(QCoreApplication.instance(), "da", cache)
    removed_after.extend(translators)
    assert any(isinstance(t, TsTranslator) for t in translators)
    compile_for_next_start("da", cache)
    assert not stale.exists()  # replaced by the current one
