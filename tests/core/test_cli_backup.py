"""`companion backup` and `companion restore`, run as real subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from companion.core.personal import PersonalStore

MEETING = "kkr-midtjylland-2016-11-22"
ITEM = "2-1"


def companion(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m companion ARGS`` with its data folder in ``data_dir``."""
    env = dict(os.environ, COMPANION_DATA_DIR=str(data_dir))
    env["COMPANION_CONFIG_DIR"] = str(data_dir.parent / "config")
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def write_work(data_dir: Path, stance: str, note: str) -> str:
    """Store a position, a note and a highlight in ``data_dir``; the highlight's id."""
    with PersonalStore(data_dir / "personal.db") as store:
        store.set_position(MEETING, ITEM, stance=stance, remark=note)
        store.set_note(MEETING, None, f"<p>{note}</p>")
        return store.add_annotation(MEETING, ITEM, "item", {"exact": note}, note=note).id


def read_work(data_dir: Path) -> tuple[str, str, list[str]]:
    with PersonalStore(data_dir / "personal.db") as store:
        position = store.position(MEETING, ITEM)
        note = store.note(MEETING, None)
        assert position is not None and note is not None
        return position.stance, note.body, [a.note for a in store.annotations(MEETING)]


def test_backup_change_restore_brings_the_work_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_work(data, "forbehold", "før flytning")
    backup_file = tmp_path / "min-backup.db"

    saved = companion(data, "backup", str(backup_file))
    assert saved.returncode == 0, saved.stderr
    assert str(backup_file) in saved.stdout and backup_file.is_file()

    write_work(data, "imod", "efter backup")
    assert read_work(data)[0] == "imod"

    restored = companion(data, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert read_work(data) == ("forbehold", "<p>før flytning</p>", ["før flytning"])
    [kept] = (data / "backups").glob("before-restore-*.db")
    assert str(kept) in restored.stdout
    with PersonalStore(kept) as previous:
        assert [a.note for a in previous.annotations(MEETING)] == ["før flytning", "efter backup"]


def test_backup_moves_work_to_a_new_laptop(tmp_path: Path) -> None:
    old_laptop, new_laptop, stick = tmp_path / "old", tmp_path / "new", tmp_path / "usb"
    stick.mkdir()
    write_work(old_laptop, "tiltraeder", "enig")
    saved = companion(old_laptop, "backup", str(stick))
    assert saved.returncode == 0, saved.stderr
    [moved] = stick.iterdir()  # exactly one file
    assert moved.name.startswith("kkr-companion-backup-") and moved.suffix == ".db"

    restored = companion(new_laptop, "restore", str(moved))
    assert restored.returncode == 0, restored.stderr
    assert "previous work" not in restored.stdout  # there was none
    assert read_work(new_laptop) == ("tiltraeder", "<p>enig</p>", ["enig"])


def test_backup_without_a_store_says_so(tmp_path: Path) -> None:
    result = companion(tmp_path / "data", "backup", str(tmp_path))
    assert result.returncode == 1
    assert "nothing to back up" in result.stderr and "personal.db" in result.stderr
    assert list(tmp_path.glob("kkr-companion-backup-*")) == []


def test_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_work(data, "imod", "x")
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"someone else's file")
    result = companion(data, "backup", str(existing))
    assert result.returncode == 1 and "already exists" in result.stderr
    assert existing.read_bytes() == b"someone else's file"


def test_restore_of_a_wrong_file_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_work(data, "undlader", "bevares")
    agenda = tmp_path / "dagsorden.pdf"
    agenda.write_bytes(b"%PDF-1.7 not a backup" * 100)
    before = (data / "personal.db").read_bytes()

    missing = companion(data, "restore", str(tmp_path / "nowhere.db"))
    wrong = companion(data, "restore", str(agenda))

    assert missing.returncode == 1 and "nowhere.db: no such file" in missing.stderr
    assert wrong.returncode == 1
    assert "nothing was restored" in wrong.stderr and "dagsorden.pdf" in wrong.stderr
    assert (data / "personal.db").read_bytes() == before
    assert read_work(data)[1] == "<p>bevares</p>"
    assert not (data / "backups").exists()


def test_help_documents_the_one_file(tmp_path: Path) -> None:
    result = companion(tmp_path, "backup", "--help")
    assert result.returncode == 0
    assert "ONE" in result.stdout and "kkr-companion-backup-YYYY-MM-DD.db" in result.stdout
