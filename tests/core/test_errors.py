"""Errors name their real cause, and the window can translate them."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from companion.core.errors import (
    CONTEXT,
    Cause,
    MemberError,
    describe_os_error,
    describe_sqlite_error,
    render_member_error,
)


@pytest.mark.parametrize(
    ("code", "cause", "words"),
    [
        (errno.ENOSPC, Cause.DISK_FULL, "the disk is full"),
        (errno.EROFS, Cause.READ_ONLY, "read-only"),
        (errno.EACCES, Cause.PERMISSION, "permission"),
        (errno.ENOENT, Cause.MISSING, "does not exist"),
        (errno.EIO, Cause.IO, "read or write error"),
        (errno.ENOTDIR, Cause.IN_THE_WAY, "a file stands where a folder is needed"),
    ],
)
def test_os_errors_name_their_cause(code: int, cause: Cause, words: str) -> None:
    error = describe_os_error(OSError(code, "raw"), Path("/x/notes.pdf"))
    assert error.cause is cause
    assert words in str(error)
    assert "/x/notes.pdf" in str(error)
    assert "raw" not in str(error)


def test_sqlite_full_disk_is_not_called_damage() -> None:
    error = describe_sqlite_error(sqlite3.OperationalError("database or disk is full"), "p.db")
    assert error.cause is Cause.DISK_FULL
    assert "damaged" not in str(error)
    damaged = describe_sqlite_error(sqlite3.DatabaseError("file is not a database"), "p.db")
    assert damaged.cause is Cause.DAMAGED


def test_translation_fills_the_translated_template() -> None:
    error = MemberError("Cannot read {name}.", name="a.zip")

    def danish(context: str, text: str) -> str:
        assert context == CONTEXT
        return {"Cannot read {name}.": "Kan ikke læse {name}."}[text]

    assert render_member_error(error, danish) == "Kan ikke læse a.zip."
    broken = render_member_error(error, lambda _c, _t: "Kan ikke {nav}.")
    assert broken == "Cannot read a.zip."
    assert render_member_error(ValueError("plain")) == "plain"
