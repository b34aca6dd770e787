"""Housekeeping of the data folder: leftovers of killed writes, unused and unneeded blobs.

What is collected:
- leftovers: ``.incoming-*`` (a blob being copied in), ``.durable-*``
  (`companion.core.durable`'s temporary files) and ``*.partial`` backups, i.e.
  files of an import, sync or backup that was killed or lost power;
- unused blobs: files no stored version references (a failed import, a removal
  cut short between its commit and deleting its files);
- old versions' files no annotation needs: a blob that only versions older
  than the one a meeting's annotations are anchored to reference (the personal
  store's ``anchored_versions``, read-only). A meeting with annotations but no
  recorded anchored version keeps every version's files; so does everything
  when the personal store cannot be read. A blob an annotation names itself is
  always kept. The version's meeting text stays (the revision view compares
  it); only its file rows and the files go.

``downloads/`` is left alone here: the next sync resumes its ``.part`` files
and a complete sync empties the folder itself; ``companion check --repair``
removes what a killed sync left there while no sync holds the data folder's
sync lock (`companion.core.sources.sync_lock`).

Order, as everywhere in the library: the rows go in one committed transaction
first, then the files, under the write lock and each only if still unused, so a
kill in between leaves an unused file for the next run, never a row naming a
deleted file; an import copying a blob in again under that lock is never
robbed of it.

`collect_at_start` runs on a background thread as the window starts (never on
the GUI thread); it only touches leftovers older than an hour (a running
import's or backup's temporary file is minutes old at most).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from companion.core.durable import TEMP_PREFIX as DURABLE_PREFIX
from companion.core.library_blobs import TEMP_PREFIX as INCOMING_PREFIX
from companion.core.library_schema import BLOBS_DIR_NAME, DB_NAME

log = logging.getLogger(__name__)

PERSONAL_DB_NAME = "personal.db"
DOWNLOADS_DIR_NAME = "downloads"
#: Temporary names of a cut-short write.
LEFTOVER_PREFIXES = (INCOMING_PREFIX, DURABLE_PREFIX)
#: The suffix of a backup being written (`companion.core.personal`).
PARTIAL_SUFFIX = ".partial"
#: At start, a leftover younger than this may belong to a running import or backup.
LEFTOVER_MIN_AGE_SECONDS = 3600.0
BUSY_TIMEOUT_SECONDS = 30.0
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Collected:
    """What one housekeeping run removed."""

    leftovers: list[Path] = field(default_factory=list)
    unused_blobs: list[Path] = field(default_factory=list)
    old_version_blobs: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.leftovers or self.unused_blobs or self.old_version_blobs)


# --- leftovers ----------------------------------------------------------------------------


def is_leftover_name(name: str) -> bool:
    """True for the name of a cut-short write's temporary file."""
    return name.startswith(LEFTOVER_PREFIXES) or name.endswith(PARTIAL_SUFFIX)


def leftover_files(data_dir: Path, *, older_than: float | None = None) -> Iterator[Path]:
    """Temporary files of cut-short writes in ``data_dir``, outside ``downloads/``.

    Args:
        data_dir: the data folder.
        older_than: only files last changed at least this many seconds ago.
    """
    data_dir = Path(data_dir)
    downloads = data_dir / DOWNLOADS_DIR_NAME
    now = time.time()
    for folder, subfolders, names in os.walk(data_dir):
        here = Path(folder)
        if here == data_dir and DOWNLOADS_DIR_NAME in subfolders:
            subfolders.remove(DOWNLOADS_DIR_NAME)
        for name in sorted(names):
            path = here / name
            if not is_leftover_name(name) or downloads in path.parents:
                continue
            if older_than is not None:
                try:
                    if now - path.stat().st_mtime < older_than:
                        continue
                except OSError:
                    continue
            yield path


# --- blobs no version or annotation needs -------------------------------------------------


@dataclass(frozen=True)
class PersonalNeeds:
    """What the member's annotations need of the library (read from ``personal.db``)."""

    anchored: dict[str, int]
    annotated_meetings: set[str]
    annotated_files: set[str]


def read_personal_needs(personal_db: Path) -> PersonalNeeds | None:
    """The annotations' needs, read-only; None when the store exists but cannot be read.

    No store at all: nothing is needed.
    """
    if not personal_db.exists():
        return PersonalNeeds({}, set(), set())
    try:
        db = sqlite3.connect(
            personal_db.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS
        )
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            anchored: dict[str, int] = {}
            if "anchored_versions" in tables:
                rows = db.execute("SELECT meeting_id, version FROM anchored_versions")
                anchored = {str(meeting): int(version) for meeting, version in rows}
            rows = db.execute("SELECT DISTINCT meeting_id, file_sha256 FROM annotations")
            meetings: set[str] = set()
            files: set[str] = set()
            for meeting, sha in rows:
                meetings.add(str(meeting))
                if sha:
                    files.add(str(sha))
        finally:
            db.close()
    except sqlite3.Error as error:
        log.info("Keeping every old version's files: %s cannot be read (%s)", personal_db, error)
        return None
    return PersonalNeeds(anchored, meetings, files)


