"""Backups of the personal store: which start-up backups are kept, and who has the store open.

Kept start-up backups (``backups/start-<UTC time>.db``, one per start of the window):
- every one of the last 7 days;
- older, up to a year: the newest of each ISO week (a week's last start);
- older than a year: none;
- and always the newest `MIN_KEPT`, however old (a member back after months keeps
  the state they left).

Every backup is written durably (`companion.core.durable`: a ``.partial`` file,
fsynced, renamed, folder fsynced), so a name ``start-*.db`` is only ever a whole
file; a ``.partial`` left by a cut is never taken for a backup and housekeeping
removes it.

Who has the store: each window holds an exclusive `FileLock` on its own file in
``personal.db.users/`` next to the store while it runs; `companion.core.store_users`
(`holding_personal_store`, `personal_store_users`) keeps that
apart, so the window takes its hold before its first paint with few imports. A
restore refuses while another window holds the store.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

START_BACKUP_PREFIX = "start-"
#: The newest start-up backups kept whatever their age.
MIN_KEPT = 5
#: Every start-up backup younger than this is kept.
KEEP_EVERY = timedelta(days=7)
#: Older ones, up to this age, are kept one per ISO week.
KEEP_WEEKLY = timedelta(days=365)
_TIME_FORMAT = "%Y%m%d-%H%M%S-%f"


def backup_time(path: Path, prefix: str = START_BACKUP_PREFIX) -> datetime | None:
    """When the backup ``path`` (``<prefix><UTC time>.db``) was taken; None for another name."""
    if not (path.name.startswith(prefix) and path.name.endswith(".db")):
        return None
    try:
        moment = datetime.strptime(path.name[len(prefix) : -len(".db")], _TIME_FORMAT)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC)


def start_backups_to_delete(
    backups: list[Path], now: datetime, min_kept: int = MIN_KEPT
) -> list[Path]:
    """Of the start-up backups ``backups``, the ones the keeping rule lets go (see module)."""
    dated = sorted(
        ((moment, path) for path in backups if (moment := backup_time(path)) is not None),
        reverse=True,
    )
    kept: set[Path] = {path for _, path in dated[: max(min_kept, 1)]}
    weeks_seen: set[tuple[int, int]] = set()
    for moment, path in dated:  # newest first: the first of a week is its newest
        age = now - moment
        if age <= KEEP_EVERY:
            kept.add(path)
        elif age <= KEEP_WEEKLY:
            week = moment.isocalendar()[:2]
            if week not in weeks_seen:
                weeks_seen.add(week)
                kept.add(path)
    return [path for _, path in reversed(dated) if path not in kept]


def prune_start_backups(
    backups_dir: Path, now: datetime | None = None, min_kept: int = MIN_KEPT
) -> list[Path]:
    """Delete the start-up backups in ``backups_dir`` the keeping rule lets go; those."""
    backups = sorted(Path(backups_dir).glob(f"{START_BACKUP_PREFIX}*.db"))
    gone = start_backups_to_delete(backups, now or datetime.now(UTC), min_kept)
    for path in gone:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("Could not remove the old backup %s: %s", path, error)
    return gone
