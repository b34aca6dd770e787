"""(d) Power cuts during a backup and during a restore of the personal store.

One store lives through every cut, as on a laptop. After each cut: the store
opens and passes SQLite's integrity check; no acknowledged note is lost; every
``backups/start-*.db`` and ``before-restore-*.db`` is a whole, sound store (a
half-written backup is only ever a ``.partial`` file, never taken for a good
one); after a restore the store is wholly the restored file or wholly the one
before, and the one before is kept in an acknowledged ``before-restore`` backup.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from companion.core.personal import PersonalStore, check_backup_file, write_backup_file
from tests.power.backup_worker import ITEMS, MEETING, TEXT
from tests.power.conftest import child_env
from tests.power.lazyfs import LazyFS

CUTS = 30
READY_TIMEOUT = 30.0


def run_until_killed(args: list[str], rng: random.Random, longest: float) -> list[dict[str, Any]]:
    """Start the worker with ``args``, kill it at a random moment once ready; its messages."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.power.backup_worker", *args],
        env=child_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    messages: list[dict[str, Any]] = []
    ready = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            if not line.endswith("\n"):
                break  # cut off mid-line by the kill: never acknowledged
            messages.append(json.loads(line))
            ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready.wait(READY_TIMEOUT):
        child.kill()
        raise AssertionError(f"the worker did not start (exit {child.wait()})")
    time.sleep(rng.uniform(0.0, longest))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=10)
    return messages


def notes_of(path: Path) -> dict[str, str]:
    """The notes of the test's meeting in the store (or backup) at ``path``."""
    with PersonalStore(path) as store:
        assert store.integrity_ok(), f"{path} fails SQLite's integrity check"
        return {i: note.body for i in ITEMS if (note := store.note(MEETING, i)) is not None}


def sound_backup(path: Path) -> dict[str, str]:
    """Check the backup ``path`` as restore would (on a copy off the mount); its notes."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        check_backup_file(copy, shown_as=path)  # raises for a half-written file
        return notes_of(copy)


def test_power_cuts_during_backups_lose_no_note_and_leave_no_half_backup(
    lazyfs: LazyFS,
) -> None:
    rng = random.Random(41)
    store = lazyfs.fresh_folder("backup") / "personal.db"
    backups = store.parent / "backups"
    notes: dict[str, str] = {}
    acknowledged_backups: dict[Path, dict[str, str]] = {}  # each with the notes it must hold
    checked: set[Path] = set()
    partials: set[str] = set()
    for cut in range(CUTS):
        messages = run_until_killed(["backup", str(store), str(cut)], rng, 0.6)
        lazyfs.power_cut()
        expected, in_flight = dict(notes), None
        new_backups: list[Path] = []
        for message in messages:
            if "begin" in message:
                in_flight = message["begin"]
            elif "ack" in message:
                in_flight = None
                op = message["ack"]
                if op["op"] == "note":
                    expected[op["item"]] = op["body"]
                elif op["file"] != "None":
                    new_backups.append(Path(op["file"]))
                    acknowledged_backups[Path(op["file"])] = dict(expected)
        actual = notes_of(store)
        allowed = [expected]
        if in_flight is not None and in_flight["op"] == "note":
            allowed.append({**expected, in_flight["item"]: in_flight["body"]})
        assert actual in allowed, f"cut {cut}: acknowledged notes lost"
        taken = sorted(backups.glob("start-*.db"))
        for backup in sorted(set(taken) - checked):  # older ones were checked after their cut
            checked.add(backup)
            backup_notes = sound_backup(backup)
            assert set(backup_notes) <= set(ITEMS)
            assert all(TEXT in body for body in backup_notes.values())
        assert set(acknowledged_backups) <= set(taken), f"cut {cut}: an acknowledged backup is gone"
        for backup in new_backups:
            assert sound_backup(backup) == acknowledged_backups[backup], f"cut {cut}: {backup}"
        partials |= {path.name for path in backups.glob("*.partial")}
        notes = actual
    print(
        f"\nbackups: {CUTS} cuts, {len(acknowledged_backups)} acknowledged backups, all "
        f"sound and present; {len(partials)} half-written .partial files seen (never "
        "taken for backups); notes lost: 0"
    )
    assert len(acknowledged_backups) > CUTS  # the worker really backed up between the cuts


def _two_backup_files(folder: Path) -> dict[str, Path]:
    """Backup files A and B, each a store with its own notes, written durably."""
    files: dict[str, Path] = {}
    for name in ("A", "B"):
        work = folder / f"work-{name}" / "personal.db"
        work.parent.mkdir()
        with PersonalStore(work) as store:
            for number, item in enumerate(ITEMS):
                store.set_note(MEETING, item, f"{TEXT} ({name}{number})")
        files[name] = write_backup_file(work, folder / f"backup-{name}.db")
    return files


def test_power_cuts_during_restores_keep_one_whole_store_and_the_one_before(
    lazyfs: LazyFS,
) -> None:
    rng = random.Random(42)
    folder = lazyfs.fresh_folder("restore")
    files = _two_backup_files(folder)
    contents = {name: sound_backup(path) for name, path in files.items()}
    data = folder / "data"
    data.mkdir()
    store = data / "personal.db"
    shutil.copyfile(files["A"], store)
    current = "A"
    restores = 0
    checked: set[Path] = set()
    for cut in range(CUTS):
        first = "B" if current == "A" else "A"
        messages = run_until_killed(
            ["restore", str(store), first, str(files["A"]), str(files["B"])], rng, 0.8
        )
        lazyfs.power_cut()
        last, in_flight = current, None
        for message in messages:
            if "begin" in message:
                in_flight = message["begin"]["file"]
            elif "ack" in message:
                ack = message["ack"]
                restores += 1
                assert ack["saved"] is not None
                saved = Path(ack["saved"])
                assert saved.exists(), f"cut {cut}: an acknowledged before-restore backup is gone"
                assert sound_backup(saved) == contents[last]  # the work before, kept whole
                last, in_flight = ack["file"], None
        actual = notes_of(store)
        allowed = {last} | ({in_flight} if in_flight else set())
        matching = [name for name in allowed if contents[name] == actual]
        assert matching, f"cut {cut}: the store is neither {sorted(allowed)} whole"
        for backup in sorted(set((data / "backups").glob("before-restore-*.db")) - checked):
            checked.add(backup)  # whole, acknowledged or not; older ones were checked already
            assert sound_backup(backup) in contents.values()
        current = matching[0]
    print(f"\nrestores: {CUTS} cuts, {restores} acknowledged restores; stores lost or mixed: 0")
    assert restores > CUTS
