"""Publishing meeting packages as a static feed (see feed.py and docs/feed-format.md).

`publish` works in three steps so that a failure never leaves the feed half
changed: it reads and checks every package and plans what to write (nothing is
written yet), copies the files the feed lacks into a staging folder inside the
feed, verifying each one's size and sha256, and only then moves the files into
place, writes the manifests and their signatures, and writes index.json last,
atomically. Manifests and files are immutable: a version, once published, keeps
its content, and an unchanged file is never written again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from companion.core.model import FileRef, Meeting
from companion.core.package import LoadedPackage, package_document, read_package
from companion.core.sources.feed import signing
from companion.core.sources.feed.feed import (
    INDEX_PATH,
    FeedIndex,
    IndexEntry,
    file_path,
    manifest_path,
    parse_index,
    signature_path,
)

logger = logging.getLogger(__name__)

PublishStatus = Literal["published", "unchanged", "older"]
#: Feed files are served by a web server running as another user.
PUBLIC_FILE_MODE = 0o644
_STAGING_PREFIX = ".staging-"


class PublishError(Exception):
    """A package that may not be published into this feed; the message says why."""


@dataclass(frozen=True)
class PublishedMeeting:
    """What publishing one package did.

    Attributes:
        id: the meeting id.
        version: the package's version.
        status: ``"published"`` (something was written or the version became
            current), ``"unchanged"`` (the feed had it all already) or
            ``"older"`` (the feed has a newer version; nothing was written).
        files_written: files copied into ``files/``.
        files_present: files the feed had already (not written again).
        bytes_written: bytes of files, manifest and signature written.
    """

    id: str
    version: int
    status: PublishStatus
    files_written: int = 0
    files_present: int = 0
    bytes_written: int = 0

    def describe(self) -> str:
        """One line for a terminal."""
        text = f"{self.id} version {self.version}: {self.status}"
        if self.status == "older":
            return text + " (the feed has a newer version; not published)"
        return (
            f"{text} ({self.files_written} files written, "
            f"{self.files_present} already there, {self.bytes_written} bytes)"
        )


@dataclass(frozen=True)
class PublishReport:
    """What `publish` did: one entry per meeting version, and whether the index changed."""

    dest: Path
    meetings: tuple[PublishedMeeting, ...]
    index_written: bool

    def describe(self) -> str:
        """A few lines for a terminal."""
        lines = [meeting.describe() for meeting in self.meetings]
        index = "updated" if self.index_written else "unchanged"
        lines.append(f"index {self.dest / INDEX_PATH}: {index}")
        return "\n".join(lines)


@dataclass
class _Plan:
    """One package's meeting version and what the feed needs from it (``older``: skip)."""

    package: LoadedPackage
    manifest: bytes
    older: bool
    signature: bytes | None = None
    write_manifest: bool = False
    write_signature: bool = False
    missing: list[FileRef] = field(default_factory=list)
    present: int = 0

    @property
    def meeting(self) -> Meeting:
        return self.package.meeting

    @property
    def manifest_path(self) -> str:
        return manifest_path(self.meeting.id, self.meeting.version)


def publish(
    packages: Sequence[Path],
    dest: Path,
    signing_key: Path | None = None,
    now: datetime | None = None,
) -> PublishReport:
    """Publish ``packages`` (folders or zips) into the feed folder ``dest``.

    Args:
        packages: the packages; several versions of one meeting may be given.
        dest: the feed folder, created if missing; a feed already there is extended.
        signing_key: a private key file (see `signing.generate_key`) to sign
            each manifest with, or None for an unsigned feed.
        now: the index's ``generated`` time (default: the current UTC time).

    Raises:
        PackageError: a package is invalid (or a file in it is damaged); the feed is unchanged.
        PublishError: a version is already published with other content; the feed is unchanged.
        SigningKeyError: the key file cannot be used; the feed is unchanged.
        FeedError: the feed's existing index.json is damaged; the feed is unchanged.
    """
    dest = Path(dest)
    if signing_key is not None:
        signing.public_key_text(signing_key)  # fail early on a bad key file
    index = _read_index(dest)
    with ExitStack() as stack:
        loaded = [stack.enter_context(read_package(Path(path))) for path in packages]
        plans = _plan(loaded, index, dest, signing_key)
        new_index = _new_index(index, plans, now)
        with _staging(dest) as staging:
            staged = _stage_files(plans, staging, dest)
            results = _install(plans, staged, dest)
        index_written = new_index is not index
        if index_written:
            _write_atomic(dest / INDEX_PATH, new_index.to_json())
    made_current = {e for e in new_index.meetings if index.entry(e.id) != e}
    report = tuple(_result(plan, results, made_current) for plan in plans)
    for line in report:
        logger.info("publish %s: %s", dest, line.describe())
    return PublishReport(dest, report, index_written)


def manifest_bytes(meeting: Meeting) -> bytes:
    """The exact bytes of a meeting version's manifest (its package meeting.json)."""
    return (json.dumps(package_document(meeting), ensure_ascii=False, indent=2) + "\n").encode()


# --- planning (reads only) -----------------------------------------------------------


def _read_index(dest: Path) -> FeedIndex:
    path = dest / INDEX_PATH
    if not path.exists():
        return FeedIndex(())
    return parse_index(path.read_bytes(), str(path))


