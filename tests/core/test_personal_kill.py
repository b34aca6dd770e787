"""Durability: a writer killed with SIGKILL at random moments loses nothing it acknowledged.

A child process writes annotations, positions, notes and questions in a loop and
prints a line for each write only after the call returned. The parent kills it
with SIGKILL at random moments, many times over the same file, then checks that
every acknowledged write is in the store and that SQLite finds the file sound.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from companion.core.personal import PersonalStore

MEETING = "kkr-midtjylland-2020-02-05"
ROUNDS = 150
TIME_BUDGET_SECONDS = 25.0
SEED = 20261122

WRITER = """
import sys
from companion.core.personal import STANCES, PersonalStore

store = PersonalStore(sys.argv[1])
meeting, prefix = sys.argv[2], sys.argv[3]
number = 0
while True:
    key = f"{prefix}-{number}"
    kind = number % 4
    if kind == 0:
        added = store.add_annotation(meeting, key, "item", {"exact": key, "position": number})
        print("a", added.id, key, flush=True)
        store.update_annotation(added.id, note=f"{key} rettet")
        print("u", added.id, f"{key} rettet", flush=True)
    elif kind == 1:
        stance = STANCES[number % len(STANCES)]
        store.set_position(meeting, key, stance=stance, remark=key)
        print("p", key, stance, flush=True)
    elif kind == 2:
        store.set_note(meeting, key, f"<ul><li>{key}</li></ul>")
        print("n", key, flush=True)
    else:
        question = store.add_question(meeting, key, f"Hvorfor {key}?")
        print("q", question.id, key, flush=True)
    number += 1
"""


@dataclass
class Acknowledged:
    """What the children reported as saved."""

    annotations: dict[str, str] = field(default_factory=dict)  # id -> key
    edited: dict[str, str] = field(default_factory=dict)  # id -> note
    positions: dict[str, str] = field(default_factory=dict)  # item id -> stance
    notes: list[str] = field(default_factory=list)
    questions: dict[int, str] = field(default_factory=dict)  # id -> key

    def count(self) -> int:
        return (
            len(self.annotations)
            + len(self.edited)
            + len(self.positions)
            + len(self.notes)
            + len(self.questions)
        )

    def read(self, report: str) -> int:
        """Take in a child's report; only complete lines count. The number of writes."""
        lines = report.split("\n")[:-1]  # the last part is empty or a torn line
        for line in lines:
            kind, *rest = line.split(" ", 2)
            if kind == "a":
                self.annotations[rest[0]] = rest[1]
            elif kind == "u":
                self.edited[rest[0]] = rest[1]
            elif kind == "p":
                self.positions[rest[0]] = rest[1]
            elif kind == "n":
                self.notes.append(rest[0])
            elif kind == "q":
                self.questions[int(rest[0])] = rest[1]
        return len(lines)


def wait_for_output(report: Path, deadline: float) -> None:
    while time.monotonic() < deadline and report.stat().st_size == 0:
        time.sleep(0.002)


def run_and_kill(path: Path, report: Path, prefix: str, rng: random.Random) -> None:
    """Start a writer, kill it at a random moment (early, or in the middle of writing)."""
    with report.open("wb") as output:
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), MEETING, prefix],
            stdout=output,
            stderr=subprocess.PIPE,
        )
    try:
        if rng.random() < 0.15:  # while it starts: opening, creating, migrating
            time.sleep(rng.uniform(0.0, 0.1))
        else:
            wait_for_output(report, time.monotonic() + 10)
            time.sleep(rng.uniform(0.0, 0.04))
        if child.poll() is not None:
            pytest.fail(f"the writer stopped by itself: {child.stderr.read().decode()}")
    finally:
        child.kill()  # SIGKILL on POSIX (TerminateProcess on Windows)
        child.wait(timeout=10)
        child.stderr.close()  # type: ignore[union-attr]


def assert_sound(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()


def assert_all_present(path: Path, acknowledged: Acknowledged) -> None:
    with PersonalStore(path) as store:
        assert store.integrity_ok()
        annotations = {a.id: a for a in store.annotations(MEETING)}
        for annotation_id, key in acknowledged.annotations.items():
            found = annotations.get(annotation_id)
            assert found is not None, f"annotation {annotation_id} ({key}) was lost"
            assert found.anchor["exact"] == key and found.item_id == key
            if annotation_id in acknowledged.edited:
                assert found.note == acknowledged.edited[annotation_id]
        positions = store.positions(MEETING)
        for item_id, stance in acknowledged.positions.items():
            assert positions[item_id].stance == stance, f"position on {item_id} was lost"
        for item_id in acknowledged.notes:
            note = store.note(MEETING, item_id)
            assert note is not None and item_id in note.body, f"note on {item_id} was lost"
        for question_id, key in acknowledged.questions.items():
            texts = {q.id: q.text for q in store.questions(MEETING, key)}
            assert texts.get(question_id) == f"Hvorfor {key}?", f"question {key} was lost"


def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    rng = random.Random(SEED)
    acknowledged = Acknowledged()
    started = time.monotonic()
    rounds = rounds_with_writes = 0
    while rounds < ROUNDS and time.monotonic() - started < TIME_BUDGET_SECONDS:
        report = tmp_path / "report.txt"
        run_and_kill(path, report, f"r{rounds}", rng)
        written = acknowledged.read(report.read_text(encoding="utf-8"))
        rounds += 1
        rounds_with_writes += written > 0
        if rounds % 20 == 0:
            assert_sound(path)

    print(f"{rounds} kills, {rounds_with_writes} while writing, {acknowledged.count()} writes")
    assert rounds >= 50, f"only {rounds} kills within the time budget"
    assert rounds_with_writes >= rounds // 2, "too few kills landed while writing"
    kinds = [acknowledged.annotations, acknowledged.edited, acknowledged.positions]
    assert all(kinds) and acknowledged.notes and acknowledged.questions
    assert_sound(path)
    assert_all_present(path, acknowledged)
