"""Durability: a writer killed with SIGKILL at random moments loses nothing it acknowledged.

Two kinds of writer, each killed many times over the same personal.db:

- the store itself: a child process adds, overwrites and deletes annotations,
  positions, notes and questions in a loop. It prints what it is about to write
  (an *intent*) before each call and an *acknowledgement* after the call
  returned. After the last kill, every row must hold its latest acknowledged
  value, or the one write that was under way when the child died (an intent
  without an acknowledgement); a row acknowledged as deleted must stay deleted.
- the window's own save path: a child runs the real position panel (remark and
  item note, saved after a pause in typing) and the real session view (the
  decision, saved through `companion.ui.debounced_save.DebouncedSaver`)
  offscreen, types into them, and prints what they show each time both say
  "Saved". It is killed right after such a line; what the window showed as saved
  must be in the store when it is opened again.

The round counts are fixed (no time budget), sized for the quick suite: a few
seconds on an idle 2-core machine.
"""

from __future__ import annotations

import json
import os
import random
import select
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from companion.core.package import read_package
from companion.core.personal import PersonalStore
from companion.core.samples import sample_packages

MEETING = "kkr-midtjylland-2020-02-05"
STORE_ROUNDS = 80
WINDOW_ROUNDS = 4
SEED = 20261122
QUESTION_ITEM = "questions"

#: One line per write: "I<TAB>cell<TAB>value" before it, "A<TAB>cell<TAB>value" after it.
#: A cell is one row's value: pos:<item>, note:<item>, ann:<id>, q:<id>; "-" is deleted.
STORE_WRITER = """
import sys
from companion.core.personal import STANCES, PersonalStore

store = PersonalStore(sys.argv[1])
meeting, prefix = sys.argv[2], sys.argv[3]
DELETED = "-"

def intent(cell, value):
    print("I", cell, value, sep="\\t", flush=True)

def ack(cell, value):
    print("A", cell, value, sep="\\t", flush=True)

number = 0
while True:
    value = f"{prefix}-{number}"
    hot = f"hot-{number % 3}"  # a few rows, overwritten again and again across kills
    kind = number % 4
    if kind == 0:
        stance = STANCES[number % len(STANCES)]
        intent(f"pos:{hot}", f"{stance}/{value}")
        store.set_position(meeting, hot, stance=stance, remark=value)
        ack(f"pos:{hot}", f"{stance}/{value}")
    elif kind == 1:
        intent(f"note:{hot}", value)
        store.set_note(meeting, hot, value)
        ack(f"note:{hot}", value)
    elif kind == 2:
        added = store.add_annotation(meeting, hot, "item", {"exact": value})
        ack(f"ann:{added.id}", "")
        intent(f"ann:{added.id}", value)
        store.update_annotation(added.id, note=value)
        ack(f"ann:{added.id}", value)
        if number % 8 == 2:
            intent(f"ann:{added.id}", DELETED)
            store.delete_annotation(added.id)
            ack(f"ann:{added.id}", DELETED)
    else:
        question = store.add_question(meeting, "questions", value)
        ack(f"q:{question.id}", value)
        if number % 8 == 3:
            intent(f"q:{question.id}", DELETED)
            store.delete_question(question.id)
            ack(f"q:{question.id}", DELETED)
        else:
            intent(f"q:{question.id}", value + "?")
            store.update_question(question.id, text=value + "?")
            ack(f"q:{question.id}", value + "?")
    number += 1
"""

DELETED = "-"


@dataclass
class Cell:
    """One row's value: the latest acknowledged, and writes begun after it."""

    acknowledged: str | None = None  # None: never acknowledged (may not exist)
    under_way: set[str] = field(default_factory=set)
    overwritten: int = 0

    def allowed(self) -> set[str | None]:
        return {self.acknowledged, *self.under_way}


