"""Danish (and any other) translations of the window, read from Qt Linguist ``.ts`` files.

The ``.ts`` files in ``resources/translations`` are the source of truth (made
with ``make translations``, translated by hand or in Qt Linguist). They are read
directly, so no compiled ``.qm`` binaries are kept in the repository: a
`TsTranslator` answers Qt's ``tr()`` calls from the parsed messages. English,
the language of the source strings, needs no file.

Qt's own dialogs (the file dialog, message boxes) are translated by the
``qtbase_<language>.qm`` PySide6 ships. Some of its Danish entries are older
than the Qt they ship with: Qt 6's file dialog asks for "&Look in:" and
"Files of &type:", the catalogue has only "Look in:" and "Files of type:", so
those labels stayed English. `MnemonicFallbackTranslator` answers such a
string from the catalogue's entry without the "&" and puts the "&" back.

Compiled once: parsing the ``.ts`` XML at each start and answering every ``tr()``
in Python cost the start its time, so the app compiles the file with
``pyside6-lrelease`` into a cache after its first start (`compile_for_next_start`)
and later starts load that ``.qm`` into a plain `QTranslator` (C++ lookups). The
``.qm`` is named after the ``.ts``'s digest, so an edited ``.ts`` is never answered
from an old ``.qm``; a build may ship one beside the ``.ts`` under the same name.
Without ``pyside6-lrelease`` (a bundle without it) the ``.ts`` is read as before.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from companion.core.resources import resources_dir
from companion.ui.qt_digest import sha256_hex

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

log = logging.getLogger(__name__)

#: The longest a compile of a ``.ts`` file may take (it takes well under a second).
COMPILE_TIMEOUT_S = 60

#: The language of the source strings.
SOURCE_LANGUAGE = "en"
#: Translation states that are not to be shown.
_SKIPPED_TYPES = {"obsolete", "vanished"}

Messages = dict[tuple[str, str], str]


class TranslationFileError(ValueError):
    """A ``.ts`` file cannot be read."""


def translations_dir() -> Path:
    """The folder of the shipped ``.ts`` files."""
    return resources_dir() / "translations"


def translation_file(language: str) -> Path:
    """The ``.ts`` file of ``language`` (a two-letter code such as ``da``)."""
    return translations_dir() / f"companion_{language}.ts"


def read_ts(path: Path) -> Messages:
    """The translated messages of a ``.ts`` file: (context, source) -> translation.

    Empty translations, obsolete ones and messages without a source are left
    out, so Qt falls back to the English source for them.

    Raises:
        TranslationFileError: the file is missing or not a ``.ts`` file.
    """
    import xml.etree.ElementTree as ElementTree  # only when no compiled file is there

    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise TranslationFileError(f"cannot read the translations in {path}: {error}") from error
    if root.tag != "TS":
        raise TranslationFileError(f"{path} is not a Qt translation (.ts) file")
    messages: Messages = {}
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            source = message.findtext("source")
            translated = _translation_text(message.find("translation"))
            if source and translated:
                messages[(name, source)] = translated
    return messages


def _translation_text(element: Element | None) -> str:
    if element is None or element.get("type") in _SKIPPED_TYPES:
        return ""
    forms = element.findall("numerusform")
    return (forms[0].text or "") if forms else (element.text or "")


class TsTranslator(QTranslator):
    """Answers ``tr()`` from messages read out of a ``.ts`` file."""

    def __init__(self, messages: Messages, language: str) -> None:
        super().__init__()
        self._messages = dict(messages)
        self._language = language

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        """The translation of ``source_text`` in ``context``.

        None (a null QString to Qt) when there is none, so Qt falls back to the
        source text; an empty string would blank the label instead.
        """
        return self._messages.get((context, source_text))

    def isEmpty(self) -> bool:
        """True when the translator knows no message."""
        return not self._messages

    def language(self) -> str:
        """The language translated into."""
        return self._language


def mnemonic_removed(text: str) -> tuple[str, str]:
    """``text`` without its mnemonic marker, and the marked letter ("" when none).

    ``"Files of &type:"`` -> ``("Files of type:", "t")``; "&&" is a literal "&".
    """
    at = 0
    while (at := text.find("&", at)) >= 0:
        if text[at + 1 : at + 2] == "&":
            at += 2
            continue
        return text[:at] + text[at + 1 :], text[at + 1 : at + 2]
    return text, ""


def with_mnemonic(text: str, letter: str) -> str:
    """``text`` with "&" before ``letter`` (a word's first letter preferred), else before all.

    ``("Filer af type:", "t")`` -> ``"Filer af &type:"``; ``("Kig i:", "L")`` -> ``"&Kig i:"``.
    """
    if "&" in text.replace("&&", ""):
        return text  # already has one
    lowered, wanted = text.casefold(), letter.casefold()
    starts = [
        i for i, ch in enumerate(lowered) if ch == wanted and (i == 0 or not text[i - 1].isalnum())
    ]
    anywhere = [i for i, ch in enumerate(lowered) if ch == wanted]
    chosen = (starts or anywhere or [0])[0] if wanted else 0
    return text[:chosen] + "&" + text[chosen:]


class MnemonicFallbackTranslator(QTranslator):
    """Qt's own strings with a mnemonic ("&Look in:") from the catalogue's plain entry.

    Install it *before* ``qt_catalogue``: Qt asks the translator installed last
    first, so this one only answers what the catalogue itself does not know.
    """

    def __init__(self, qt_catalogue: QTranslator) -> None:
        super().__init__()
        self._catalogue = qt_catalogue

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        """The catalogue's translation of ``source_text`` without its "&", with it again."""
        plain, letter = mnemonic_removed(source_text)
        if plain == source_text:
            return None
        translated = self._catalogue.translate(context, plain, disambiguation, n)
        return with_mnemonic(translated, letter) if translated else None

    def isEmpty(self) -> bool:
        """True when the catalogue behind it is empty."""
        return self._catalogue.isEmpty()

    def language(self) -> str:
        """The catalogue's language."""
        return self._catalogue.language()


def chosen_language(preference: str) -> str:
    """The language to show: the preference, else the system's (``da_DK`` -> ``da``)."""
    language = preference.strip().lower() or QLocale.system().name().split("_")[0].lower()
    return language or SOURCE_LANGUAGE


def compiled_name(ts_path: Path) -> str:
    """The file name of the ``.qm`` compiled from ``ts_path`` as it is now.

    Named after the digest of the ``.ts``'s bytes: an edited ``.ts`` has another name.
    """
    digest = sha256_hex(ts_path.read_bytes())[:16]
    return f"{ts_path.stem}-{digest}.qm"


def _compiled_translator(ts_path: Path, cache_dir: Path | None) -> QTranslator | None:
    """A translator on the ``.qm`` compiled from ``ts_path`` (shipped or cached), or None."""
    name = compiled_name(ts_path)
    folders = [ts_path.parent] + ([cache_dir] if cache_dir is not None else [])
    for folder in folders:
        translator = QTranslator()
        if (folder / name).is_file() and translator.load(str(folder / name)):
            return translator
    return None


def lrelease_command() -> str | None:
    """The ``pyside6-lrelease`` beside this Python (a venv's), else on the PATH; None if none."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("pyside6-lrelease")


def compile_for_next_start(preference: str, cache_dir: Path) -> Path | None:
    """Compile the chosen language's ``.ts`` into ``cache_dir`` unless already done.

    Run in the background after a start that had to read the ``.ts``. Returns the
    ``.qm`` (None for English, without a ``.ts`` or without ``pyside6-lrelease``).

    Raises:
        OSError, subprocess.SubprocessError: the compile failed (nothing is left behind).
    """
    language = chosen_language(preference)
    ts_path = translation_file(language)
    if language == SOURCE_LANGUAGE or not ts_path.is_file():
        return None
    name = compiled_name(ts_path)
    if (ts_path.parent / name).is_file():
        return ts_path.parent / name  # shipped with the build
    target = cache_dir / name
    if target.is_file():
        return target
    command = lrelease_command()
    if command is None:
        log.info("pyside6-lrelease not found: %s is read at each start", ts_path.name)
        return None
    import subprocess  # here (a worker, after the start): not on the way to the first paint

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".qm.partial")
    try:
        subprocess.run(
            [command, "-silent", str(ts_path), "-qm", str(partial)],
            check=True,
            capture_output=True,
            timeout=COMPILE_TIMEOUT_S,
        )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    for old in target.parent.glob(f"{ts_path.stem}-*.qm"):
        if old != target:
            old.unlink(missing_ok=True)  # compiled from an earlier .ts
    return target


def install_translators(
    app: QCoreApplication, preference: str = "", cache_dir: Path | None = None
) -> list[QTranslator]:
    """Install the app's and Qt's own translations for the chosen language.

    The app's comes from the ``.qm`` compiled from the ``.ts`` (beside it, or in
    ``cache_dir``), else from the ``.ts`` itself. Returns the translators installed
    (keep them alive while the app runs); none for English or a language without a
    file. A damaged translation file is logged and the window stays in English.
    """
    language = chosen_language(preference)
    path = translation_file(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return []
    try:
        compiled = _compiled_translator(path, cache_dir)
        translators: list[QTranslator] = [compiled or TsTranslator(read_ts(path), language)]
    except (OSError, TranslationFileError) as error:
        log.error("%s; the window is shown in English", error)
        return []
    qt_own = QTranslator()  # Qt's standard buttons and dialogs ("Cancel", "Open")
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        # Asked last (installed first): only for what neither catalogue knows.
        translators.insert(0, MnemonicFallbackTranslator(qt_own))
        translators.append(qt_own)
    for translator in translators:
        app.installTranslator(translator)
    return translators
