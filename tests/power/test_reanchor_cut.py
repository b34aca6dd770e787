"""(e) Power cuts while re-anchoring a member's annotations on a new version of a meeting.

Version 1 is the real 2016 sample, version 2 its revision from `tests.revision_data`
(3.2's Indstilling says "drøfter" for "godkender", 3.5 is withdrawn, 3.6 becomes
3.5). The member's highlights (in item texts and on the agenda PDF), notes and
positions are made on version 1 through `PersonalStore`; the re-anchoring runs in a
child (reanchor_worker.py) on the LazyFS mount and is killed at a random moment,
then the power is cut. After each cut: the store opens whole, no annotation, note or
position is lost, each annotation is either where it was on version 1 or where an
uncut run puts it on version 2 (never gone, never half-moved), the recorded
version says which (all on it: a run that moved some under the old record would
re-anchor a later version from the wrong base, see test_reanchor_interrupted),
and running the re-anchoring again gives exactly the uncut run's result.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.core.anchoring import item_anchor, pdf_anchor_for, pdf_words
from companion.core.library import Library
from companion.core.model import Meeting
from companion.core.package import write_package
from companion.core.personal import STANCES, PersonalStore
from companion.core.reanchor_store import reanchor_imported
from tests.power.conftest import child_env
from tests.power.lazyfs import LazyFS
from tests.power.reanchor_worker import UPDATED
from tests.revision_data import (
    MEETING_ID,
    PRAKSISPLAN_ID,
    RAMMEPAPIR_ID,
    added_item,
    read_sample,
    revise,
    sample_path,
)

CUTS = 32
READY_TIMEOUT = 60.0
#: Highlights on each of the two items the revision changes (these are the ones written).
HIGHLIGHTS_ON_CHANGED_ITEMS = 40
#: Highlights on every other item with text (unchanged by the revision: nothing to write).
HIGHLIGHTS_PER_ITEM = 2
PDF_HIGHLIGHTS = 20
#: Real words of KKR agendas for the member's notes and remarks.
REMARK = "Spørg til finansieringen af det tværkommunale samarbejde"


@dataclass(frozen=True)
class StoreState:
    """What the store holds for the meeting; annotations without their ``updated`` time."""

    anchored_version: int | None
    annotations: dict[str, tuple[Any, ...]]
    notes: dict[str, str]
    positions: dict[str, tuple[str, str]]


def read_store(path: Path, items: list[str]) -> StoreState:
    """The store's state; it must open and pass SQLite's integrity check."""
    with PersonalStore(path) as store:
        assert store.integrity_ok(), f"{path}: integrity_check failed"
        annotations = {
            a.id: (a.item_id, a.target, a.file_sha256, a.anchor, a.color, a.note, a.detached)
            for a in store.annotations(MEETING_ID)
        }
        notes = {i: n.body for i in items if (n := store.note(MEETING_ID, i)) is not None}
        positions = {i: (p.stance, p.remark) for i, p in store.positions(MEETING_ID).items()}
        return StoreState(store.anchored_version(MEETING_ID), annotations, notes, positions)


def _word_ranges(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """``count`` ranges of 1-6 whole words of ``text``."""
    starts = [
        i for i, c in enumerate(text) if not c.isspace() and (i == 0 or text[i - 1].isspace())
    ]
    ranges = []
    for _ in range(count):
        first = rng.randrange(len(starts))
        last = min(len(starts) - 1, first + rng.randrange(6))
        end = starts[last]
        while end < len(text) and not text[end].isspace():
            end += 1
        ranges.append((starts[first], end))
    return ranges


def annotate(store: PersonalStore, library: Library, meeting: Meeting) -> None:
    """The member's work on version 1: highlights with notes, notes and positions."""
    rng = random.Random(5)
    store.set_anchored_version(MEETING_ID, 1)  # as the app records an added meeting
    changed = {RAMMEPAPIR_ID, PRAKSISPLAN_ID}
    for item in meeting.items:
        if not item.text.strip():
            continue
        count = HIGHLIGHTS_ON_CHANGED_ITEMS if item.id in changed else HIGHLIGHTS_PER_ITEM
        for number, (start, end) in enumerate(_word_ranges(item.text, count, rng)):
            anchor = item_anchor(item, start, end).to_dict()
            store.add_annotation(MEETING_ID, item.id, "item", anchor, note=f"{REMARK} ({number})")
        if "godkender" in item.text:  # a quote the revision edits: re-anchored fuzzily
            start = item.text.index("godkender")
            anchor = item_anchor(item, max(0, start - 20), start + 30).to_dict()
            store.add_annotation(MEETING_ID, item.id, "item", anchor, note="vigtigt")
        store.set_note(MEETING_ID, item.id, f"<p>{REMARK}: {item.number}</p>")
        store.set_position(MEETING_ID, item.id, stance=rng.choice(STANCES), remark=REMARK)
    assert meeting.agenda_pdf is not None
    sha = meeting.agenda_pdf.sha256
    path = library.blob_path(sha)
    assert path is not None
    pages = pdf_words(path)
    for number in range(PDF_HIGHLIGHTS):
        page = rng.randrange(len(pages))
        first = rng.randrange(len(pages[page]) - 5)
        anchor = pdf_anchor_for(pages, page, first, first + rng.randrange(5), sha).to_dict()
        item_id = PRAKSISPLAN_ID if number % 2 else rng.choice(meeting.items).id
        store.add_annotation(
            MEETING_ID, item_id, "attachment", anchor, file_sha256=sha, note=f"s. {page + 1}"
        )