@dataclass
class Ledger:
    """What the store writers said they were writing and had written."""

    cells: dict[str, Cell] = field(default_factory=dict)

    def read(self, report: str) -> int:
        """Take in a child's report; only complete lines count. The number of lines."""
        lines = report.split("\n")[:-1]  # the last part is empty or a torn line
        for line in lines:
            kind, cell_id, value = line.split("\t")
            cell = self.cells.setdefault(cell_id, Cell())
            if kind == "I":
                cell.under_way.add(value)
            else:
                cell.overwritten += cell.acknowledged is not None
                cell.acknowledged, cell.under_way = value, set()
        return len(lines)

    def count(self, prefix: str, *, deleted: bool = False, overwritten: bool = False) -> int:
        return sum(
            1
            for cell_id, cell in self.cells.items()
            if cell_id.startswith(prefix)
            and (not deleted or cell.acknowledged == DELETED)
            and (not overwritten or cell.overwritten > 0)
        )


def stored_cells(path: Path) -> dict[str, str]:
    """Every cell's value as the store has it now."""
    with PersonalStore(path) as store:
        assert store.integrity_ok()
        cells = {f"ann:{a.id}": a.note for a in store.annotations(MEETING)}
        for item_id, position in store.positions(MEETING).items():
            cells[f"pos:{item_id}"] = f"{position.stance}/{position.remark}"
        for hot in ("hot-0", "hot-1", "hot-2"):
            note = store.note(MEETING, hot)
            if note is not None:
                cells[f"note:{hot}"] = note.body
        for question in store.questions(MEETING, QUESTION_ITEM):
            cells[f"q:{question.id}"] = question.text
    return cells


def wait_for_acknowledgements(report: Path, wanted: int, deadline: float) -> None:
    """Wait until the writer has acknowledged ``wanted`` writes (counted, not timed, so a
    loaded machine still sees each round reach its writes)."""
    while time.monotonic() < deadline:
        if report.read_bytes().count(b"\nA\t") + report.read_bytes().startswith(b"A\t") >= wanted:
            return
        time.sleep(0.002)


def run_and_kill(path: Path, report: Path, prefix: str, rng: random.Random) -> None:
    """Start a writer, kill it at a random moment (early, or in the middle of writing)."""
    with report.open("wb") as output:
        child = subprocess.Popen(
            [sys.executable, "-c", STORE_WRITER, str(path), MEETING, prefix],
            stdout=output,
            stderr=subprocess.PIPE,
        )
    try:
        if rng.random() < 0.15:  # while it starts: opening, creating, migrating
            time.sleep(rng.uniform(0.0, 0.1))
        else:
            # after a random number of acknowledged writes, then a random moment of the next
            wait_for_acknowledgements(report, rng.randint(1, 20), time.monotonic() + 30)
            time.sleep(rng.uniform(0.0, 0.01))
        if child.poll() is not None:
            raise AssertionError(f"the writer stopped by itself: {child.stderr.read().decode()}")  # type: ignore[union-attr]
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


def test_acknowledged_overwrites_and_deletes_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    rng = random.Random(SEED)
    ledger = Ledger()
    rounds_with_writes = 0
    for round_number in range(STORE_ROUNDS):
        report = tmp_path / "report.txt"
        run_and_kill(path, report, f"r{round_number}", rng)
        rounds_with_writes += ledger.read(report.read_text(encoding="utf-8")) > 0
        if round_number % 20 == 19:
            assert_sound(path)

    print(f"{STORE_ROUNDS} kills, {rounds_with_writes} while writing, {len(ledger.cells)} rows")
    assert rounds_with_writes >= STORE_ROUNDS // 2, "too few kills landed while writing"
    # Every kind of change happened, across kills: overwrites of the same rows, deletes.
    assert ledger.count("pos:", overwritten=True) == 3
    assert ledger.count("note:", overwritten=True) == 3
    assert ledger.count("ann:", deleted=True) and ledger.count("q:", deleted=True)
    assert ledger.count("ann:", overwritten=True) and ledger.count("q:", overwritten=True)
    assert_sound(path)

    stored = stored_cells(path)
    for cell_id, cell in ledger.cells.items():
        found = stored.get(cell_id, DELETED)
        allowed = {DELETED if value is None else value for value in cell.allowed()}
        assert found in allowed, (
            f"{cell_id} holds {found!r}; acknowledged {cell.acknowledged!r}, "
            f"under way {sorted(cell.under_way)}"
        )


