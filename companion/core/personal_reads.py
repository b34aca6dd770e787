"""The member's read marks of one meeting, read without opening the personal store.

A start needs the read marks of the meeting it shows before the member's item can
be painted (an item changed since it was read opens with a notice). Opening
`companion.core.personal.PersonalStore` imports and checks much more (migrations,
backups, the session state: ~20 ms of the interpreter before the item). This reads
the one table with plain ``sqlite3``, read-only, and answers None whenever the full
store must decide: no file yet, a table it does not have (an older schema to
migrate), a locked or damaged file. The caller then opens the store.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from companion.core.personal import PersonalStore

log = logging.getLogger(__name__)

#: A read of the start does not wait on a writer: the full store waits and decides.
READ_TIMEOUT_SECONDS = 0.5


def item_read_marks(path: Path, meeting_id: str) -> dict[str, int] | None:
    """The items of ``meeting_id`` marked read in the store at ``path`` (None: ask the store)."""
    import sqlite3  # here: the opener below is made before the window's first paint

    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=READ_TIMEOUT_SECONDS
        )
    except sqlite3.Error as error:
        log.debug("read marks of %s left to the store: %s", path, error)
        return None
    try:
        rows = connection.execute(
            "SELECT item_id, version FROM read_marks "
            "WHERE meeting_id = ? AND attachment_id IS NULL",
            [meeting_id],
        ).fetchall()
    except sqlite3.Error as error:  # no such table/column yet, busy, damaged
        log.debug("read marks of %s left to the store: %s", path, error)
        return None
    finally:
        connection.close()
    return {str(item_id): int(version) for item_id, version in rows}


class PersonalOpener:
    """Opens the personal store at ``path``; says where it is for the light reads above."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self) -> PersonalStore:
        from companion.core.personal import PersonalStore

        return PersonalStore(self.path)
