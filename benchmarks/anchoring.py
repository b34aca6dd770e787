"""Benchmark: re-anchoring 1,000 annotations on a revised meeting (target: under 1 s).

The meeting is the real KKR Midtjylland agenda of 20-04-2015 (the longest of
the four); the 1,000 annotations are eight-word quotes spread evenly over its
items. The revision is the one of the anchoring tests
(tests/core/anchoring_corpus.py): items reversed and renumbered, one removed,
the first block of every section moved to its end, and a real word inserted
into every paragraph. The reference is the same annotations on the unchanged
meeting (the shortcut for untouched items). For information, the worst case:
every item's sections replaced by the next item's, so nearly every quote is
searched for in the whole text of its item and ends detached. Each figure is
the median of runs.

Usage: python benchmarks/anchoring.py [--runs N] [--annotations N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from companion.core.anchoring import AnnotationResult, anchor_for, reanchor_meeting  # noqa: E402
from companion.core.model import Meeting  # noqa: E402
from tests.core.anchoring_corpus import real_meetings, revised_meeting  # noqa: E402

MEETING_ID = "kkr-midtjylland-2015-04-20"
TARGET_SECONDS = 1.0
QUOTE_WORDS = 8


@dataclass(frozen=True)
class Record:
    """An annotation as the personal store gives it, reduced to what re-anchoring reads."""

    id: str
    item_id: str
    anchor: dict[str, Any]
    target: str = "item"
    file_sha256: str | None = None


def annotations(meeting: Meeting, count: int) -> list[Record]:
    """``count`` quotes of ``QUOTE_WORDS`` words spread evenly over the meeting's items."""
    places = [
        (item, found.start()) for item in meeting.items for found in re.finditer(r"\S+", item.text)
    ]
    step = max(1, len(places) // count)
    records: list[Record] = []
    for number, (item, start) in enumerate(places[::step][:count]):
        words = list(re.finditer(r"\S+", item.text[start:]))[:QUOTE_WORDS]
        end = start + words[-1].end()
        anchor = anchor_for(item.text, start, end)
        records.append(Record(f"annotation-{number}", item.id, anchor.to_dict()))
    return records


def rewritten(meeting: Meeting) -> Meeting:
    """The meeting with every item's sections replaced by the next item's (real text)."""
    copy = Meeting.from_dict(meeting.to_dict())
    sections = [item.sections for item in copy.items]
    for index, item in enumerate(copy.items):
        item.sections = sections[(index + 1) % len(sections)]
    return copy


def timed(
    records: list[Record], old: Meeting, new: Meeting, runs: int
) -> tuple[float, list[AnnotationResult]]:
    """The median seconds of ``runs`` re-anchorings, and the last run's results."""
    seconds: list[float] = []
    results: list[AnnotationResult] = []
    for _ in range(runs):
        started = time.perf_counter()
        results = reanchor_meeting(records, old, new)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--annotations", type=int, default=1000)
    args = parser.parse_args()
    meeting = next(meeting for meeting in real_meetings() if meeting.id == MEETING_ID)
    removed = meeting.items[len(meeting.items) // 2]
    revised = revised_meeting(meeting, removed.id)
    records = annotations(meeting, args.annotations)
    unchanged_s, _ = timed(records, meeting, meeting, args.runs)
    revised_s, results = timed(records, meeting, revised, args.runs)
    worst_s, worst = timed(records, meeting, rewritten(meeting), args.runs)
    kinds = Counter(result.kind for result in results)
    assert len(results) == len(records), "an annotation was dropped"
    print(f"{MEETING_ID}: {len(meeting.items)} items, {len(records)} annotations, {args.runs} runs")
    print(f"{'measure':<44}{'median':>10}  {'target':>8}  ok")
    print(f"{'re-anchor on the unchanged meeting':<44}{unchanged_s * 1000:>8.1f} ms")
    ok = "yes" if revised_s < TARGET_SECONDS else "NO"
    target_ms = f"{TARGET_SECONDS * 1000:>5.0f} ms"
    print(f"{'re-anchor on the revised meeting':<44}{revised_s * 1000:>8.1f} ms  {target_ms}  {ok}")
    worst_detached = sum(result.detached for result in worst)
    label = f"worst case: every item rewritten ({worst_detached} detached)"
    print(f"{label:<44}{worst_s * 1000:>8.1f} ms")
    shares = ", ".join(f"{kind} {kinds[kind]}" for kind in ("exact", "fuzzy", "detached"))
    on_removed = sum(1 for result in results if result.item_id == removed.id)
    print(f"outcome on the revised meeting: {shares} ({on_removed} on the removed item)")
    return 0 if revised_s < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