def _plan(
    loaded: list[LoadedPackage], index: FeedIndex, dest: Path, signing_key: Path | None
) -> list[_Plan]:
    plans: dict[tuple[str, int], _Plan] = {}
    for package in loaded:
        meeting = package.meeting
        manifest = manifest_bytes(meeting)
        earlier = plans.get((meeting.id, meeting.version))
        if earlier is None:
            plan = _plan_one(package, manifest, index, dest, signing_key)
            plans[(meeting.id, meeting.version)] = plan
        elif earlier.manifest != manifest:
            raise PublishError(
                f"{package.source}: version {meeting.version} of {meeting.id} is given "
                f"twice with different content ({earlier.package.source})"
            )
    _find_files(list(plans.values()), dest)
    return list(plans.values())


def _plan_one(
    package: LoadedPackage,
    manifest: bytes,
    index: FeedIndex,
    dest: Path,
    signing_key: Path | None,
) -> _Plan:
    meeting = package.meeting
    entry = index.entry(meeting.id)
    if entry is not None and meeting.version < entry.version:
        return _Plan(package, manifest, older=True)
    plan = _Plan(package, manifest, older=False)
    existing = _read_if_exists(dest / plan.manifest_path)
    if existing is not None and existing != manifest:
        raise PublishError(
            f"{package.source}: version {meeting.version} of {meeting.id} is already "
            f"published with other content; raise the version"
        )
    plan.write_manifest = existing is None
    if signing_key is not None:
        plan.signature = signing.sign(manifest, signing_key) + b"\n"
        existing_signature = _read_if_exists(dest / signature_path(plan.manifest_path))
        plan.write_signature = existing_signature != plan.signature
    return plan


def _find_files(plans: list[_Plan], dest: Path) -> None:
    """Fill each plan's missing files; a file shared by packages is copied once."""
    claimed: set[str] = set()
    for plan in plans:
        if plan.older:
            continue
        for ref in _unique_files(plan.meeting):
            target = dest / file_path(ref.sha256)
            if ref.sha256 in claimed or (target.is_file() and target.stat().st_size == ref.size):
                plan.present += 1
            else:
                plan.missing.append(ref)
                claimed.add(ref.sha256)


def _unique_files(meeting: Meeting) -> list[FileRef]:
    refs: dict[str, FileRef] = {}
    for ref in meeting.files():
        refs.setdefault(ref.sha256, ref)
    return list(refs.values())


def _read_if_exists(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _new_index(index: FeedIndex, plans: list[_Plan], now: datetime | None) -> FeedIndex:
    """The index with each meeting at its newest version (existing or published)."""
    entries = {entry.id: entry for entry in index.meetings}
    for plan in plans:
        if plan.older:
            continue
        current = entries.get(plan.meeting.id)
        if current is None or plan.meeting.version >= current.version:
            entries[plan.meeting.id] = _index_entry(plan)
    ordered = tuple(entries[key] for key in sorted(entries))
    if ordered == index.meetings:
        return index
    return FeedIndex(ordered, now or datetime.now(UTC))


def _index_entry(plan: _Plan) -> IndexEntry:
    meeting = plan.meeting
    return IndexEntry(
        id=meeting.id,
        version=meeting.version,
        name=meeting.name,
        organization=meeting.body,
        start=meeting.start,
        manifest=plan.manifest_path,
        sha256=hashlib.sha256(plan.manifest).hexdigest(),
        size=len(plan.manifest),
    )


# --- writing -------------------------------------------------------------------------


@contextmanager
def _staging(dest: Path) -> Iterator[Path]:
    """A staging folder inside ``dest`` (same file system), removed afterwards.

    ``dest`` itself is removed again if this call created it and nothing was published.
    """
    created = not dest.exists()
    dest.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest, prefix=_STAGING_PREFIX))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(dest.iterdir()):
            dest.rmdir()


def _stage_files(plans: list[_Plan], staging: Path, dest: Path) -> dict[str, Path]:
    """Copy every missing file into ``staging``, verified; sha256 -> staged path."""
    staged: dict[str, Path] = {}
    for plan in plans:
        for ref in plan.missing:
            target = staging / ref.sha256
            plan.package.copy_file(ref, target)  # raises PackageError on a mismatch
            staged[ref.sha256] = target
    return staged


def _install(plans: list[_Plan], staged: dict[str, Path], dest: Path) -> dict[str, int]:
    """Move staged files into place, then write manifests and signatures; bytes per plan."""
    written: dict[str, int] = {}
    for plan in plans:
        total = 0
        for ref in plan.missing:
            target = dest / file_path(ref.sha256)
            target.parent.mkdir(parents=True, exist_ok=True)
            staged[ref.sha256].chmod(PUBLIC_FILE_MODE)
            os.replace(staged[ref.sha256], target)
            total += ref.size
        if plan.write_manifest:
            _write_atomic(dest / plan.manifest_path, plan.manifest)
            total += len(plan.manifest)
        if plan.write_signature and plan.signature is not None:
            _write_atomic(dest / signature_path(plan.manifest_path), plan.signature)
            total += len(plan.signature)
        written[plan.manifest_path] = total
    return written


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(PUBLIC_FILE_MODE)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _result(
    plan: _Plan, written: dict[str, int], made_current: set[IndexEntry]
) -> PublishedMeeting:
    meeting = plan.meeting
    if plan.older:
        return PublishedMeeting(meeting.id, meeting.version, "older")
    bytes_written = written.get(plan.manifest_path, 0)
    changed = bytes_written > 0 or _index_entry(plan) in made_current
    return PublishedMeeting(
        id=meeting.id,
        version=meeting.version,
        status="published" if changed else "unchanged",
        files_written=len(plan.missing),
        files_present=plan.present,
        bytes_written=bytes_written,
    )
