"""Errors the member reads: one sentence that names the real cause and what to do.

Core has no Qt, yet the window speaks Danish. So a `MemberError` carries an
English *template* with ``{named}`` placeholders and its values; the command
line prints it as it is (``str(error)``), and the window translates the
template (``companion.ui.messages.member_text``) before filling it in. Every
template is marked with `QT_TRANSLATE_NOOP` so ``make translations`` collects
it into the ``.ts`` file under the context `CONTEXT`.

`describe_os_error` and `describe_sqlite_error` turn a low-level failure into
the sentence for its cause: a full disk, a read-only disk, missing
permission, a file locked by another program, a damaged file or a missing
folder, never a raw ``OSError`` or ``sqlite3.OperationalError`` text.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path

# The translation context of every core template.
CONTEXT = "CoreErrors"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    return text


class Cause(Enum):
    """What really went wrong, so callers can react (and tests can check)."""

    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    PERMISSION = "permission"
    LOCKED = "locked"
    DAMAGED = "damaged"
    MISSING = "missing"
    IN_THE_WAY = "in_the_way"
    INVALID = "invalid"
    IO = "io"
    OTHER = "other"


Translate = Callable[[str, str], str]


class MemberError(Exception):
    """An error with a sentence for the member, translatable by the window.

    Args:
        template: the English sentence, with ``{name}`` placeholders; mark the
            literal with ``QT_TRANSLATE_NOOP(CONTEXT, ...)``.
        cause: what kind of failure it is.
        params: the values of the placeholders (paths, names, numbers).
    """

    def __init__(self, template: str, cause: Cause = Cause.OTHER, **params: object) -> None:
        self.template = template
        self.cause = cause
        self.params: dict[str, object] = dict(params)
        super().__init__(self.render())

    def render(self, translate: Translate | None = None) -> str:
        """The sentence, translated by ``translate(context, template)`` when given."""
        template = translate(CONTEXT, self.template) if translate else self.template
        params = dict(self.params)
        action = params.get("action")
        if translate and isinstance(action, str) and action in ACTIONS.values():
            params["action"] = translate(CONTEXT, action)  # the verb too: "skrive", not "write"
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            # A translation with a broken placeholder must not hide the error.
            return self.template.format(**self.params)

    def __str__(self) -> str:
        return self.render()


def render_member_error(error: BaseException, translate: Translate | None = None) -> str:
    """The sentence for any exception: a `MemberError` translated, others as they say."""
    if isinstance(error, MemberError):
        return error.render(translate)
    return str(error) or type(error).__name__


_TEMPLATES: Mapping[Cause, str] = {
    Cause.DISK_FULL: QT_TRANSLATE_NOOP(
        "CoreErrors",
        "Could not {action} {path}: the disk is full. Free some space and try again.",
    ),
    Cause.READ_ONLY: QT_TRANSLATE_NOOP(
        "CoreErrors",
        "Could not {action} {path}: the disk or folder is read-only. "
        "Choose a folder you can write to.",
    ),
    Cause.PERMISSION: QT_TRANSLATE_NOOP(
        "CoreErrors",
        "Could not {action} {path}: you do not have permission. "
        "Choose a folder of your own, or ask your IT support for access.",
    ),
    Cause.LOCKED: QT_TRANSLATE_NOOP(
        "CoreErrors",
        "Could not {action} {path}: another program is using it. "
        "Close that program (or the other window of the companion) and try again.",
    ),
    Cause.MISSING: QT_TRANSLATE_NOOP(
        "CoreErrors",
        "Could not {action} {path}: the folder does not exist. Choose another folder.",
    ),
    Cause.IN_THE_WAY: QT_TRANSLATE_NOOP(
        "CoreErrors",
        "Could not {action} {path}: a file stands where a folder is needed, or a folder "
        "where a file is needed. Move it away or choose another name.",
    ),
    Cause.IO: QT_TRANSLATE_NOOP(
        "CoreErrors",
        "Could not {action} {path}: the disk reported a read or write error. "
        "Check the disk or USB stick and try again.",
    ),
    Cause.DAMAGED: QT_TRANSLATE_NOOP(
        "CoreErrors",
        "Could not {action} {path}: the file is damaged.",
    ),
    Cause.OTHER: QT_TRANSLATE_NOOP(
        "CoreErrors",
        "Could not {action} {path}: {detail}.",
    ),
}

# The verbs used as ``action`` above, marked for translation.
ACTIONS: Mapping[str, str] = {
    "write": QT_TRANSLATE_NOOP("CoreErrors", "write"),
    "read": QT_TRANSLATE_NOOP("CoreErrors", "read"),
    "open": QT_TRANSLATE_NOOP("CoreErrors", "open"),
    "create": QT_TRANSLATE_NOOP("CoreErrors", "create"),
    "save to": QT_TRANSLATE_NOOP("CoreErrors", "save to"),
}

_ERRNO_CAUSES: Mapping[int, Cause] = {
    errno.ENOSPC: Cause.DISK_FULL,
    errno.EDQUOT: Cause.DISK_FULL,
    errno.EROFS: Cause.READ_ONLY,
    errno.EACCES: Cause.PERMISSION,
    errno.EPERM: Cause.PERMISSION,
    errno.ENOENT: Cause.MISSING,
    errno.ENOTDIR: Cause.IN_THE_WAY,
    errno.EISDIR: Cause.IN_THE_WAY,
    errno.EEXIST: Cause.IN_THE_WAY,
    errno.EBUSY: Cause.LOCKED,
    errno.ETXTBSY: Cause.LOCKED,
    errno.EIO: Cause.IO,
}


def os_error_cause(error: OSError) -> Cause:
    """The cause of an ``OSError`` by its errno (Windows sharing violations are LOCKED)."""
    if getattr(error, "winerror", None) in (32, 33):  # ERROR_SHARING/LOCK_VIOLATION
        return Cause.LOCKED
    return _ERRNO_CAUSES.get(error.errno or 0, Cause.OTHER)


def describe_os_error(error: OSError, path: Path | str, action: str = "write") -> MemberError:
    """A `MemberError` naming the cause of ``error`` while doing ``action`` on ``path``.

    ``action`` is one of `ACTIONS` ("write", "read", "open", "create", "save to").
    """
    cause = os_error_cause(error)
    return MemberError(
        _TEMPLATES[cause],
        cause,
        action=ACTIONS.get(action, action),
        path=str(path),
        detail=error.strerror or str(error),
    )


def sqlite_error_cause(error: sqlite3.Error) -> Cause:
    """The cause of a SQLite error, read from its code where Python gives one."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error).lower()
    if primary == sqlite3.SQLITE_FULL or "database or disk is full" in text:
        return Cause.DISK_FULL
    if primary == sqlite3.SQLITE_READONLY or "readonly database" in text:
        return Cause.READ_ONLY
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "is locked" in text:
        return Cause.LOCKED
    if primary == sqlite3.SQLITE_PERM or primary == sqlite3.SQLITE_AUTH:
        return Cause.PERMISSION
    if primary == sqlite3.SQLITE_CANTOPEN or "unable to open" in text:
        return Cause.PERMISSION
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or (
        "malformed" in text or "not a database" in text
    ):
        return Cause.DAMAGED
    if primary == sqlite3.SQLITE_IOERR or "disk i/o error" in text:
        return Cause.IO
    return Cause.OTHER


