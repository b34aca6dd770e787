"""``companion check``: verify the library and the personal store, and repair what can be.

What is checked, in the data folder:
- ``content.db`` and ``personal.db``: SQLite's ``PRAGMA integrity_check``;
- every blob hashed against its name (no cache: this is the full check);
- blobs no stored version references (orphans, e.g. of an import cut short);
- files the library lists but does not hold (a later sync or import fetches them;
  reported, not a problem that ``check`` can or needs to fix);
- old versions' files no annotation needs any more (see
  `companion.core.library_housekeeping`): noted, not a problem;
- leftovers: ``.incoming-*``, ``.durable-*`` and ``*.partial`` temporary files of
  a cut-short write or backup, and ``downloads/`` (``.part`` files of an
  interrupted sync).

A repair deletes damaged blobs (so the next sync or import fetches them again),
orphans, old versions' files no annotation needs (their file rows first, in a
committed transaction, then the files) and leftovers. It never repairs a
database (it only drops those file rows of content.db): a damaged ``personal.db``
is the member's work, to be restored from a backup by the member. Orphans are
deleted under the library's write lock, so an import (which copies its blobs
again under that lock before it commits) cannot lose one. ``downloads/`` counts
only when the data folder's sync lock is free (`companion.core.sources.sync_lock`):
a running sync's downloads are left alone.
"""

from __future__ import annotations

import enum
import logging
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from companion.core.blob_check import BlobChecks
from companion.core.library_housekeeping import (
    LEFTOVER_PREFIXES,
    drop_file_rows,
    is_leftover_name,
    read_personal_needs,
    referenced_blobs,
    unneeded_old_version_files,
)
from companion.core.sources.http import SyncError
from companion.core.sources.sync_lock import sync_lock

log = logging.getLogger(__name__)

CONTENT_DB_NAME = "content.db"
PERSONAL_DB_NAME = "personal.db"
BLOBS_DIR_NAME = "blobs"
DOWNLOADS_DIR_NAME = "downloads"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Kind(enum.StrEnum):
    """What a finding is about."""

    DAMAGED_DATABASE = "damaged database"
    UNREADABLE_DATABASE = "unreadable database"
    DAMAGED_BLOB = "damaged file"
    MISSING_BLOB = "missing file"
    ORPHAN_BLOB = "unused file"
    OLD_VERSION_BLOB = "old version's file"
    LEFTOVER = "leftover"


@dataclass(frozen=True)
class Finding:
    """One thing found: what, where, a detail, and whether the repair fixed it."""

    kind: Kind
    path: Path
    detail: str = ""
    repaired: bool = False

    @property
    def is_problem(self) -> bool:
        """False for what needs nothing from the member (a file the next sync fetches)."""
        return self.kind not in (Kind.MISSING_BLOB, Kind.OLD_VERSION_BLOB)

    def __str__(self) -> str:
        text = f"{self.kind}: {self.path}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class CheckReport:
    """Everything `check_data` found, and how many blobs it hashed."""

    findings: list[Finding] = field(default_factory=list)
    blobs_checked: int = 0

    @property
    def problems_left(self) -> list[Finding]:
        """The problems not repaired."""
        return [f for f in self.findings if f.is_problem and not f.repaired]


def integrity_problems(path: Path) -> list[str]:
    """SQLite's ``integrity_check`` of the database at ``path``: empty when sound.

    Raises:
        sqlite3.Error: the file cannot be opened or is not a database.
    """
    db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    finally:
        db.close()
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def _check_database(path: Path, report: CheckReport) -> bool:
    """Add the findings for the database at ``path``; True when it can be used."""
    if not path.is_file():
        return False
    try:
        problems = integrity_problems(path)
    except sqlite3.Error as error:
        report.findings.append(Finding(Kind.UNREADABLE_DATABASE, path, str(error)))
        return False
    if problems:
        detail = "; ".join(problems[:3]) + (" ..." if len(problems) > 3 else "")
        report.findings.append(Finding(Kind.DAMAGED_DATABASE, path, detail))
        return False
    return True


def _stored_blobs(blobs_dir: Path) -> Iterator[Path]:
    if blobs_dir.is_dir():
        for folder in sorted(blobs_dir.iterdir()):
            if folder.is_dir():
                yield from sorted(p for p in folder.iterdir() if p.is_file())


