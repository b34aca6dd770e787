"""The feed format: static files that any web server, CDN or object store serves.

A feed is a folder (or a URL prefix) holding::

    index.json                           every meeting with its current version
    meetings/<meeting id>/<version>.json a manifest: one version of one meeting
    meetings/<meeting id>/<version>.json.sig   its Ed25519 signature (optional)
    files/<sha256[:2]>/<sha256>          the files, addressed by content

`index.json`::

    {"formatVersion": 1, "generated": "2026-11-22T10:00:00+00:00",
     "meetings": [{"id": "...", "version": 2, "name": "...", "organization": "...",
                   "start": "2015-04-20T10:00:00", "manifest": "meetings/<id>/2.json",
                   "sha256": "<sha256 of the manifest's bytes>", "size": 1234}]}

A manifest is ``{"formatVersion": 1, "meeting": <Meeting.to_dict()>}``, the
same document as a package's meeting.json, so it validates with the package
schema; the files it names are fetched from ``files/``. The index names each
manifest's sha256, so a client detects a damaged or swapped manifest; the
signature (when the source has a public key) proves who published it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

FEED_FORMAT_VERSION = 1
INDEX_PATH = "index.json"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class FeedError(ValueError):
    """A feed document that cannot be used; the message names what and where."""


def manifest_path(meeting_id: str, version: int) -> str:
    """The feed-relative path of a meeting version's manifest."""
    if not _SAFE_ID.match(meeting_id):
        raise FeedError(f"meeting id {meeting_id!r} cannot be used in a feed path")
    return f"meetings/{meeting_id}/{version}.json"


def signature_path(manifest: str) -> str:
    """The feed-relative path of a manifest's detached signature."""
    return f"{manifest}.sig"


def file_path(sha256: str) -> str:
    """The feed-relative path of the file with content hash ``sha256``."""
    if not _SHA256.match(sha256):
        raise FeedError(f"{sha256!r} is not a sha256 in lowercase hex")
    return f"files/{sha256[:2]}/{sha256}"


@dataclass(frozen=True)
class IndexEntry:
    """One meeting in the index: its current version and where its manifest is."""

    id: str
    version: int
    name: str
    organization: str
    start: datetime | None
    manifest: str
    sha256: str
    size: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "name": self.name,
            "organization": self.organization,
            "start": self.start.isoformat() if self.start else None,
            "manifest": self.manifest,
            "sha256": self.sha256,
            "size": self.size,
        }


@dataclass(frozen=True)
class FeedIndex:
    """The feed's index.json."""

    meetings: tuple[IndexEntry, ...]
    generated: datetime | None = None

    def to_json(self) -> bytes:
        """The index as UTF-8 JSON bytes (stable order, pretty)."""
        document = {
            "formatVersion": FEED_FORMAT_VERSION,
            "generated": self.generated.isoformat() if self.generated else None,
            "meetings": [entry.to_dict() for entry in self.meetings],
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()

    def entry(self, meeting_id: str) -> IndexEntry | None:
        """The entry of ``meeting_id``, or None."""
        return next((e for e in self.meetings if e.id == meeting_id), None)


def parse_index(data: bytes, where: str = INDEX_PATH) -> FeedIndex:
    """Parse and check index.json; raises `FeedError` naming ``where`` and the problem."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(f"{where}: not valid JSON ({error})") from error
    if not isinstance(document, dict):
        raise FeedError(f"{where}: expected a JSON object")
    version = document.get("formatVersion")
    if version != FEED_FORMAT_VERSION:
        raise FeedError(
            f"{where}: feed format version {version!r} is not supported "
            f"(this app reads version {FEED_FORMAT_VERSION}); update the app"
        )
    meetings = document.get("meetings")
    if not isinstance(meetings, list):
        raise FeedError(f"{where}: 'meetings' must be a list")
    entries = [_parse_entry(item, f"{where}: meetings[{n}]") for n, item in enumerate(meetings)]
    ids = [entry.id for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise FeedError(f"{where}: meeting ids listed twice: {', '.join(duplicates)}")
    generated = document.get("generated")
    return FeedIndex(tuple(entries), _parse_time(generated, f"{where}: generated"))


def _parse_entry(item: object, where: str) -> IndexEntry:
    if not isinstance(item, dict):
        raise FeedError(f"{where}: expected an object")
    try:
        entry = IndexEntry(
            id=_typed(item, "id", str, where),
            version=_typed(item, "version", int, where),
            name=_typed(item, "name", str, where),
            organization=_typed(item, "organization", str, where),
            start=_parse_time(item.get("start"), f"{where}.start"),
            manifest=_typed(item, "manifest", str, where),
            sha256=_typed(item, "sha256", str, where),
            size=_typed(item, "size", int, where),
        )
    except KeyError as error:
        raise FeedError(f"{where}: missing {error.args[0]!r}") from error
    if entry.version < 1 or entry.size < 0:
        raise FeedError(f"{where}: version and size must be positive")
    if not _SHA256.match(entry.sha256):
        raise FeedError(f"{where}.sha256: not a sha256 in lowercase hex")
    if entry.manifest != manifest_path(entry.id, entry.version):
        raise FeedError(f"{where}.manifest: expected {manifest_path(entry.id, entry.version)}")
    return entry


def _typed(item: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = item[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise FeedError(f"{where}.{key}: must be {kind.__name__}, not {value!r}")
    return value


def _parse_time(value: object, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FeedError(f"{where}: must be an ISO 8601 date-time string")
    try:
        return datetime.fromisoformat(value)
    except ValueError as error:
        raise FeedError(f"{where}: {value!r} is not an ISO 8601 date-time") from error
