"""What the member has read of a meeting's attachments (the functions run on a worker thread).

Moved out of `companion.ui.attachment_pane`, which lists them in bold until read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from companion.core.model import Meeting

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.personal import PersonalStore

READ = "read"
UNREAD = "unread"
UPDATED = "updated"
AttachmentKey = tuple[str, str]  # (item id, attachment id)


# --- read marks (the functions run on a worker thread) -------------------------


@dataclass
class AttachmentReading:
    """What the member has read of one meeting's attachments.

    ``read``: the version each attachment was last read in; ``updated``: for those
    read in an older version whose file has been replaced since, the version that
    replaced it.
    """

    read: dict[AttachmentKey, int] = field(default_factory=dict)
    updated: dict[AttachmentKey, int] = field(default_factory=dict)

    def state(self, key: AttachmentKey) -> str:
        """`READ`, `UNREAD` or `UPDATED`."""
        if key in self.updated:
            return UPDATED
        return READ if key in self.read else UNREAD


def _file_of(meeting: Meeting | None, key: AttachmentKey) -> str | None:
    """The sha256 of the attachment ``key``'s file in ``meeting`` (None: not there)."""
    item_id, attachment_id = key
    for item in meeting.items if meeting else []:
        if item.id == item_id:
            for attachment in item.attachments:
                if attachment.id == attachment_id and attachment.file:
                    return attachment.file.sha256
    return None


def replaced_since_read(
    read: Mapping[AttachmentKey, int], meeting: Meeting, versions: Mapping[int, Meeting]
) -> dict[AttachmentKey, int]:
    """For each attachment read in an older version whose file differs in ``meeting``
    (the current version): the first version after the one read with another file.

    ``versions`` holds the meeting's stored versions (e.g. `LibraryVersions`);
    a version no longer stored is passed over.
    """
    updated = {}
    for key, read_version in read.items():
        current = _file_of(meeting, key)
        if read_version >= meeting.version or current is None:
            continue
        seen = _file_of(versions.get(read_version), key)
        if seen is None or seen == current:
            continue
        later = sorted(number for number in versions if read_version < number < meeting.version)
        changed = (n for n in later if _file_of(versions.get(n), key) not in (seen, None))
        updated[key] = next(changed, meeting.version)
    return updated


def read_attachments(
    open_personal: Callable[[], PersonalStore],
    open_library: Callable[[], Library] | None,
    meeting: Meeting,
) -> AttachmentReading:
    """The member's read marks of ``meeting``'s attachments and which were replaced since."""
    with closing(open_personal()) as store:
        read = store.read_attachments(meeting.id)
    if open_library is None or all(version >= meeting.version for version in read.values()):
        return AttachmentReading(read)
    from companion.core.revisions import LibraryVersions

    with closing(open_library()) as library:
        updated = replaced_since_read(read, meeting, LibraryVersions(library, meeting.id))
    return AttachmentReading(read, updated)


def mark_attachment_read(
    open_personal: Callable[[], PersonalStore], meeting: Meeting, key: AttachmentKey
) -> None:
    with closing(open_personal()) as store:
        store.mark_read(meeting.id, key[0], meeting.version, attachment_id=key[1])
