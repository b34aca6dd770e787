"""The Danish translation: complete, faithful to its placeholders, and shown by the window."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from companion.ui.find_bar import FindBar
from companion.ui.i18n import (
    TranslationFileError,
    TsTranslator,
    chosen_language,
    read_ts,
    translation_file,
)
from companion.ui.item_view import ItemView

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "companion"
#: Where strings for the window live: the widgets, and core's error templates.
TRANSLATED_DIRS = (PACKAGE_DIR / "ui", PACKAGE_DIR / "core")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def lupdate_sources(tmp_path: Path) -> set[tuple[str, str]]:
    """Every (context, source) string the window's code passes to tr(), as lupdate finds them."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    target = tmp_path / "fresh.ts"
    files = sorted(str(path) for folder in TRANSLATED_DIRS for path in folder.rglob("*.py"))
    subprocess.run(
        [str(lupdate), "-locations", "none", *files, "-ts", str(target)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    import xml.etree.ElementTree as ElementTree

    root = ElementTree.parse(target).getroot()
    return {
        (context.findtext("name", ""), message.findtext("source", ""))
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_string_of_the_window_has_a_danish_translation(tmp_path: Path) -> None:
    danish = read_ts(translation_file("da"))
    missing = sorted(lupdate_sources(tmp_path) - set(danish))
    assert not missing, (
        f"{len(missing)} strings lack a Danish translation (run `make translations` and "
        f"translate them in resources/translations/companion_da.ts): {missing[:10]}"
    )


def test_translations_keep_placeholders_and_accelerators() -> None:
    for (context, source), translated in read_ts(translation_file("da")).items():
        where = f"{context}: {source!r} -> {translated!r}"
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translated)), where
        assert ("&" in source.replace("&&", "")) == ("&" in translated.replace("&&", "")), where


def test_the_window_speaks_danish_with_the_translator(qtbot: QtBot) -> None:
    translator = TsTranslator(read_ts(translation_file("da")), "da")
    app = QCoreApplication.instance()
    assert app is not None
    english = ItemView()
    qtbot.addWidget(english)
    english_text = english.toPlainText()
    assert app.installTranslator(translator)
    try:
        danish = ItemView()
        qtbot.addWidget(danish)
        bar = FindBar(danish)
        qtbot.addWidget(bar)
        assert danish.toPlainText() != english_text
        assert danish.toPlainText() == translator.translate(
            "ItemView", "Choose a meeting item on the left."
        )
    finally:
        app.removeTranslator(translator)
    again = ItemView()
    qtbot.addWidget(again)
    assert again.toPlainText() == english_text, "without the translator: English again"


def test_an_untranslated_string_falls_back_to_english(qtbot: QtBot) -> None:
    translator = TsTranslator({("ItemView", "Case"): "Sag"}, "da")
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        view = ItemView()
        qtbot.addWidget(view)
        assert view.toPlainText() == "Choose a meeting item on the left."
        assert QCoreApplication.translate("ItemView", "Case") == "Sag"
    finally:
        app.removeTranslator(translator)


def test_a_damaged_translation_file_names_itself(tmp_path: Path) -> None:
    damaged = tmp_path / "companion_da.ts"
    damaged.write_text("<TS><context><name>X</name", encoding="utf-8")
    with pytest.raises(TranslationFileError, match="companion_da.ts"):
        read_ts(damaged)
    not_ts = tmp_path / "other.ts"
    not_ts.write_text("<html/>", encoding="utf-8")
    with pytest.raises(TranslationFileError, match="not a Qt translation"):
        read_ts(not_ts)


def test_the_language_is_the_preference_else_the_system() -> None:
    assert chosen_language("DA") == "da"
    assert chosen_language(" en ") == "en"
    assert chosen_language("") != ""
