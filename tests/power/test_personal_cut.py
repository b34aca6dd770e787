"""(c) The personal store takes writes, overwrites and deletes; power cuts at random moments.

One store lives through every cut, as on a laptop: the writer (personal_writer.py,
the store's real API in a child process) is started again after each cut on what
the cut left. After each cut: no acknowledged write is lost, an overwritten value
is the latest acknowledged one, a deleted question stays deleted; the one
operation in flight at the kill may have happened or not.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from companion.core.personal import PersonalStore
from tests.power.conftest import child_env
from tests.power.lazyfs import LazyFS
from tests.power.personal_writer import ITEMS, MEETING

CUTS = 32
READY_TIMEOUT = 30.0


@dataclass(frozen=True)
class State:
    """What the store holds for the test's meeting."""

    notes: dict[str, str] = field(default_factory=dict)
    positions: dict[str, tuple[str, str]] = field(default_factory=dict)
    questions: dict[int, tuple[str, str]] = field(default_factory=dict)


def read_state(path: Path) -> State:
    store = PersonalStore(path)
    try:
        assert store.integrity_ok()
        notes = {i: n.body for i in ITEMS if (n := store.note(MEETING, i)) is not None}
        positions = {i: (p.stance, p.remark) for i, p in store.positions(MEETING).items()}
        questions = {q.id: (i, q.text) for i in ITEMS for q in store.questions(MEETING, i)}
        return State(notes, positions, questions)
    finally:
        store.close()


def applied(state: State, op: dict[str, Any], new_id: int | None) -> State:
    """``state`` after ``op`` (for an added question, under ``new_id``)."""
    kind = op["op"]
    if kind == "note":
        return replace(state, notes={**state.notes, op["item"]: op["body"]})
    if kind == "position":
        return replace(
            state, positions={**state.positions, op["item"]: (op["stance"], op["remark"])}
        )
    questions = dict(state.questions)
    if kind == "question":
        assert new_id is not None
        questions[new_id] = (op["item"], op["text"])
    elif kind == "edit":
        questions[op["id"]] = (questions[op["id"]][0], op["text"])
    elif kind == "delete":
        del questions[op["id"]]
    return replace(state, questions=questions)


def differences(expected: State, actual: State) -> list[str]:
    found: list[str] = []
    for name in ("notes", "positions", "questions"):
        want, have = getattr(expected, name), getattr(actual, name)
        for key in sorted(set(want) | set(have), key=str):
            if want.get(key) != have.get(key):
                found.append(
                    f"{name}[{key}]: acknowledged {want.get(key)!r}, found {have.get(key)!r}"
                )
    return found


def run_writer_until_killed(store: Path, seed: int, rng: random.Random) -> list[dict[str, Any]]:
    """Start the writer, kill it at a random moment after it is ready; its messages."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.power.personal_writer", str(store), str(seed)],
        env=child_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
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
        raise AssertionError(f"the writer did not start (exit {child.wait()})")
    time.sleep(rng.uniform(0.0, 0.5))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=10)
    return messages


def test_power_cuts_while_the_personal_store_writes_lose_nothing_acknowledged(
    lazyfs: LazyFS,
) -> None:
    rng = random.Random(12)
    store = lazyfs.fresh_folder("personal") / "personal.db"
    state = State()
    acknowledged = in_flight_kept = 0
    lost: dict[int, list[str]] = {}
    for cut in range(CUTS):
        messages = run_writer_until_killed(store, seed=1000 + cut, rng=rng)
        lazyfs.power_cut()
        expected = state
        in_flight: dict[str, Any] | None = None
        for message in messages:
            if "begin" in message:
                in_flight = message["begin"]
            elif "ack" in message:
                expected = applied(expected, message["ack"], message.get("id"))
                acknowledged += 1
                in_flight = None
        actual = read_state(store)
        allowed = [expected]
        if in_flight is not None:
            new_ids = set(actual.questions) - set(expected.questions)
            new_id = min(new_ids) if len(new_ids) == 1 else None
            if in_flight["op"] != "question" or new_id is not None:
                allowed.append(applied(expected, in_flight, new_id))
        if actual in allowed[1:]:
            in_flight_kept += 1
        if actual not in allowed:
            lost[cut] = differences(expected, actual)
        state = actual  # the next writer goes on from what the cut left
    print(
        f"\npersonal store: {CUTS} cuts, {acknowledged} acknowledged operations, "
        f"in-flight operation kept in {in_flight_kept}, acknowledged values lost: "
        f"{sum(map(len, lost.values()))}"
    )
    assert lost == {}
    assert acknowledged > CUTS  # the writer really wrote between the cuts
