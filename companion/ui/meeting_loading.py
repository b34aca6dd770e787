"""Loading meetings from the library for the window, off the GUI thread (no Qt here).

The library is opened per background task through an ``open_library`` callable
(one `Library` instance per thread, as the library requires), so the GUI thread
never touches SQLite. The start loads its first meeting through here before any
pane but the item's is made: this module is kept free of widgets for that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.model import Meeting

if TYPE_CHECKING:
    from companion.core.library import Library, MeetingSummary
    from companion.core.personal import PersonalStore
    from companion.core.revisions import UpdateMark

OpenLibrary = Callable[[], "Library"]
OpenPersonal = Callable[[], "PersonalStore"]


@dataclass
class LoadedMeeting:
    """A meeting with the local paths of its files (sha256 -> path) and its revisions.

    ``read`` is the member's read marks (item id -> version) as they were when the
    meeting was loaded, so "what changed since you read it" stays answerable after
    the window marks the shown item read; ``marks`` are the items to flag.
    """

    meeting: Meeting
    files: dict[str, Path] = field(default_factory=dict)
    versions: list[int] = field(default_factory=list)
    version_dates: dict[int, datetime] = field(default_factory=dict)
    read: dict[str, int] = field(default_factory=dict)
    marks: dict[str, UpdateMark] = field(default_factory=dict)

    @property
    def has_older_versions(self) -> bool:
        """True when the library keeps a version older than the one shown."""
        return any(number < self.meeting.version for number in self.versions)

    def path_of(self, sha256: str | None) -> Path | None:
        """The local file for ``sha256``, or None when the library lacks it."""
        return self.files.get(sha256) if sha256 else None


def list_meetings(open_library: OpenLibrary) -> list[MeetingSummary]:
    """The library's meetings, newest first (run in a background task)."""
    library = open_library()
    try:
        return library.meetings()
    finally:
        library.close()


def load_meeting(
    open_library: OpenLibrary, meeting_id: str, open_personal: OpenPersonal | None = None
) -> LoadedMeeting:
    """One meeting, its file paths, versions and update marks (run in a background task)."""
    from companion.core.revisions import LibraryVersions, unread_changes

    read = read_marks(open_personal, meeting_id) if open_personal else {}
    library = open_library()
    try:
        meeting = library.meeting(meeting_id)
        files = {}
        for ref in meeting.files():
            path = library.blob_path(ref.sha256)
            if path is not None:
                files[ref.sha256] = path
        versions = LibraryVersions(library, meeting_id)
        dates = library.version_dates(meeting_id)
        marks = unread_changes(versions, meeting, read, dates)
        return LoadedMeeting(meeting, files, list(versions), dates, read, marks)
    finally:
        library.close()


def read_marks(open_personal: OpenPersonal, meeting_id: str) -> dict[str, int]:
    """The member's read marks of ``meeting_id`` (item id -> version read).

    Read from the file directly when the opener says where it is (the app's does):
    the start's first meeting then does not wait for the whole store to open.
    """
    from companion.core.personal_reads import PersonalOpener, item_read_marks

    if isinstance(open_personal, PersonalOpener):
        marks = item_read_marks(open_personal.path, meeting_id)
        if marks is not None:
            return marks
    store = open_personal()
    try:
        return store.read_items(meeting_id)
    finally:
        store.close()


def read_versions(open_personal: OpenPersonal, meeting_ids: list[str]) -> dict[str, int]:
    """For each meeting, the highest version the member read an item in (0: none)."""
    store = open_personal()
    try:
        return {
            meeting_id: max(store.read_items(meeting_id).values(), default=0)
            for meeting_id in meeting_ids
        }
    finally:
        store.close()
