"""The personal store's failures as sentences that name the real cause.

A full disk, a read-only disk, a file locked by another program and a damaged
file each get their own sentence (`companion.core.errors`), whether the store
is being opened or an open connection fails in a read or a save; never a raw
``sqlite3.OperationalError``, and never "damaged" when the disk is only full.

`guard_store_errors` wraps the public methods of `PersonalStore`, so the
mapping lives here and not in each method.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from companion.core.errors import (
    QT_TRANSLATE_NOOP,
    Cause,
    MemberError,
    describe_os_error,
    describe_sqlite_error,
)


class PersonalStoreError(Exception):
    """A problem with the personal store, worded as a sentence for the user."""


class PersonalStoreFailure(MemberError, PersonalStoreError):
    """The store could not be opened, read or written: the cause in one sentence."""


DAMAGED_TEMPLATE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Your personal notes file {path} is damaged and cannot be read. "
    "Keep the file; backups are in {backups}.",
)

#: Methods that only read: their failure is "Could not read ...", the rest "save to".
READING = frozenset(
    {
        "schema_version",
        "integrity_ok",
        "read_items",
        "read_attachments",
        "position",
        "positions",
        "questions",
        "note",
        "annotations",
        "anchored_version",
        "decision",
        "decisions",
        "load_session",
    }
)


def store_error(
    error: sqlite3.Error | OSError, path: Path, action: str, backups: Path | None = None
) -> PersonalStoreFailure:
    """The member's sentence for ``error`` met while doing ``action`` on the store ``path``.

    A damaged file (only when the disk is not full or read-only) names ``backups``.
    """
    if isinstance(error, OSError):
        described = describe_os_error(error, path, action)
    else:
        described = describe_sqlite_error(error, path, action)
    if described.cause is Cause.DAMAGED and backups is not None:
        return PersonalStoreFailure(DAMAGED_TEMPLATE, Cause.DAMAGED, path=path, backups=backups)
    return PersonalStoreFailure(described.template, described.cause, **described.params)


class _HasPath(Protocol):
    path: Path


C = TypeVar("C", bound=type)


def _guarded(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    action = "read" if name in READING else "save to"

    @functools.wraps(method)
    def call(self: _HasPath, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.IntegrityError:
            raise  # a broken rule of the schema is a bug, not the disk
        except (sqlite3.Error, OSError) as error:
            raise store_error(error, self.path, action) from error

    return call


def guard_store_errors(cls: C) -> C:
    """Class decorator: every public method's SQLite and OS errors become sentences."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or name == "close" or not inspect.isfunction(member):
            continue
        setattr(cls, name, _guarded(name, member))
    return cls