def put_durably(source: Path, dest: Path) -> None:
    """Copy ``source`` to ``dest`` on the mount and fsync file and folder (survives a cut)."""
    shutil.copyfile(source, dest)
    with dest.open("rb+") as file:
        os.fsync(file.fileno())
    folder = os.open(dest.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def run_worker(store: Path, data: Path, kill_after: float | None) -> tuple[float, bool]:
    """Run the worker; kill it ``kill_after`` seconds after it is ready (None: to its end).

    Returns the seconds from ready to done (or to the kill) and whether it said done.
    """
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.power.reanchor_worker", str(store), str(data)],
        env=child_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    ready, done = threading.Event(), threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            if not line.endswith("\n"):
                break
            message = json.loads(line)
            (ready if "ready" in message else done).set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready.wait(READY_TIMEOUT):
        child.kill()
        raise AssertionError(f"the re-anchoring worker did not start (exit {child.wait()})")
    started = time.monotonic()
    if kill_after is None:
        assert child.wait(timeout=120) == 0
    else:
        done.wait(kill_after)
        child.send_signal(signal.SIGKILL)
        child.wait()
    elapsed = time.monotonic() - started
    reader.join(timeout=10)
    return elapsed, done.is_set()


def test_power_cuts_while_re_anchoring_lose_no_annotation_and_rerun_to_the_same_result(
    lazyfs: LazyFS, tmp_path: Path
) -> None:
    rng = random.Random(2016)
    data = lazyfs.fresh_folder("reanchor")
    original, files = read_sample(MEETING_ID, tmp_path / "files")
    revised = write_package(revise(original, added_item(tmp_path)), files, tmp_path / "v2.zip")
    pristine = tmp_path / "personal-v1.db"
    with Library(data) as library:
        library.import_path(sample_path(MEETING_ID))
        meeting = library.meeting(MEETING_ID, 1)
        with PersonalStore(pristine) as store:
            annotate(store, library, meeting)
        library.import_path(revised)
    lazyfs.power_cut()  # the imports are durable before any re-anchoring starts
    items = [item.id for item in meeting.items]
    before = read_store(pristine, items)

    uncut_store = data / "personal-uncut.db"
    put_durably(pristine, uncut_store)
    duration, finished = run_worker(uncut_store, data, kill_after=None)
    assert finished
    lazyfs.power_cut()
    after = read_store(uncut_store, items)
    moving = {
        key for key in before.annotations if before.annotations[key] != after.annotations[key]
    }
    assert after.anchored_version == 2 and len(moving) > HIGHLIGHTS_ON_CHANGED_ITEMS

    outcomes = {"none moved": 0, "some moved": 0, "all moved": 0}
    problems: dict[int, list[str]] = {}
    for cut in range(CUTS):
        store = data / f"personal-{cut}.db"
        put_durably(pristine, store)
        run_worker(store, data, kill_after=rng.uniform(0.0, 1.2) * duration)
        lazyfs.power_cut()
        found = read_store(store, items)
        problems[cut] = _problems(before, after, found)
        moved = sum(found.annotations.get(key) == after.annotations[key] for key in moving)
        outcomes[
            "none moved" if not moved else "all moved" if moved == len(moving) else "some moved"
        ] += 1
        with Library(data) as library, PersonalStore(store) as personal:
            reanchor_imported(personal, library, UPDATED)
        rerun = read_store(store, items)
        if rerun != after:
            problems[cut].append("the re-run's result differs from the uncut run's")
    print(
        f"\nre-anchoring: {CUTS} cuts ({len(before.annotations)} annotations, {len(moving)} moved "
        f"by the run, {duration * 1000:.0f} ms uncut), after the cut: {outcomes}; annotations, "
        f"notes or positions lost or half-moved: {sum(map(len, problems.values()))}; "
        "every re-run equal to the uncut run"
    )
    assert {cut: found for cut, found in problems.items() if found} == {}
    assert outcomes["none moved"] > 0 and outcomes["all moved"] > 0  # cuts on both sides


def _problems(before: StoreState, after: StoreState, found: StoreState) -> list[str]:
    """What ``found`` (after a cut) breaks: each annotation as before or as after, all kept."""
    problems = []
    if found.notes != before.notes:
        problems.append(f"notes differ: {found.notes} vs {before.notes}")
    if found.positions != before.positions:
        problems.append(f"positions differ: {found.positions} vs {before.positions}")
    if set(found.annotations) != set(before.annotations):
        problems.append(
            f"annotations lost: {sorted(set(before.annotations) - set(found.annotations))}"
        )
    for key, value in found.annotations.items():
        if value not in (before.annotations.get(key), after.annotations.get(key)):
            problems.append(f"annotation {key} is neither on version 1 nor on 2: {value}")
    if found.anchored_version not in (1, 2):
        problems.append(f"anchored version {found.anchored_version}")
    if found.anchored_version == 2 and found.annotations != after.annotations:
        problems.append("version 2 recorded while some annotations are still on version 1")
    if found.anchored_version == 1 and found.annotations != before.annotations:
        problems.append("annotations moved while version 1 is recorded (a later run's base)")
    return problems
