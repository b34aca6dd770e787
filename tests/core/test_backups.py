"""Start-up backups kept by age and count; restore refuses while a window has the store."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from companion.core.backups import (
    MIN_KEPT,
    backup_time,
    start_backups_to_delete,
)
from companion.core.personal import PersonalStore, backup_on_start, check_backup_file
from companion.core.store_users import holding_personal_store, personal_store_users
from tests.core.test_cli_backup import ITEM, MEETING, companion, read_work, write_work

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _name(moment: datetime) -> Path:
    return Path(f"start-{moment.strftime('%Y%m%d-%H%M%S-%f')}.db")


def test_backups_kept_every_start_of_the_week_one_a_week_for_a_year() -> None:
    # Three starts a day for 400 days, the newest an hour ago.
    starts = [NOW - timedelta(hours=1 + 8 * n) for n in range(3 * 400)]
    names = [_name(moment) for moment in starts]
    kept = set(names) - set(start_backups_to_delete(names, NOW))
    kept_times = sorted(t for p in kept if (t := backup_time(p)) is not None)

    last_week = [t for t in starts if NOW - t <= timedelta(days=7)]
    assert set(last_week) <= set(kept_times)  # every start of the last week
    older = [t for t in kept_times if NOW - t > timedelta(days=7)]
    weeks = [t.isocalendar()[:2] for t in older]
    assert len(weeks) == len(set(weeks))  # at most one a week after that ...
    assert 50 <= len(older) <= 53  # ... for a year
    assert all(NOW - t <= timedelta(days=365) for t in older)  # none older than a year
    for t in older:  # the one kept is the newest start of its week (past the 7 days)
        week = [s for s in starts if s.isocalendar()[:2] == t.isocalendar()[:2]]
        assert t == max(s for s in week if NOW - s > timedelta(days=7))


def test_the_newest_backups_stay_however_old() -> None:
    starts = [NOW - timedelta(days=500 + n) for n in range(12)]  # back after a long break
    names = [_name(moment) for moment in starts]
    kept = set(names) - set(start_backups_to_delete(names, NOW))
    assert kept == set(names[:MIN_KEPT])


def test_backup_on_start_prunes_by_age_and_writes_a_sound_copy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_work(data, "forbehold", "en note")
    backups = data / "backups"
    backups.mkdir()
    now = datetime.now(UTC)
    old_ones = [backups / _name(now - timedelta(days=400 + n)) for n in range(MIN_KEPT)]
    recent = [backups / _name(now - timedelta(days=n, hours=1)) for n in range(MIN_KEPT + 3)]
    for path in old_ones + recent:
        path.write_bytes(b"stand-in for an old backup")  # only their names are read

    made = backup_on_start(data / "personal.db", backups)

    assert made is not None and check_backup_file(made) > 0
    left = set(backups.glob("start-*.db"))
    assert set(recent) <= left  # more than the 5 of the old count rule
    assert not any(path in left for path in old_ones)


#: A stand-in for a running window: holds the store like companion.ui.app does, then waits.
_WINDOW = """
import sys, time
from pathlib import Path
from companion.core.store_users import holding_personal_store
with holding_personal_store(Path(sys.argv[1])):
    print("open", flush=True)
    time.sleep(60)
"""


def test_restore_from_the_cli_while_a_window_has_the_store_says_so_and_changes_nothing(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    write_work(data, "forbehold", "før flytning")
    backup_file = tmp_path / "min-backup.db"
    assert companion(data, "backup", str(backup_file)).returncode == 0
    write_work(data, "imod", "efter backup")
    before = read_work(data)
    window = subprocess.Popen(
        [sys.executable, "-c", _WINDOW, str(data / "personal.db")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert window.stdout is not None and window.stdout.readline() == "open\n"
        assert personal_store_users(data / "personal.db") == 1

        refused = companion(data, "restore", str(backup_file))

        assert refused.returncode == 1
        assert "nothing was restored: a companion window has your personal store" in (
            refused.stderr
        )
        assert "close every companion window, then restore again" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert read_work(data) == before
        assert not list((data / "backups").glob("before-restore-*.db"))
    finally:
        window.kill()  # a window that crashed: its lock goes with it
        window.wait()

    assert personal_store_users(data / "personal.db") == 0
    restored = companion(data, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert read_work(data)[0] == "forbehold"


def test_a_window_holding_the_store_is_counted_until_it_lets_go(tmp_path: Path) -> None:
    store = tmp_path / "personal.db"
    with PersonalStore(store) as personal:
        personal.set_position(MEETING, ITEM, stance="imod", remark="")
    with holding_personal_store(store):
        assert personal_store_users(store) == 1
        with holding_personal_store(store):  # a second window
            assert personal_store_users(store) == 2
    assert personal_store_users(store) == 0
