"""Child process for the power-cut tests of backups and restores: works until killed.

``python -m tests.power.backup_worker backup STORE SEED`` writes a note through the
store's API and takes a start-up backup (`backup_on_start`), over and over.
``python -m tests.power.backup_worker restore STORE FIRST FILE_A FILE_B`` restores
FILE_A and FILE_B in turn (FIRST names the one to start with) with
`restore_backup_file`, as ``companion restore`` does. Before each step it prints
``{"begin": ...}``, after the call returned ``{"ack": ...}`` (flushed), so the
parent knows what was acknowledged and what may have been in flight at the kill.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

from companion.core.personal import PersonalStore, backup_on_start, restore_backup_file

MEETING = "kkr-midtjylland-2016-11-22"
ITEMS = [f"item-{n}" for n in range(12)]
#: Real remark text from KKR agendas, varied by the operation number.
TEXT = "Indstillingen tiltrædes; spørg til finansieringen af det tværkommunale samarbejde"


def say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def backups(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = PersonalStore(path)
    say({"ready": True})
    for number in range(1_000_000):
        op = {"op": "note", "item": rng.choice(ITEMS), "body": f"{TEXT} ({seed}-{number})"}
        say({"begin": op})
        store.set_note(MEETING, op["item"], op["body"])
        say({"ack": op})
        say({"begin": {"op": "backup"}})
        made = backup_on_start(path, path.parent / "backups")
        say({"ack": {"op": "backup", "file": str(made)}})


def restores(path: Path, first: str, files: dict[str, Path]) -> None:
    say({"ready": True})
    name = first
    while True:
        say({"begin": {"op": "restore", "file": name}})
        saved = restore_backup_file(path, files[name])
        say({"ack": {"op": "restore", "file": name, "saved": str(saved) if saved else None}})
        name = "B" if name == "A" else "A"


def main(mode: str, *args: str) -> None:
    if mode == "backup":
        backups(Path(args[0]), int(args[1]))
    else:
        restores(Path(args[0]), args[1], {"A": Path(args[2]), "B": Path(args[3])})


if __name__ == "__main__":
    main(*sys.argv[1:])
