"""Typed settings with defaults, kept apart from the window's state.

Two INI files in the config dir: ``companion.ini`` holds the member's
preferences (typed values with defaults, see `Preferences`), and
``window-state.ini`` holds what the window remembers by itself (geometry,
splitter sizes, the last meeting and item). Deleting the state file resets
the layout without losing preferences.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

PREFERENCES_FILE = "companion.ini"
WINDOW_STATE_FILE = "window-state.ini"

T = TypeVar("T", int, bool, str)


class _Typed(Generic[T]):
    """A descriptor for one typed value in a QSettings, with its default."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default: T = default

    def __get__(self, owner: _Store | None, owner_type: type | None = None) -> T:
        if owner is None:
            return self.default
        value = owner.store.value(self.key, self.default, type=type(self.default))
        return cast(T, value)

    def __set__(self, owner: _Store, value: T) -> None:
        owner.store.setValue(self.key, value)


class _Store:
    """One INI file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.store = QSettings(str(path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self.store.sync()


class Preferences(_Store):
    """The member's preferences (``companion.ini``)."""

    #: Base point size of the item text.
    reading_font_size = _Typed("reading/fontSize", 11)
    #: Import the built-in sample meetings when the library is empty.
    import_samples_when_empty = _Typed("library/importSamplesWhenEmpty", True)
    #: Minutes between automatic syncs of the sources (0: only on start and on request).
    sync_interval_minutes = _Typed("sync/intervalMinutes", 15)
    #: The window's language ("da", "en"; "" follows the system).
    language = _Typed("interface/language", "")
    #: The member's name: author of exports and of annotations in annotated copies
    #: ("": not asked yet; the exports then use the system account's name).
    member_name = _Typed("export/memberName", "")


class WindowState(_Store):
    """What the window remembers (``window-state.ini``)."""

    last_meeting_id = _Typed("session/lastMeeting", "")
    #: The meeting whose session mode was on when the window closed ("": the panes).
    session_mode_meeting_id = _Typed("session/sessionModeMeeting", "")
    #: The folder the last export (notes, bundle, draft minutes) went to ("": none yet).
    last_export_folder = _Typed("export/lastFolder", "")

    def last_item_id(self, meeting_id: str) -> str:
        """The item last shown in ``meeting_id`` ("" when none)."""
        return str(self.store.value(f"lastItem/{meeting_id}", "", type=str))

    def set_last_item_id(self, meeting_id: str, item_id: str) -> None:
        """Remember the item shown in ``meeting_id``."""
        self.store.setValue(f"lastItem/{meeting_id}", item_id)

    def blob(self, key: str) -> QByteArray | None:
        """A saved Qt state (geometry, splitter, ...) or None."""
        value = self.store.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_blob(self, key: str, value: QByteArray) -> None:
        """Save a Qt state under ``key``."""
        self.store.setValue(f"layout/{key}", value)


@dataclass
class Settings:
    """Preferences and window state, both from one config dir."""

    preferences: Preferences
    window_state: WindowState

    @classmethod
    def load(cls, config_dir: Path) -> Settings:
        """Open (or create) the two files in ``config_dir``."""
        return cls(
            Preferences(config_dir / PREFERENCES_FILE),
            WindowState(config_dir / WINDOW_STATE_FILE),
        )

    def sync(self) -> None:
        """Write both files."""
        self.preferences.sync()
        self.window_state.sync()