def _leftovers(data_dir: Path, *, downloads_too: bool) -> Iterator[Path]:
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and is_leftover_name(path.name):
            yield path
    downloads = data_dir / DOWNLOADS_DIR_NAME
    if downloads_too and downloads.is_dir():
        yield from sorted(p for p in downloads.iterdir() if not is_leftover_name(p.name))


def _remove(path: Path) -> bool:
    try:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("Could not remove %s: %s", path, error)
        return False
    return True


def check_data(data_dir: Path, *, repair: bool = False) -> CheckReport:
    """Check the library and personal store in ``data_dir``; with ``repair``, fix what can be."""
    data_dir = Path(data_dir)
    report = CheckReport()
    _check_database(data_dir / PERSONAL_DB_NAME, report)
    content = data_dir / CONTENT_DB_NAME
    content_usable = _check_database(content, report)
    blobs_dir = data_dir / BLOBS_DIR_NAME

    with BlobChecks(data_dir, writable=repair) as checks:
        stored: dict[str, Path] = {}
        for path in _stored_blobs(blobs_dir):
            if path.name.startswith(LEFTOVER_PREFIXES):
                continue  # counted with the leftovers
            if not _SHA256.fullmatch(path.name) or path.parent.name != path.name[:2]:
                report.findings.append(Finding(Kind.LEFTOVER, path, "not a library file"))
                continue
            report.blobs_checked += 1
            if checks.matches(path, path.name, trust_cache=False):
                stored[path.name] = path
                continue
            fixed = repair and _remove(path)
            if fixed:
                checks.forget(path.name)
            detail = "removed: the next sync or import fetches it again" if fixed else ""
            report.findings.append(Finding(Kind.DAMAGED_BLOB, path, detail, fixed))

    if content_usable:
        _check_references(content, stored, report, repair)

    with ExitStack() as held:
        try:  # a running sync's downloads are its own, not leftovers
            held.enter_context(sync_lock(data_dir, wait=0))
            downloads_too = True
        except SyncError:
            downloads_too = False
            log.info("A sync is running in %s: its downloads are left alone", data_dir)
        for path in _leftovers(data_dir, downloads_too=downloads_too):
            report.findings.append(Finding(Kind.LEFTOVER, path, "", repair and _remove(path)))
    return report


def _check_references(
    content: Path, stored: dict[str, Path], report: CheckReport, repair: bool
) -> None:
    """Orphans, old versions' unneeded files (deleted with ``repair``) and missing blobs."""
    mode = "rw" if repair else "ro"
    db = sqlite3.connect(
        content.resolve().as_uri() + f"?mode={mode}", uri=True, timeout=30, isolation_level=None
    )
    try:
        if repair:
            db.execute("BEGIN IMMEDIATE")  # the library's write lock
        referenced = referenced_blobs(db)
        for sha, path in sorted(stored.items()):
            if sha not in referenced:
                report.findings.append(
                    Finding(Kind.ORPHAN_BLOB, path, "", repair and _remove(path))
                )
        for sha in sorted(referenced - stored.keys()):
            path = content.parent / BLOBS_DIR_NAME / sha[:2] / sha
            report.findings.append(
                Finding(Kind.MISSING_BLOB, path, "the next sync or import fetches it")
            )
        needs = read_personal_needs(content.parent / PERSONAL_DB_NAME)
        unneeded = unneeded_old_version_files(db, needs) if needs is not None else {}
        unneeded = {sha: places for sha, places in unneeded.items() if sha in stored}
        still_used: set[str] = set()
        if repair:
            drop_file_rows(db, unneeded)
            db.execute("COMMIT")  # the rows first, then the files, each if still unused
            db.execute("BEGIN IMMEDIATE")
            still_used = referenced_blobs(db)
        for sha, places in unneeded.items():
            detail = "used only by " + ", ".join(f"{m} version {v}" for m, v in places)
            fixed = repair and sha not in still_used and _remove(stored[sha])
            report.findings.append(Finding(Kind.OLD_VERSION_BLOB, stored[sha], detail, fixed))
        if repair:
            db.execute("COMMIT")
    finally:
        db.close()