def unneeded_old_version_files(
    db: sqlite3.Connection, needs: PersonalNeeds
) -> dict[str, list[tuple[str, int]]]:
    """Blobs only old versions use that no annotation needs: sha256 -> its (meeting, version)s."""
    current = {str(m): int(v) for m, v in db.execute("SELECT id, version FROM meetings")}
    oldest = {
        str(m): int(v)
        for m, v in db.execute("SELECT meeting_id, min(version) FROM versions GROUP BY meeting_id")
    }
    needed_from: dict[str, int] = {}
    for meeting, version in current.items():
        if meeting in needs.anchored:
            needed_from[meeting] = min(needs.anchored[meeting], version)
        elif meeting in needs.annotated_meetings:
            needed_from[meeting] = oldest.get(meeting, version)  # anchoring unknown: keep all
        else:
            needed_from[meeting] = version
    uses: dict[str, list[tuple[str, int]]] = defaultdict(list)
    needed: set[str] = set(needs.annotated_files)
    for meeting, version, sha in db.execute("SELECT meeting_id, version, sha256 FROM files"):
        meeting, version, sha = str(meeting), int(version), str(sha)
        uses[sha].append((meeting, version))
        # A meeting without a current row (should not happen) keeps its files.
        if version >= needed_from.get(meeting, -1):
            needed.add(sha)
    return {sha: sorted(places) for sha, places in sorted(uses.items()) if sha not in needed}


def drop_file_rows(db: sqlite3.Connection, shas: Iterable[str]) -> None:
    """Delete the ``files`` rows of ``shas`` (inside the caller's transaction)."""
    db.executemany("DELETE FROM files WHERE sha256 = ?", [[sha] for sha in shas])


def referenced_blobs(db: sqlite3.Connection) -> set[str]:
    """Every sha256 a stored version references."""
    return {str(row[0]) for row in db.execute("SELECT DISTINCT sha256 FROM files")}


def stored_blobs(blobs_dir: Path) -> Iterator[Path]:
    """The blob files under ``blobs_dir`` (named by a sha256, in their two-hex folder)."""
    if not blobs_dir.is_dir():
        return
    for folder in sorted(blobs_dir.iterdir()):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if _SHA256.fullmatch(path.name) and path.parent.name == path.name[:2]:
                    yield path


# --- one run ------------------------------------------------------------------------------


def _connect(content_db: Path) -> sqlite3.Connection:
    return sqlite3.connect(content_db, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)


def _remove_file(path: Path) -> bool:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("Could not remove %s: %s", path, error)
        return False
    return True


def collect(data_dir: Path, *, leftovers_older_than: float | None = None) -> Collected:
    """Remove leftovers, old versions' files no annotation needs, and unused blobs.

    Raises:
        sqlite3.Error, OSError: the library cannot be read or written.
    """
    data_dir = Path(data_dir)
    collected = Collected()
    for path in leftover_files(data_dir, older_than=leftovers_older_than):
        if _remove_file(path):
            collected.leftovers.append(path)
    content_db = data_dir / DB_NAME
    if not content_db.is_file():
        return collected
    needs = read_personal_needs(data_dir / PERSONAL_DB_NAME)
    db = _connect(content_db)
    try:
        if needs is not None:
            db.execute("BEGIN IMMEDIATE")  # the library's write lock
            try:
                unneeded = unneeded_old_version_files(db, needs)
                drop_file_rows(db, unneeded)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")  # the rows first; the files below, as unused ones
            collected.old_version_blobs = list(unneeded)
        db.execute("BEGIN IMMEDIATE")
        try:
            referenced = referenced_blobs(db)
            for path in stored_blobs(data_dir / BLOBS_DIR_NAME):
                if path.name not in referenced and _remove_file(path):
                    collected.unused_blobs.append(path)
        finally:
            db.execute("COMMIT")  # nothing written: ends the lock
    finally:
        db.close()
    return collected


def collect_at_start(data_dir: Path) -> Collected:
    """`collect` as the window starts (a background thread): never raises, logs instead.

    Leftovers younger than `LEFTOVER_MIN_AGE_SECONDS` are kept; a library the
    member cannot write to is left as it is.
    """
    data_dir = Path(data_dir)
    content_db = data_dir / DB_NAME
    if content_db.exists() and not os.access(content_db, os.W_OK):
        return Collected()
    try:
        collected = collect(data_dir, leftovers_older_than=LEFTOVER_MIN_AGE_SECONDS)
    except (OSError, sqlite3.Error) as error:
        log.warning("Housekeeping of %s skipped: %s", data_dir, error)
        return Collected()
    if collected:
        log.info(
            "Housekeeping of %s: %d leftovers, %d unused files, %d old versions' files",
            data_dir,
            len(collected.leftovers),
            len(collected.unused_blobs),
            len(collected.old_version_blobs),
        )
    return collected
