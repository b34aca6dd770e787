"""Importing a read package into the library: blobs first, then one transaction."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from companion.core.durable import fsync_dirs, fsync_file, new_dirs
from companion.core.errors import Cause, describe_os_error
from companion.core.library_blobs import TEMP_PREFIX, LibraryBlobs
from companion.core.library_changes import same_version_conflict
from companion.core.library_errors import _VERSION_OUT_OF_RANGE, LibraryError
from companion.core.library_queries import LibraryQueries
from companion.core.library_schema import MAX_VERSION, utc_now
from companion.core.model import FileRef, Meeting

log = logging.getLogger(__name__)


class PackageSource(Protocol):
    """What the library needs of a read package (`companion.core.package.LoadedPackage`)."""

    @property
    def meeting(self) -> Meeting: ...

    def copy_file(self, ref: FileRef, dest: Path) -> None: ...


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: ``status`` is "added", "updated", "unchanged" or "older"."""

    meeting_id: str
    version: int
    status: str
    previous_version: int | None


def _canonical_json(meeting: Meeting) -> str:
    return json.dumps(meeting.to_dict(), ensure_ascii=False, sort_keys=True)


class LibraryImport(LibraryQueries, LibraryBlobs):
    """Adding and updating meetings from packages."""

    def import_path(self, path: Path) -> ImportOutcome:
        """Read the package at ``path`` (folder or zip) and import it.

        Raises:
            PackageError: the package is invalid or a file fails its checksum.
            LibraryError: the library cannot store it.
        """
        from companion.core.package import read_package

        with read_package(path) as package:
            return self.import_package(package)

    def import_package(self, package: PackageSource) -> ImportOutcome:
        """Import a read package: add, update, or leave the library as it is.

        The same package twice changes nothing ("unchanged"); an older version than the
        current one is ignored ("older"). A package with the current version but other
        content is refused (its version must be raised). Raises what
        ``package.copy_file`` raises (PackageError) and LibraryError (read-only library,
        full disk, ...); the library is then unchanged, and the files this import had
        already copied in are removed again.
        """
        self._require_writable()
        meeting = package.meeting
        if not 1 <= meeting.version <= MAX_VERSION:
            raise LibraryError(
                _VERSION_OUT_OF_RANGE, Cause.INVALID, meeting_id=meeting.id, version=meeting.version
            )
        previous = self._current_version(meeting.id)
        if previous is not None and meeting.version < previous:
            log.info("Ignoring %s version %d: %d is current", meeting.id, meeting.version, previous)
            return ImportOutcome(meeting.id, meeting.version, "older", previous)
        new_json = _canonical_json(meeting)
        copied: list[str] = []
        try:
            if previous == meeting.version:
                stored = self._stored_json(meeting.id, previous)
                if stored is not None and stored != new_json:
                    conflict = same_version_conflict(json.loads(stored), json.loads(new_json))
                    raise LibraryError.from_member_error(conflict)
                self._copy_missing_blobs(package, meeting, copied)  # repairs deleted blobs
                return ImportOutcome(meeting.id, meeting.version, "unchanged", previous)
            self._copy_missing_blobs(package, meeting, copied)
            with self._write_transaction():
                # Under the write lock: a concurrent remove may have deleted a shared blob.
                self._copy_missing_blobs(package, meeting, copied)
                self._switch_in(meeting, new_json)
        except BaseException:
            self._remove_orphans(copied)
            raise
        status = "added" if previous is None else "updated"
        log.info("Imported %s version %d (%s)", meeting.id, meeting.version, status)
        return ImportOutcome(meeting.id, meeting.version, status, previous)

    def _copy_missing_blobs(
        self, package: PackageSource, meeting: Meeting, copied: list[str]
    ) -> None:
        """Copy in the files the library lacks, durably, as one batch; ``copied`` collects
        the sha256 of each one.

        Each file is fsynced before its rename into place (a package whose files are
        fsynced already, ``files_durable`` as a `FetchedMeeting` of a feed, is renamed
        in directly), and after all the renames each folder that changed is fsynced,
        once: the first fsync commits the journal with all of them (`fsync_dirs`).
        """
        missing = {ref.sha256: ref for ref in meeting.files() if not self.has_blob(ref.sha256)}
        if not missing:
            return
        durable = bool(getattr(package, "files_durable", False))
        folders: list[Path] = []
        temps: list[tuple[Path, Path, str]] = []  # (temp, target, sha256)
        try:
            for sha256, ref in missing.items():
                target = self._blob_file(sha256)
                try:
                    folders += new_dirs(target.parent)
                    folders.append(target.parent)
                    if durable:  # a rename of a file fsynced by its source
                        package.copy_file(ref, target)
                        copied.append(sha256)
                        continue
                    temp = target.parent / f"{TEMP_PREFIX}{os.urandom(16).hex()}"
                    temps.append((temp, target, sha256))
                    package.copy_file(ref, temp)
                    fsync_file(temp)  # on disk before a rename may name it
                except OSError as error:
                    raise self._copy_failure(error, target) from error
            for temp, target, sha256 in temps:
                try:
                    os.replace(temp, target)
                except OSError as error:
                    raise self._copy_failure(error, target) from error
                copied.append(sha256)
            try:
                fsync_dirs(folders)  # before a row may name a file in them
            except OSError as error:
                raise self._copy_failure(error, self.blobs_dir) from error
        finally:
            for temp, _target, _sha256 in temps:
                temp.unlink(missing_ok=True)
        # copy_file verified each file's sha256 (a feed's downloads were hashed as they came)
        self.blob_checks.note_verified_all([(self._blob_file(sha), sha) for sha in missing])

    def _copy_failure(self, error: OSError, target: Path) -> LibraryError:
        """The sentence for a file that could not be copied in: writing, or reading the package."""
        where = Path(error.filename) if error.filename else target.parent
        writing = where.is_relative_to(self.blobs_dir) or where == target.parent
        return LibraryError.from_member_error(
            describe_os_error(error, where, "write" if writing else "read")
        )

    def _switch_in(self, meeting: Meeting, meeting_json: str) -> None:
        """Write the version, move the current pointer, replace items (inside a transaction)."""
        now = utc_now().isoformat()
        self.db.table("versions").insert(
            {
                "meeting_id": meeting.id,
                "version": meeting.version,
                "meeting_json": meeting_json,
                "imported_at": now,
            },
            replace=True,
        )
        self.db.execute(
            "DELETE FROM files WHERE meeting_id = ? AND version = ?", [meeting.id, meeting.version]
        )
        self.db.table("files").insert_all(
            (
                {"meeting_id": meeting.id, "version": meeting.version, "sha256": sha}
                for sha in sorted({ref.sha256 for ref in meeting.files()})
            ),
            ignore=True,
        )
        items = meeting.items
        self.db.table("meetings").insert(
            {
                "id": meeting.id,
                "body": meeting.body,
                "name": meeting.name,
                "start": meeting.start.isoformat() if meeting.start else None,
                "location": meeting.location,
                "item_count": len(items),
                "version": meeting.version,
                "imported_at": now,
            },
            replace=True,
        )
        self.db.execute("DELETE FROM items WHERE meeting_id = ?", [meeting.id])
        self.db.table("items").insert_all(
            {
                "meeting_id": meeting.id,
                "item_id": item.id,
                "position": position,
                "number": item.number,
                "title": item.title,
                "text": item.text,
            }
            for position, item in enumerate(items)
        )
