"""The library's sentences for the member, and `LibraryError` that carries them."""

from __future__ import annotations

from companion.core.errors import QT_TRANSLATE_NOOP, MemberError


class LibraryError(MemberError):
    """A library problem, worded as a sentence for the member (translated by the window)."""

    @classmethod
    def from_member_error(cls, error: MemberError) -> LibraryError:
        """The same sentence (template, cause and values) as a `LibraryError`."""
        return cls(error.template, error.cause, **error.params)


# The sentences of the library, marked for translation (context CoreErrors).
_NOT_IN_LIBRARY = QT_TRANSLATE_NOOP("CoreErrors", "The meeting {meeting_id} is not in the library.")
_VERSION_NOT_IN_LIBRARY = QT_TRANSLATE_NOOP(
    "CoreErrors", "Version {version} of the meeting {meeting_id} is not in the library."
)
_VERSION_OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The meeting {meeting_id} has version {version}; a version must be a whole number "
    "from 1 to 9223372036854775807.",
)
_NOT_A_CHECKSUM = QT_TRANSLATE_NOOP("CoreErrors", "{value} is not a sha256 checksum.")
_NEWER_SCHEMA = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The library database {path} was written by a newer version of the companion "
    "(schema {found}, this version knows {known}). Update the companion to open it.",
)
_OLDER_SCHEMA_READ_ONLY = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The library database {path} was written by an older version of the companion and "
    "must be updated, but it is read-only. Open it once from a folder you can write to.",
)
_DAMAGED = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The library database {path} is damaged and cannot be read. It is only a copy of "
    "the meetings: move it away and import the meetings again.",
)
_READ_ONLY_DISK = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Changes are off: the library {path} is on a read-only disk or share. You can read "
    "the meetings, but not import, remove or sync them; to do that, use a library "
    "folder you can write to.",
)
_READ_ONLY_FILE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Changes are off: the library database {path} is a read-only file. You can read "
    "the meetings, but not import, remove or sync them; to do that, make the file "
    "writable or use another library folder.",
)
_READ_ONLY_FOLDER = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Changes are off: you do not have permission to change the library folder {path}. "
    "You can read the meetings, but not import, remove or sync them; to do that, ask "
    "your IT support for access or use another library folder.",
)
