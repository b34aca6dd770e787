"""Child process for the power-cut test of the personal store: writes until killed.

``python -m tests.power.personal_writer STORE SEED`` opens the store through its
real API and makes random writes, overwrites and deletes of notes, positions and
questions. Before each operation it prints ``{"begin": op}``, after the call
returned ``{"ack": op}`` (flushed): the parent knows what was acknowledged and
which one operation may have been in flight when it killed the child.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

from companion.core.personal import STANCES, PersonalStore

MEETING = "kkr-midtjylland-2016-11-22"
ITEMS = [f"item-{n}" for n in range(12)]
#: Real remark text from KKR agendas, varied by the operation number.
TEXT = "Indstillingen tiltrædes; spørg til finansieringen af det tværkommunale samarbejde"


def say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def next_operation(rng: random.Random, number: int, question_ids: list[int]) -> dict[str, Any]:
    item = rng.choice(ITEMS)
    text = f"{TEXT} ({number})"
    kind = rng.choice(["note", "note", "position", "question", "question", "delete", "edit"])
    if kind in ("delete", "edit") and not question_ids:
        kind = "question"
    if kind == "note":
        body = "" if rng.random() < 0.15 else text  # an emptied note is a delete
        return {"op": "note", "item": item, "body": body}
    if kind == "position":
        return {"op": "position", "item": item, "stance": rng.choice(STANCES), "remark": text}
    if kind == "question":
        return {"op": "question", "item": item, "text": text}
    return {"op": kind, "id": rng.choice(question_ids), "text": text}


def apply(store: PersonalStore, op: dict[str, Any]) -> dict[str, Any]:
    """Run ``op`` through the store's API; what the parent needs to know of the result."""
    if op["op"] == "note":
        store.set_note(MEETING, op["item"], op["body"])
    elif op["op"] == "position":
        store.set_position(MEETING, op["item"], stance=op["stance"], remark=op["remark"])
    elif op["op"] == "question":
        return {"id": store.add_question(MEETING, op["item"], op["text"]).id}
    elif op["op"] == "edit":
        store.update_question(op["id"], text=op["text"])
    elif op["op"] == "delete":
        store.delete_question(op["id"])
    return {}


def main(path: str, seed: str) -> None:
    rng = random.Random(int(seed))
    store = PersonalStore(Path(path))
    question_ids = [q.id for item in ITEMS for q in store.questions(MEETING, item)]
    say({"ready": True})
    for number in range(1_000_000):
        op = next_operation(rng, number, question_ids)
        say({"begin": op})
        result = apply(store, op)
        if op["op"] == "question":
            question_ids.append(result["id"])
        elif op["op"] == "delete":
            question_ids.remove(op["id"])
        say({"ack": op, **result})


if __name__ == "__main__":
    main(*sys.argv[1:3])