def describe_sqlite_error(
    error: sqlite3.Error, path: Path | str, action: str = "write"
) -> MemberError:
    """A `MemberError` naming the cause of a SQLite ``error`` on the database at ``path``."""
    cause = _disk_state_cause(sqlite_error_cause(error), Path(path))
    return MemberError(
        _TEMPLATES[cause],
        cause,
        action=ACTIONS.get(action, action),
        path=str(path),
        detail=str(error),
    )


#: Less free space than this on the disk of a database means the disk is full.
LOW_SPACE_BYTES = 1024 * 1024
#: SQLite's vague causes, which the state of the disk may explain better.
_VAGUE = (Cause.IO, Cause.PERMISSION, Cause.DAMAGED, Cause.OTHER)


def _disk_state_cause(cause: Cause, path: Path) -> Cause:
    """A read-only or full disk where SQLite only says "I/O error" or "cannot open".

    SQLite reports a full disk as SQLITE_IOERR when it cannot create the WAL's
    shared-memory file, and a read-only disk as SQLITE_CANTOPEN; the member
    needs to hear "full" and "read-only", never "damaged".
    """
    if cause not in _VAGUE or not hasattr(os, "statvfs"):
        return cause
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        disk = os.statvfs(folder)
    except OSError:
        return cause
    if disk.f_flag & os.ST_RDONLY:
        return Cause.READ_ONLY
    if disk.f_bavail * disk.f_frsize < LOW_SPACE_BYTES:
        return Cause.DISK_FULL
    return cause