# -- the window's own save path ------------------------------------------------------------

WINDOW_WRITER = """
import json, sys, time
from pathlib import Path

from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest

from companion.core.package import read_package
from companion.core.personal import PersonalStore
from companion.ui.chair.session_view import SessionView
from companion.ui.position_panel import PositionPanel
from companion.ui.tasks import TaskRunner

path, package, prefix = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
app = QApplication([])
meeting = read_package(package).meeting
runner = TaskRunner(max_workers=1)

def open_store():
    return PersonalStore(Path(path))

def wait_until(condition):
    deadline = time.monotonic() + 20
    while not condition():
        if time.monotonic() > deadline:
            sys.exit("timed out")
        QTest.qWait(2)

panel = PositionPanel(runner, open_store)
panel.show()
panel.show_item(meeting.id, meeting.items[1].id)
wait_until(lambda: panel.ready)
session = SessionView(runner, open_store)
session.show()
session.set_meeting(meeting)
wait_until(lambda: session.controller.ready)
decision = session.decision_editor
burst = 0
while True:
    word = f" {prefix}w{burst}"
    QTest.keyClicks(panel.remark, word)
    panel.item_note.moveCursor(panel.item_note.textCursor().MoveOperation.End)
    QTest.keyClicks(panel.item_note, word)
    decision.text.moveCursor(decision.text.textCursor().MoveOperation.End)
    QTest.keyClicks(decision.text, word)
    wait_until(
        lambda: panel.save_state.text() == "Saved" and decision.save_state.text() == "Saved"
    )
    shown = [panel.remark.text(), panel.item_note.toPlainText(), decision.decision()]
    print(json.dumps(shown), flush=True)
    burst += 1
"""


def read_line(stream: int, seconds: float, seen: bytearray) -> str:
    """The next line from the pipe ``stream`` (file descriptor), within ``seconds``."""
    deadline = time.monotonic() + seconds
    while b"\n" not in seen:
        ready, _, _ = select.select([stream], [], [], max(deadline - time.monotonic(), 0))
        chunk = os.read(stream, 4096) if ready else b""
        if not chunk:
            raise AssertionError(f"no line from the window writer; got {bytes(seen)!r}")
        seen += chunk
    line, _, rest = bytes(seen).partition(b"\n")
    seen[:] = rest
    return line.decode("utf-8")


def test_what_the_window_showed_as_saved_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    package = next(p for p in sample_packages() if p.stem == MEETING)
    meeting = read_package(package).meeting
    # The panel shows the second item; the session, not started, the first.
    item_id, first_item = meeting.items[1].id, meeting.items[0].id
    rng = random.Random(SEED)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    shown_saved: list[list[str]] = []
    for round_number in range(WINDOW_ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", WINDOW_WRITER, str(path), str(package), f"r{round_number}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        try:
            assert child.stdout is not None
            seen = bytearray()
            for _ in range(rng.randint(1, 3)):
                shown_saved.append(json.loads(read_line(child.stdout.fileno(), 60, seen)))
        except AssertionError:
            child.kill()
            child.wait(timeout=10)
            raise AssertionError(child.stderr.read().decode()) from None  # type: ignore[union-attr]
        finally:
            child.kill()  # right after "Saved": SIGKILL on POSIX
            child.wait(timeout=10)
            for stream in (child.stdout, child.stderr):
                stream.close()  # type: ignore[union-attr]

    assert_sound(path)
    with PersonalStore(path) as store:
        position = store.position(MEETING, item_id)
        note = store.note(MEETING, item_id)
        decision = store.decision(MEETING, first_item)
    assert position is not None and note is not None
    # Every round typed on after what it loaded, so each text shown as saved (in any
    # round) begins the text the store holds now: nothing saved was lost or replaced.
    for remark, note_text, decision_text in shown_saved:
        assert position.remark.startswith(remark)
        assert note_text.strip() in note.body
        assert decision.startswith(decision_text)
    last_remark, _, last_decision = shown_saved[-1]
    assert f" r{WINDOW_ROUNDS - 1}w0" in last_remark and last_decision.startswith("r0w0")
