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
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from companion.core.resources import resources_dir

log = logging.getLogger(__name__)

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


def _translation_text(element: ElementTree.Element | None) -> str:
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


def install_translators(app: QCoreApplication, preference: str = "") -> list[QTranslator]:
    """Install the app's and Qt's own translations for the chosen language.

    Returns the translators installed (keep them alive while the app runs);
    none for English or a language without a file. A damaged translation file
    is logged and the window stays in English.
    """
    language = chosen_language(preference)
    path = translation_file(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return []
    try:
        translators: list[QTranslator] = [TsTranslator(read_ts(path), language)]
    except TranslationFileError as error:
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
